#pragma once
// The real parley-server, started for an integration test on a free port,
// against a test database or its own embedded cluster, and restartable
// (including after kill -9) with the same data.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace parley::test {

struct SeatCode {
  std::string role;
  std::uint32_t seat;
  std::string code;
  std::string short_code;  // its short form, "XXXX-XXXX-XXXX"
};

struct SessionCodes {
  std::string session_id;
  std::string facilitator_token;
  std::string observer_code;
  std::vector<SeatCode> seats;
  std::string code(const std::string& role, std::uint32_t seat = 0) const;
  std::string short_code(const std::string& role, std::uint32_t seat = 0) const;
};

// POST /api/sessions on the server (or balancer) at port; throws when it fails.
SessionCodes create_session_at(std::uint16_t port, const std::string& admin_token, const std::string& scenario,
                               const std::string& title = "test");

class ServerProcess {
 public:
  // db_url empty: the server runs its embedded cluster in data_dir.
  ServerProcess(std::string db_url, std::filesystem::path data_dir, std::vector<std::string> extra_args = {});
  ~ServerProcess();

  void start();
  void kill9();
  int stop();  // SIGTERM; returns the exit code

  std::uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& admin_token() const { return admin_token_; }
  // Everything the server has logged so far, across restarts.
  std::string log() const;

  SessionCodes create_session(const std::string& scenario, const std::string& title = "test") const;
  // GET /api/sessions/<id> as the facilitator; the JSON body.
  std::string status(const SessionCodes& codes) const;

 private:
  std::string db_url_;
  std::filesystem::path data_dir_;
  std::vector<std::string> extra_args_;
  std::string admin_token_ = "integration-test-admin-token";
  std::uint16_t port_ = 0;
  std::unique_ptr<ChildProcess> child_;
};

}  // namespace parley::test
