#pragma once
// The far side of a relayed client: frames from the node that owns the
// session go to the client as they are, and when that node closes the
// relay (it died, or let the session go) the client is closed too, so it
// reconnects and is routed again.

#include <memory>
#include <string>

#include "session/metrics.hpp"
#include "net/ws_connection.hpp"

namespace parley::app {

class Relay : public net::WsPeer {
 public:
  Relay(std::shared_ptr<net::WsConnection> client, Metrics& metrics) : client_(std::move(client)), metrics_(metrics) {}

  void on_message(std::string data, bool text) override {
    metrics_.bytes_out(data.size());
    client_->send(std::make_shared<const std::string>(std::move(data)), text ? net::FrameKind::text : net::FrameKind::binary);
  }
  void on_close(const std::string& reason) override {
    client_->close("the server that owns this session closed the relay (" + reason + "); reconnect");
  }

 private:
  std::shared_ptr<net::WsConnection> client_;
  Metrics& metrics_;
};

}  // namespace parley::app
