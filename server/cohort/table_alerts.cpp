#include "cohort/table_alerts.hpp"

#include "engine/state_access.hpp"

namespace parley::cohort {
namespace json = boost::json;
namespace pb = parley::v1;
namespace {

std::string str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; }

const json::object* seat_row(const json::object& status, const std::string& role) {
  for (const auto& s : status.at("seats").as_array()) {
    if (str(s.at("role")) == role) return &s.as_object();
  }
  return nullptr;
}

bool listed(const json::array& seats, std::uint32_t seat) {
  for (const auto& v : seats) {
    if (v.is_number() && v.to_number<std::uint32_t>() == seat) return true;
  }
  return false;
}

// The name a person connected on the seat gave on joining, or "".
std::string typed_name(const json::object* row, std::uint32_t seat) {
  if (row == nullptr) return "";
  for (const auto& c : row->at("connected").as_array()) {
    const auto* name = c.as_object().if_contains("name");
    if (c.at("seat").to_number<std::uint32_t>() == seat && name && !str(*name).empty()) return str(*name);
  }
  return "";
}

// Whether someone is connected on the seat; as a bot when `bot`.
bool connected(const json::object* row, std::uint32_t seat, bool bot) {
  if (row == nullptr) return false;
  for (const auto& c : row->at("connected").as_array()) {
    if (c.at("seat").to_number<std::uint32_t>() != seat) continue;
    if (!bot || str(c.at("client")).rfind("bot", 0) == 0) return true;
  }
  return false;
}

std::string name_of(const std::map<std::string, std::string>& names, const std::string& role) {
  auto it = names.find(role);
  return it == names.end() ? role : it->second;
}

}  // namespace

json::object table_card(int table, const json::object& status, const std::vector<PlannedSeat>& planned,
                        const std::map<std::string, std::string>& names) {
  // The host's status view spells the state; an unknown word reads as the lobby (no alerts).
  auto state = engine::status_from_name(str(status.at("state"))).value_or(pb::LOBBY);
  std::string at = "Table " + std::to_string(table);
  json::array people, bots, alerts;
  if (state == pb::PAUSED) alerts.push_back(json::value(at + " is paused"));
  // In the lobby the cards say who is there; alerts start with the exercise.
  bool playing = state == pb::RUNNING || state == pb::PAUSED;
  int bots_waiting = 0;
  for (const auto& p : planned) {
    if (p.kind == "observer") {
      people.push_back(json::object{{"name", p.name}, {"kind", p.kind}, {"role", ""}, {"role_name", "Observer"}, {"seat", 0}, {"connected", nullptr}});
      continue;
    }
    const auto* row = seat_row(status, p.role);
    if (p.kind == "bot") {
      bool here = connected(row, p.seat, true);
      bool person = row && listed(row->at("taken").as_array(), p.seat) && !listed(row->at("taken_by_bots").as_array(), p.seat);
      bots.push_back(json::object{{"role", p.role}, {"role_name", name_of(names, p.role)}, {"connected", here}, {"taken_by_person", person}});
      bots_waiting += playing && !here && !person ? 1 : 0;
      continue;
    }
    bool here = connected(row, p.seat, false);
    // Joined once: the seat is claimed, and by a person (a bot holding it is not the student).
    bool joined = row && listed(row->at("taken").as_array(), p.seat) && !listed(row->at("taken_by_bots").as_array(), p.seat);
    people.push_back(json::object{{"name", p.name}, {"kind", p.kind}, {"role", p.role}, {"role_name", name_of(names, p.role)},
                                  {"seat", p.seat}, {"connected", here && joined}, {"joined", joined},
                                  {"typed_name", typed_name(row, p.seat)}});
    std::string who = p.name.empty() ? "" : " (" + p.name + ")";
    if (playing && !joined && p.seat == 0) alerts.push_back(json::value(at + ": no one has joined for " + name_of(names, p.role) + who));
    if (playing && joined && !here && p.seat == 0) alerts.push_back(json::value(at + ": " + name_of(names, p.role) + who + " is offline"));
  }
  if (bots_waiting > 0) {
    alerts.push_back(json::value(at + ": " + std::to_string(bots_waiting) + (bots_waiting == 1 ? " seat waits" : " seats wait") + " for a bot"));
  }
  if (const auto* waiting = status.if_contains("awaiting")) {
    auto count = [&](const char* what) { return waiting->at(what).as_array().size(); };
    auto delegations = [](std::size_t n) { return std::to_string(n) + (n == 1 ? " delegation" : " delegations"); };
    if (count("votes") > 0 && state == pb::RUNNING) alerts.push_back(json::value(at + ": " + delegations(count("votes")) + " yet to vote"));
    if (count("signatures") > 0 && state == pb::RUNNING) {
      alerts.push_back(json::value(at + ": " + delegations(count("signatures")) + " yet to sign or decline"));
    }
  }
  return json::object{{"people", people}, {"bots", bots}, {"alerts", alerts}};
}

}  // namespace parley::cohort
