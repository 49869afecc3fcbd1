// Join codes as people type them, and their short form (app/join_code.hpp).

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "session/join_code.hpp"

using parley::app::normalize_code;
using parley::app::short_code;

namespace {
const std::string kCode = "3f9a0c7e12b4d5e6f708192a3b4c5d6e";
}

TEST_CASE("a full code is accepted in capitals, with spaces, hyphens and a trailing full stop") {
  CHECK(normalize_code(kCode) == kCode);
  CHECK(normalize_code("3F9A0C7E12B4D5E6F708192A3B4C5D6E") == kCode);
  CHECK(normalize_code("  3f9a 0c7e-12b4 d5e6 f708 192a 3b4c 5d6e. ") == kCode);
  CHECK(normalize_code("3f9a0c7e12b4d5e6f708192a3b4c5d6e!") == kCode);
  CHECK(normalize_code("3f9a0c7e12b4d5e6f708192a3b4c5d6") != kCode);  // one character short
}

TEST_CASE("the short form: 60 bits in Crockford base32, grouped for reading aloud, typed any way") {
  auto s = short_code(kCode);
  REQUIRE(s.size() == 14);
  CHECK(s[4] == '-');
  CHECK(s[9] == '-');
  for (char c : s) CHECK(std::string("0123456789ABCDEFGHJKMNPQRSTVWXYZ-").find(c) != std::string::npos);
  // The same first 60 bits give the same short code; it is the code's, not random.
  CHECK(short_code(kCode) == s);
  CHECK(short_code("3f9a0c7e12b4d5e0000000000000000") == "");  // not a full code
  CHECK(short_code(kCode.substr(0, 15) + std::string(17, '0')) == s);
  std::string key = normalize_code(s);
  CHECK(key.size() == 13);
  CHECK(key[0] == '~');
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(c == '-' ? ' ' : std::tolower(static_cast<unsigned char>(c))));
  CHECK(normalize_code(lower + ".") == key);
  // Letters people confuse read as the digits they look like.
  std::string confusable = s;
  for (auto& c : confusable) c = c == '0' ? 'O' : c == '1' ? 'l' : c;
  CHECK(normalize_code(confusable) == key);
  // One character off is another code.
  std::string typo = s;
  typo[0] = typo[0] == 'A' ? 'B' : 'A';
  CHECK(normalize_code(typo) != key);
}

TEST_CASE("short codes of different codes differ") {
  std::set<std::string> seen;
  for (int i = 0; i < 256; ++i) {
    std::string code = kCode;
    code[i % 15] = "0123456789abcdef"[i % 16];
    code[(i / 16) % 15] = "fedcba9876543210"[i % 16];
    seen.insert(code.substr(0, 15) == kCode.substr(0, 15) ? short_code(kCode) : short_code(code));
  }
  CHECK(seen.size() > 100);
}
