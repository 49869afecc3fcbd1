#include "review/review_context.hpp"

#include <algorithm>

#include <cstdio>

namespace parley::review {
namespace json = boost::json;
namespace pb = parley::v1;

std::string ReviewContext::name(const std::string& id) const {
  auto r = index().role_index(id);
  return r ? name(*r) : id;
}

json::object text_json(const engine::ScenarioIndex& index, const std::string& id, const engine::Text& text) {
  json::array clauses;
  for (int i = 0; i < index.issue_count() && i < static_cast<int>(text.size()); ++i) {
    if (text[i] < 0) continue;
    const auto& o = index.option(i, text[i]);
    clauses.push_back(json::object{{"issue", index.issue(i).id()}, {"issue_name", index.issue(i).name()},
                                   {"option", o.id()}, {"label", o.label()}});
  }
  return json::object{{"id", id}, {"clauses", clauses}};
}

pb::TreatyText to_treaty_text(const engine::ScenarioIndex& index, const engine::Text& text) {
  pb::TreatyText t;
  for (int i = 0; i < index.issue_count(); ++i) {
    if (text[i] >= 0) (*t.mutable_options())[index.issue(i).id()] = index.option(i, text[i]).id();
  }
  return t;
}

std::string describe_effect(const engine::ScenarioIndex& index, const pb::Effect& e) {
  auto issue_name = [&](const std::string& id) {
    for (int i = 0; i < index.issue_count(); ++i) {
      if (index.issue(i).id() == id) return index.issue(i).name();
    }
    return id;
  };
  auto signed_number = [](double v) { return (v > 0 ? "+" : "") + number(v); };
  if (e.has_weight_shift()) {
    return "weight " + number(e.weight_shift().amount()) + " moved from " + issue_name(e.weight_shift().from_issue()) + " to " +
           issue_name(e.weight_shift().to_issue());
  }
  if (e.has_score()) {
    return "score of " + e.score().option() + (e.score().set() ? " set to " + number(e.score().delta()) : " " + signed_number(e.score().delta()));
  }
  return "BATNA " + signed_number(e.batna_delta());
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string out = buf;
  if (out.size() > 2 && out.substr(out.size() - 2) == ".0") out.resize(out.size() - 2);
  return out == "-0" ? "0" : out;
}

std::string plain(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_double()) return number(v.as_double());
  return json::serialize(v);
}

std::string joined(const json::value& list) {
  std::string out;
  for (const auto& x : list.as_array()) out += (out.empty() ? "" : ", ") + plain(x);
  return out.empty() ? "—" : out;
}

std::string person_names(const boost::json::object& seat) {
  std::vector<std::string> names;
  if (const auto* r = seat.if_contains("roster_name")) names.push_back(plain(*r));
  if (const auto* people = seat.if_contains("people")) {
    for (const auto& p : people->as_array()) {
      if (std::find(names.begin(), names.end(), plain(p)) == names.end()) names.push_back(plain(p));
    }
  }
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string duration_text(std::int64_t ms) {
  std::int64_t minutes = ms / 60000;
  if (minutes < 1) return std::to_string(ms / 1000) + " s";
  if (minutes < 60) return std::to_string(minutes) + " min";
  return std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
}

std::string name_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace parley::review
