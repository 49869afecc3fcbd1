#pragma once
// A minimal blocking HTTP/1.1 client for tests (one request per connection).

#include <cstdint>
#include <string>

namespace parley::test {

struct HttpReply {
  int status = 0;  // 0 when no answer could be read
  std::string body;
  std::string headers;  // the raw header block, for tests that check a field

  // The value of a header field (name in any case), or "".
  std::string header(const std::string& name) const;
};

HttpReply http_request(std::uint16_t port, const std::string& method, const std::string& path,
                       const std::string& body = "", const std::string& extra_headers = "");

inline HttpReply http_get(std::uint16_t port, const std::string& path) { return http_request(port, "GET", path); }

// Parses the port out of a "listening on http://127.0.0.1:PORT" line.
std::uint16_t port_from_banner(const std::string& line);

}  // namespace parley::test
