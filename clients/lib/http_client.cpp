#include "http_client.hpp"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "ws_client.hpp"

namespace parley::client {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

std::string HttpReply::header(std::string_view name) const {
  auto same = [&](const HttpHeader& h) { return beast::iequals(h.name, name); };
  auto it = std::find_if(headers.begin(), headers.end(), same);
  return it == headers.end() ? "" : it->value;
}

Result<HttpReply> http_send(const std::string& server_url, const std::string& method, const std::string& path,
                            const std::string& body, const std::vector<HttpHeader>& headers, std::chrono::seconds timeout,
                            const std::string& peer) {
  auto where = split_url(server_url);
  if (!where) return where.error();
  auto [host, port] = where.value();
  auto unreachable = [&](const std::string& why) {
    return fail(ErrorCode::unavailable, "cannot reach " + peer + " at " + server_url + ": " + why);
  };
  try {
    asio::io_context ioc;
    asio::ip::tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    http::request<http::string_body> req{http::string_to_verb(method), path, 11};
    req.set(http::field::host, host + ":" + port);
    for (const auto& h : headers) req.set(h.name, h.value);
    req.body() = body;
    req.prepare_payload();
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    // Asynchronous, because only asynchronous operations honour the stream's deadline: the
    // whole exchange must end within `timeout`.
    beast::error_code failed, wrote, read;
    stream.expires_after(timeout);
    stream.async_connect(resolver.resolve(host, port), [&](beast::error_code ec, const asio::ip::tcp::endpoint&) {
      if (ec) {
        failed = ec;
        return;
      }
      http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
        wrote = ec;  // a refusal may come before the whole body is taken: read it anyway
        http::async_read(stream, buffer, res, [&](beast::error_code ec, std::size_t) { read = ec; });
      });
    });
    ioc.run();
    if (failed) return unreachable(failed.message());
    if (read) return unreachable((wrote ? wrote : read).message());
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    HttpReply reply{static_cast<int>(res.result_int()), std::move(res.body()), {}};
    for (const auto& field : res) reply.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    return reply;
  } catch (const std::exception& e) {
    return unreachable(e.what());
  }
}

Result<HttpReply> http_call(const std::string& server_url, const std::string& method, const std::string& path,
                            const std::string& body, const std::string& bearer, std::chrono::seconds timeout,
                            const std::string& content_type) {
  std::vector<HttpHeader> headers{{"User-Agent", "parley-cli"}, {"Content-Type", content_type}};
  if (!bearer.empty()) headers.push_back({"Authorization", "Bearer " + bearer});
  return http_send(server_url, method, path, body, headers, timeout);
}

}  // namespace parley::client
