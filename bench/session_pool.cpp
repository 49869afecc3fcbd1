#include "session_pool.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "http_client.hpp"
#include "ws_client.hpp"

namespace parley::bench {
namespace json = boost::json;
namespace pb = parley::v1;

Status SessionPool::as_white(const std::string& facilitator_token, const pb::Command& command) {
  client::WsClient white;
  if (auto ok = white.connect(settings_.server); !ok) return ok;
  pb::ClientEnvelope env;
  env.mutable_hello()->set_code(facilitator_token);
  env.mutable_hello()->set_client("parley-bench");
  if (auto ok = white.send(env); !ok) return ok;
  env.Clear();
  // Request ids are per seat and idempotent: a reused id would get the earlier command's answer.
  std::string request_id = "white-" + std::to_string(++white_commands_);
  env.set_request_id(request_id);
  *env.mutable_command() = command;
  if (auto ok = white.send(env); !ok) return ok;
  for (int frames = 0; frames < 10000; ++frames) {
    auto got = white.receive(std::chrono::seconds(10));
    if (!got) return got.error();
    const auto& answer = got.value();
    if (answer.has_ack() && answer.ack().request_id() == request_id) {
      white.close();
      return {};
    }
    if (answer.has_rejection() && answer.rejection().request_id() == request_id) return fail(ErrorCode::invalid, answer.rejection().message());
  }
  return fail(ErrorCode::unavailable, "the white cell's command got no answer within 10,000 frames");
}

Result<BenchSession> SessionPool::create(int every_seat) {
  auto created = client::http_call(settings_.server, "POST", "/api/sessions", R"({"scenario":"bench","title":"bench"})", settings_.token);
  if (!created) return created.error();
  if (created.value().status != 201) return fail(ErrorCode::failed, "cannot create a session (check --token): " + created.value().body);
  auto codes = json::parse(created.value().body).as_object();
  BenchSession session{std::string(codes["session_id"].as_string()), std::string(codes["facilitator_token"].as_string()), {}};
  pb::Command start;
  start.mutable_start();
  if (auto ok = as_white(session.facilitator_token, start); !ok) return ok.error();
  const auto& delegations = settings_.delegations;
  for (const auto& seat : codes["seats"].as_array()) {
    std::string role(seat.at("role").as_string());
    int index = static_cast<int>(std::find(delegations.begin(), delegations.end(), role) - delegations.begin());
    bool playing = every_seat > 0 ? static_cast<int>(session.clients.size()) < every_seat
                                  : (seat.at("seat").as_int64() == 0 && index < settings_.players);
    if (!playing) continue;
    std::vector<std::string> others;
    for (int i = 0; i < settings_.players; ++i) {
      if (delegations[i] != role) others.push_back(delegations[i]);
    }
    session.clients.push_back(std::make_shared<LoadClient>(ioc_, settings_.host, settings_.port, std::string(seat.at("join_code").as_string()),
                                                           role, others, settings_.issues, seed_++, settings_.interval));
  }
  return session;
}

Status SessionPool::retire(BenchSession& session) {
  for (auto& c : session.clients) c->stop();
  pb::Command end;
  end.mutable_end()->set_reason("the soak replaces this session");
  return as_white(session.facilitator_token, end);
}

}  // namespace parley::bench
