// The review as Markdown: the same sections, in the same order, as the HTML.

#include <sstream>

#include "review/report_text.hpp"
#include "review/review_context.hpp"

namespace parley::review {
namespace json = boost::json;
namespace {

std::string str(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_double()) return number(v.as_double());
  return json::serialize(v);
}

std::string joined(const json::value& list) {
  std::string out;
  for (const auto& x : list.as_array()) out += (out.empty() ? "" : ", ") + str(x);
  return out.empty() ? "—" : out;
}

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
    md << "Adopted text " << str(t.at("id")) << " (\"" << str(t.at("title")) << "\"):\n\n";
    for (const auto& c : t.at("clauses").as_array()) {
      const auto& cl = c.as_object();
      md << "- **" << str(cl.at("issue_name")) << "**: " << str(cl.at("option")) << " " << str(cl.at("label")) << "\n";
    }
    md << "\n";
  }
  md << "Signatories: ";
  for (const auto& s : o.at("signatories").as_array()) md << str(s) << " ";
  md << "\nThe treaty " << (o.at("in_force").as_bool() ? "entered into force" : "did not enter into force") << ".\n\n";
  if (!o.at("non_signers").as_array().empty()) {
    table(md, {"delegation", "signature", "why"});
    for (const auto& n : o.at("non_signers").as_array()) {
      const auto& x = n.as_object();
      cells(md, {str(x.at("name")), str(x.at("action")), x.contains("reason") ? str(x.at("reason")) : "—"});
    }
    md << "\n";
  }
}

void participants(std::ostringstream& md, const json::object& r) {
  md << "## Participants\n\n";
  table(md, {"role", "seat", "player", "connected"});
  for (const auto& p : r.at("participants").as_array()) {
    const auto& o = p.as_object();
    if (o.at("seats").as_array().empty()) cells(md, {str(o.at("name")), "—", "nobody", "—"});
    for (const auto& s : o.at("seats").as_array()) {
      const auto& x = s.as_object();
      std::string who = x.contains("player") ? str(x.at("player")) + (x.contains("strategy") ? " (" + str(x.at("strategy")) + ")" : "") : "seated";
      std::string time = x.contains("connected_ms") ? duration_text(x.at("connected_ms").to_number<std::int64_t>()) : "—";
      cells(md, {str(o.at("name")), str(x.at("seat")), who, time});
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
    for (const auto& role : p.at("roles").as_array()) head.push_back(str(role));
    table(md, head);
    for (const auto& d : p.at("drafts").as_array()) {
      const auto& o = d.as_object();
      std::vector<std::string> row{str(o.at("text_id")), str(o.at("round")), str(o.at("author"))};
      for (const auto& role : p.at("roles").as_array()) {
        std::string id(role.as_string());
        const auto* u = o.at("utility").as_object().if_contains(id);
        row.push_back(u ? str(*u) + (o.at("would_sign").as_object().at(id).as_bool() ? "" : "*") : "—");
      }
      cells(md, row);
    }
    md << "\n";
  }
  if (const auto* by_round = p.if_contains("nash_by_round")) {
    for (const auto& x : by_round->as_array()) {
      const auto& o = x.as_object();
      if (o.contains("distance")) md << "- Round " << str(o.at("round")) << ": the best draft, " << str(o.at("best_draft")) << ", lay " << str(o.at("distance")) << " from the Nash text\n";
    }
    md << "\n";
  }
  const auto* against = r.at("value").as_object().if_contains("against_frontier");
  if (against && against->as_object().contains("adopted_vs_nash")) {
    md << "Where the adopted text departs from the Nash text (what the Nash clause would have changed for each delegation):\n\n";
    for (const auto& d : against->as_object().at("adopted_vs_nash").as_array()) {
      const auto& o = d.as_object();
      md << "- " << str(o.at("issue_name")) << ": adopted " << str(o.at("adopted")) << ", Nash " << str(o.at("nash")) << " —";
      for (const auto& [role, v] : o.at("nash_minus_adopted").as_object()) md << " " << std::string(role) << " " << (v.as_double() > 0 ? "+" : "") << str(v);
      md << "\n";
    }
    md << "\n";
  }
}

void roll_calls(std::ostringstream& md, const json::object& r) {
  md << "## Roll calls\n\n";
  table(md, {"round", "text", "yes", "no", "abstain", "did not vote", "result"});
  for (const auto& v : r.at("roll_calls").as_array()) {
    const auto& o = v.as_object();
    cells(md, {str(o.at("round")), str(o.at("text")), joined(o.at("yes")), joined(o.at("no")), joined(o.at("abstain")),
               joined(o.at("not_voted")), (o.at("adopted").as_bool() ? "adopted — " : "") + str(o.at("reason"))});
  }
  md << "\n";
}

void injects(std::ostringstream& md, const json::object& r) {
  md << "## What each inject changed\n\n";
  if (r.at("injects").as_array().empty()) md << "No inject or ruling was released.\n";
  for (const auto& i : r.at("injects").as_array()) {
    const auto& o = i.as_object();
    md << "- **" << str(o.at("id")) << "** (round " << str(o.at("round")) << "): " << str(o.at("title"));
    if (!o.at("audience").as_array().empty()) md << " — to " << joined(o.at("audience"));
    md << "\n";
    for (const auto& c : o.at("changes").as_array()) {
      const auto& x = c.as_object();
      md << "  - " << str(x.at("name")) << ": " << joined(x.at("effects")) << " (BATNA " << str(x.at("batna_before")) << " → "
         << str(x.at("batna_after")) << ")\n";
    }
    if (o.contains("zone_before")) {
      md << "  - texts that would enter into force: " << str(o.at("zone_before").as_object().at("acceptable_texts")) << " → "
         << str(o.at("zone_after").as_object().at("acceptable_texts")) << "\n";
    }
  }
  md << "\n";
}

void pledges_and_crises(std::ostringstream& md, const json::object& r) {
  md << "## Pledges\n\n";
  if (r.at("pledges").as_array().empty()) md << "No pledge was made.\n";
  for (const auto& p : r.at("pledges").as_array()) {
    const auto& o = p.as_object();
    md << "- " << str(o.at("id")) << ": " << str(o.at("from")) << " to " << str(o.at("to")) << ", " << str(o.at("points"))
       << " points " << str(o.at("condition")) << " — " << str(o.at("status")) << "\n";
  }
  md << "\n## Stress test\n\n";
  if (r.at("stress_test").as_array().empty()) md << "No crisis was run.\n\n";
  for (const auto& c : r.at("stress_test").as_array()) {
    const auto& o = c.as_object();
    md << "### " << str(o.at("crisis")) << ": " << str(o.at("title")) << " — " << str(o.at("outcome")) << "\n\n"
       << "Scope " << (o.at("in_scope").as_bool() ? "covered" : "not covered") << "; trigger " << str(o.at("trigger")) << "; "
       << str(o.at("command")) << "; cost " << str(o.at("cost")) << ", offered " << str(o.at("offered")) << "; strength "
       << str(o.at("strength")) << (o.at("required_strength").as_double() > 0 ? " of " + str(o.at("required_strength")) + " required" : "")
       << ". Decided by "
       << (str(o.at("decided_by")).empty() ? "—" : str(o.at("decided_by"))) << ".\n\n";
    for (const auto& reason : o.at("reasons").as_array()) md << "- " << str(reason) << "\n";
    md << "\n";
    table(md, {"member", "response", "cost", "penalty"});
    for (const auto& m : o.at("members").as_array()) {
      const auto& x = m.as_object();
      cells(md, {str(x.at("name")), str(x.at("status")), str(x.at("cost")), str(x.at("penalty"))});
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
    cells(md, {str(o.at("name")), str(o.at("batna")), str(o.at("treaty")), str(o.at("side_payments_and_costs")), str(o.at("total")),
               o.contains("nash") ? str(o.at("nash")) : "—", o.contains("kalai_smorodinsky") ? str(o.at("kalai_smorodinsky")) : "—"});
  }
  if (const auto* a = v.if_contains("against_frontier")) {
    const auto& o = a->as_object();
    md << "\nDistance to the Pareto frontier " << str(o.at("distance_to_frontier"));
    if (o.contains("distance_to_nash")) md << "; to the Nash text " << str(o.at("distance_to_nash"));
    if (o.contains("distance_to_kalai_smorodinsky")) md << "; to the Kalai–Smorodinsky text " << str(o.at("distance_to_kalai_smorodinsky"));
    md << ".\n";
  }
  const auto& power = v.at("power").as_object();
  if (power.contains("voters")) {
    md << "\nVoting power on " << str(power.at("text")) << " (" << str(power.at("rule")) << "):\n\n";
    table(md, {"delegation", "Banzhaf", "Shapley–Shubik"});
    for (const auto& p : power.at("voters").as_array()) {
      const auto& o = p.as_object();
      cells(md, {str(o.at("name")), number(o.at("banzhaf").as_double() * 100) + "%", number(o.at("shapley_shubik").as_double() * 100) + "%"});
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
    for (const auto& c : o.at("private_channels").as_array()) channels += (channels.empty() ? "" : ", ") + str(c.as_object().at("with")) + " (" + str(c.as_object().at("messages")) + ")";
    for (const auto& c : o.at("rooms").as_array()) rooms += (rooms.empty() ? "" : ", ") + str(c.as_object().at("room"));
    for (const auto& c : o.at("injects").as_array()) injects += (injects.empty() ? "" : ", ") + str(c.as_object().at("id"));
    cells(md, {str(o.at("name")), str(o.at("events_seen")), channels.empty() ? "—" : channels, rooms.empty() ? "—" : rooms,
               injects.empty() ? "—" : injects});
  }
  md << "\n";
}

void aar(std::ostringstream& md, const json::object& r) {
  const auto& a = r.at("aar").as_object();
  md << "## After-action report and improvement plan\n\n### Objectives\n\n";
  for (const auto& o : a.at("objectives").as_array()) md << "- " << str(o) << "\n";
  md << "\n### Strengths\n\n";
  for (const auto& s : a.at("strengths").as_array()) md << "- " << str(s.as_object().at("text")) << " _(" << str(s.as_object().at("source")) << ")_\n";
  md << "\n### Areas for improvement\n\n";
  for (const auto& s : a.at("areas_for_improvement").as_array()) md << "- " << str(s.as_object().at("text")) << " _(" << str(s.as_object().at("source")) << ")_\n";
  md << "\n### Improvement plan\n\n";
  table(md, {"issue", "corrective action", "responsible", "dates"});
  for (const auto& p : a.at("improvement_plan").as_array()) {
    const auto& o = p.as_object();
    cells(md, {str(o.at("issue")), str(o.at("corrective_action")), str(o.at("responsible")), str(o.at("dates"))});
  }
  md << "\n### Discussion questions\n\n";
  int n = 0;
  for (const auto& q : a.at("discussion_questions").as_array()) md << ++n << ". " << str(q) << "\n";
  md << "\n";
}

}  // namespace

std::string render_markdown(const json::object& r) {
  std::ostringstream md;
  md << "# After-action report: " << str(r.at("title")) << "\n\n";
  if (r.contains("forked_from")) {
    md << "A branch of session `" << str(r.at("forked_from")) << "`, forked after event " << str(r.at("forked_at")) << ".\n\n";
  }
  md << "Session `" << str(r.at("session_id")) << "` (scenario `" << str(r.at("scenario")) << "`), " << str(r.at("events"))
     << " events, as seen by " << str(r.at("viewer_name")) << ". "
     << (r.at("ended").as_bool() ? "Ended: " + str(r.at("end_reason")) + "." : "Still running.") << "\n\n## Summary\n\n";
  for (const auto& s : r.at("summary").as_array()) md << "- " << str(s) << "\n";
  md << "\n";
  outcome(md, r);
  participants(md, r);
  positions(md, r);
  roll_calls(md, r);
  injects(md, r);
  pledges_and_crises(md, r);
  value(md, r);
  who_saw_what(md, r);
  aar(md, r);
  for (const auto& b : r.at("branches").as_array()) md << render_comparison_markdown(b.as_object()) << "\n";
  md << "## Timeline\n";
  for (const auto& round : r.at("timeline").as_object().at("rounds").as_array()) {
    const auto& o = round.as_object();
    md << "\n### " << (o.at("round").to_number<std::int64_t>() == 0 ? std::string("Lobby") : "Round " + str(o.at("round"))) << "\n\n";
    for (const auto& e : o.at("events").as_array()) md << "- " << str(e.as_object().at("time")) << " " << str(e.as_object().at("what")) << "\n";
  }
  return md.str();
}

std::string render_comparison_markdown(const json::object& c) {
  std::ostringstream md;
  const auto& d = c.at("divergence").as_object();
  md << "## Branch comparison: " << str(c.at("a").as_object().at("session_id")) << " and " << str(c.at("b").as_object().at("session_id"))
     << "\n\n" << "They diverge after event " << str(d.at("after_seq")) << " (" << str(d.at("how")) << ").";
  if (!d.at("first_in_a").is_null()) md << " Next in the first: " << str(d.at("first_in_a")) << ".";
  if (!d.at("first_in_b").is_null()) md << " Next in the second: " << str(d.at("first_in_b")) << ".";
  md << "\n\n";
  table(md, {"", str(c.at("a").as_object().at("session_id")), str(c.at("b").as_object().at("session_id"))});
  for (const auto& row : c.at("outcomes").as_array()) {
    const auto& o = row.as_object();
    bool same = o.at("same").as_bool();
    cells(md, {str(o.at("item")), same ? str(o.at("a")) : "**" + str(o.at("a")) + "**", same ? str(o.at("b")) : "**" + str(o.at("b")) + "**"});
  }
  if (!c.at("clauses_that_differ").as_array().empty()) {
    md << "\nClauses that differ:\n\n";
    for (const auto& x : c.at("clauses_that_differ").as_array()) {
      md << "- " << str(x.as_object().at("issue")) << ": " << str(x.as_object().at("a")) << " / " << str(x.as_object().at("b")) << "\n";
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
      csv << str(o.at("seq")) << "," << str(o.at("time")) << "," << str(ro.at("round")) << "," << quote(str(o.at("phase"))) << ","
          << quote(str(o.at("actor"))) << "," << str(o.at("type")) << "," << quote(str(o.at("what"))) << "\n";
    }
  }
  return csv.str();
}

}  // namespace parley::review
