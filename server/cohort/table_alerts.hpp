#pragma once
// What the cohort dashboard says about one table: who of the roster is
// connected on their seat, whether each bot seat has its bot, and the alerts
// an instructor acts on ("Table 3: no one has joined for Saudi Arabia",
// "Table 5 is paused"). Computed from the table's status (SessionHost::
// describe) and its planned seats. Pure.

#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

namespace parley::cohort {

struct PlannedSeat {
  std::string name;  // empty for a bot's seat or an anonymous one
  std::string kind;  // seat, observer, bot
  std::string role;
  std::uint32_t seat = 0;
};

// status: describe()'s object; names: role id -> name. Returns {"people", "bots", "alerts"};
// each person's "typed_name" is the name given on joining, when one was.
boost::json::object table_card(int table, const boost::json::object& status, const std::vector<PlannedSeat>& planned,
                               const std::map<std::string, std::string>& names);

}  // namespace parley::cohort
