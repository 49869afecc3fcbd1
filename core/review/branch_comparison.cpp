// Two reviews of related sessions (a session and its what-if branch, or any
// two of one scenario) side by side: where their records part, and what
// came out differently.

#include <algorithm>
#include <map>

#include "review/review_context.hpp"
#include "review/review_model.hpp"

namespace parley::review {
namespace json = boost::json;
namespace {


const json::value* at_path(const json::object& o, std::initializer_list<const char*> path) {
  const json::value* v = nullptr;
  const json::object* cur = &o;
  for (const char* key : path) {
    if (!cur || !(v = cur->if_contains(key))) return nullptr;
    cur = v->is_object() ? &v->as_object() : nullptr;
  }
  return v;
}

std::vector<const json::object*> flat_events(const json::object& review) {
  std::vector<const json::object*> out;
  for (const auto& round : review.at("timeline").as_object().at("rounds").as_array()) {
    for (const auto& e : round.as_object().at("events").as_array()) out.push_back(&e.as_object());
  }
  return out;
}

json::object divergence(const json::object& a, const json::object& b) {
  const auto* b_from = at_path(b, {"lineage", "forked_from"});
  const auto* a_from = at_path(a, {"lineage", "forked_from"});
  if (b_from && plain(*b_from) == plain(a.at("session_id"))) {
    return json::object{{"after_seq", b.at("lineage").as_object().at("forked_at")}, {"how", "the second is a branch of the first"}};
  }
  if (a_from && plain(*a_from) == plain(b.at("session_id"))) {
    return json::object{{"after_seq", a.at("lineage").as_object().at("forked_at")}, {"how", "the first is a branch of the second"}};
  }
  auto ea = flat_events(a), eb = flat_events(b);
  std::size_t i = 0;
  while (i < ea.size() && i < eb.size() && ea[i]->at("type") == eb[i]->at("type") && ea[i]->at("what") == eb[i]->at("what")) ++i;
  return json::object{{"after_seq", i == 0 ? json::value(0) : ea[i - 1]->at("seq")}, {"how", "their records agree up to this event"}};
}

// The first event of each side after the divergence, in words.
json::value first_after(const json::object& review, std::int64_t seq) {
  for (const auto* e : flat_events(review)) {
    if (e->at("seq").to_number<std::int64_t>() > seq) return e->at("what");
  }
  return nullptr;
}

std::string text_line(const json::value& text) {
  if (text.is_null()) return "none adopted";
  std::string out = plain(text.as_object().at("id")) + ":";
  for (const auto& c : text.as_object().at("clauses").as_array()) out += " " + plain(c.as_object().at("option"));
  return out;
}

std::string list_line(const json::value& v) {
  std::string out;
  for (const auto& x : v.as_array()) out += (out.empty() ? "" : ", ") + plain(x);
  return out.empty() ? "none" : out;
}

// A text in words: "Membership: Core bloc; Command: Joint council", or "none adopted".
std::string text_words(const json::value& text) {
  if (text.is_null()) return "none adopted";
  std::string out;
  for (const auto& c : text.as_object().at("clauses").as_array()) {
    out += (out.empty() ? "" : "; ") + plain(c.as_object().at("issue_name")) + ": " + plain(c.as_object().at("label"));
  }
  return out;
}

json::object row(const std::string& item, const std::string& a, const std::string& b) {
  return json::object{{"item", item}, {"a", a}, {"b", b}, {"same", a == b}};
}

std::map<std::string, std::string> clause_map(const json::value& text) {
  std::map<std::string, std::string> out;
  if (text.is_null()) return out;
  for (const auto& c : text.as_object().at("clauses").as_array()) {
    const auto& o = c.as_object();
    out[plain(o.at("issue_name"))] = plain(o.at("option")) + " " + plain(o.at("label"));
  }
  return out;
}

}  // namespace

json::object compare_reviews(const json::object& a, const json::object& b) {
  const auto& oa = a.at("outcome").as_object();
  const auto& ob = b.at("outcome").as_object();
  json::array rows;
  rows.push_back(row("adopted text", text_line(oa.at("adopted_text")), text_line(ob.at("adopted_text"))));
  rows.push_back(row("in force", oa.at("in_force").as_bool() ? "yes" : "no", ob.at("in_force").as_bool() ? "yes" : "no"));
  rows.push_back(row("signatories", list_line(oa.at("signatories")), list_line(ob.at("signatories"))));
  std::map<std::string, std::pair<std::string, std::string>> crises;
  for (const auto& c : a.at("stress_test").as_array()) crises[plain(c.as_object().at("crisis"))].first = plain(c.as_object().at("outcome"));
  for (const auto& c : b.at("stress_test").as_array()) crises[plain(c.as_object().at("crisis"))].second = plain(c.as_object().at("outcome"));
  for (const auto& [id, pair] : crises) {
    rows.push_back(row("crisis " + id, pair.first.empty() ? "not run" : pair.first, pair.second.empty() ? "not run" : pair.second));
  }
  std::map<std::string, std::pair<std::string, std::string>> totals;
  for (const auto& u : a.at("value").as_object().at("utilities").as_array()) {
    totals[plain(u.as_object().at("role"))].first = number(u.as_object().at("total").as_double());
  }
  for (const auto& u : b.at("value").as_object().at("utilities").as_array()) {
    totals[plain(u.as_object().at("role"))].second = number(u.as_object().at("total").as_double());
  }
  for (const auto& [role, pair] : totals) rows.push_back(row("utility of " + role, pair.first, pair.second));
  json::array clauses;
  auto ca = clause_map(oa.at("adopted_text")), cb = clause_map(ob.at("adopted_text"));
  for (const auto& [issue, option] : ca) {
    if (cb.count(issue) && cb[issue] != option) clauses.push_back(json::object{{"issue", issue}, {"a", option}, {"b", cb[issue]}});
  }
  auto where = divergence(a, b);
  auto seq = where.at("after_seq").to_number<std::int64_t>();
  where["first_in_a"] = first_after(a, seq);
  where["first_in_b"] = first_after(b, seq);
  return json::object{{"a", json::object{{"session_id", a.at("session_id")}, {"title", a.at("title")}}},
                      {"b", json::object{{"session_id", b.at("session_id")}, {"title", b.at("title")}}},
                      {"divergence", where},
                      {"outcomes", rows},
                      {"clauses_that_differ", clauses}};
}

json::object compare_many(const std::vector<json::object>& reviews) {
  json::array sessions, outcomes, differ;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> items;
  auto add = [&](const std::string& item, std::size_t i, const std::string& value) {
    auto at = std::find(items.begin(), items.end(), item) - items.begin();
    if (static_cast<std::size_t>(at) == items.size()) {
      items.push_back(item);
      rows.emplace_back(reviews.size(), "not run");
    }
    rows[at][i] = value;
  };
  std::map<std::string, std::vector<std::string>> clauses;
  for (std::size_t i = 0; i < reviews.size(); ++i) {
    const auto& r = reviews[i];
    const auto& o = r.at("outcome").as_object();
    sessions.push_back(json::object{{"session_id", r.at("session_id")}, {"title", r.at("title")}});
    add("adopted text", i, text_words(o.at("adopted_text")));
    add("in force", i, o.at("in_force").as_bool() ? "yes" : "no");
    add("signatories", i, list_line(o.at("signatories")));
    for (const auto& c : r.at("stress_test").as_array()) add("crisis: " + plain(c.as_object().at("title")), i, plain(c.as_object().at("outcome")));
    for (const auto& u : r.at("value").as_object().at("utilities").as_array()) {
      add("utility of " + plain(u.as_object().at("name")), i, number(u.as_object().at("total").as_double()));
    }
    for (const auto& [issue, option] : clause_map(o.at("adopted_text"))) {
      clauses[issue].resize(reviews.size(), "none");
      clauses[issue][i] = option;
    }
  }
  for (std::size_t k = 0; k < items.size(); ++k) {
    json::array values;
    for (const auto& v : rows[k]) values.push_back(json::value(v));
    bool same = std::all_of(rows[k].begin(), rows[k].end(), [&](const std::string& v) { return v == rows[k][0]; });
    outcomes.push_back(json::object{{"item", items[k]}, {"values", values}, {"same", same}});
  }
  for (auto& entry : clauses) {
    auto& values = entry.second;  // not a structured binding: clang does not let a lambda capture one
    values.resize(reviews.size(), "none");
    const std::string& first = values[0];
    if (std::all_of(values.begin(), values.end(), [&first](const std::string& v) { return v == first; })) continue;
    json::array vs;
    for (const auto& v : values) vs.push_back(json::value(v));
    differ.push_back(json::object{{"issue", entry.first}, {"values", vs}});
  }
  return json::object{{"sessions", sessions}, {"outcomes", outcomes}, {"clauses_that_differ", differ}};
}

}  // namespace parley::review
