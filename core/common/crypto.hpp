#pragma once
// Hashing and secret generation (OpenSSL), for checksums, tokens and codes.

#include <cstddef>
#include <string>

namespace parley::crypto {

std::string sha256_hex(const std::string& bytes);
std::string sha256_raw(const std::string& bytes);

// `bytes` bytes from the operating system's CSPRNG, hex-encoded.
std::string random_hex(std::size_t bytes);

// Compares two secrets in time independent of where they differ.
bool constant_time_equal(const std::string& a, const std::string& b);

}  // namespace parley::crypto
