#include "bots/rehearsal_report.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/analyzer.hpp"
#include "engine/outcome_category.hpp"

namespace parley::bots {
namespace json = boost::json;

namespace {

const char* const kSets[] = {"full bloc", "small core", "bilateral", "none"};
// A crisis the pact obliged nobody to answer, and nobody did, neither held nor failed.
const char* const kOutcomes[] = {"held", "failed", "not invoked"};

std::string json_key(const std::string& outcome) { return outcome == "not invoked" ? "not_invoked" : outcome; }

// Templates, so they can take the report's private tally type.
template <class Tally>
int count_of(const Tally& t, const std::string& outcome) {
  auto it = t.runs.find(outcome);
  return it == t.runs.end() ? 0 : it->second;
}

template <class Tally>
int total(const Tally& t) {
  int n = 0;
  for (const auto& [outcome, k] : t.runs) n += k;
  return n;
}
constexpr std::size_t kTopTexts = 8;
constexpr std::size_t kTopSignatories = 6;

std::string percent(int n, int of) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%5.1f%%", of > 0 ? 100.0 * n / of : 0.0);
  return buf;
}

std::string row(const std::string& label, int n, int of, std::size_t width = 28) {
  std::string out = "  " + label;
  if (out.size() < width) out.append(width - out.size(), ' ');
  char buf[64];
  std::snprintf(buf, sizeof buf, " %6d  %s", n, percent(n, of).c_str());
  return out + buf + "\n";
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+7.1f", v);
  return buf;
}

json::object counts(const std::map<std::string, int>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

}  // namespace

RehearsalReport::RehearsalReport(const engine::ScenarioIndex& index, const RehearsalPlan& plan, const std::vector<RehearsedGame>& games)
    : index_(index), plan_(plan) {
  for (int r : index_.delegations()) delegations_.push_back(index_.role(r).id());
  for (const auto* set : kSets) sets_[set] = 0;
  for (const auto& c : index_.scenario().outcomes()) categories_.emplace_back(c.id(), c.name());
  if (!categories_.empty()) categories_.emplace_back(engine::kOtherOutcomeId, engine::kOtherOutcomeName);
  for (const auto& [id, name] : categories_) reached_[id] = 0;
  for (const auto& game : games) add(game);
  measure_frontier_distance();
}

void RehearsalReport::measure_frontier_distance() {
  if (adopted_.empty()) return;
  engine::Analyzer analyzer(index_, index_.starting_profiles());
  auto analysis = analyzer.run();
  double sum = 0;
  int n = 0;
  for (const auto& [text, count] : adopted_) {
    double d = analyzer.distance_to_frontier(text, analysis);
    sum += d * count;
    n += count;
    frontier_max_ = std::max(frontier_max_, d);
  }
  frontier_mean_ = n > 0 ? sum / n : 0;
}

void RehearsalReport::add(const RehearsedGame& game) {
  ++runs_;
  if (!game.error.empty()) {
    if (errors_++ == 0) first_error_ = game.error;
    return;
  }
  ++played_;
  const auto& o = game.outcome;
  auto& st = by_strategy_[strategy_name(game.strategy)];
  ++st.runs;
  st.in_force += o.in_force;
  ++st.sets[o.signatory_set];
  in_force_ += o.in_force;
  if (!o.category.empty()) ++reached_[o.category];
  ++sets_[o.signatory_set];
  std::string who;
  for (const auto& r : o.signatories) who += (who.empty() ? "" : " ") + r;
  ++signatories_[who.empty() ? "(nobody)" : who];
  if (o.adopted.empty()) {
    ++not_adopted_;
  } else {
    ++adopted_[o.adopted];
  }
  for (const auto& c : o.crises) {
    if (!crises_.count(c.crisis)) crisis_order_.push_back(c.crisis);
    auto& t = crises_[c.crisis];
    ++t.runs[c.outcome];
    ++t.by[c.outcome][c.decided_by];
  }
  for (const auto& g : o.gains) {
    auto& a = gains_[g.role];
    a.min = a.n == 0 ? g.gain : std::min(a.min, g.gain);
    a.max = a.n == 0 ? g.gain : std::max(a.max, g.gain);
    a.sum += g.gain;
    ++a.n;
  }
}

std::string RehearsalReport::text_ids(const engine::Text& t) const {
  std::string out;
  for (int i = 0; i < index_.issue_count(); ++i) {
    if (t[i] >= 0) out += (out.empty() ? "" : " ") + index_.option(i, t[i]).id();
  }
  return out;
}

std::string RehearsalReport::text_labels(const engine::Text& t) const {
  std::string out;
  for (int i = 0; i < index_.issue_count(); ++i) {
    if (t[i] >= 0) out += (out.empty() ? "" : "; ") + index_.option(i, t[i]).id() + " " + index_.option(i, t[i]).label();
  }
  return out;
}

// Most frequent first; ties in text order, so the order never depends on anything but the counts.
std::vector<std::pair<engine::Text, int>> RehearsalReport::adopted_by_count() const {
  std::vector<std::pair<engine::Text, int>> v(adopted_.begin(), adopted_.end());
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return v;
}

std::vector<std::pair<std::string, int>> RehearsalReport::signatories_by_count() const {
  std::vector<std::pair<std::string, int>> v(signatories_.begin(), signatories_.end());
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return v;
}

json::object RehearsalReport::to_json() const {
  json::array strategies;
  for (auto s : plan_.strategies) strategies.push_back(json::value(strategy_name(s)));
  json::object sets;
  for (const auto* set : kSets) sets[set] = sets_.at(set);
  json::array who;
  for (const auto& [roles, n] : signatories_by_count()) who.push_back(json::object{{"roles", roles}, {"count", n}});
  json::array adopted;
  for (const auto& [t, n] : adopted_by_count()) {
    json::object text, labels;
    for (int i = 0; i < index_.issue_count(); ++i) {
      if (t[i] < 0) continue;
      text[index_.issue(i).id()] = index_.option(i, t[i]).id();
      labels[index_.option(i, t[i]).id()] = index_.option(i, t[i]).label();
    }
    adopted.push_back(json::object{{"text", text}, {"labels", labels}, {"count", n}});
  }
  json::array crises;
  for (const auto& id : crisis_order_) {
    const auto& c = crises_.at(id);
    const auto* inj = index_.inject(id);
    json::object item{{"crisis", id}, {"title", inj ? inj->title() : ""}, {"runs", total(c)}};
    json::object decided;
    for (const char* outcome : kOutcomes) {
      item[json_key(outcome)] = count_of(c, outcome);
      decided[json_key(outcome)] = counts(c.by.count(outcome) ? c.by.at(outcome) : std::map<std::string, int>{});
    }
    item["decided_by"] = decided;
    crises.push_back(item);
  }
  json::object gains;
  for (const auto& role : delegations_) {
    auto it = gains_.find(role);
    if (it == gains_.end()) continue;
    const auto& g = it->second;
    gains[role] = json::object{{"mean", g.sum / g.n}, {"min", g.min}, {"max", g.max}};
  }
  json::object by_strategy;
  for (const auto& [name, st] : by_strategy_) {
    by_strategy[name] = json::object{{"runs", st.runs}, {"in_force", st.in_force}, {"signatory_sets", counts(st.sets)}};
  }
  json::value frontier = adopted_.empty() ? json::value(nullptr)
                                          : json::value(json::object{{"mean", frontier_mean_}, {"max", frontier_max_}});
  json::array outcomes;  // in the scenario's order, "other" last
  for (const auto& [id, name] : categories_) {
    int n = reached_.at(id);
    outcomes.push_back(json::object{{"id", id}, {"name", name}, {"count", n}, {"share", played_ > 0 ? static_cast<double>(n) / played_ : 0.0}});
  }
  return {{"scenario", index_.scenario().id()}, {"runs", runs_},         {"played", played_},
          {"outcomes", outcomes},
          {"in_force_share", played_ > 0 ? static_cast<double>(in_force_) / played_ : 0.0},
          {"adopted_frontier_distance", frontier},
          {"errors", errors_},                  {"seed", plan_.seed},     {"strategies", strategies},
          {"in_force", in_force_},              {"signatory_sets", sets}, {"signatories", who},
          {"not_adopted", not_adopted_},        {"adopted", adopted},     {"crises", crises},
          {"gains", gains},                     {"by_strategy", by_strategy}};
}

void RehearsalReport::print(std::ostream& out) const {
  out << "Rehearsal of " << index_.scenario().id() << ": " << runs_ << " runs, seed " << plan_.seed << ", strategies";
  for (auto s : plan_.strategies) out << " " << strategy_name(s);
  out << "\n";
  if (errors_ > 0) out << "  " << errors_ << " run(s) could not be played; the first: " << first_error_ << "\n";
  if (!categories_.empty()) {
    out << "\nOutcomes (the scenario's named paths; the first that fits)\n";
    for (const auto& [id, name] : categories_) out << row(name, reached_.at(id), played_, 44);
  }
  out << "\nTreaty\n" << row("in force", in_force_, played_) << row("not in force", played_ - in_force_, played_);
  if (!adopted_.empty()) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "  adopted texts' distance to the Pareto frontier: mean %.2f, at most %.1f (utility points; 0 is on it)\n",
                  frontier_mean_, frontier_max_);
    out << buf;
  }
  out << "\nSignatories\n";
  for (const auto* set : kSets) out << row(set, sets_.at(set), played_);
  out << "\nMost frequent signatory sets\n";
  auto who = signatories_by_count();
  for (std::size_t k = 0; k < who.size() && k < kTopSignatories; ++k) out << row(who[k].first, who[k].second, played_);
  out << "\nAdopted texts (" << adopted_.size() << " different)\n";
  auto texts = adopted_by_count();
  for (std::size_t k = 0; k < texts.size() && k < kTopTexts; ++k) {
    out << row(text_ids(texts[k].first), texts[k].second, played_) << "      " << text_labels(texts[k].first) << "\n";
  }
  if (texts.size() > kTopTexts) out << "  … and " << texts.size() - kTopTexts << " more\n";
  out << row("nothing adopted", not_adopted_, played_);
  out << "\nCrises (in the runs whose treaty entered into force)\n";
  if (crisis_order_.empty()) out << "  none was run\n";
  for (const auto& id : crisis_order_) {
    const auto& c = crises_.at(id);
    const auto* inj = index_.inject(id);
    int n = total(c);
    out << "  " << id << " " << (inj ? inj->title() : "") << " (" << n << " runs)\n";
    for (const char* outcome : kOutcomes) {
      out << "  " << row(outcome, count_of(c, outcome), n, 26);
      if (c.by.count(outcome)) {
        for (const auto& [clause, k] : c.by.at(outcome)) out << "    " << row("by " + clause, k, n, 24);
      }
    }
  }
  out << "\nUtility against BATNA (treaty value, pledges and crisis costs, minus BATNA)\n  role       mean      min      max\n";
  for (const auto& role : delegations_) {
    auto it = gains_.find(role);
    if (it == gains_.end()) continue;
    const auto& g = it->second;
    std::string name = role;
    name.resize(std::max<std::size_t>(name.size(), 7), ' ');
    out << "  " << name << "  " << number(g.sum / g.n) << "  " << number(g.min) << "  " << number(g.max) << "\n";
  }
  if (by_strategy_.size() > 1) {
    out << "\nBy strategy\n";
    for (const auto& [name, st] : by_strategy_) {
      out << "  " << name << ": " << st.runs << " runs, in force " << percent(st.in_force, st.runs) << "\n";
    }
  }
}

}  // namespace parley::bots
