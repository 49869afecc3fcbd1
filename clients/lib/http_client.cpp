#include "http_client.hpp"

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

Result<HttpReply> http_call(const std::string& server_url, const std::string& method, const std::string& path,
                            const std::string& body, const std::string& bearer, std::chrono::seconds timeout,
                            const std::string& content_type) {
  auto where = split_url(server_url);
  if (!where) return where.error();
  auto [host, port] = where.value();
  try {
    asio::io_context ioc;
    asio::ip::tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    stream.expires_after(timeout);
    stream.connect(resolver.resolve(host, port));
    http::request<http::string_body> req{http::string_to_verb(method), path, 11};
    req.set(http::field::host, host + ":" + port);
    req.set(http::field::user_agent, "parley-cli");
    req.set(http::field::content_type, content_type);
    if (!bearer.empty()) req.set(http::field::authorization, "Bearer " + bearer);
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    return HttpReply{static_cast<int>(res.result_int()), res.body()};
  } catch (const std::exception& e) {
    return fail(ErrorCode::unavailable, "cannot reach the Parley server at " + server_url + ": " + e.what());
  }
}

}  // namespace parley::client
