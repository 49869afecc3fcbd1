#pragma once
// A class list as an instructor pastes it: CSV lines of name, optional group
// and optional role preference, or just a head count. Pure: no I/O.

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace parley::cohort {

struct RosterEntry {
  std::string name;        // empty for a roster given as a count
  std::string group;       // people of one group sit at one table (and on one delegation when it has seats)
  std::string preference;  // a role id or name, as typed; empty: none
  int line = 0;            // 1-based line in the CSV, for errors; the position for a count
};

// The most people one cohort takes (kMaxTables tables of a large scenario).
constexpr std::size_t kMaxRoster = 2000;

// Parses the CSV. A first line "name,group,role" (any case, in that order) is
// a header and skipped; blank lines are skipped; fields may be quoted with
// double quotes ("Lima, Ana"). Refuses, naming the line: an unterminated
// quote, a line with more than three fields, an empty name, a name or field
// over 100 characters, a name that repeats an earlier line's (ignoring case
// and spaces), and more than kMaxRoster people.
Result<std::vector<RosterEntry>> parse_roster(std::string_view csv);

// `count` anonymous people (1..kMaxRoster).
Result<std::vector<RosterEntry>> anonymous_roster(std::size_t count);

}  // namespace parley::cohort
