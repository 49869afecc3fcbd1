#pragma once
// Plain HTTP request and response values, so code outside parley_net never
// includes Beast.

#include <functional>
#include <map>
#include <string>

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
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// Delivers the response; callable once, from any thread.
using HttpResponder = std::function<void(HttpResponse)>;
// Called on a network thread; must not block: slow work goes elsewhere and
// answers through the responder when done.
using HttpHandler = std::function<void(HttpRequest, HttpResponder)>;

}  // namespace parley::net
