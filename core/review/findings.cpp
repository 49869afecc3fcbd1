// The review in words: the summary's sentences and the HSEEP-shaped
// after-action report and improvement plan, all read off the sections the
// model already computed, plus the white cell's own notes.

#include <cmath>
#include <algorithm>
#include <ctime>
#include <map>
#include <set>

#include "review/event_format.hpp"
#include "review/review_sections.hpp"

namespace parley::review {
namespace json = boost::json;
namespace pb = parley::v1;
namespace {

std::string utc(std::int64_t ms, const char* format) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

std::string clauses(const json::object& text) {
  std::vector<std::string> parts;
  for (const auto& c : text.at("clauses").as_array()) {
    const auto& o = c.as_object();
    parts.push_back(plain(o.at("issue_name")) + ": " + plain(o.at("option")) + " " + plain(o.at("label")));
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

std::vector<std::string> names_of(const ReviewContext& ctx, const json::array& ids) {
  std::vector<std::string> out;
  for (const auto& id : ids) out.push_back(ctx.name(plain(id)));
  return out;
}

// "Strength: ...", "Improve: issue | action | who | when", anything else an observation.
struct Note {
  std::string kind;  // strength, improvement, observation
  std::string text;
  std::vector<std::string> plan;  // issue, corrective action, responsible party, dates
  std::int64_t at_ms = 0;
  int round = 0;
};

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

bool starts_with_word(const std::string& text, const std::string& word) {
  if (text.size() < word.size() + 1) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) return false;
  }
  return text[word.size()] == ':';
}

Note parse_note(const std::string& raw) {
  for (const auto& [word, kind] : std::vector<std::pair<std::string, std::string>>{
           {"strength", "strength"}, {"improve", "improvement"}, {"improvement", "improvement"}, {"area", "improvement"}}) {
    if (!starts_with_word(raw, word)) continue;
    Note n{kind, trim(raw.substr(word.size() + 1)), {}};
    if (kind == "improvement") {
      std::size_t pos = 0;
      std::string rest = n.text;
      while (true) {
        auto bar = rest.find('|', pos);
        n.plan.push_back(trim(rest.substr(pos, bar == std::string::npos ? std::string::npos : bar - pos)));
        if (bar == std::string::npos) break;
        pos = bar + 1;
      }
      n.text = n.plan.front();
    }
    return n;
  }
  return {"observation", raw, {}};
}

std::vector<Note> notes(const ReviewContext& ctx) {
  std::vector<Note> out;
  const auto& events = ctx.trace.record().events;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (!events[i].event.has_note_recorded() || !ctx.sees_event(i)) continue;
    out.push_back(parse_note(events[i].event.note_recorded().text()));
    out.back().at_ms = events[i].at_ms;
    out.back().round = events[i].event.round();
  }
  return out;
}

// Each objective with the white cell's latest rating of it ("not rated" until it gives one).
json::array objective_ratings(const ReviewContext& ctx) {
  const auto& objectives = ctx.index().scenario().objectives();
  std::vector<const pb::ObjectiveRated*> latest(static_cast<std::size_t>(objectives.size()), nullptr);
  std::vector<std::int64_t> when(latest.size(), 0);
  const auto& events = ctx.trace.record().events;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i].event;
    if (!e.has_objective_rated() || e.objective_rated().objective() >= latest.size()) continue;
    latest[e.objective_rated().objective()] = &e.objective_rated();
    when[e.objective_rated().objective()] = events[i].at_ms;
  }
  json::array out;
  for (std::size_t k = 0; k < latest.size(); ++k) {
    const auto* r = latest[k];
    std::string rating = r == nullptr ? "not rated" : r->rating() == pb::MET ? "met" : r->rating() == pb::PARTLY_MET ? "partly met" : "not met";
    json::object item{{"objective", objectives[static_cast<int>(k)]}, {"rating", rating}, {"comment", r ? r->comment() : ""}};
    if (r) item["time"] = clock_time(when[k]);
    out.push_back(std::move(item));
  }
  return out;
}

json::object finding(const std::string& text, const std::string& source) { return json::object{{"text", text}, {"source", source}}; }

// Who blocked most: each delegation's "no" votes over every text put to a vote.
void blocker_sentence(const json::array& roll_calls, json::array& out) {
  std::map<std::string, int> no;
  std::set<std::string> texts;
  for (const auto& v : roll_calls) {
    texts.insert(plain(v.as_object().at("text")));
    for (const auto& name : v.as_object().at("no").as_array()) ++no[plain(name)];
  }
  std::vector<std::pair<int, std::string>> ranked;
  for (const auto& [name, n] : no) ranked.push_back({-n, name});
  std::sort(ranked.begin(), ranked.end());
  if (ranked.empty()) return;
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < ranked.size() && i < 3; ++i) parts.push_back(ranked[i].second + " (" + std::to_string(-ranked[i].first) + ")");
  // A text on the ballot in several rounds has a roll call in each: count both, and say which is which.
  auto plural = [](std::size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); };
  out.push_back(json::value("Over " + plural(roll_calls.size(), "roll call", "roll calls") + " on " + plural(texts.size(), "text", "texts") +
                            ", the most no votes came from " + name_list(parts) + "."));
}

void crisis_sentences(const json::array& crises, json::array& out) {
  for (const auto& c : crises) {
    const auto& o = c.as_object();
    std::string outcome = plain(o.at("outcome"));
    std::string what = outcome == "held" ? "the alliance held" : outcome == "failed" ? "the alliance did not hold" : "the pact was not invoked";
    std::string s = "In crisis " + plain(o.at("crisis")) + " (" + plain(o.at("title")) + "), " + what;
    if (!plain(o.at("decided_by")).empty()) s += "; the deciding clause was " + plain(o.at("decided_by"));
    if (!plain(o.at("deciding_reason")).empty()) s += ": " + plain(o.at("deciding_reason"));
    out.push_back(json::value(s + (s.back() == '.' ? "" : ".")));
  }
}

}  // namespace

json::array summary_sentences(const ReviewContext& ctx, const json::object& review) {
  json::array out;
  const auto& scenario = ctx.index().scenario();
  std::int64_t start = ctx.trace.start_ms(), end = ctx.trace.end_ms();
  std::string when = start == 0 ? "never started" : "held on " + utc(start, "%Y-%m-%d from %H:%M") + " to " + utc(end, "%H:%M UTC") +
                                                        " (" + duration_text(end - start) + ")";
  out.push_back(json::value("\"" + plain(review.at("title")) + "\", an exercise of the scenario \"" + scenario.title() + "\", " + when + "."));
  if (review.contains("lineage")) {
    const auto& l = review.at("lineage").as_object();
    out.push_back(json::value("A what-if branch of session " + plain(l.at("forked_from")) + ", forked after event " + plain(l.at("forked_at")) + "."));
  }
  const auto& outcome = review.at("outcome").as_object();
  if (const auto& category = outcome.at("category"); category.is_object()) {
    auto description = plain(category.at("description"));
    if (!description.empty() && description.back() != '.') description += '.';
    out.push_back(json::value("This table reached: " + plain(category.at("name")) + "." + (description.empty() ? "" : " " + description)));
  }
  if (outcome.at("adopted_text").is_null()) {
    std::string s = "No text was adopted";
    if (const auto* reasons = outcome.if_contains("no_text_reasons"); reasons && !reasons->as_array().empty()) {
      s += " (in the last vote: ";
      for (std::size_t i = 0; i < reasons->as_array().size(); ++i) s += (i ? "; " : "") + plain(reasons->as_array()[i]);
      s += ")";
    }
    out.push_back(json::value(s + "."));
  } else {
    const auto& t = outcome.at("adopted_text").as_object();
    out.push_back(json::value("Text " + plain(t.at("id")) + " (\"" + plain(t.at("title")) + "\", tabled by " + ctx.name(plain(t.at("author"))) +
                              ") was adopted: " + clauses(t) + "."));
    auto signers = names_of(ctx, outcome.at("signatories").as_array());
    std::string s = signers.empty() ? "Nobody signed it, so it" : "It was signed by " + name_list(signers) + " and";
    s += outcome.at("in_force").as_bool() ? " entered into force."
                                          : " did not enter into force" + (plain(outcome.at("signature_reason")).empty()
                                                                               ? std::string(".")
                                                                               : ": " + plain(outcome.at("signature_reason")) + ".");
    out.push_back(json::value(s));
    for (const auto& n : outcome.at("non_signers").as_array()) {
      const auto& o = n.as_object();
      std::string line = plain(o.at("name")) + " " + plain(o.at("action"));
      if (o.contains("reason")) line += ": " + plain(o.at("reason"));
      out.push_back(json::value(line + "."));
    }
    for (const auto& r : outcome.at("red_lines_crossed").as_array()) {
      out.push_back(json::value(ctx.name(plain(r)) + " signed although the text crosses one of its red lines."));
    }
  }
  blocker_sentence(review.at("roll_calls").as_array(), out);
  crisis_sentences(review.at("stress_test").as_array(), out);
  const auto& value = review.at("value").as_object();
  if (const auto* against = value.if_contains("against_frontier"); against && against->as_object().contains("distance_to_nash")) {
    const auto& a = against->as_object();
    out.push_back(json::value(std::string(value.at("treaty_in_force").as_bool() ? "The treaty in force" : "With no treaty, the outcome") +
                              " lies " + number(a.at("distance_to_nash").as_double()) + " from the Nash text and " +
                              number(a.at("distance_to_frontier").as_double()) + " from the Pareto frontier (utility points)."));
  }
  return out;
}

json::object aar_section(const ReviewContext& ctx, const json::object& review) {
  const auto& scenario = ctx.index().scenario();
  json::array objectives, questions, strengths, areas, observations, plan;
  for (const auto& o : scenario.objectives()) objectives.push_back(json::value(o));
  for (const auto& q : scenario.discussion_questions()) questions.push_back(json::value(q));
  for (const auto& n : notes(ctx)) {
    if (n.kind == "strength") strengths.push_back(finding(n.text, "white cell note"));
    if (n.kind == "observation") observations.push_back(json::value(n.text));
    if (n.kind != "improvement") continue;
    areas.push_back(finding(n.text, "white cell note"));
    auto col = [&](std::size_t i) { return i < n.plan.size() ? n.plan[i] : std::string(); };
    plan.push_back(json::object{{"issue", col(0)}, {"corrective_action", col(1)}, {"responsible", col(2)}, {"dates", col(3)},
                                {"source", "white cell note"}});
  }
  const auto& outcome = review.at("outcome").as_object();
  auto derived_area = [&](const std::string& text) {
    areas.push_back(finding(text, "derived from the record"));
    plan.push_back(json::object{{"issue", text}, {"corrective_action", ""}, {"responsible", ""}, {"dates", ""}, {"source", "derived from the record"}});
  };
  if (outcome.at("in_force").as_bool()) {
    strengths.push_back(finding("A treaty entered into force with " + std::to_string(outcome.at("signatories").as_array().size()) + " signatories.",
                                "derived from the record"));
  } else if (outcome.at("adopted_text").is_null()) {
    derived_area("No text was adopted under the rule (" + plain(outcome.at("adoption_rule")) + ").");
  } else {
    derived_area("The adopted text did not enter into force" +
                 (plain(outcome.at("signature_reason")).empty() ? std::string(".") : ": " + plain(outcome.at("signature_reason")) + "."));
  }
  for (const auto& n : outcome.at("non_signers").as_array()) {
    const auto& o = n.as_object();
    derived_area(plain(o.at("name")) + " " + plain(o.at("action")) + (o.contains("reason") ? ": " + plain(o.at("reason")) : "") + ".");
  }
  for (const auto& r : outcome.at("red_lines_crossed").as_array()) derived_area(ctx.name(plain(r)) + " signed across one of its red lines.");
  for (const auto& c : review.at("stress_test").as_array()) {
    const auto& o = c.as_object();
    std::string head = "crisis " + plain(o.at("crisis")) + " (" + plain(o.at("title")) + ")";
    std::string why = plain(o.at("deciding_reason")).empty() ? "" : ": " + plain(o.at("deciding_reason"));
    if (plain(o.at("outcome")) == "held") strengths.push_back(finding("The alliance held in " + head + why, "derived from the record"));
    if (plain(o.at("outcome")) == "failed") derived_area("The alliance failed in " + head + ", decided by " + plain(o.at("decided_by")) + why);
  }
  const auto& overview_src = review.at("participants").as_array();
  int humans = 0, bots = 0;
  for (const auto& p : overview_src) {
    for (const auto& s : p.as_object().at("seats").as_array()) {
      const auto* kind = s.as_object().if_contains("player");
      if (kind && plain(*kind) == "bot") ++bots;
      if (kind && plain(*kind) == "human") ++humans;
    }
  }
  json::object overview{{"exercise", plain(review.at("title"))}, {"scenario", scenario.title()}, {"summary", scenario.summary()},
                        {"start_ms", ctx.trace.start_ms()}, {"end_ms", ctx.trace.end_ms()}, {"rounds", ctx.trace.state().round()},
                        {"adoption_rule", outcome.at("adoption_rule")}};
  if (ctx.white()) {
    overview["human_seats"] = humans;
    overview["bot_seats"] = bots;
    overview["participants"] = review.at("participant_counts");
  }
  json::object out{{"overview", overview},       {"objectives", objectives},     {"strengths", strengths},
                   {"areas_for_improvement", areas}, {"observations", observations}, {"improvement_plan", plan},
                   {"discussion_questions", questions}};
  if (ctx.white()) {
    out["objective_ratings"] = objective_ratings(ctx);
    json::array timed;
    for (const auto& n : notes(ctx)) {
      timed.push_back(json::object{{"time", clock_time(n.at_ms)}, {"at_ms", n.at_ms}, {"round", n.round}, {"kind", n.kind}, {"text", n.text}});
    }
    out["notes"] = timed;
  }
  return out;
}

}  // namespace parley::review
