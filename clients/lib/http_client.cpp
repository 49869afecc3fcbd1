#include "http_client.hpp"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/ssl.hpp>

#include "ws_client.hpp"

namespace parley::client {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;

std::string HttpReply::header(std::string_view name) const {
  auto same = [&](const HttpHeader& h) { return beast::iequals(h.name, name); };
  auto it = std::find_if(headers.begin(), headers.end(), same);
  return it == headers.end() ? "" : it->value;
}

namespace {

struct Target {
  bool tls = false;
  std::string host, port;
};

// http://HOST:PORT[/...] or https://HOST[:PORT][/...] (443 by default).
Result<Target> target_of(const std::string& url) {
  if (url.rfind("https://", 0) != 0) {
    auto where = split_url(url);
    if (!where) return where.error();
    return Target{false, where.value().first, where.value().second};
  }
  std::string rest = url.substr(8);
  rest = rest.substr(0, rest.find('/'));
  auto colon = rest.rfind(':');
  if (rest.empty() || colon == 0) return fail(ErrorCode::invalid, "'" + url + "' is not https://HOST[:PORT]");
  if (colon == std::string::npos) return Target{true, rest, "443"};
  return Target{true, rest.substr(0, colon), rest.substr(colon + 1)};
}

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Writes the request and reads the answer on a connected stream. A refusal may come before the
// whole body is taken: the answer is read anyway.
template <class Stream>
void exchange(Stream& stream, Request& req, beast::flat_buffer& buffer, Response& res, beast::error_code& wrote, beast::error_code& read) {
  http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
    wrote = ec;
    http::async_read(stream, buffer, res, [&](beast::error_code ec, std::size_t) { read = ec; });
  });
}

}  // namespace

Result<HttpReply> http_send(const std::string& server_url, const std::string& method, const std::string& path,
                            const std::string& body, const std::vector<HttpHeader>& headers, std::chrono::seconds timeout,
                            const std::string& peer) {
  auto target = target_of(server_url);
  if (!target) return target.error();
  const auto& [tls, host, port] = target.value();
  auto unreachable = [&](const std::string& why) {
    return fail(ErrorCode::unavailable, "cannot reach " + peer + " at " + server_url + ": " + why);
  };
  try {
    asio::io_context ioc;
    asio::ip::tcp::resolver resolver(ioc);
    Request req{http::string_to_verb(method), path, 11};
    req.set(http::field::host, tls && port == "443" ? host : host + ":" + port);
    for (const auto& h : headers) req.set(h.name, h.value);
    req.body() = body;
    req.prepare_payload();
    beast::flat_buffer buffer;
    Response res;
    // Asynchronous, because only asynchronous operations honour the stream's deadline: the
    // whole exchange must end within `timeout`.
    beast::error_code failed, wrote, read;
    auto endpoints = resolver.resolve(host, port);
    if (!tls) {
      beast::tcp_stream stream(ioc);
      stream.expires_after(timeout);
      stream.async_connect(endpoints, [&](beast::error_code ec, const asio::ip::tcp::endpoint&) {
        if (ec) failed = ec;
        else exchange(stream, req, buffer, res, wrote, read);
      });
      ioc.run();
    } else {
      // The system's trusted certificates (or SSL_CERT_FILE's), and the name checked against the host.
      ssl::context ctx(ssl::context::tls_client);
      ctx.set_default_verify_paths();
      ctx.set_verify_mode(ssl::verify_peer);
      beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
      SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
      stream.set_verify_callback(ssl::host_name_verification(host));
      beast::get_lowest_layer(stream).expires_after(timeout);
      beast::get_lowest_layer(stream).async_connect(endpoints, [&](beast::error_code ec, const asio::ip::tcp::endpoint&) {
        if (ec) {
          failed = ec;
          return;
        }
        stream.async_handshake(ssl::stream_base::client, [&](beast::error_code ec) {
          if (ec) failed = ec;
          else exchange(stream, req, buffer, res, wrote, read);
        });
      });
      ioc.run();
    }
    if (failed) return unreachable(failed.message());
    if (read) return unreachable((wrote ? wrote : read).message());
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
