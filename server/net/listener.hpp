#pragma once
// Accepts TCP connections and hands each to an HttpSession on its own strand
// (which may upgrade itself to a WebSocket session).

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "common/result.hpp"
#include "net/http_session.hpp"

namespace parley::net {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::io_context& ioc, std::shared_ptr<const Endpoints> endpoints);

  // Opens, binds and listens; the error names the endpoint and the cause.
  Status bind(const boost::asio::ip::tcp::endpoint& endpoint);
  unsigned short port() const;
  void start();
  void stop();

 private:
  void do_accept();

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<const Endpoints> endpoints_;
  std::uint64_t next_id_ = 0;
};

}  // namespace parley::net
