#pragma once
// Accepts TCP connections and hands each to an HttpSession on its own strand.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "common/result.hpp"
#include "net/http_types.hpp"

namespace parley::net {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::io_context& ioc, std::shared_ptr<const HttpHandler> handler, std::size_t max_body_bytes);

  // Opens, binds and listens; the error names the endpoint and the cause.
  Status bind(const boost::asio::ip::tcp::endpoint& endpoint);
  unsigned short port() const;
  void start();
  void stop();

 private:
  void do_accept();

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<const HttpHandler> handler_;
  std::size_t max_body_bytes_;
};

}  // namespace parley::net
