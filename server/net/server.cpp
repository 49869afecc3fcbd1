#include "net/server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <thread>
#include <vector>

#include "log/logger.hpp"
#include "net/listener.hpp"

namespace parley::net {
namespace asio = boost::asio;

struct Server::Impl {
  Impl(HttpHandler handler, ServerOptions opts)
      : options(opts), signals(ioc, SIGINT, SIGTERM),
        listener(std::make_shared<Listener>(ioc, std::make_shared<const HttpHandler>(std::move(handler)),
                                            opts.max_body_bytes)) {}

  ServerOptions options;
  asio::io_context ioc;
  asio::signal_set signals;
  std::shared_ptr<Listener> listener;
  int stopped_by = 0;
};

Server::Server(HttpHandler handler, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(handler), options)) {}

Server::~Server() = default;

Status Server::bind(const std::string& host, std::uint16_t port) {
  boost::system::error_code ec;
  asio::ip::tcp::resolver resolver(impl_->ioc);
  auto results = resolver.resolve(host, std::to_string(port), asio::ip::tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) return fail("cannot resolve listen host '" + host + "': " + ec.message());
  return impl_->listener->bind(results.begin()->endpoint());
}

std::uint16_t Server::port() const { return impl_->listener->port(); }

int Server::run() {
  impl_->signals.async_wait([this](boost::system::error_code ec, int signo) {
    if (ec) return;
    impl_->stopped_by = signo;
    log::info("net", std::string("received ") + (signo == SIGINT ? "SIGINT" : "SIGTERM") + ", shutting down");
    impl_->listener->stop();
    impl_->ioc.stop();
  });
  impl_->listener->start();
  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < impl_->options.threads; ++i) pool.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : pool) t.join();
  return impl_->stopped_by;
}

void Server::stop() { impl_->ioc.stop(); }

}  // namespace parley::net
