#include "cohort/debrief.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "cohort/handout.hpp"
#include "review/svg_charts.hpp"

namespace parley::cohort {
namespace json = boost::json;
namespace {

std::string str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; }
double num(const json::value& v) { return v.is_number() ? v.to_number<double>() : 0.0; }

// "full bloc", "small core", "bilateral" or "none", as a rehearsal counts its games.
std::string signatory_set(const json::object& outcome) {
  if (!outcome.at("in_force").as_bool()) return "none";
  std::size_t signed_count = outcome.at("signatories").as_array().size();
  std::size_t eligible = signed_count + outcome.at("non_signers").as_array().size();
  if (signed_count < 2) return "none";
  if (signed_count == 2) return "bilateral";
  return signed_count >= eligible ? "full bloc" : "small core";
}

// The first adoption: its round and minutes after the start, or null.
json::value first_adoption(const json::object& review) {
  for (const auto& s : review.at("standing").as_array()) {
    const auto& o = s.as_object();
    if (str(o.at("outcome")) != "adopted" && str(o.at("adopted")).empty()) continue;
    double minutes = (num(o.at("at_ms")) - num(review.at("start_ms"))) / 60000.0;
    return json::object{{"round", o.at("round")}, {"minutes", std::round(minutes * 10) / 10}};
  }
  return nullptr;
}

json::object table_row(const DebriefTable& t) {
  const auto& r = t.review;
  const auto& outcome = r.at("outcome").as_object();
  json::object row{{"table", t.table}, {"title", t.title}, {"session_id", t.session_id}, {"status", r.at("status")},
                   {"in_force", outcome.at("in_force")}, {"signatories", outcome.at("signatories")},
                   {"signatory_set", signatory_set(outcome)}, {"adopted_text", outcome.at("adopted_text")},
                   {"first_adoption", first_adoption(r)}, {"outcome", outcome.at("category")}};
  json::array crises;
  for (const auto& c : r.at("stress_test").as_array()) {
    crises.push_back(json::object{{"crisis", c.at("crisis")}, {"title", c.at("title")}, {"outcome", c.at("outcome")}});
  }
  row["crises"] = crises;
  json::array utilities;
  const auto& value = r.at("value").as_object();
  for (const auto& u : value.at("utilities").as_array()) {
    const auto& o = u.as_object();
    utilities.push_back(json::object{{"role", o.at("role")}, {"name", o.at("name")}, {"total", o.at("total")},
                                     {"batna", o.at("batna")}, {"gain", o.at("gain_over_batna")}});
  }
  row["utilities"] = utilities;
  row["distance_to_nash"] = nullptr;
  row["distance_to_frontier"] = nullptr;
  if (const auto* against = value.if_contains("against_frontier")) {
    const auto& a = against->as_object();
    if (const auto* d = a.if_contains("distance_to_nash")) row["distance_to_nash"] = *d;
    if (const auto* d = a.if_contains("distance_to_frontier"); d && d->is_number() && std::isfinite(num(*d))) row["distance_to_frontier"] = *d;
  }
  return row;
}

json::object stats(const std::vector<double>& xs) {
  if (xs.empty()) return json::object{{"n", 0}};
  double sum = 0;
  for (double x : xs) sum += x;
  return json::object{{"n", xs.size()}, {"mean", sum / xs.size()}, {"min", *std::min_element(xs.begin(), xs.end())},
                      {"max", *std::max_element(xs.begin(), xs.end())}};
}

json::object spread(const json::array& rows) {
  std::map<std::string, std::vector<double>> gains;
  std::vector<double> nash, minutes;
  std::map<std::string, int> sets;
  json::object outcomes;  // the scenario's named outcome -> {name, tables}, for tables that ended
  int in_force = 0;
  for (const auto& v : rows) {
    const auto& row = v.as_object();
    in_force += row.at("in_force").as_bool() ? 1 : 0;
    if (const auto& o = row.at("outcome"); o.is_object()) {
      auto& slot = outcomes[str(o.at("id"))];
      if (!slot.is_object()) slot = json::object{{"name", o.at("name")}, {"tables", 0}};
      slot.as_object()["tables"] = slot.at("tables").as_int64() + 1;
    }
    ++sets[str(row.at("signatory_set"))];
    for (const auto& u : row.at("utilities").as_array()) gains[str(u.at("role"))].push_back(num(u.at("gain")));
    if (row.at("distance_to_nash").is_number()) nash.push_back(num(row.at("distance_to_nash")));
    if (row.at("first_adoption").is_object()) minutes.push_back(num(row.at("first_adoption").at("minutes")));
  }
  json::object by_role, set_counts;
  for (const auto& [role, xs] : gains) by_role[role] = stats(xs);
  for (const auto& [set, n] : sets) set_counts[set] = n;
  return json::object{{"tables", rows.size()}, {"in_force", in_force}, {"signatory_sets", set_counts}, {"outcomes", outcomes}, {"gain", by_role},
                      {"distance_to_nash", stats(nash)}, {"minutes_to_first_adoption", stats(minutes)}};
}

// Per issue: which option each table adopted; agreed when every table with an adopted text chose the same.
json::array clauses(const json::array& rows, const parley::v1::Scenario& scenario) {
  json::array out;
  for (const auto& issue : scenario.issues()) {
    std::map<std::string, json::array> by_option;  // option label -> tables
    int adopted = 0;
    for (const auto& v : rows) {
      const auto& text = v.at("adopted_text");
      if (!text.is_object()) continue;
      ++adopted;
      for (const auto& c : text.at("clauses").as_array()) {
        if (str(c.at("issue")) == issue.id()) by_option[str(c.at("label"))].push_back(v.at("table"));
      }
    }
    if (adopted == 0) continue;
    json::array options;
    for (const auto& [label, tables] : by_option) options.push_back(json::object{{"option", label}, {"tables", tables}});
    bool agreed = by_option.size() == 1 && by_option.begin()->second.size() == static_cast<std::size_t>(adopted);
    out.push_back(json::object{{"issue", issue.id()}, {"issue_name", issue.name()}, {"agreed", agreed}, {"options", options}});
  }
  return out;
}

// The class's shares beside the rehearsal's: in force, each signatory set, each crisis held.
json::value against_rehearsal(const json::object& spread_of_class, const json::array& rows, const json::value& rehearsal) {
  if (!rehearsal.is_object()) return nullptr;
  const auto& r = rehearsal.as_object();
  double played = std::max(1.0, num(r.at("played")));
  double tables = std::max<std::size_t>(1, rows.size());
  json::array lines;
  lines.push_back(json::object{{"measure", "treaty in force"}, {"class", num(spread_of_class.at("in_force")) / tables},
                               {"bots", num(r.at("in_force")) / played}});
  if (const auto* named = r.if_contains("outcomes")) {  // the scenario's named outcomes, in its order
    for (const auto& o : named->as_array()) {
      const auto* c = spread_of_class.at("outcomes").as_object().if_contains(str(o.at("id")));
      lines.push_back(json::object{{"measure", "outcome: " + str(o.at("name"))}, {"class", (c ? num(c->at("tables")) : 0.0) / tables},
                                   {"bots", num(o.at("share"))}});
    }
  }
  for (const auto& [set, n] : r.at("signatory_sets").as_object()) {
    const auto* c = spread_of_class.at("signatory_sets").as_object().if_contains(set);
    lines.push_back(json::object{{"measure", std::string("signatories: ") + std::string(set)}, {"class", (c ? num(*c) : 0.0) / tables},
                                 {"bots", num(n) / played}});
  }
  for (const auto& c : r.at("crises").as_array()) {
    double runs = std::max(1.0, num(c.at("runs")));
    double held = 0, ran = 0;  // of the tables whose stress test reached this crisis
    for (const auto& v : rows) {
      for (const auto& k : v.at("crises").as_array()) {
        if (str(k.at("crisis")) != str(c.at("crisis"))) continue;
        ++ran;
        held += str(k.at("outcome")) == "held";
      }
    }
    lines.push_back(json::object{{"measure", "crisis " + str(c.at("title")) + " held"}, {"class", ran > 0 ? json::value(held / ran) : json::value(nullptr)},
                                 {"bots", num(c.at("held")) / runs}});
  }
  json::object gains;
  for (const auto& [role, g] : r.at("gains").as_object()) {
    const auto* c = spread_of_class.at("gain").as_object().if_contains(role);
    gains[role] = json::object{{"class_mean", c && c->as_object().contains("mean") ? c->at("mean") : json::value(nullptr)}, {"bots_mean", g.at("mean")}};
  }
  return json::object{{"runs", r.at("played")}, {"shares", lines}, {"gain", gains}};
}

}  // namespace

json::object build_debrief(const std::string& title, const parley::v1::Scenario& scenario, const std::vector<DebriefTable>& tables,
                           const json::value& rehearsal) {
  json::array rows;
  for (const auto& t : tables) rows.push_back(table_row(t));
  auto class_spread = spread(rows);
  json::array questions;
  for (const auto& q : scenario.discussion_questions()) questions.push_back(json::value(q));
  json::array roles;
  for (const auto& r : scenario.roles()) {
    if (r.kind() == parley::v1::DELEGATION || r.kind() == parley::v1::OUTSIDE_POWER) roles.push_back(json::object{{"role", r.id()}, {"name", r.name()}});
  }
  return json::object{{"title", title},          {"scenario", scenario.id()},
                      {"scenario_title", scenario.title()}, {"roles", roles},
                      {"tables", rows},          {"spread", class_spread},
                      {"clauses", clauses(rows, scenario)},
                      {"rehearsal", against_rehearsal(class_spread, rows, rehearsal)},
                      {"questions", questions}};
}

std::string debrief_csv(const json::object& d) {
  std::ostringstream out;
  out << "table,title,session_id,status,outcome,in_force,signatory_set,signatories,adopted_text,first_adoption_round,minutes_to_first_adoption,"
         "distance_to_nash,distance_to_frontier,crises";
  for (const auto& r : d.at("roles").as_array()) out << ",gain_" << str(r.at("role"));
  out << "\n";
  for (const auto& v : d.at("tables").as_array()) {
    const auto& t = v.as_object();
    std::string signatories, text, crises;
    for (const auto& s : t.at("signatories").as_array()) signatories += (signatories.empty() ? "" : " ") + str(s);
    if (t.at("adopted_text").is_object()) {
      for (const auto& c : t.at("adopted_text").at("clauses").as_array()) text += (text.empty() ? "" : "; ") + str(c.at("issue")) + "=" + str(c.at("option"));
    }
    for (const auto& c : t.at("crises").as_array()) crises += (crises.empty() ? "" : "; ") + str(c.at("crisis")) + " " + str(c.at("outcome"));
    auto maybe = [](const json::value& x) {
      if (!x.is_number()) return std::string();
      std::ostringstream n;
      n.setf(std::ios::fixed);
      n.precision(2);
      n << x.to_number<double>();
      return n.str();
    };
    const auto& first = t.at("first_adoption");
    const auto& named = t.at("outcome");
    out << t.at("table").as_int64() << "," << csv_cell(str(t.at("title"))) << "," << str(t.at("session_id")) << "," << str(t.at("status")) << ","
        << csv_cell(named.is_object() ? str(named.at("name")) : "") << "," << (t.at("in_force").as_bool() ? "yes" : "no") << "," << str(t.at("signatory_set")) << "," << csv_cell(signatories) << "," << csv_cell(text)
        << "," << (first.is_object() ? maybe(first.at("round")) : "") << "," << (first.is_object() ? maybe(first.at("minutes")) : "") << ","
        << maybe(t.at("distance_to_nash")) << "," << maybe(t.at("distance_to_frontier")) << "," << csv_cell(crises);
    for (const auto& r : d.at("roles").as_array()) {
      std::string gain;
      for (const auto& u : t.at("utilities").as_array()) {
        if (str(u.at("role")) == str(r.at("role"))) gain = maybe(u.at("gain"));
      }
      out << "," << gain;
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace parley::cohort
