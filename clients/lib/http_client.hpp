#pragma once
// Blocking HTTP/1.1 calls to a Parley server (JSON in, JSON out), for the
// command-line client, its bots and the tests, and to a language model's
// endpoint, over http:// or https:// (the system's trusted certificates, or
// SSL_CERT_FILE's; the certificate must name the host). One connection per
// call; bounded by a timeout.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace parley::client {

struct HttpHeader {
  std::string name;
  std::string value;
};

struct HttpReply {
  int status = 0;
  std::string body;
  std::vector<HttpHeader> headers;

  // A header's value (its name in any case), or "".
  std::string header(std::string_view name) const;
};

// Sends exactly these header fields (besides Host and Content-Length). Fails only when no answer
// came within `timeout` (unreachable, dropped, too slow), naming `peer`; an HTTP error status is a
// reply for the caller to judge.
// A server that answers and closes before reading a body it refuses (too large) is still heard.
Result<HttpReply> http_send(const std::string& server_url, const std::string& method, const std::string& path,
                            const std::string& body, const std::vector<HttpHeader>& headers,
                            std::chrono::seconds timeout = std::chrono::seconds(30), const std::string& peer = "the Parley server");

// The client's usual call: JSON (or `content_type`), with the bearer token when there is one.
Result<HttpReply> http_call(const std::string& server_url, const std::string& method, const std::string& path,
                            const std::string& body = "", const std::string& bearer = "",
                            std::chrono::seconds timeout = std::chrono::seconds(30),
                            const std::string& content_type = "application/json");

}  // namespace parley::client
