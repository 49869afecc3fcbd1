#include "support/server_process.hpp"

#include <boost/json.hpp>
#include <csignal>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/http_client.hpp"

namespace parley::test {

std::string SessionCodes::code(const std::string& role, std::uint32_t seat) const {
  for (const auto& s : seats) {
    if (s.role == role && s.seat == seat) return s.code;
  }
  throw std::runtime_error("no seat " + role + "/" + std::to_string(seat));
}

std::string SessionCodes::short_code(const std::string& role, std::uint32_t seat) const {
  for (const auto& s : seats) {
    if (s.role == role && s.seat == seat) return s.short_code;
  }
  throw std::runtime_error("no seat " + role + "/" + std::to_string(seat));
}

ServerProcess::ServerProcess(std::string db_url, std::filesystem::path data_dir, std::vector<std::string> extra_args)
    : db_url_(std::move(db_url)), data_dir_(std::move(data_dir)), extra_args_(std::move(extra_args)) {
  start();
}

ServerProcess::~ServerProcess() {
  if (child_) stop();
}

void ServerProcess::start() {
  // One server at a time: a second on the same port would race the first one's exit for it.
  if (child_) stop();
  // The same port across restarts, so clients reconnect to the same URL.
  std::vector<std::string> args{"--listen", "127.0.0.1:" + std::to_string(port_), "--data-dir", data_dir_.string(),
                                "--admin-token", admin_token_};
  if (!db_url_.empty()) args.insert(args.end(), {"--db", db_url_});
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::filesystem::create_directories(data_dir_.parent_path());
  child_ = std::make_unique<ChildProcess>(PARLEY_SERVER_BINARY, args,
                                          std::map<std::string, std::string>{{"PARLEY_DATABASE_URL", ""}},
                                          (data_dir_.parent_path() / "server.log").string());
  auto line = child_->wait_for_stdout("listening on http://127.0.0.1:");
  if (!line) throw std::runtime_error("parley-server did not start:\n" + log());
  port_ = port_from_banner(*line);
}

std::string ServerProcess::log() const {
  std::ifstream in(data_dir_.parent_path() / "server.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void ServerProcess::kill9() {
  child_->send_signal(SIGKILL);
  child_->wait();
  child_.reset();
}

int ServerProcess::stop() {
  child_->send_signal(SIGTERM);
  int code = child_->wait();
  child_.reset();
  return code;
}

SessionCodes ServerProcess::create_session(const std::string& scenario, const std::string& title) const {
  return create_session_at(port_, admin_token_, scenario, title);
}

SessionCodes create_session_at(std::uint16_t port, const std::string& admin_token, const std::string& scenario,
                               const std::string& title) {
  auto reply = http_request(port, "POST", "/api/sessions",
                            boost::json::serialize(boost::json::object{{"scenario", scenario}, {"title", title}}),
                            "Authorization: Bearer " + admin_token + "\r\n");
  if (reply.status != 201) throw std::runtime_error("creating a session failed: " + std::to_string(reply.status) + " " + reply.body);
  auto obj = boost::json::parse(reply.body).as_object();
  SessionCodes codes;
  codes.session_id = std::string(obj["session_id"].as_string());
  codes.facilitator_token = std::string(obj["facilitator_token"].as_string());
  codes.observer_code = std::string(obj["observer_code"].as_string());
  for (const auto& s : obj["seats"].as_array()) {
    const auto& seat = s.as_object();
    const auto* spoken = seat.if_contains("short_code");
    codes.seats.push_back({std::string(seat.at("role").as_string()), static_cast<std::uint32_t>(seat.at("seat").as_int64()),
                           std::string(seat.at("join_code").as_string()), spoken ? std::string(spoken->as_string()) : ""});
  }
  return codes;
}

std::string ServerProcess::status(const SessionCodes& codes) const {
  return http_request(port_, "GET", "/api/sessions/" + codes.session_id, "",
                      "Authorization: Bearer " + codes.facilitator_token + "\r\n")
      .body;
}

}  // namespace parley::test
