#pragma once
// Blocking HTTP/1.1 calls to a Parley server (JSON in, JSON out), for the
// command-line client. One connection per call; bounded by a timeout.

#include <chrono>
#include <string>

#include "common/result.hpp"

namespace parley::client {

struct HttpReply {
  int status = 0;
  std::string body;
};

// Fails only when no answer came (unreachable, timeout); an HTTP error
// status is a reply for the caller to judge.
Result<HttpReply> http_call(const std::string& server_url, const std::string& method, const std::string& path,
                            const std::string& body = "", const std::string& bearer = "",
                            std::chrono::seconds timeout = std::chrono::seconds(30),
                            const std::string& content_type = "application/json");

}  // namespace parley::client
