#pragma once
// The protocol as one WebSocket client speaks it: hello first (bound to a
// role and seat by its code), then commands, each answered in the form
// (JSON text or binary protobuf) it arrived in. Malformed frames, commands
// before authentication and floods get typed errors; repeated abuse closes
// the connection. Methods run on the connection's strand, one at a time.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cluster/cluster_map.hpp"
#include "gateway/hello_guard.hpp"
#include "session/metrics.hpp"
#include "gateway/rate_limiter.hpp"
#include "session/session_registry.hpp"
#include "session/subscriber.hpp"
#include "net/runtime.hpp"
#include "net/ws_connection.hpp"
#include "parley/v1/protocol.pb.h"

namespace parley::app {

struct ConnectionLimits {
  double commands_per_second = 50;
  double burst = 100;
  int max_strikes = 20;  // malformed frames, unauthenticated or throttled commands before we hang up
};

class ClientConnection : public net::WsPeer, public std::enable_shared_from_this<ClientConnection> {
 public:
  // cluster (may be null: one node) says where sessions hosted elsewhere
  // live; their clients are relayed there over a connection from runtime.
  // hellos (may be null: no limit) counts failed hellos per address.
  ClientConnection(std::shared_ptr<net::WsConnection> conn, SessionRegistry& registry, Metrics& metrics,
                   ConnectionLimits limits, const ClusterMap* cluster = nullptr, net::Runtime* runtime = nullptr,
                   net::WsLimits relay_limits = {}, HelloGuard* hellos = nullptr);

  void on_message(std::string data, bool text) override;
  void on_close(const std::string& reason) override;

 private:
  void take(std::string data, bool text);
  void on_hello(const parley::v1::ClientEnvelope& envelope, bool text, const std::string& raw);
  // A code issued by another node: looked up in the database, then routed.
  void look_up_then_route(const parley::v1::ClientEnvelope& envelope, bool text, const std::string& raw);
  // An unknown code: counted against the address, and answered.
  void refuse_code(bool text);
  // Joins here, or relays to the node that owns the session.
  void route(const CredentialInfo& credential, const parley::v1::ClientEnvelope& envelope, bool text, const std::string& raw);
  void locate_then_route(const CredentialInfo& credential, const parley::v1::ClientEnvelope& envelope, bool text,
                         const std::string& raw);
  void relay_to(const std::string& node_url, const std::string& raw_hello, bool text);
  void on_relay_open(std::shared_ptr<net::WsConnection> upstream, const std::string& error, bool text);
  // An ended session that left memory is hosted again off this strand; the hello finishes here after.
  void open_then_join(const CredentialInfo& credential, const parley::v1::ClientEnvelope& envelope, bool text);
  void join(const CredentialInfo& credential, std::shared_ptr<SessionHost> host, const parley::v1::ClientEnvelope& envelope, bool text);
  void on_command(const parley::v1::ClientEnvelope& envelope, bool text);
  void reject(const std::string& request_id, parley::v1::ProtocolError code, const std::string& message, bool retryable,
              bool text);
  void error(parley::v1::ProtocolError code, const std::string& message, bool fatal, bool text);
  void strike(const std::string& why);
  void send(const parley::v1::ServerEnvelope& envelope, bool text);

  std::shared_ptr<net::WsConnection> conn_;
  SessionRegistry& registry_;
  Metrics& metrics_;
  ConnectionLimits limits_;
  RateLimiter limiter_;
  int strikes_ = 0;
  bool closed_ = false;
  bool opening_ = false;  // a hello waits for the database (its code, its session's node, or its session hosted again)
  std::shared_ptr<SessionHost> host_;
  std::optional<Subscriber> me_;
  std::pair<std::string, std::string> presence_;  // session id, connection key; empty until a hello succeeds
  const ClusterMap* cluster_;
  net::Runtime* runtime_;
  net::WsLimits relay_limits_;
  HelloGuard* hellos_ = nullptr;
  bool relaying_ = false;  // every frame goes to the owner's node from now on
  std::shared_ptr<net::WsConnection> upstream_;
  std::vector<std::pair<std::string, bool>> held_;  // frames that came while the relay was opening
};

}  // namespace parley::app
