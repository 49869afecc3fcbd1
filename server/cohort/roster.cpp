#include "cohort/roster.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace parley::cohort {
namespace {

constexpr std::size_t kMaxField = 100;

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// One CSV line's fields; an error when a quote is left open.
Result<std::vector<std::string>> fields_of(std::string_view line, int number) {
  std::vector<std::string> out;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',' || c == ';' || c == '\t') {
      out.push_back(trim(field));
      field.clear();
    } else {
      field += c;
    }
  }
  if (quoted) return fail(ErrorCode::invalid, "line " + std::to_string(number) + ": a quote (\") is opened and never closed");
  out.push_back(trim(field));
  return out;
}

// Names compared as a person reads them: case and runs of spaces do not matter.
std::string name_key(const std::string& name) {
  std::string key;
  for (char c : name) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!key.empty() && key.back() != ' ') key += ' ';
    } else {
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!key.empty() && key.back() == ' ') key.pop_back();
  return key;
}

bool is_header(const std::vector<std::string>& f) {
  return !f.empty() && name_key(f[0]) == "name" && (f.size() < 2 || name_key(f[1]) == "group") &&
         (f.size() < 3 || name_key(f[2]) == "role" || name_key(f[2]) == "preference");
}

}  // namespace

Result<std::vector<RosterEntry>> parse_roster(std::string_view csv) {
  std::vector<RosterEntry> roster;
  std::map<std::string, int> seen;  // name key -> line
  int number = 0;
  std::size_t start = 0;
  while (start <= csv.size()) {
    auto end = csv.find('\n', start);
    if (end == std::string_view::npos) end = csv.size();
    auto line = csv.substr(start, end - start);
    start = end + 1;
    ++number;
    if (trim(line).empty()) continue;
    auto fields = fields_of(line, number);
    if (!fields) return fields.error();
    auto& f = fields.value();
    if (roster.empty() && seen.empty() && is_header(f)) continue;
    std::string where = "line " + std::to_string(number);
    if (f.size() > 3) return fail(ErrorCode::invalid, where + ": " + std::to_string(f.size()) + " fields; a line is name, group, role (the last two may be left out)");
    for (const auto& field : f) {
      if (field.size() > kMaxField) return fail(ErrorCode::invalid, where + ": a field is longer than " + std::to_string(kMaxField) + " characters");
    }
    if (f[0].empty()) return fail(ErrorCode::invalid, where + ": the name is empty");
    auto key = name_key(f[0]);
    if (auto it = seen.find(key); it != seen.end()) {
      return fail(ErrorCode::invalid, where + ": '" + f[0] + "' is already on line " + std::to_string(it->second) +
                  "; tell them apart (a middle initial, a number) so each gets their own link");
    }
    seen[key] = number;
    if (roster.size() == kMaxRoster) return fail(ErrorCode::invalid, "the roster has more than " + std::to_string(kMaxRoster) + " people");
    roster.push_back({f[0], f.size() > 1 ? f[1] : "", f.size() > 2 ? f[2] : "", number});
  }
  if (roster.empty()) return fail(ErrorCode::invalid, "the roster names nobody: one person per line, as name[,group[,role]]");
  return roster;
}

Result<std::vector<RosterEntry>> anonymous_roster(std::size_t count) {
  if (count < 1 || count > kMaxRoster) {
    return fail(ErrorCode::invalid, "a class of " + std::to_string(count) + ": give 1 to " + std::to_string(kMaxRoster) + " people");
  }
  std::vector<RosterEntry> roster(count);
  for (std::size_t i = 0; i < count; ++i) roster[i].line = static_cast<int>(i + 1);
  return roster;
}

}  // namespace parley::cohort
