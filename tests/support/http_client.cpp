#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

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

}  // namespace

HttpReply http_request(std::uint16_t port, const std::string& method, const std::string& path,
                       const std::string& body, const std::string& extra_headers) {
  HttpReply reply;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return reply;
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return reply;
  }
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra_headers +
                    "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  // A server may answer and close before it has read a body it refuses (too large): the answer is still read.
  for (std::size_t sent = 0; sent < req.size();) {
    auto n = send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string raw;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) raw.append(buf, static_cast<std::size_t>(n));
  close(fd);
  if (raw.rfind("HTTP/1.1 ", 0) != 0 || raw.size() < 12) return reply;
  reply.status = std::stoi(raw.substr(9, 3));
  auto split = raw.find("\r\n\r\n");
  if (split != std::string::npos) {
    reply.body = raw.substr(split + 4);
    reply.headers = raw.substr(0, split);
  }
  check_refusal(reply);
  return reply;
}

std::string HttpReply::header(const std::string& name) const {
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::string block = lower(headers);
  auto at = block.find("\r\n" + lower(name) + ":");
  if (at == std::string::npos) return "";
  auto start = at + name.size() + 3;
  auto end = headers.find("\r\n", start);
  std::string value = headers.substr(start, end == std::string::npos ? std::string::npos : end - start);
  return value.substr(value.find_first_not_of(' '));
}

std::uint16_t port_from_banner(const std::string& line) {
  auto colon = line.rfind(':');
  return static_cast<std::uint16_t>(std::stoi(line.substr(colon + 1)));
}

}  // namespace parley::test
