#pragma once
// Join codes as people type them, and their short form. A code (32 hex
// characters, 128 bits) is accepted in any case, with spaces, hyphens and a
// trailing full stop. Its short form, for reading aloud or off a projector,
// is its first 60 bits in Crockford base32: 12 characters shown as
// XXXX-XXXX-XXXX, without I, L, O or U (read as 1, 1 and 0 when typed).
// Credentials are stored under the hash of both keys. Pure functions.

#include <string>
#include <string_view>

namespace parley::app {

// The key a typed code is looked up by: a full code in lower-case hex, a short
// code as "~" and its 12 canonical characters, anything else as typed (trimmed).
// A new code's random bytes: 128 bits from the CSPRNG, written as 32 hex digits.
inline constexpr std::size_t kCodeBytes = 16;

std::string normalize_code(std::string_view typed);

// "7KQ2-M9XD-4TPB" for a full code; "" for anything that is not 32 hex characters.
std::string short_code(std::string_view code);

}  // namespace parley::app
