#include "net/asio_runtime.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>

namespace parley::net {
namespace asio = boost::asio;
namespace {

class AsioStrand : public Strand {
 public:
  explicit AsioStrand(asio::io_context& ioc) : strand_(asio::make_strand(ioc)) {}
  void post(std::function<void()> fn) override { asio::post(strand_, std::move(fn)); }
  asio::strand<asio::io_context::executor_type>& executor() { return strand_; }

 private:
  asio::strand<asio::io_context::executor_type> strand_;
};

class AsioTimer : public Timer {
 public:
  explicit AsioTimer(std::shared_ptr<AsioStrand> strand) : strand_(std::move(strand)), timer_(strand_->executor()) {}
  ~AsioTimer() override { timer_.cancel(); }

  void expire_at(std::int64_t epoch_ms, std::function<void()> fn) override {
    auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
    timer_.expires_after(std::chrono::milliseconds(std::max<std::int64_t>(0, epoch_ms - now_ms)));
    timer_.async_wait([fn = std::move(fn)](const boost::system::error_code& ec) {
      if (!ec) fn();
    });
  }
  void cancel() override { timer_.cancel(); }

 private:
  std::shared_ptr<AsioStrand> strand_;
  asio::steady_timer timer_;
};

}  // namespace

std::shared_ptr<Strand> AsioRuntime::make_strand() { return std::make_shared<AsioStrand>(ioc_); }

std::unique_ptr<Timer> AsioRuntime::make_timer(const std::shared_ptr<Strand>& strand) {
  return std::make_unique<AsioTimer>(std::static_pointer_cast<AsioStrand>(strand));
}

}  // namespace parley::net
