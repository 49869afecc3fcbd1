#pragma once
// A value in a libpq connection string ("host='/path with spaces'"): quoted, with quotes
// and backslashes escaped, as libpq's keyword/value form reads it.

#include <string>

namespace parley::storage {

inline std::string conninfo_value(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace parley::storage
