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

 private:
  boost::asio::io_context& ioc_;
};

}  // namespace parley::net
