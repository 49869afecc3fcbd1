#include "net/listener.hpp"

#include <boost/asio/strand.hpp>

#include "log/logger.hpp"
#include "net/http_session.hpp"

namespace parley::net {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Listener::Listener(asio::io_context& ioc, std::shared_ptr<const Endpoints> endpoints)
    : ioc_(ioc), acceptor_(asio::make_strand(ioc)), endpoints_(std::move(endpoints)) {}

Status Listener::bind(const tcp::endpoint& endpoint) {
  boost::system::error_code ec;
  auto where = [&] {
    std::string addr = endpoint.address().to_string();
    if (endpoint.address().is_v6()) addr = "[" + addr + "]";
    return addr + ":" + std::to_string(endpoint.port());
  };
  if (acceptor_.open(endpoint.protocol(), ec); ec) return fail(ErrorCode::unavailable, "cannot listen on " + where() + ": " + ec.message());
  if (acceptor_.set_option(asio::socket_base::reuse_address(true), ec); ec)
    return fail(ErrorCode::unavailable, "cannot listen on " + where() + ": " + ec.message());
  if (acceptor_.bind(endpoint, ec); ec) return fail(ErrorCode::unavailable, "cannot listen on " + where() + ": " + ec.message());
  if (acceptor_.listen(asio::socket_base::max_listen_connections, ec); ec)
    return fail(ErrorCode::unavailable, "cannot listen on " + where() + ": " + ec.message());
  return {};
}

unsigned short Listener::port() const { return acceptor_.local_endpoint().port(); }

void Listener::start() { do_accept(); }

void Listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ec;
    self->acceptor_.close(ec);
  });
}

void Listener::do_accept() {
  acceptor_.async_accept(asio::make_strand(ioc_), [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (ec) {
      log::warn("net", "accept: " + ec.message());
    } else {
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<HttpSession>(std::move(socket), self->endpoints_, ++self->next_id_)->run();
    }
    self->do_accept();
  });
}

}  // namespace parley::net
