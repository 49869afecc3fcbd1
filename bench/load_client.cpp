#include "load_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

namespace parley::bench {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace pb = parley::v1;

LoadClient::LoadClient(asio::io_context& ioc, std::string host, std::string port, std::string code, std::string self,
                       std::vector<std::string> others, std::vector<std::string> issues, std::uint64_t seed,
                       std::chrono::microseconds interval)
    : ws_(asio::make_strand(ioc)), timer_(ws_.get_executor()), host_(std::move(host)), port_(std::move(port)),
      code_(std::move(code)), self_(std::move(self)), others_(std::move(others)), issues_(std::move(issues)), rng_(seed),
      interval_(interval) {}

void LoadClient::fail(const std::string& what) {
  if (!failed_) error_ = self_ + ": " + what;
  failed_ = true;
  running_ = false;
}

void LoadClient::start(std::function<void()> on_ready) {
  on_ready_ = std::move(on_ready);
  auto self = shared_from_this();
  auto resolver = std::make_shared<asio::ip::tcp::resolver>(ws_.get_executor());
  resolver->async_resolve(host_, port_, [self, resolver](beast::error_code ec, asio::ip::tcp::resolver::results_type results) {
    if (ec) return self->fail("resolve: " + ec.message());
    beast::get_lowest_layer(self->ws_).async_connect(results, [self](beast::error_code ec, auto) {
      if (ec) return self->fail("connect: " + ec.message());
      beast::get_lowest_layer(self->ws_).socket().set_option(asio::ip::tcp::no_delay(true));
      self->ws_.binary(true);
      self->ws_.async_handshake(self->host_ + ":" + self->port_, "/ws", [self](beast::error_code ec) {
        if (ec) return self->fail("handshake: " + ec.message());
        pb::ClientEnvelope hello;
        hello.set_request_id("hello");
        hello.mutable_hello()->set_code(self->code_);
        hello.mutable_hello()->set_client("parley-bench");
        // As every client of ours does (the browser among them), so the bytes measured are theirs; this
        // one reads no message texts, so it has none to restore.
        hello.mutable_hello()->set_keeps_own_texts(true);
        self->write(hello.SerializeAsString());
        self->read();
      });
    });
  });
}

void LoadClient::read() {
  ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t n) {
    if (ec) {
      if (self->running_) self->fail("read: " + ec.message());
      return;
    }
    self->stats_.bytes_in += n;
    self->on_frame(beast::buffers_to_string(self->buffer_.data()));
    self->buffer_.consume(self->buffer_.size());
    self->read();
  });
}

void LoadClient::on_frame(const std::string& data) {
  pb::ServerEnvelope env;
  if (!env.ParseFromString(data)) return fail("unreadable frame");
  auto now = Clock::now();
  bool counting = now >= from_ && now <= until_;
  if (env.has_snapshot() && !ready_) {
    ready_ = true;
    for (const auto& t : env.snapshot().state().texts()) texts_.push_back(t.text_id());
    if (on_ready_) on_ready_();
  } else if (env.has_batch()) {
    // The events first, then the acks (the packed header fields and own texts are not needed here).
    for (const auto& e : env.batch().events()) {
      if (counting) ++stats_.events;
      if (e.event().has_text_tabled()) texts_.push_back(e.event().text_tabled().text_id());
    }
    for (const auto& ack : env.batch().acks()) on_answer(ack.request_id(), now, counting, nullptr);
  } else if (env.has_ack()) {
    on_answer(env.ack().request_id(), now, counting, nullptr);
  } else if (env.has_rejection()) {
    on_answer(env.rejection().request_id(), now, counting, &env.rejection());
  } else if (env.has_error()) {
    fail("server error: " + env.error().message());
  }
}

void LoadClient::on_answer(const std::string& request_id, Clock::time_point now, bool counting,
                           const pb::Rejection* rejection) {
  auto it = in_flight_.find(request_id);
  if (it == in_flight_.end()) return;
  if (counting && it->second >= from_) {
    stats_.latencies_ms.push_back(std::chrono::duration<double, std::milli>(now - it->second).count());
    if (rejection == nullptr) {
      ++stats_.acks;
    } else {
      ++stats_.rejections;
      if (stats_.first_rejection.empty()) stats_.first_rejection = rejection->message();
    }
  }
  in_flight_.erase(it);
  if (interval_.count() == 0 && running_) send_next();  // closed loop
}

pb::Command LoadClient::next_command() {
  pb::Command c;
  int roll = static_cast<int>(rng_() % 10);
  if (roll < 7) {
    c.mutable_send_message()->set_to(others_[rng_() % others_.size()]);
    c.mutable_send_message()->set_text("Could we settle issue B on the second option?");
  } else if (roll < 9 && !texts_.empty()) {
    c.mutable_vote()->set_text_id(texts_[rng_() % texts_.size()]);
    c.mutable_vote()->set_choice(rng_() % 2 ? pb::YES : pb::NO);
  } else {
    auto& options = *c.mutable_table_text()->mutable_options();
    for (const auto& issue : issues_) options[issue] = issue + std::to_string(1 + rng_() % 3);
  }
  return c;
}

void LoadClient::send_next() {
  if (!running_ || Clock::now() > until_) {
    running_ = false;
    return;
  }
  pb::ClientEnvelope env;
  env.set_request_id(std::to_string(++next_id_));
  *env.mutable_command() = next_command();
  in_flight_[env.request_id()] = Clock::now();
  write(env.SerializeAsString());
  if (interval_.count() > 0) {
    timer_.expires_at(timer_.expiry() + interval_);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->send_next();
    });
  }
}

void LoadClient::run(Clock::time_point from, Clock::time_point until) {
  asio::post(ws_.get_executor(), [self = shared_from_this(), from, until] {
    self->from_ = from;
    self->until_ = until;
    self->running_ = !self->failed_;
    if (!self->running_) return;
    if (self->interval_.count() == 0) return self->send_next();
    // Open loop: spread clients over the first interval so they do not fire together.
    self->timer_.expires_at(Clock::now() + std::chrono::microseconds(self->rng_() % self->interval_.count()));
    self->timer_.async_wait([self](beast::error_code ec) {
      if (!ec) self->send_next();
    });
  });
}

void LoadClient::write(std::string bytes) {
  outbox_.push_back(std::move(bytes));
  if (!writing_) do_write();
}

void LoadClient::do_write() {
  writing_ = true;
  auto bytes = std::make_shared<std::string>(std::move(outbox_.front()));
  outbox_.erase(outbox_.begin());
  ws_.async_write(asio::buffer(*bytes), [self = shared_from_this(), bytes](beast::error_code ec, std::size_t) {
    self->writing_ = false;
    if (ec) return self->fail("write: " + ec.message());
    if (!self->outbox_.empty()) self->do_write();
  });
}

void LoadClient::stop() {
  asio::post(ws_.get_executor(), [self = shared_from_this()] {
    self->running_ = false;
    self->timer_.cancel();
    beast::error_code ec;
    beast::get_lowest_layer(self->ws_).socket().close(ec);
  });
}

}  // namespace parley::bench
