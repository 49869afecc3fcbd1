#include "gateway/client_connection.hpp"

#include <chrono>

#include "gateway/relay.hpp"
#include "common/crypto.hpp"
#include "log/logger.hpp"
#include "wire/codec.hpp"

namespace parley::app {
namespace pb = parley::v1;
namespace {

// The clock events are stamped with, so connected times line up with the record.
std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

constexpr std::size_t kMaxHeldFrames = 64;

}  // namespace

ClientConnection::ClientConnection(std::shared_ptr<net::WsConnection> conn, SessionRegistry& registry, Metrics& metrics,
                                   ConnectionLimits limits, const ClusterMap* cluster, net::Runtime* runtime,
                                   net::WsLimits relay_limits, HelloGuard* hellos)
    : conn_(std::move(conn)), registry_(registry), metrics_(metrics), limits_(limits),
      limiter_(limits.commands_per_second, limits.burst), cluster_(cluster), runtime_(runtime), relay_limits_(relay_limits),
      hellos_(hellos) {
  metrics_.connection_opened();
}

void ClientConnection::send(const pb::ServerEnvelope& envelope, bool text) {
  auto payload = std::make_shared<const std::string>(wire::encode_server(envelope, text));
  metrics_.bytes_out(payload->size());
  conn_->send(std::move(payload), text ? net::FrameKind::text : net::FrameKind::binary);
}

void ClientConnection::reject(const std::string& request_id, pb::ProtocolError code, const std::string& message,
                              bool retryable, bool text) {
  metrics_.rejection(pb::ProtocolError_Name(code));
  send(wire::protocol_rejection(request_id, code, message, retryable), text);
}

void ClientConnection::error(pb::ProtocolError code, const std::string& message, bool fatal, bool text) {
  pb::ServerEnvelope env;
  env.mutable_error()->set_code(code);
  env.mutable_error()->set_message(message);
  env.mutable_error()->set_fatal(fatal);
  send(env, text);
  if (fatal) conn_->close(message);
}

// Abuse is tolerated up to a point, then the connection is closed.
void ClientConnection::strike(const std::string& why) {
  if (++strikes_ < limits_.max_strikes || closed_) return;
  closed_ = true;
  log::warn("net", "closing connection " + std::to_string(conn_->id()) + " from " + conn_->remote() + ": " + why);
  conn_->close(why);
}

void ClientConnection::on_message(std::string data, bool text) {
  metrics_.bytes_in(data.size());
  take(std::move(data), text);
}

// Frames that come while the hello is still being answered (its code or its
// session looked up in the database, a relay opening) wait, in order.
void ClientConnection::take(std::string data, bool text) {
  if (relaying_ && upstream_) {
    return upstream_->send(std::make_shared<const std::string>(std::move(data)), text ? net::FrameKind::text : net::FrameKind::binary);
  }
  if (relaying_ || opening_) {
    if (held_.size() >= kMaxHeldFrames) return conn_->close("too many frames before the hello was answered");
    held_.emplace_back(std::move(data), text);
    return;
  }
  auto envelope = wire::decode_client(data, text);
  if (!envelope) {
    error(pb::MALFORMED, envelope.error().message, false, text);
    return strike("too many malformed frames");
  }
  const auto& env = envelope.value();
  switch (env.kind_case()) {
    case pb::ClientEnvelope::kHello: return on_hello(env, text, data);
    case pb::ClientEnvelope::kCommand: return on_command(env, text);
    case pb::ClientEnvelope::kSync:
      if (!me_) return reject(env.request_id(), pb::NOT_AUTHENTICATED, "send a hello with your join code first", false, text);
      return host_->sync(Subscriber{*me_}, env.request_id(), text);
    case pb::ClientEnvelope::KIND_NOT_SET: break;
  }
  reject(env.request_id(), pb::UNKNOWN_COMMAND, "the envelope carries neither a hello nor a command", false, text);
  strike("too many empty envelopes");
}

namespace {
std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

void ClientConnection::on_hello(const pb::ClientEnvelope& env, bool text, const std::string& raw) {
  if (me_) return reject(env.request_id(), pb::ALREADY_AUTHENTICATED, "this connection is already authenticated as " + me_->role, false, text);
  // A relayed hello was checked by the node that relays it.
  if (hellos_ && !conn_->relayed() && !hellos_->allows(conn_->remote(), wall_ms())) {
    log::warn("auth", "refused a hello from " + conn_->remote() + ": too many unknown codes from that address");
    return error(pb::RATE_LIMITED, "too many unknown codes from your address in the last minute; wait a minute and check the code", true, text);
  }
  auto credential = registry_.authenticate(env.hello().code());
  if (credential) return route(*credential, env, text, raw);
  if (cluster_) return look_up_then_route(env, text, raw);
  refuse_code(text);
}

void ClientConnection::refuse_code(bool text) {
  if (hellos_ && !conn_->relayed()) hellos_->failed(conn_->remote(), wall_ms());
  log::warn("auth", "rejected an unknown code from " + conn_->remote());
  error(pb::BAD_CREDENTIALS, "unknown join code or token", true, text);
}

void ClientConnection::look_up_then_route(const pb::ClientEnvelope& env, bool text, const std::string& raw) {
  opening_ = true;
  std::weak_ptr<ClientConnection> weak = weak_from_this();
  auto conn = conn_;
  registry_.lookup(env.hello().code(), [weak, conn, env, text, raw](Result<std::optional<CredentialInfo>> found) {
    conn->run([weak, env, text, raw, found = std::move(found)] {
      auto self = weak.lock();
      if (!self || !self->conn_) return;
      self->opening_ = false;
      if (!found) return self->error(pb::SESSION_UNAVAILABLE, found.error().message, true, text);
      if (!found.value()) return self->refuse_code(text);
      self->route(*found.value(), env, text, raw);
    });
  });
}

void ClientConnection::route(const CredentialInfo& credential, const pb::ClientEnvelope& env, bool text, const std::string& raw) {
  if (auto host = registry_.attach(credential.session_id)) return join(credential, std::move(host), env, text);
  if (cluster_ && runtime_ && !conn_->relayed()) {
    if (auto owner = cluster_->owner(credential.session_id)) return relay_to(owner->url, raw, text);
    return locate_then_route(credential, env, text, raw);
  }
  open_then_join(credential, env, text);
}

// The map is refreshed every tick: a session created a moment ago on another node is found in the database.
void ClientConnection::locate_then_route(const CredentialInfo& credential, const pb::ClientEnvelope& env, bool text,
                                         const std::string& raw) {
  opening_ = true;
  std::weak_ptr<ClientConnection> weak = weak_from_this();
  auto conn = conn_;
  registry_.locate(credential.session_id, [weak, conn, credential, env, text, raw](std::optional<storage::NodeRow> owner) {
    conn->run([weak, credential, env, text, raw, owner = std::move(owner)] {
      auto self = weak.lock();
      if (!self || !self->conn_) return;
      self->opening_ = false;
      if (owner) return self->relay_to(owner->url, raw, text);
      if (auto host = self->registry_.attach(credential.session_id)) return self->join(credential, std::move(host), env, text);
      self->open_then_join(credential, env, text);
    });
  });
}

void ClientConnection::relay_to(const std::string& node_url, const std::string& raw_hello, bool text) {
  relaying_ = true;
  held_.insert(held_.begin(), {raw_hello, text});
  std::weak_ptr<ClientConnection> weak = weak_from_this();
  auto conn = conn_;
  auto relay = std::make_shared<Relay>(conn_, metrics_);
  runtime_->open_websocket(node_url, relay, relay_limits_, [weak, conn, text](std::shared_ptr<net::WsConnection> upstream, std::string error) {
    conn->run([weak, upstream, error, text] {
      auto self = weak.lock();
      if (self && self->conn_) return self->on_relay_open(upstream, error, text);
      if (upstream) upstream->close("the client left before the relay opened");
    });
  });
}

void ClientConnection::on_relay_open(std::shared_ptr<net::WsConnection> upstream, const std::string& error, bool text) {
  if (!upstream) {
    log::warn("net", "cannot relay connection " + std::to_string(conn_->id()) + " to the session's server: " + error);
    return this->error(pb::SESSION_UNAVAILABLE, "the server that owns this session cannot be reached (" + error + "); try again shortly", true, text);
  }
  upstream_ = std::move(upstream);
  for (auto& [data, frame_text] : held_) {
    upstream_->send(std::make_shared<const std::string>(std::move(data)), frame_text ? net::FrameKind::text : net::FrameKind::binary);
  }
  held_.clear();
}

void ClientConnection::open_then_join(const CredentialInfo& credential, const pb::ClientEnvelope& env, bool text) {
  opening_ = true;
  std::weak_ptr<ClientConnection> weak = weak_from_this();
  auto conn = conn_;
  std::uint64_t client_id = conn_->id();
  registry_.open(credential.session_id, [weak, conn, client_id, credential, env, text](Result<std::shared_ptr<SessionHost>> host) {
    conn->run([weak, client_id, credential, env, text, host = std::move(host)] {
      auto self = weak.lock();
      if (self && self->conn_) {
        self->opening_ = false;
        if (host) return self->join(credential, host.value(), env, text);
        return self->error(pb::SESSION_UNAVAILABLE, host.error().message, true, text);
      }
      if (host) host.value()->leave(client_id);  // the client left meanwhile: let the session go
    });
  });
}

namespace {
// A name as a person typed it: trimmed, without control characters, at most 60 bytes (whole characters).
std::string display_name(const std::string& typed) {
  std::string out;
  for (char c : typed) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
  }
  auto b = out.find_first_not_of(' ');
  if (b == std::string::npos) return "";
  out = out.substr(b, out.find_last_not_of(' ') - b + 1);
  if (out.size() > 60) {
    std::size_t cut = 60;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}
}  // namespace

void ClientConnection::join(const CredentialInfo& credential, std::shared_ptr<SessionHost> host, const pb::ClientEnvelope& env,
                            bool text) {
  auto role = host->index()->role_index(credential.role);
  std::string name = display_name(env.hello().display_name());
  bool bot = env.hello().client().rfind("bot", 0) == 0;
  if (name.empty() && !bot && credential.kind == storage::CredentialKind::seat && host->names_required()) {
    host->release();
    return error(pb::NAME_REQUIRED, "this session asks each participant's name: give it to join", true, text);
  }
  me_ = Subscriber{conn_->id(), credential.role, role ? *role : -1, credential.seat, conn_, text,
                   env.hello().client().substr(0, 64), env.hello().keeps_own_texts(), env.hello().wants_desk(), name, {}};
  host_ = std::move(host);
  log::info("auth", "connection " + std::to_string(conn_->id()) + " joined session " + credential.session_id + " as " +
                        credential.role + " seat " + std::to_string(credential.seat));
  host_->join(*me_, env.request_id(), env.hello().last_seq());
  presence_ = {credential.session_id, crypto::random_hex(8)};
  registry_.presence().connected(presence_.first, presence_.second, me_->role, me_->seat,
                                 me_->client.empty() ? "unnamed client" : me_->client, me_->display_name, wall_clock_ms());
  auto held = std::move(held_);  // what the client sent while its hello was answered
  held_.clear();
  for (auto& [data, frame_text] : held) take(std::move(data), frame_text);
}

void ClientConnection::on_command(const pb::ClientEnvelope& env, bool text) {
  const auto& command = env.command();
  if (!me_) {
    reject(env.request_id(), pb::NOT_AUTHENTICATED, "send a hello with your join code first", false, text);
    return strike("too many commands before authentication");
  }
  if (command.kind_case() == pb::Command::KIND_NOT_SET) {
    return reject(env.request_id(), pb::UNKNOWN_COMMAND, "the command is empty or of a kind this server does not know", false, text);
  }
  if (command.kind_case() == pb::Command::kTick) {
    return reject(env.request_id(), pb::FORBIDDEN_COMMAND, "only the server's clock sends ticks", false, text);
  }
  // A request id is stored as text, which cannot hold a NUL: two ids differing after one would collide.
  if (env.request_id().find('\0') != std::string::npos) {
    return reject(env.request_id(), pb::MALFORMED, "the request id holds a NUL character; use printable text", false, text);
  }
  if (!limiter_.allow()) {
    reject(env.request_id(), pb::RATE_LIMITED, "too many commands; slow down", true, text);
    return strike("flooding");
  }
  metrics_.command(wire::command_name(command));
  auto sub = *me_;
  sub.text = text;
  host_->submit(std::move(sub), env.request_id(), command);
}

void ClientConnection::on_close(const std::string& reason) {
  metrics_.connection_closed();
  if (upstream_) upstream_->close("the client left: " + reason);
  upstream_.reset();
  if (host_ && me_) host_->leave(me_->client_id);
  if (!presence_.first.empty()) registry_.presence().disconnected(presence_.first, presence_.second, wall_clock_ms());
  log::info("net", "connection " + std::to_string(conn_->id()) + " from " + conn_->remote() + " closed: " + reason);
  conn_.reset();
  host_.reset();
}

}  // namespace parley::app
