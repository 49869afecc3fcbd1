// The review as Markdown: the same sections, in the same order, as the HTML.

#include <sstream>

#include "review/agent_report.hpp"
#include "review/report_text.hpp"
#include "review/review_context.hpp"

namespace parley::review {
namespace json = boost::json;
namespace {



void table(std::ostringstream& md, const std::vector<std::string>& head) {
  md << "|";
  for (const auto& h : head) md << " " << h << " |";
  md << "\n|";
  for (std::size_t i = 0; i < head.size(); ++i) md << "---|";
  md << "\n";
}

void cells(std::ostringstream& md, const std::vector<std::string>& row) {
  md << "|";
  for (const auto& c : row) md << " " << c << " |";
  md << "\n";
}

void outcome(std::ostringstream& md, const json::object& r) {
  const auto& o = r.at("outcome").as_object();
  md << "## Outcome\n\n";
  if (o.at("adopted_text").is_null()) {
    md << "No text was adopted.\n\n";
  } else {
    const auto& t = o.at("adopted_text").as_object();
    md << "Adopted text " << plain(t.at("id")) << " (\"" << plain(t.at("title")) << "\"):\n\n";
    for (const auto& c : t.at("clauses").as_array()) {
      const auto& cl = c.as_object();
      md << "- **" << plain(cl.at("issue_name")) << "**: " << plain(cl.at("option")) << " " << plain(cl.at("label")) << "\n";
    }
    md << "\n";
  }
  md << "Signatories: ";
  for (const auto& s : o.at("signatories").as_array()) md << plain(s) << " ";
  md << "\nThe treaty " << (o.at("in_force").as_bool() ? "entered into force" : "did not enter into force") << ".\n\n";
  if (!o.at("non_signers").as_array().empty()) {
    table(md, {"delegation", "signature", "why"});
    for (const auto& n : o.at("non_signers").as_array()) {
      const auto& x = n.as_object();
      cells(md, {plain(x.at("name")), plain(x.at("action")), x.contains("reason") ? plain(x.at("reason")) : "—"});
    }
    md << "\n";
  }
}

void participants(std::ostringstream& md, const json::object& r) {
  md << "## Participants\n\n";
  table(md, {"role", "seat", "player", "connected"});
  for (const auto& p : r.at("participants").as_array()) {
    const auto& o = p.as_object();
    if (o.at("seats").as_array().empty()) cells(md, {plain(o.at("name")), "—", "nobody", "—"});
    for (const auto& s : o.at("seats").as_array()) {
      const auto& x = s.as_object();
      std::string who = x.contains("player") ? plain(x.at("player")) + (x.contains("strategy") ? " (" + plain(x.at("strategy")) + ")" : "") : "seated";
      if (auto names = person_names(x); !names.empty()) who += " — " + names;
      std::string time = x.contains("connected_ms") ? duration_text(x.at("connected_ms").to_number<std::int64_t>()) : "—";
      cells(md, {plain(o.at("name")), plain(x.at("seat")), who, time});
    }
  }
  md << "\n";
}

void positions(std::ostringstream& md, const json::object& r) {
  const auto& p = r.at("positions").as_object();
  md << "## Positions over time\n\n";
  if (p.at("drafts").as_array().empty()) md << "No draft was tabled.\n\n";
  if (!p.at("drafts").as_array().empty()) {
    md << "Each draft's utility to each delegation when it was tabled (an asterisk: the delegation would not sign it).\n\n";
    std::vector<std::string> head{"draft", "round", "by"};
    for (const auto& role : p.at("roles").as_array()) head.push_back(plain(role));
    table(md, head);
    for (const auto& d : p.at("drafts").as_array()) {
      const auto& o = d.as_object();
      std::vector<std::string> row{plain(o.at("text_id")), plain(o.at("round")), plain(o.at("author"))};
      for (const auto& role : p.at("roles").as_array()) {
        std::string id(role.as_string());
        const auto* u = o.at("utility").as_object().if_contains(id);
        row.push_back(u ? plain(*u) + (o.at("would_sign").as_object().at(id).as_bool() ? "" : "*") : "—");
      }
      cells(md, row);
    }
    md << "\n";
  }
  if (const auto* by_round = p.if_contains("nash_by_round")) {
    for (const auto& x : by_round->as_array()) {
      const auto& o = x.as_object();
      if (o.contains("distance")) md << "- Round " << plain(o.at("round")) << ": the best draft, " << plain(o.at("best_draft")) << ", lay " << plain(o.at("distance")) << " from the Nash text\n";
    }
    md << "\n";
  }
  const auto* against = r.at("value").as_object().if_contains("against_frontier");
  if (against && against->as_object().contains("adopted_vs_nash")) {
    md << "Where the adopted text departs from the Nash text (what the Nash clause would have changed for each delegation):\n\n";
    for (const auto& d : against->as_object().at("adopted_vs_nash").as_array()) {
      const auto& o = d.as_object();
      md << "- " << plain(o.at("issue_name")) << ": adopted " << plain(o.at("adopted")) << ", Nash " << plain(o.at("nash")) << " —";
      for (const auto& [role, v] : o.at("nash_minus_adopted").as_object()) md << " " << std::string(role) << " " << (v.as_double() > 0 ? "+" : "") << plain(v);
      md << "\n";
    }
    md << "\n";
  }
}

void roll_calls(std::ostringstream& md, const json::object& r) {
  md << "## Roll calls\n\n";
  if (!r.at("standing").as_array().empty()) {
    md << "### The adopted text, vote by vote\n\n";
    table(md, {"round", "texts voted on", "standing after the vote", "what the vote did"});
    for (const auto& v : r.at("standing").as_array()) {
      const auto& o = v.as_object();
      cells(md, {plain(o.at("round")), plain(o.at("texts_voted")), plain(o.at("standing")).empty() ? "none" : plain(o.at("standing")),
                 plain(o.at("outcome"))});
    }
    md << "\n### Every roll call\n\n";
  }
  table(md, {"round", "text", "yes", "no", "abstain", "did not vote", "result"});
  for (const auto& v : r.at("roll_calls").as_array()) {
    const auto& o = v.as_object();
    cells(md, {plain(o.at("round")), plain(o.at("text")), joined(o.at("yes")), joined(o.at("no")), joined(o.at("abstain")),
               joined(o.at("not_voted")), (o.at("adopted").as_bool() ? "adopted — " : "") + plain(o.at("reason"))});
  }
  md << "\n";
}

void injects(std::ostringstream& md, const json::object& r) {
  md << "## What each inject changed\n\n";
  if (r.at("injects").as_array().empty()) md << "No inject or ruling was released.\n";
  for (const auto& i : r.at("injects").as_array()) {
    const auto& o = i.as_object();
    md << "- **" << plain(o.at("id")) << "** (round " << plain(o.at("round")) << "): " << plain(o.at("title"));
    if (!o.at("audience").as_array().empty()) md << " — to " << joined(o.at("audience"));
    if (o.contains("audience_note")) md << " (" << plain(o.at("audience_note")) << ")";
    md << "\n";
    for (const auto& c : o.at("changes").as_array()) {
      const auto& x = c.as_object();
      md << "  - " << plain(x.at("name")) << ": " << joined(x.at("effects")) << " (BATNA " << plain(x.at("batna_before")) << " → "
         << plain(x.at("batna_after")) << ")\n";
    }
    if (o.contains("zone_before")) {
      md << "  - texts that would enter into force: " << plain(o.at("zone_before").as_object().at("acceptable_texts")) << " → "
         << plain(o.at("zone_after").as_object().at("acceptable_texts")) << "\n";
    }
  }
  md << "\n";
}

void pledges_and_crises(std::ostringstream& md, const json::object& r) {
  md << "## Pledges\n\n";
  if (r.at("pledges").as_array().empty()) md << "No pledge was made.\n";
  for (const auto& p : r.at("pledges").as_array()) {
    const auto& o = p.as_object();
    md << "- " << plain(o.at("id")) << ": " << plain(o.at("from")) << " to " << plain(o.at("to")) << ", " << plain(o.at("points"))
       << " points " << plain(o.at("condition")) << " — " << plain(o.at("status")) << "\n";
  }
  md << "\n## Stress test\n\n";
  if (r.at("stress_test").as_array().empty()) md << "No crisis was run.\n\n";
  for (const auto& c : r.at("stress_test").as_array()) {
    const auto& o = c.as_object();
    md << "### " << plain(o.at("crisis")) << ": " << plain(o.at("title")) << " — " << plain(o.at("outcome")) << "\n\n"
       << "Scope " << (o.at("in_scope").as_bool() ? "covered" : "not covered") << "; trigger " << plain(o.at("trigger")) << "; "
       << plain(o.at("command")) << "; cost " << plain(o.at("cost")) << ", offered " << plain(o.at("offered")) << "; strength "
       << plain(o.at("strength")) << (o.at("required_strength").as_double() > 0 ? " of " + plain(o.at("required_strength")) + " required" : "")
       << ". Decided by "
       << (plain(o.at("decided_by")).empty() ? "—" : plain(o.at("decided_by"))) << ".\n\n";
    for (const auto& reason : o.at("reasons").as_array()) md << "- " << plain(reason) << "\n";
    md << "\n";
    table(md, {"member", "response", "cost", "penalty"});
    for (const auto& m : o.at("members").as_array()) {
      const auto& x = m.as_object();
      cells(md, {plain(x.at("name")), plain(x.at("status")), plain(x.at("cost")), plain(x.at("penalty"))});
    }
    md << "\n";
  }
}

void value(std::ostringstream& md, const json::object& r) {
  const auto& v = r.at("value").as_object();
  md << "## Value left on the table\n\n";
  table(md, {"role", "BATNA", "treaty", "side payments and costs", "total", "Nash text", "Kalai–Smorodinsky text"});
  for (const auto& u : v.at("utilities").as_array()) {
    const auto& o = u.as_object();
    cells(md, {plain(o.at("name")), plain(o.at("batna")), plain(o.at("treaty")), plain(o.at("side_payments_and_costs")), plain(o.at("total")),
               o.contains("nash") ? plain(o.at("nash")) : "—", o.contains("kalai_smorodinsky") ? plain(o.at("kalai_smorodinsky")) : "—"});
  }
  if (const auto* a = v.if_contains("against_frontier")) {
    const auto& o = a->as_object();
    md << "\nDistance to the Pareto frontier " << plain(o.at("distance_to_frontier"));
    if (o.contains("distance_to_nash")) md << "; to the Nash text " << plain(o.at("distance_to_nash"));
    if (o.contains("distance_to_kalai_smorodinsky")) md << "; to the Kalai–Smorodinsky text " << plain(o.at("distance_to_kalai_smorodinsky"));
    md << ".\n";
  }
  const auto& power = v.at("power").as_object();
  if (power.contains("voters")) {
    md << "\nVoting power on " << plain(power.at("text")) << " (" << plain(power.at("rule")) << "):\n\n";
    table(md, {"delegation", "Banzhaf", "Shapley–Shubik"});
    for (const auto& p : power.at("voters").as_array()) {
      const auto& o = p.as_object();
      cells(md, {plain(o.at("name")), number(o.at("banzhaf").as_double() * 100) + "%", number(o.at("shapley_shubik").as_double() * 100) + "%"});
    }
  }
  md << "\n";
}

void who_saw_what(std::ostringstream& md, const json::object& r) {
  md << "## Who saw what\n\n";
  table(md, {"role", "events seen", "private channels", "rooms", "injects received"});
  for (const auto& w : r.at("who_saw_what").as_array()) {
    const auto& o = w.as_object();
    std::string channels, rooms, injects;
    for (const auto& c : o.at("private_channels").as_array()) channels += (channels.empty() ? "" : ", ") + plain(c.as_object().at("with")) + " (" + plain(c.as_object().at("messages")) + ")";
    for (const auto& c : o.at("rooms").as_array()) rooms += (rooms.empty() ? "" : ", ") + plain(c.as_object().at("room"));
    for (const auto& c : o.at("injects").as_array()) injects += (injects.empty() ? "" : ", ") + plain(c.as_object().at("id"));
    cells(md, {plain(o.at("name")), plain(o.at("events_seen")), channels.empty() ? "—" : channels, rooms.empty() ? "—" : rooms,
               injects.empty() ? "—" : injects});
  }
  md << "\n### Leaks\n\n";
  if (r.at("leaks").as_array().empty()) md << "No private message leaked.\n";
  else {
    table(md, {"round", "time", "message", "between", "what it said"});
    for (const auto& l : r.at("leaks").as_array()) {
      const auto& o = l.as_object();
      cells(md, {plain(o.at("round")), plain(o.at("time")), plain(o.at("message")), plain(o.at("between")), plain(o.at("text"))});
    }
  }
  md << "\n";
}

void aar(std::ostringstream& md, const json::object& r) {
  const auto& a = r.at("aar").as_object();
  md << "## After-action report and improvement plan\n\n";
  if (const auto* p = a.at("overview").as_object().if_contains("participants")) {
    const auto& c = p->as_object();
    md << "Participants: " << plain(c.at("humans")) << " people at the delegations' desks, " << plain(c.at("bots")) << " bots, "
       << plain(c.at("observers")) << " observers, " << plain(c.at("white_cell")) << " in the white cell.\n\n";
  }
  md << "### Objectives\n\n";
  if (const auto* ratings = a.if_contains("objective_ratings")) {
    table(md, {"objective", "rating", "the white cell's comment"});
    for (const auto& o : ratings->as_array()) {
      const auto& x = o.as_object();
      cells(md, {plain(x.at("objective")), plain(x.at("rating")), plain(x.at("comment"))});
    }
  } else {
    for (const auto& o : a.at("objectives").as_array()) md << "- " << plain(o) << "\n";
  }
  md << "\n### Strengths\n\n";
  for (const auto& s : a.at("strengths").as_array()) md << "- " << plain(s.as_object().at("text")) << " _(" << plain(s.as_object().at("source")) << ")_\n";
  md << "\n### Areas for improvement\n\n";
  for (const auto& s : a.at("areas_for_improvement").as_array()) md << "- " << plain(s.as_object().at("text")) << " _(" << plain(s.as_object().at("source")) << ")_\n";
  if (const auto* notes = a.if_contains("notes"); notes && !notes->as_array().empty()) {
    md << "\n### The white cell's notes\n\n";
    table(md, {"round", "time", "kind", "note"});
    for (const auto& n : notes->as_array()) {
      const auto& x = n.as_object();
      cells(md, {plain(x.at("round")), plain(x.at("time")), plain(x.at("kind")), plain(x.at("text"))});
    }
  }
  md << "\n### Improvement plan\n\n";
  table(md, {"issue", "corrective action", "responsible", "dates"});
  for (const auto& p : a.at("improvement_plan").as_array()) {
    const auto& o = p.as_object();
    cells(md, {plain(o.at("issue")), plain(o.at("corrective_action")), plain(o.at("responsible")), plain(o.at("dates"))});
  }
  md << "\n### Discussion questions\n\n";
  int n = 0;
  for (const auto& q : a.at("discussion_questions").as_array()) md << ++n << ". " << plain(q) << "\n";
  md << "\n";
}

}  // namespace

std::string render_markdown(const json::object& r) {
  std::ostringstream md;
  md << "# After-action report: " << plain(r.at("title")) << "\n\n";
  if (r.contains("forked_from")) {
    md << "A branch of session `" << plain(r.at("forked_from")) << "`, forked after event " << plain(r.at("forked_at")) << ".\n\n";
  }
  auto* version = r.if_contains("scenario_version");
  std::string numbered = version && version->is_int64() && version->as_int64() > 0 ? " version " + std::to_string(version->as_int64()) : "";
  md << "Session `" << plain(r.at("session_id")) << "` (scenario `" << plain(r.at("scenario")) << "`" << numbered << "), " << plain(r.at("events"))
     << " events, as seen by " << plain(r.at("viewer_name")) << ". "
     << (r.at("ended").as_bool() ? "Ended: " + plain(r.at("end_reason")) + "." : "Still running.") << "\n\n## Summary\n\n";
  for (const auto& s : r.at("summary").as_array()) md << "- " << plain(s) << "\n";
  md << "\n";
  outcome(md, r);
  participants(md, r);
  positions(md, r);
  roll_calls(md, r);
  injects(md, r);
  pledges_and_crises(md, r);
  value(md, r);
  who_saw_what(md, r);
  md << ai_sections_markdown(r);
  aar(md, r);
  for (const auto& b : r.at("branches").as_array()) md << render_comparison_markdown(b.as_object()) << "\n";
  md << "## Timeline\n";
  for (const auto& round : r.at("timeline").as_object().at("rounds").as_array()) {
    const auto& o = round.as_object();
    md << "\n### " << (o.at("round").to_number<std::int64_t>() == 0 ? std::string("Lobby") : "Round " + plain(o.at("round"))) << "\n\n";
    for (const auto& e : o.at("events").as_array()) md << "- " << plain(e.as_object().at("time")) << " " << plain(e.as_object().at("what")) << "\n";
  }
  return md.str();
}

std::string render_comparison_markdown(const json::object& c) {
  std::ostringstream md;
  const auto& d = c.at("divergence").as_object();
  auto label = [&c](const char* side) {
    const auto& o = c.at(side).as_object();
    return plain(o.at("title")) + " (" + plain(o.at("session_id")) + ")";
  };
  md << "## Branch comparison: " << label("a") << " and " << label("b")
     << "\n\n" << "They diverge after event " << plain(d.at("after_seq")) << " (" << plain(d.at("how")) << ").";
  if (!d.at("first_in_a").is_null()) md << " Next in the first: " << plain(d.at("first_in_a")) << ".";
  if (!d.at("first_in_b").is_null()) md << " Next in the second: " << plain(d.at("first_in_b")) << ".";
  md << "\n\n";
  table(md, {"", label("a"), label("b")});
  for (const auto& row : c.at("outcomes").as_array()) {
    const auto& o = row.as_object();
    bool same = o.at("same").as_bool();
    cells(md, {plain(o.at("item")), same ? plain(o.at("a")) : "**" + plain(o.at("a")) + "**", same ? plain(o.at("b")) : "**" + plain(o.at("b")) + "**"});
  }
  if (!c.at("clauses_that_differ").as_array().empty()) {
    md << "\nClauses that differ:\n\n";
    for (const auto& x : c.at("clauses_that_differ").as_array()) {
      md << "- " << plain(x.as_object().at("issue")) << ": " << plain(x.as_object().at("a")) << " / " << plain(x.as_object().at("b")) << "\n";
    }
  }
  return md.str();
}

std::string render_many_markdown(const json::object& c) {
  std::ostringstream md;
  std::vector<std::string> head{""};
  for (const auto& s : c.at("sessions").as_array()) head.push_back(plain(s.as_object().at("title")) + " (" + plain(s.as_object().at("session_id")) + ")");
  md << "## " << head.size() - 1 << " sessions compared\n\n";
  table(md, head);
  for (const auto& row : c.at("outcomes").as_array()) {
    const auto& o = row.as_object();
    std::vector<std::string> line{plain(o.at("item"))};
    for (const auto& v : o.at("values").as_array()) line.push_back(o.at("same").as_bool() ? plain(v) : "**" + plain(v) + "**");
    cells(md, line);
  }
  if (!c.at("clauses_that_differ").as_array().empty()) {
    md << "\nClauses that differ:\n\n";
    for (const auto& x : c.at("clauses_that_differ").as_array()) {
      std::string values;
      for (const auto& v : x.as_object().at("values").as_array()) values += (values.empty() ? "" : " / ") + plain(v);
      md << "- " << plain(x.as_object().at("issue")) << ": " << values << "\n";
    }
  }
  return md.str();
}

std::string render_csv(const json::object& r) {
  auto quote = [](const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  std::ostringstream csv;
  csv << "seq,time,round,phase,actor,type,description\n";
  for (const auto& round : r.at("timeline").as_object().at("rounds").as_array()) {
    const auto& ro = round.as_object();
    for (const auto& e : ro.at("events").as_array()) {
      const auto& o = e.as_object();
      csv << plain(o.at("seq")) << "," << plain(o.at("time")) << "," << plain(ro.at("round")) << "," << quote(plain(o.at("phase"))) << ","
          << quote(plain(o.at("actor"))) << "," << plain(o.at("type")) << "," << quote(plain(o.at("what"))) << "\n";
    }
  }
  return csv.str();
}

}  // namespace parley::review
