#include "app/client_connection.hpp"

#include <chrono>

#include "common/crypto.hpp"

#include "log/logger.hpp"
#include "protocol/codec.hpp"

namespace parley::app {
namespace pb = parley::v1;
namespace {

// The clock events are stamped with, so connected times line up with the record.
std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

ClientConnection::ClientConnection(std::shared_ptr<net::WsConnection> conn, SessionRegistry& registry, Metrics& metrics,
                                   ConnectionLimits limits)
    : conn_(std::move(conn)), registry_(registry), metrics_(metrics), limits_(limits),
      limiter_(limits.commands_per_second, limits.burst) {
  metrics_.connection_opened();
}

void ClientConnection::send(const pb::ServerEnvelope& envelope, bool text) {
  auto payload = std::make_shared<const std::string>(protocol::encode_server(envelope, text));
  metrics_.bytes_out(payload->size());
  conn_->send(std::move(payload), text ? net::FrameKind::text : net::FrameKind::binary);
}

void ClientConnection::reject(const std::string& request_id, pb::ProtocolError code, const std::string& message,
                              bool retryable, bool text) {
  pb::ServerEnvelope env;
  auto* r = env.mutable_rejection();
  r->set_request_id(request_id);
  r->set_protocol(code);
  r->set_message(message);
  r->set_retryable(retryable);
  metrics_.rejection(pb::ProtocolError_Name(code));
  send(env, text);
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
  auto envelope = protocol::decode_client(data, text);
  if (!envelope) {
    error(pb::MALFORMED, envelope.error().message, false, text);
    return strike("too many malformed frames");
  }
  const auto& env = envelope.value();
  switch (env.kind_case()) {
    case pb::ClientEnvelope::kHello: return on_hello(env, text);
    case pb::ClientEnvelope::kCommand: return on_command(env, text);
    case pb::ClientEnvelope::kSync:
      if (!me_) return reject(env.request_id(), pb::NOT_AUTHENTICATED, "send a hello with your join code first", false, text);
      return host_->sync(Subscriber{*me_}, env.request_id(), text);
    case pb::ClientEnvelope::KIND_NOT_SET: break;
  }
  reject(env.request_id(), pb::UNKNOWN_COMMAND, "the envelope carries neither a hello nor a command", false, text);
  strike("too many empty envelopes");
}

void ClientConnection::on_hello(const pb::ClientEnvelope& env, bool text) {
  if (me_ || opening_) {
    std::string why = me_ ? "this connection is already authenticated as " + me_->role : "this connection's first hello is still being answered";
    return reject(env.request_id(), pb::ALREADY_AUTHENTICATED, why, false, text);
  }
  auto credential = registry_.authenticate(env.hello().code());
  if (!credential) {
    log::warn("auth", "rejected an unknown code from " + conn_->remote());
    return error(pb::BAD_CREDENTIALS, "unknown join code or token", true, text);
  }
  if (auto host = registry_.attach(credential->session_id)) return join(*credential, std::move(host), env, text);
  open_then_join(*credential, env, text);
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

void ClientConnection::join(const CredentialInfo& credential, std::shared_ptr<SessionHost> host, const pb::ClientEnvelope& env,
                            bool text) {
  auto role = host->index()->role_index(credential.role);
  me_ = Subscriber{conn_->id(), credential.role, role ? *role : -1, credential.seat, conn_, text,
                   env.hello().client().substr(0, 64)};
  host_ = std::move(host);
  log::info("auth", "connection " + std::to_string(conn_->id()) + " joined session " + credential.session_id + " as " +
                        credential.role + " seat " + std::to_string(credential.seat));
  host_->join(*me_, env.request_id(), env.hello().last_seq());
  presence_ = {credential.session_id, crypto::random_hex(8)};
  registry_.presence().connected(presence_.first, presence_.second, me_->role, me_->seat,
                                 me_->client.empty() ? "unnamed client" : me_->client, wall_clock_ms());
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
  if (!limiter_.allow()) {
    reject(env.request_id(), pb::RATE_LIMITED, "too many commands; slow down", true, text);
    return strike("flooding");
  }
  metrics_.command(protocol::command_name(command));
  auto sub = *me_;
  sub.text = text;
  host_->submit(std::move(sub), env.request_id(), command);
}

void ClientConnection::on_close(const std::string& reason) {
  metrics_.connection_closed();
  if (host_ && me_) host_->leave(me_->client_id);
  if (!presence_.first.empty()) registry_.presence().disconnected(presence_.first, presence_.second, wall_clock_ms());
  log::info("net", "connection " + std::to_string(conn_->id()) + " from " + conn_->remote() + " closed: " + reason);
  conn_.reset();
  host_.reset();
}

}  // namespace parley::app
