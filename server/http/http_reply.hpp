#pragma once
// What every HTTP handler of the app shares: JSON answers, the one table
// from an error's code to its status, the bearer token, and the query
// string's values (percent-decoded).

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "net/http_types.hpp"

namespace parley::app {

net::HttpResponse reply(int status, const boost::json::value& body);
// An error's body, {"error": sentence, "code": name}, with the status of its code (http_status).
net::HttpResponse problem(const Error& error);
net::HttpResponse problem(ErrorCode code, const std::string& message);
// The one table from an error's code to its HTTP status.
int http_status(ErrorCode code);

// The token of an "Authorization: Bearer ..." header, or "".
std::string bearer(const net::HttpRequest& request);
// The value of `name` in the target's query string, percent-decoded ("+" is a space), or "".
std::string query_param(const std::string& target, const std::string& name);
// A JSON number that is a whole number from 0 to max, or nothing. Never
// throws: to_number() would, on 1.5 or 1e300, from inside a network handler.
std::optional<std::uint64_t> count_in(const boost::json::value& v, std::uint64_t max);
// A whole number written in decimal; "" leaves out untouched. False when it is not one.
bool whole(const std::string& text, std::uint64_t& out);

}  // namespace parley::app
