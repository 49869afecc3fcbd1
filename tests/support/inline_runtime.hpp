#pragma once
// A runtime for driving the application without a network: strands run what
// is posted at once, timers never fire, and no other server can be reached.

#include <functional>
#include <memory>
#include <string>

#include "net/runtime.hpp"

namespace parley::test {

class InlineRuntime : public net::Runtime {
  struct Inline : net::Strand {
    void post(std::function<void()> fn) override { fn(); }
  };
  struct Never : net::Timer {
    void expire_at(std::int64_t, std::function<void()>) override {}
    void cancel() override {}
  };

 public:
  std::shared_ptr<net::Strand> make_strand() override { return std::make_shared<Inline>(); }
  std::unique_ptr<net::Timer> make_timer(const std::shared_ptr<net::Strand>&) override { return std::make_unique<Never>(); }
  void open_websocket(const std::string&, std::shared_ptr<net::WsPeer>, net::WsLimits, net::WsOpened opened) override {
    opened(nullptr, "no network here");
  }
  void forward_http(const std::string&, net::HttpRequest, net::HttpResponder respond) override {
    respond(net::HttpResponse(502, "application/json", "{}"));
  }
};

}  // namespace parley::test
