#include "common/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdexcept>
#include <vector>

namespace parley::crypto {
namespace {
std::string to_hex(const unsigned char* data, std::size_t len) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (std::size_t i = 0; i < len; ++i) {
    out += hex[data[i] >> 4];
    out += hex[data[i] & 15];
  }
  return out;
}
}  // namespace

std::string sha256_raw(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), len);
}

std::string sha256_hex(const std::string& bytes) {
  std::string raw = sha256_raw(bytes);
  return to_hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  // Failure here means the OS has no entropy source: nothing sane to do.
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) {
    throw std::runtime_error("the system random number generator failed");
  }
  return to_hex(buf.data(), buf.size());
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace parley::crypto
