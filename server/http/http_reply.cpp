#include "http/http_reply.hpp"

#include <boost/json.hpp>
#include <cstdlib>

namespace parley::app {
namespace json = boost::json;

net::HttpResponse reply(int status, const json::value& body) { return {status, "application/json", json::serialize(body) + "\n"}; }


int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid: return 400;
    case ErrorCode::not_found: return 404;
    case ErrorCode::conflict: return 409;
    case ErrorCode::unavailable: return 503;
    case ErrorCode::unknown_outcome: return 503;
    case ErrorCode::fenced: return 503;
    case ErrorCode::corrupt: return 500;
    case ErrorCode::failed: return 500;
    case ErrorCode::unauthorized: return 401;
    case ErrorCode::forbidden: return 403;
    case ErrorCode::not_allowed: return 405;
    case ErrorCode::too_large: return 413;
    case ErrorCode::unsupported: return 415;
    case ErrorCode::unusable: return 422;
  }
  return 500;
}

net::HttpResponse problem(const Error& error) {
  return reply(http_status(error.code), json::object{{"error", error.message}, {"code", code_name(error.code)}});
}

net::HttpResponse problem(ErrorCode code, const std::string& message) { return problem(fail(code, message)); }

std::string bearer(const net::HttpRequest& req) {
  auto h = req.header("authorization");
  const std::string prefix = "Bearer ";
  return h.rfind(prefix, 0) == 0 ? h.substr(prefix.size()) : "";
}

namespace {
int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded(const std::string& in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] == '%' && i + 2 < in.size() && hex_digit(in[i + 1]) >= 0 && hex_digit(in[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(in[i + 1]) * 16 + hex_digit(in[i + 2]));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}
}  // namespace

std::string query_param(const std::string& target, const std::string& name) {
  auto q = target.find('?');
  if (q == std::string::npos) return "";
  std::string query = target.substr(q + 1);
  std::size_t pos = 0;
  while (pos <= query.size()) {
    auto amp = query.find('&', pos);
    std::string pair = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) return eq == std::string::npos ? "" : percent_decoded(pair.substr(eq + 1));
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return "";
}

std::optional<std::uint64_t> count_in(const json::value& v, std::uint64_t max) {
  if (auto* i = v.if_int64()) return *i >= 0 && static_cast<std::uint64_t>(*i) <= max ? std::optional<std::uint64_t>(*i) : std::nullopt;
  if (auto* u = v.if_uint64()) return *u <= max ? std::optional<std::uint64_t>(*u) : std::nullopt;
  if (auto* d = v.if_double()) {
    if (!(*d >= 0) || *d > static_cast<double>(max) || *d != static_cast<double>(static_cast<std::uint64_t>(*d))) return std::nullopt;
    return static_cast<std::uint64_t>(*d);
  }
  return std::nullopt;
}

bool whole(const std::string& text, std::uint64_t& out) {
  if (text.empty()) return true;
  char* end = nullptr;
  out = std::strtoull(text.c_str(), &end, 10);
  return end && *end == '\0' && text[0] != '-';
}

}  // namespace parley::app
