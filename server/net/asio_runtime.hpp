#pragma once
// Runtime on an io_context: strands are Asio strands, timers steady timers
// aimed at wall-clock deadlines.

#include <boost/asio/io_context.hpp>

#include "net/runtime.hpp"

namespace parley::net {

class AsioRuntime : public Runtime {
 public:
  explicit AsioRuntime(boost::asio::io_context& ioc) : ioc_(ioc) {}
  std::shared_ptr<Strand> make_strand() override;
  std::unique_ptr<Timer> make_timer(const std::shared_ptr<Strand>& strand) override;
  void open_websocket(const std::string& base_url, std::shared_ptr<WsPeer> peer, WsLimits limits, WsOpened opened) override;
  void forward_http(const std::string& base_url, HttpRequest request, HttpResponder respond) override;

 private:
  boost::asio::io_context& ioc_;
};

}  // namespace parley::net
