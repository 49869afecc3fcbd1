// Sections that ask the engine's Analyzer about the record: positions over
// time, what each inject changed, and the value left on the table.

#include <cmath>
#include <limits>

#include "engine/analyzer.hpp"
#include "engine/power_index.hpp"
#include "engine/roll_call.hpp"
#include "engine/state_access.hpp"
#include "review/review_sections.hpp"

namespace parley::review {
namespace json = boost::json;
namespace pb = parley::v1;
namespace {

double euclid(const std::vector<double>& a, const std::vector<double>& b) {
  double d = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(d);
}

// Delegations whose profile the viewer may read.
std::vector<int> visible_delegations(const ReviewContext& ctx) {
  std::vector<int> out;
  for (int r : ctx.index().delegations()) {
    if (ctx.sees_profile(r)) out.push_back(r);
  }
  return out;
}

bool complete_profiles(const Profiles& profiles, const engine::ScenarioIndex& index) {
  for (int r : index.delegations()) {
    if (!profiles[r]) return false;
  }
  return true;
}

// Per round: the tabled draft nearest the Nash text of that round's profiles.
json::array nash_by_round(const ReviewContext& ctx) {
  json::array out;
  const auto& drafts = ctx.trace.drafts();
  for (const auto& end : ctx.trace.rounds()) {
    if (end.round == 0 || !complete_profiles(end.profiles, ctx.index())) continue;
    engine::Analyzer analyzer(ctx.index(), end.profiles);
    const auto& analysis = ctx.analyses->run(end.profiles);
    if (analysis.nash.empty()) continue;
    json::object item{{"round", end.round}, {"nash_text", text_json(ctx.index(), "Nash", analysis.nash.back().text)}, {"best_draft", nullptr}};
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i : end.drafts) {
      if (!engine::is_complete(drafts[i].text)) continue;
      double d = *analyzer.distance_to_nash(drafts[i].text, analysis);
      if (d < best) {
        best = d;
        item["best_draft"] = drafts[i].text_id;
        item["distance"] = d;
      }
    }
    out.push_back(std::move(item));
  }
  return out;
}

// Issue by issue where the adopted text and the Nash text differ, and what
// taking the Nash clause instead would have been worth to each delegation.
json::array adopted_against_nash(const ReviewContext& ctx, const engine::Text& adopted, const engine::Text& nash,
                                 const Profiles& profiles) {
  const auto& index = ctx.index();
  json::array out;
  for (int i = 0; i < index.issue_count(); ++i) {
    if (adopted[i] == nash[i] || adopted[i] < 0 || nash[i] < 0) continue;
    engine::Text swapped = adopted;
    swapped[i] = nash[i];
    json::object cost;
    for (int r : index.delegations()) cost[index.role(r).id()] = engine::utility(*profiles[r], swapped) - engine::utility(*profiles[r], adopted);
    const auto& a = index.option(i, adopted[i]);
    const auto& n = index.option(i, nash[i]);
    out.push_back(json::object{{"issue", index.issue(i).id()}, {"issue_name", index.issue(i).name()},
                               {"adopted", a.id() + " " + a.label()}, {"nash", n.id() + " " + n.label()}, {"nash_minus_adopted", cost}});
  }
  return out;
}

json::object zone(const ReviewContext& ctx, const Profiles& profiles) {
  const auto& index = ctx.index();
  const auto& a = ctx.analyses->run(profiles);
  json::object out{{"acceptable_texts", a.acceptable}, {"examined", a.examined}};
  if (!a.nash.empty()) {
    out["nash_text"] = text_json(index, "Nash", a.nash.back().text);
    out["nash_signatories"] = a.nash.back().signatories;
  }
  return out;
}

// The text voting power is measured on: the adopted one, else the latest
// complete draft (or, for the white cell, the Nash text).
std::optional<std::pair<std::string, engine::Text>> power_text(const ReviewContext& ctx, const engine::Analysis* analysis) {
  const auto& s = ctx.trace.state();
  if (const auto* adopted = engine::find_text(s, s.adopted_text_id())) {
    return std::make_pair(adopted->text_id(), engine::to_text(ctx.index(), adopted->options()));
  }
  const auto& drafts = ctx.trace.drafts();
  for (auto it = drafts.rbegin(); it != drafts.rend(); ++it) {
    if (engine::is_complete(it->text)) return std::make_pair(it->text_id, it->text);
  }
  if (analysis && !analysis->nash.empty()) return std::make_pair(std::string("the Nash text"), analysis->nash.back().text);
  return std::nullopt;
}

json::object power_section(const ReviewContext& ctx, const engine::Analysis* analysis) {
  auto text = power_text(ctx, analysis);
  if (!text) return {};
  const auto& rule = ctx.index().scenario().structure().adoption();
  auto power = engine::voting_power(ctx.index(), rule, to_treaty_text(ctx.index(), text->second));
  json::array voters;
  for (const auto& v : power.voters) {
    voters.push_back(json::object{{"role", ctx.index().role(v.role).id()}, {"name", ctx.name(v.role)}, {"swings", v.swings},
                                  {"banzhaf", v.banzhaf}, {"shapley_shubik", v.shapley_shubik}});
  }
  return json::object{{"text", text->first}, {"rule", engine::describe_rule(rule)}, {"computed", power.computed},
                      {"winning_coalitions", power.winning_coalitions}, {"voters", voters}};
}

}  // namespace

json::object positions_section(const ReviewContext& ctx) {
  auto roles = visible_delegations(ctx);
  json::array drafts;
  for (const auto& d : ctx.trace.drafts()) {
    json::object utility, batna, signs;
    for (int r : roles) {
      const auto& p = d.profiles[r];
      if (!p) continue;
      utility[ctx.index().role(r).id()] = engine::utility(*p, d.text);
      batna[ctx.index().role(r).id()] = p->batna;
      signs[ctx.index().role(r).id()] = engine::would_sign(*p, d.text);
    }
    drafts.push_back(json::object{{"text_id", d.text_id}, {"parent", d.parent_id}, {"seq", d.seq}, {"at_ms", d.at_ms},
                                  {"round", d.round}, {"author", d.author}, {"title", d.title},
                                  {"complete", engine::is_complete(d.text)}, {"utility", utility}, {"batna", batna},
                                  {"would_sign", signs}});
  }
  json::array shown;
  for (int r : roles) shown.push_back(json::value(ctx.index().role(r).id()));
  json::object out{{"roles", shown}, {"drafts", drafts}};
  if (ctx.white()) out["nash_by_round"] = nash_by_round(ctx);
  return out;
}

json::array inject_section(const ReviewContext& ctx) {
  const auto& events = ctx.trace.record().events;
  json::array out;
  auto shift_for = [&](const std::string& source, bool ruling) -> const ProfileShift* {
    for (const auto& s : ctx.trace.shifts()) {
      if (s.source == source && s.ruling == ruling) return &s;
    }
    return nullptr;
  };
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i].event;
    if ((!e.has_inject_released() && !e.has_ruling()) || !ctx.sees_event(i)) continue;
    bool ruling = e.has_ruling();
    const auto& audience = ruling ? e.ruling().audience() : e.inject_released().audience();
    json::array to;
    for (const auto& id : audience) to.push_back(json::value(ctx.name(id)));
    json::object item{{"id", ruling ? e.ruling().ruling_id() : e.inject_released().inject_id()}, {"kind", ruling ? "ruling" : "inject"},
                      {"title", ruling ? e.ruling().text() : e.inject_released().title()}, {"seq", events[i].seq},
                      {"round", e.round()}, {"audience", to}};
    // A crisis released ahead of the stress test reaches the white cell alone, then everyone when it opens.
    if (const auto* inj = ruling ? nullptr : ctx.index().inject(e.inject_released().inject_id()); inj && inj->has_crisis()) {
      bool opened = std::any_of(events.begin(), events.end(), [&](const auto& r) {
        return r.event.has_crisis_opened() && r.event.crisis_opened().inject_id() == inj->id();
      });
      item["audience"] = opened ? json::array{} : to;
      item["audience_note"] = opened ? "chosen for the stress test; secret until it opened there, then seen by everyone"
                                     : "chosen for the stress test but never opened: only the white cell knew of it";
    }
    json::array changes;
    const auto* shift = shift_for(item["id"].as_string().c_str(), ruling);
    if (shift) {
      for (const auto& pc : shift->changes) {
        auto r = ctx.index().role_index(pc.role());
        if (!r || !ctx.sees_profile(*r)) continue;
        json::array effects;
        for (const auto& eff : pc.effects()) effects.push_back(json::value(describe_effect(ctx.index(), eff)));
        changes.push_back(json::object{{"role", pc.role()}, {"name", ctx.name(*r)}, {"effects", effects},
                                       {"batna_before", shift->before[*r] ? shift->before[*r]->batna : 0},
                                       {"batna_after", shift->after[*r] ? shift->after[*r]->batna : 0}});
      }
      if (ctx.white() && complete_profiles(shift->before, ctx.index())) {
        item["zone_before"] = zone(ctx, shift->before);
        item["zone_after"] = zone(ctx, shift->after);
      }
    }
    item["changes"] = changes;
    out.push_back(std::move(item));
  }
  return out;
}

json::object value_section(const ReviewContext& ctx) {
  const auto& index = ctx.index();
  const auto& s = ctx.trace.state();
  const auto& profiles = ctx.trace.signing_profiles();
  const auto* adopted = engine::find_text(s, s.adopted_text_id());
  std::optional<engine::Text> in_force;
  if (adopted && s.in_force()) in_force = engine::to_text(index, adopted->options());
  const engine::Analysis* analysis = nullptr;
  std::optional<engine::Analyzer> analyzer;
  if (ctx.white() && complete_profiles(profiles, index)) {
    analyzer.emplace(index, profiles);
    analysis = &ctx.analyses->run(profiles);
  }
  json::array utilities;
  std::vector<double> outcome_point;
  for (int r = 0; r < index.role_count(); ++r) {
    const auto& p = profiles[r];
    if (!p || !ctx.sees_profile(r)) continue;
    const auto& rs = s.roles(r);
    double treaty = in_force ? engine::utility(*p, *in_force) : p->batna;
    double side = static_cast<double>(rs.received() - rs.paid()) * p->point_utility - rs.crisis_cost() * p->point_utility - rs.penalty();
    json::object row{{"role", index.role(r).id()}, {"name", ctx.name(r)}, {"kind", pb::RoleKind_Name(index.role(r).kind())},
                     {"batna", p->batna}, {"treaty", treaty}, {"side_payments_and_costs", side}, {"total", treaty + side},
                     {"gain_over_batna", treaty + side - p->batna}};
    if (analysis && !analysis->nash.empty()) row["nash"] = engine::utility(*p, analysis->nash.back().text);
    if (analysis && analysis->kalai_smorodinsky) row["kalai_smorodinsky"] = engine::utility(*p, *analysis->kalai_smorodinsky);
    utilities.push_back(std::move(row));
  }
  json::object out{{"treaty_in_force", in_force.has_value()}, {"utilities", utilities}};
  if (analysis) {
    for (int r : index.delegations()) outcome_point.push_back(in_force ? engine::utility(*profiles[r], *in_force) : profiles[r]->batna);
    double to_frontier = std::numeric_limits<double>::infinity();
    for (const auto& f : analysis->frontier) to_frontier = std::min(to_frontier, euclid(outcome_point, analyzer->delegation_utilities(f)));
    json::object against{{"space_size", analysis->space_size}, {"exact", analysis->exact}, {"acceptable_texts", analysis->acceptable},
                         {"frontier_size", analysis->frontier.size()}, {"distance_to_frontier", to_frontier}};
    if (!analysis->nash.empty()) {
      against["nash_text"] = text_json(index, "Nash", analysis->nash.back().text);
      against["distance_to_nash"] = euclid(outcome_point, analyzer->delegation_utilities(analysis->nash.back().text));
      if (in_force) against["adopted_vs_nash"] = adopted_against_nash(ctx, *in_force, analysis->nash.back().text, profiles);
    }
    if (analysis->kalai_smorodinsky) {
      against["kalai_smorodinsky_text"] = text_json(index, "Kalai–Smorodinsky", *analysis->kalai_smorodinsky);
      against["distance_to_kalai_smorodinsky"] = euclid(outcome_point, analyzer->delegation_utilities(*analysis->kalai_smorodinsky));
    }
    if (in_force) against["effectiveness"] = analyzer->effectiveness(*in_force);
    out["against_frontier"] = against;
  }
  out["power"] = power_section(ctx, analysis);
  return out;
}

}  // namespace parley::review
