#include "support/http_client.hpp"

#include <doctest/doctest.h>

#include "common/result.hpp"

namespace parley::test {
namespace {

// The string value of a top-level field of a one-line JSON object, or "" (a test's own reader:
// the bodies checked here are the server's, flat at their start).
std::string json_field(const std::string& body, const std::string& name) {
  auto at = body.find("\"" + name + "\":\"");
  if (at == std::string::npos) return "";
  auto start = at + name.size() + 4;
  auto end = body.find('"', start);
  return end == std::string::npos ? "" : body.substr(start, end - start);
}

// Every refusal the API makes, in every test that calls it, carries a sentence and a code a
// client can act on: {"error": ..., "code": one of common/result.hpp's names}.
void check_refusal(const HttpReply& reply) {
  if (reply.status < 400 || reply.header("content-type").rfind("application/json", 0) != 0) return;
  INFO("refusal body: " << reply.body);
  CHECK_FALSE(json_field(reply.body, "error").empty());
  CHECK(code_meaning(json_field(reply.body, "code")) != nullptr);
}

std::vector<client::HttpHeader> header_lines(const std::string& raw) {
  std::vector<client::HttpHeader> out;
  for (std::size_t at = 0; at < raw.size();) {
    auto end = raw.find("\r\n", at);
    if (end == std::string::npos) end = raw.size();
    auto line = raw.substr(at, end - at);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      auto value = line.substr(colon + 1);
      out.push_back({line.substr(0, colon), value.substr(std::min(value.find_first_not_of(' '), value.size()))});
    }
    at = end + 2;
  }
  return out;
}

}  // namespace

HttpReply http_request(std::uint16_t port, const std::string& method, const std::string& path,
                       const std::string& body, const std::string& extra_headers) {
  auto reply = client::http_send("http://127.0.0.1:" + std::to_string(port), method, path, body, header_lines(extra_headers),
                                 std::chrono::seconds(60));
  if (!reply) return {};
  check_refusal(reply.value());
  return std::move(reply.value());
}

std::uint16_t port_from_banner(const std::string& line) {
  auto colon = line.rfind(':');
  return static_cast<std::uint16_t>(std::stoi(line.substr(colon + 1)));
}

}  // namespace parley::test
