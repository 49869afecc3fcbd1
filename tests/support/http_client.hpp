#pragma once
// The tests' HTTP calls: the client library's (clients/lib/http_client.hpp)
// on a local port, with every JSON refusal checked for a sentence and a code.

#include <cstdint>
#include <string>

#include <http_client.hpp>  // clients/lib's: angle brackets skip this file's own name

namespace parley::test {

using client::HttpReply;  // status 0 when no answer could be read

// extra_headers: raw "Name: value\r\n" lines.
HttpReply http_request(std::uint16_t port, const std::string& method, const std::string& path,
                       const std::string& body = "", const std::string& extra_headers = "");

inline HttpReply http_get(std::uint16_t port, const std::string& path) { return http_request(port, "GET", path); }

// Parses the port out of a "listening on http://127.0.0.1:PORT" line.
std::uint16_t port_from_banner(const std::string& line);

}  // namespace parley::test
