#include "engine/state_access.hpp"

#include <algorithm>

namespace parley::engine {
namespace pb = parley::v1;

pb::SessionState initial_state(const ScenarioIndex& index) {
  pb::SessionState s;
  s.set_status(pb::LOBBY);
  s.set_time_scale(1.0);
  for (int r = 0; r < index.role_count(); ++r) {
    auto* rs = s.add_roles();
    rs->set_role(index.role(r).id());
    if (!index.has_profile(r)) continue;
    const auto& p = index.starting_profile(r);
    for (int i = 0; i < index.issue_count(); ++i) {
      rs->add_weights(p.weights[i]);
      auto* sc = rs->add_scores();
      for (double v : p.scores[i]) sc->add_scores(v);
    }
    rs->set_batna(p.batna);
    rs->set_budget(p.budget);
  }
  return s;
}

pb::RoleState& role_state(pb::SessionState& s, int role) { return *s.mutable_roles(role); }
const pb::RoleState& role_state(const pb::SessionState& s, int role) { return s.roles(role); }

Profile current_profile(const ScenarioIndex& index, const pb::SessionState& s, int role) {
  Profile p = index.starting_profile(role);
  const auto& rs = s.roles(role);
  for (int i = 0; i < rs.weights_size(); ++i) {
    p.weights[i] = rs.weights(i);
    for (int o = 0; o < rs.scores(i).scores_size(); ++o) p.scores[i][o] = rs.scores(i).scores(o);
  }
  p.batna = rs.batna();
  p.budget = rs.budget();
  return p;
}

std::vector<std::optional<Profile>> current_profiles(const ScenarioIndex& index, const pb::SessionState& s) {
  std::vector<std::optional<Profile>> out(index.role_count());
  for (int r = 0; r < index.role_count(); ++r) {
    if (index.has_profile(r)) out[r] = current_profile(index, s, r);
  }
  return out;
}

namespace {

// Ids are a prefix and a sequence number, and each list only grows, so the
// n-th id normally sits at position n-1; fall back to a scan otherwise.
template <class List, class GetId>
auto find_by_id(List& list, const std::string& id, std::size_t prefix_len, GetId get_id) -> decltype(&list[0]) {
  if (id.size() > prefix_len) {
    std::size_t n = 0;
    for (std::size_t i = prefix_len; i < id.size() && n <= static_cast<std::size_t>(list.size()); ++i) {
      if (id[i] < '0' || id[i] > '9') {
        n = 0;
        break;
      }
      n = n * 10 + static_cast<std::size_t>(id[i] - '0');
    }
    if (n >= 1 && n <= static_cast<std::size_t>(list.size()) && get_id(list[static_cast<int>(n - 1)]) == id) {
      return &list[static_cast<int>(n - 1)];
    }
  }
  for (auto& item : list) {
    if (get_id(item) == id) return &item;
  }
  return nullptr;
}

}  // namespace

pb::TreatyText* find_text(pb::SessionState& s, const std::string& id) {
  return find_by_id(*s.mutable_texts(), id, 2, [](const pb::TreatyText& t) -> const std::string& { return t.text_id(); });
}

const pb::TreatyText* find_text(const pb::SessionState& s, const std::string& id) {
  return find_by_id(s.texts(), id, 2, [](const pb::TreatyText& t) -> const std::string& { return t.text_id(); });
}

const pb::Room* find_room(const pb::SessionState& s, const std::string& ref) {
  std::string by_name = ref.empty() || ref[0] == '#' ? ref : room_id_for(ref);
  for (const auto& room : s.rooms()) {
    if (room.room_id() == ref || (!by_name.empty() && room.room_id() == by_name)) return &room;
  }
  return nullptr;
}

Text to_text(const ScenarioIndex& index, const google::protobuf::Map<std::string, std::string>& options) {
  Text t(index.issue_count(), -1);
  for (const auto& [issue, option] : options) {
    auto where = index.option_index(option);
    if (where) t[where->first] = where->second;
  }
  return t;
}

const pb::Phase* current_phase(const ScenarioIndex& index, const pb::SessionState& s) {
  if (s.stage() != pb::NEGOTIATION || s.round() < 1) return nullptr;
  const auto& rounds = index.scenario().structure().rounds();
  if (s.round() > rounds.size()) return nullptr;
  const auto& phases = rounds[s.round() - 1].phases();
  if (s.phase_index() < 0 || s.phase_index() >= phases.size()) return nullptr;
  return &phases[s.phase_index()];
}

bool phase_allows(const pb::Phase& phase, Action action) {
  return std::any_of(phase.allowed().begin(), phase.allowed().end(),
                     [&](const std::string& a) { return parse_action(a) == action; });
}

std::vector<int> signatories(const ScenarioIndex& index, const pb::SessionState& s) {
  std::vector<int> out;
  for (int r : index.delegations()) {
    if (s.roles(r).signature() == pb::SIGNED) out.push_back(r);
  }
  return out;
}

void apply_effect(const ScenarioIndex& index, pb::RoleState& role, const pb::Effect& e) {
  if (role.weights_size() == 0) return;
  if (e.has_weight_shift()) {
    int from = *index.issue_index(e.weight_shift().from_issue());
    int to = *index.issue_index(e.weight_shift().to_issue());
    // Weights never go negative: shift at most what the source issue has.
    double amount = std::min(e.weight_shift().amount(), role.weights(from));
    role.set_weights(from, role.weights(from) - amount);
    role.set_weights(to, role.weights(to) + amount);
  } else if (e.has_score()) {
    auto [i, o] = *index.option_index(e.score().option());
    double current = role.scores(i).scores(o);
    double next = e.score().set() ? e.score().delta() : current + e.score().delta();
    role.mutable_scores(i)->set_scores(o, std::clamp(next, 0.0, 100.0));
  } else if (e.batna_delta() != 0) {
    role.set_batna(std::clamp(role.batna() + e.batna_delta(), 0.0, 100.0));
  }
}

std::string next_id(const pb::SessionState& s, const char* prefix) {
  auto it = s.id_counters().find(prefix);
  return prefix + std::to_string((it == s.id_counters().end() ? 0 : it->second) + 1);
}

void bump_id(pb::SessionState& s, const char* prefix) { ++(*s.mutable_id_counters())[prefix]; }

namespace {
constexpr std::pair<pb::SessionStatus, const char*> kStatusNames[] = {
    {pb::LOBBY, "lobby"}, {pb::RUNNING, "running"}, {pb::PAUSED, "paused"}, {pb::ENDED, "ended"}};
}  // namespace

std::string event_kind(const pb::Event& e) {
  const auto* f = pb::Event::descriptor()->FindFieldByNumber(e.kind_case());
  return f ? f->name() : "unknown";
}

std::string status_name(pb::SessionStatus status) {
  for (const auto& [s, name] : kStatusNames) {
    if (s == status) return name;
  }
  return "unknown";
}

std::optional<pb::SessionStatus> status_from_name(const std::string& name) {
  for (const auto& [s, n] : kStatusNames) {
    if (name == n) return s;
  }
  return std::nullopt;
}

}  // namespace parley::engine
