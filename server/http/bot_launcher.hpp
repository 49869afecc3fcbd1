#pragma once
// Seats (and removes) bots and language-model seats for the white cell's
// dashboard by running the `parley bots` or `parley agents` client as a child
// process: the same players the terminal starts, speaking the public protocol,
// so the server hosts no second implementation of a player.
//
// Thread-safe. Children die with the server (PR_SET_PDEATHSIG) and are
// stopped with SIGTERM when the launcher is destroyed; each is reaped by a
// small waiting thread. At most `max_running` bot processes run at once.

#include <cstdint>
#include <memory>
#include <mutex>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

#include "common/result.hpp"

namespace parley::app {

// What the server's configuration and the dashboard's request say about one model seat.
struct AgentLaunch {
  std::string endpoint;  // the server's --llm-url: a dashboard may not point a model elsewhere
  std::string key;       // the server's PARLEY_LLM_KEY ("" for none)
  std::string model;
  std::string persona;   // "" for none
  std::string fallback;  // wait or bot
};

class BotLauncher {
 public:
  explicit BotLauncher(std::string program, std::size_t max_running = 64);
  ~BotLauncher();
  BotLauncher(const BotLauncher&) = delete;
  BotLauncher& operator=(const BotLauncher&) = delete;

  // The server's own URL, known once it is listening.
  void set_server_url(std::string url);

  // Starts one `parley bots` process for these roles of the session; the
  // token (a facilitator token or the admin token) lets it issue seat codes.
  Status launch(const std::string& session_id, const std::vector<std::string>& roles, const std::string& strategy,
                const std::string& token);
  // Starts one `parley agents` process for a role: the model at the server's configured endpoint.
  // The key, if any, reaches the child through its environment (PARLEY_LLM_KEY), never argv.
  Status launch_agent(const std::string& session_id, const std::string& role, const AgentLaunch& agent, const std::string& token);
  // Stops (SIGTERM) the bot processes playing `role` in the session; how many there were.
  std::size_t stop(const std::string& session_id, const std::string& role);

 private:
  // Forks and runs the client with these arguments (after the program) and extra environment.
  Status spawn(const std::string& session_id, const std::vector<std::string>& roles, std::vector<std::string> args,
               std::vector<std::string> env, const char* what);

  // Shared with the reaping threads, which may outlive the launcher.
  struct Children {
    std::mutex mutex;
    std::map<pid_t, std::pair<std::string, std::vector<std::string>>> running;  // pid -> session, roles
  };

  std::string program_;
  std::size_t max_running_;
  std::string server_url_;  // guarded by children_->mutex
  std::shared_ptr<Children> children_ = std::make_shared<Children>();
};

}  // namespace parley::app
