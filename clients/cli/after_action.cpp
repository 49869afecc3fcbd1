#include "after_action.hpp"

#include <cstdio>
#include <map>
#include <memory>
#include <sstream>

#include "engine/analyzer.hpp"
#include "engine/session.hpp"
#include "engine/state_access.hpp"
#include "event_format.hpp"

namespace parley::cli {
namespace json = boost::json;
namespace pb = parley::v1;

namespace {

std::string event_type(const pb::Event& e) {
  const auto* f = pb::Event::descriptor()->FindFieldByNumber(e.kind_case());
  return f ? f->name() : "unknown";
}

bool is_message(const pb::Event& e) { return e.has_message_sent() || e.has_room_message(); }

json::object text_options(const engine::ScenarioIndex& index, const engine::Text& t) {
  json::object out;
  for (int i = 0; i < index.issue_count(); ++i) {
    if (t[i] >= 0) out[index.issue(i).id()] = index.option(i, t[i]).id() + " " + index.option(i, t[i]).label();
  }
  return out;
}

json::array timeline(const std::vector<RecordedEvent>& events, bool with_messages) {
  json::array rounds;
  int current = -1;
  json::array* items = nullptr;
  for (const auto& r : events) {
    if (r.event.round() != current) {
      current = r.event.round();
      rounds.push_back(json::object{{"round", current}, {"events", json::array{}}});
      items = &rounds.back().as_object()["events"].as_array();
    }
    std::string what = is_message(r.event) && !with_messages ? r.event.actor() + " sent a private message" : describe(r.event);
    items->push_back(json::object{{"seq", r.seq}, {"time", clock_time(r.at_ms)}, {"phase", r.event.phase()},
                                  {"actor", r.event.actor()}, {"type", event_type(r.event)}, {"what", what}});
  }
  return rounds;
}

}  // namespace

json::object after_action(const pb::Scenario& scenario, const std::string& session_id, const std::vector<RecordedEvent>& events,
                          bool with_messages) {
  auto index = std::make_shared<const engine::ScenarioIndex>(scenario);
  engine::Session session(index);
  std::map<std::string, json::array> votes_by_text;
  json::array tallies, signatures, messages;
  std::map<std::string, int> pair_counts;
  for (const auto& r : events) {
    session.apply(r.event);
    const auto& e = r.event;
    if (e.has_vote_closed()) {
      for (const auto& t : e.vote_closed().tallies()) {
        tallies.push_back(json::object{{"round", e.round()}, {"text", t.text_id()}, {"yes", t.yes()}, {"no", t.no()},
                                       {"abstain", t.abstain()}, {"voters", t.voters()}, {"passed", t.passed()},
                                       {"adopted", t.text_id() == e.vote_closed().adopted_text_id()}});
      }
    }
    if (e.has_treaty_signed() || e.has_treaty_declined()) {
      signatures.push_back(json::object{{"role", e.actor()}, {"signed", e.has_treaty_signed()},
                                        {"red_line", e.has_treaty_signed() && e.treaty_signed().breaks_red_line()}});
    }
    if (e.has_message_sent()) ++pair_counts[e.actor() + " -> " + e.message_sent().to()];
    if (e.has_room_message()) ++pair_counts[e.actor() + " -> room " + e.room_message().room_id()];
    if (with_messages && is_message(e)) messages.push_back(json::object{{"seq", r.seq}, {"what", describe(e)}});
  }
  const auto& s = session.state();
  json::array texts;
  for (const auto& t : s.texts()) {
    json::array cosponsors;
    for (const auto& c : t.cosponsors()) cosponsors.push_back(json::value(c));
    texts.push_back(json::object{{"id", t.text_id()}, {"parent", t.parent_id()}, {"author", t.author()}, {"title", t.title()},
                                 {"withdrawn", t.withdrawn()}, {"cosponsors", cosponsors},
                                 {"options", text_options(*index, engine::to_text(*index, t.options()))}});
  }
  json::array pledges;
  for (const auto& p : s.pledges()) {
    pledges.push_back(json::object{{"id", p.pledge_id()}, {"from", p.from()}, {"to", p.to()}, {"points", p.points()},
                                   {"condition", p.condition() == pb::IF_SIGNS ? "if it signs" : "if it does not sign"},
                                   {"settled", p.settled()}, {"paid", p.paid()}});
  }
  json::array crises;
  for (const auto& c : s.crisis_outcomes()) {
    json::array members;
    for (const auto& m : c.members()) {
      members.push_back(json::object{{"role", m.role()}, {"obliged", m.obliged()}, {"committed", m.committed()},
                                     {"defected", m.defected()}, {"opted_out", m.opted_out()}, {"exempt", m.exempt()},
                                     {"cost", m.cost()}, {"penalty", m.penalty()}});
    }
    json::array reasons;
    for (const auto& reason : c.reasons()) reasons.push_back(json::value(reason));
    crises.push_back(json::object{{"crisis", c.inject_id()}, {"in_scope", c.in_scope()}, {"obligation", c.obligation()},
                                  {"lead", c.lead()}, {"strength", c.strength()}, {"funded", c.funded()}, {"held", c.held()},
                                  {"outcome", c.outcome()}, {"decided_by", c.deciding_issue()}, {"reasons", reasons},
                                  {"members", members}});
  }
  json::object pairs;
  for (const auto& [pair, n] : pair_counts) pairs[pair] = n;

  // Utilities as of the end (injects applied), the treaty's and each role's net of side payments and crisis costs.
  auto profiles = engine::current_profiles(*index, s);
  engine::Analyzer analyzer(*index, profiles);
  auto analysis = analyzer.run();
  const auto* adopted = engine::find_text(s, s.adopted_text_id());
  engine::Text text = adopted ? engine::to_text(*index, adopted->options()) : engine::Text{};
  json::array utilities;
  for (int r = 0; r < index->role_count(); ++r) {
    if (!profiles[r]) continue;
    const auto& p = *profiles[r];
    const auto& rs = s.roles(r);
    double treaty = s.in_force() && !text.empty() ? engine::utility(p, text) : p.batna;
    double side = (rs.received() - rs.paid() - rs.crisis_cost()) * p.point_utility - rs.penalty();
    utilities.push_back(json::object{{"role", index->role(r).id()}, {"kind", pb::RoleKind_Name(index->role(r).kind())},
                                     {"batna", p.batna}, {"treaty", treaty}, {"side_payments_and_costs", side},
                                     {"total", treaty + side}, {"gain_over_batna", treaty + side - p.batna}});
  }
  json::object position;
  if (!text.empty() && engine::is_complete(text)) {
    position = json::object{{"effectiveness", analyzer.effectiveness(text)},
                            {"distance_to_frontier", analyzer.distance_to_frontier(text, analysis)},
                            {"frontier_size", analysis.frontier.size()}};
    if (auto d = analyzer.distance_to_nash(text, analysis)) {
      position["distance_to_nash"] = *d;
      position["nash_text"] = text_options(*index, analysis.nash.back().text);
    }
  }
  json::array signatories;
  for (int r : engine::signatories(*index, s)) signatories.push_back(json::value(index->role(r).id()));
  json::object report{{"session_id", session_id},
                      {"scenario", scenario.id()},
                      {"title", scenario.title()},
                      {"events", events.size()},
                      {"ended", s.status() == pb::ENDED},
                      {"end_reason", s.end_reason()},
                      {"timeline", timeline(events, with_messages)},
                      {"texts", texts},
                      {"votes", tallies},
                      {"adopted_text", adopted ? json::value(json::object{{"id", adopted->text_id()}, {"options", text_options(*index, text)}})
                                               : json::value(nullptr)},
                      {"signatures", signatures},
                      {"signatories", signatories},
                      {"in_force", s.in_force()},
                      {"pledges", pledges},
                      {"stress_test", crises},
                      {"utilities", utilities},
                      {"against_frontier_and_nash", position},
                      {"messages_per_pair", pairs}};
  if (with_messages) report["messages"] = messages;
  return report;
}

std::string render_markdown(const json::object& r) {
  std::ostringstream md;
  auto str = [](const json::value& v) -> std::string {
    if (v.is_string()) return std::string(v.as_string());
    if (v.is_double()) {  // one decimal, no exponent: 63.5, 40
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1f", v.as_double());
      std::string out = buf;
      if (out.size() > 2 && out.substr(out.size() - 2) == ".0") out.resize(out.size() - 2);
      return out == "-0" ? "0" : out;
    }
    return json::serialize(v);
  };
  md << "# After-action report: " << str(r.at("title")) << "\n\n";
  if (r.contains("forked_from")) {
    md << "A branch of session `" << str(r.at("forked_from")) << "`, forked after event " << str(r.at("forked_at")) << ".\n\n";
  }
  md
     << "Session `" << str(r.at("session_id")) << "` (scenario `" << str(r.at("scenario")) << "`), " << str(r.at("events"))
     << " events. " << (r.at("ended").as_bool() ? "Ended: " + str(r.at("end_reason")) + "." : "Still running.") << "\n\n";
  md << "## Outcome\n\n";
  if (r.at("adopted_text").is_null()) {
    md << "No text was adopted.\n\n";
  } else {
    md << "Adopted text " << str(r.at("adopted_text").as_object().at("id")) << ":\n\n";
    for (const auto& [issue, option] : r.at("adopted_text").as_object().at("options").as_object()) {
      md << "- **" << std::string(issue) << "**: " << str(option) << "\n";
    }
    md << "\n";
  }
  md << "Signatories: ";
  for (const auto& s : r.at("signatories").as_array()) md << str(s) << " ";
  md << "\nThe treaty " << (r.at("in_force").as_bool() ? "entered into force" : "did not enter into force") << ".\n\n";
  md << "| role | signed | red line crossed |\n|---|---|---|\n";
  for (const auto& s : r.at("signatures").as_array()) {
    const auto& o = s.as_object();
    md << "| " << str(o.at("role")) << " | " << (o.at("signed").as_bool() ? "yes" : "declined") << " | "
       << (o.at("red_line").as_bool() ? "**yes**" : "no") << " |\n";
  }
  md << "\n## Utilities against BATNA\n\n| role | BATNA | treaty | side payments and costs | gain |\n|---|---|---|---|---|\n";
  for (const auto& u : r.at("utilities").as_array()) {
    const auto& o = u.as_object();
    md << "| " << str(o.at("role")) << " | " << str(o.at("batna")) << " | " << str(o.at("treaty")) << " | "
       << str(o.at("side_payments_and_costs")) << " | " << str(o.at("gain_over_batna")) << " |\n";
  }
  const auto& pos = r.at("against_frontier_and_nash").as_object();
  if (!pos.empty()) {
    md << "\nEffectiveness " << str(pos.at("effectiveness")) << "; distance to the Pareto frontier "
       << str(pos.at("distance_to_frontier"));
    if (pos.contains("distance_to_nash")) md << "; distance to the Nash text " << str(pos.at("distance_to_nash"));
    md << ".\n";
  }
  md << "\n## Texts\n\n";
  for (const auto& t : r.at("texts").as_array()) {
    const auto& o = t.as_object();
    md << "- " << str(o.at("id")) << (str(o.at("parent")).empty() ? "" : " (amends " + str(o.at("parent")) + ")") << " by "
       << str(o.at("author")) << ": " << str(o.at("title")) << (o.at("withdrawn").as_bool() ? " — withdrawn" : "") << "\n";
  }
  md << "\n## Votes\n\n| round | text | yes | no | abstain | voters | result |\n|---|---|---|---|---|---|---|\n";
  for (const auto& v : r.at("votes").as_array()) {
    const auto& o = v.as_object();
    md << "| " << str(o.at("round")) << " | " << str(o.at("text")) << " | " << str(o.at("yes")) << " | " << str(o.at("no")) << " | "
       << str(o.at("abstain")) << " | " << str(o.at("voters")) << " | "
       << (o.at("adopted").as_bool() ? "adopted" : o.at("passed").as_bool() ? "passed" : "failed") << " |\n";
  }
  md << "\n## Pledges\n\n";
  for (const auto& p : r.at("pledges").as_array()) {
    const auto& o = p.as_object();
    md << "- " << str(o.at("id")) << ": " << str(o.at("from")) << " to " << str(o.at("to")) << ", " << str(o.at("points"))
       << " points " << str(o.at("condition")) << " — " << (!o.at("settled").as_bool() ? "open" : o.at("paid").as_bool() ? "paid" : "lapsed")
       << "\n";
  }
  md << "\n## Stress test\n\n";
  for (const auto& c : r.at("stress_test").as_array()) {
    const auto& o = c.as_object();
    md << "- " << str(o.at("crisis")) << ": " << (o.at("in_scope").as_bool() ? "in scope" : "out of scope") << ", "
       << (o.at("held").as_bool() ? "the alliance held" : "**the alliance did not hold**")
       << (str(o.at("lead")).empty() ? "" : ", led by " + str(o.at("lead"))) << "\n";
    for (const auto& reason : o.at("reasons").as_array()) md << "  - " << str(reason) << "\n";
  }
  md << "\n## Messages per pair\n\n";
  for (const auto& [pair, n] : r.at("messages_per_pair").as_object()) md << "- " << std::string(pair) << ": " << str(n) << "\n";
  md << "\n## Timeline\n";
  for (const auto& round : r.at("timeline").as_array()) {
    const auto& o = round.as_object();
    md << "\n### " << (o.at("round").as_int64() == 0 ? std::string("Lobby") : "Round " + str(o.at("round"))) << "\n\n";
    for (const auto& e : o.at("events").as_array()) {
      md << "- " << str(e.as_object().at("time")) << " " << str(e.as_object().at("what")) << "\n";
    }
  }
  return md.str();
}

std::string render_csv(const std::vector<RecordedEvent>& events, bool with_messages) {
  auto quote = [](const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  std::ostringstream csv;
  csv << "seq,time,round,phase,actor,type,description\n";
  for (const auto& r : events) {
    std::string what = is_message(r.event) && !with_messages ? r.event.actor() + " sent a private message" : describe(r.event);
    csv << r.seq << "," << clock_time(r.at_ms) << "," << r.event.round() << "," << quote(r.event.phase()) << ","
        << quote(r.event.actor()) << "," << event_type(r.event) << "," << quote(what) << "\n";
  }
  return csv.str();
}

}  // namespace parley::cli
