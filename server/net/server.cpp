#include "net/server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <thread>
#include <vector>

#include "log/logger.hpp"
#include "net/asio_runtime.hpp"
#include "net/listener.hpp"

namespace parley::net {
namespace asio = boost::asio;

struct Server::Impl {
  explicit Impl(ServerOptions opts)
      : options(opts), signals(ioc, SIGINT, SIGTERM), runtime(ioc), endpoints(std::make_shared<Endpoints>()) {
    endpoints->ws_limits = opts.ws;
    endpoints->max_body_bytes = opts.max_body_bytes;
    endpoints->http = [](HttpRequest, HttpResponder respond) { respond({503, "application/json", "{\"error\":\"the server is starting\",\"code\":\"unavailable\"}\n"}); };
    endpoints->websocket = [](std::shared_ptr<WsConnection>) { return WsAcceptDecision{nullptr, "starting"}; };
    listener = std::make_shared<Listener>(ioc, endpoints);
  }

  ServerOptions options;
  asio::io_context ioc;
  asio::signal_set signals;
  AsioRuntime runtime;
  std::shared_ptr<Endpoints> endpoints;
  std::shared_ptr<Listener> listener;
  int stopped_by = 0;
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(options)) {}

void Server::set_http_handler(HttpHandler handler) { impl_->endpoints->http = std::move(handler); }

void Server::set_websocket_acceptor(WsAcceptor acceptor) { impl_->endpoints->websocket = std::move(acceptor); }

Runtime& Server::runtime() { return impl_->runtime; }

Server::~Server() = default;

Status Server::bind(const std::string& host, std::uint16_t port) {
  boost::system::error_code ec;
  asio::ip::tcp::resolver resolver(impl_->ioc);
  auto results = resolver.resolve(host, std::to_string(port), asio::ip::tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) return fail(ErrorCode::invalid, "cannot resolve listen host '" + host + "': " + ec.message());
  return impl_->listener->bind(results.begin()->endpoint());
}

std::uint16_t Server::port() const { return impl_->listener->port(); }

namespace {
// A handler that throws must not end the process: log it and keep serving
// (the io_context stays usable after an exception leaves run()).
void serve_io(asio::io_context& ioc) {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      log::error("net", std::string("a network handler failed: ") + e.what() + "; serving on");
    } catch (...) {
      log::error("net", "a network handler failed with an unknown exception; serving on");
    }
  }
}
}  // namespace

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
  for (std::size_t i = 1; i < impl_->options.threads; ++i) pool.emplace_back([this] { serve_io(impl_->ioc); });
  serve_io(impl_->ioc);
  for (auto& t : pool) t.join();
  return impl_->stopped_by;
}

void Server::stop() { impl_->ioc.stop(); }

}  // namespace parley::net
