#pragma once
// Plain HTTP request and response values, so code outside parley_net never
// includes Beast.

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace parley::net {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, as sent
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpResponse {
  HttpResponse() = default;
  HttpResponse(int status_code, std::string type, std::string text)
      : status(status_code), content_type(std::move(type)), body(std::move(text)) {}

  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra fields, e.g. Cache-Control
};

// Delivers the response; callable once, from any thread.
using HttpResponder = std::function<void(HttpResponse)>;
// Called on a network thread; must not block: slow work goes elsewhere and
// answers through the responder when done.
using HttpHandler = std::function<void(HttpRequest, HttpResponder)>;

}  // namespace parley::net
