#include "http/bot_launcher.hpp"

#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "log/logger.hpp"

namespace parley::app {

BotLauncher::BotLauncher(std::string program, std::size_t max_running)
    : program_(std::move(program)), max_running_(max_running) {}

BotLauncher::~BotLauncher() {
  std::lock_guard lock(children_->mutex);
  for (const auto& [pid, what] : children_->running) ::kill(pid, SIGTERM);
}

void BotLauncher::set_server_url(std::string url) {
  std::lock_guard lock(children_->mutex);
  server_url_ = std::move(url);
}

Status BotLauncher::launch(const std::string& session_id, const std::vector<std::string>& roles,
                           const std::string& strategy, const std::string& token) {
  std::string role_list;
  for (const auto& r : roles) role_list += (role_list.empty() ? "" : ",") + r;
  return spawn(session_id, roles, {"bots", "--session", session_id, "--roles", role_list, "--strategy", strategy},
               {"PARLEY_TOKEN=" + token}, "bots");
}

Status BotLauncher::launch_agent(const std::string& session_id, const std::string& role, const AgentLaunch& agent,
                                 const std::string& token) {
  std::vector<std::string> args{"agents", "--session", session_id, "--roles", role, "--endpoint", agent.endpoint,
                                "--model", agent.model, "--fallback", agent.fallback};
  if (!agent.persona.empty()) args.insert(args.end(), {"--persona", role + "=" + agent.persona});
  std::vector<std::string> env{"PARLEY_TOKEN=" + token};
  if (!agent.key.empty()) env.push_back("PARLEY_LLM_KEY=" + agent.key);
  return spawn(session_id, {role}, std::move(args), std::move(env), "a language model");
}

Status BotLauncher::spawn(const std::string& session_id, const std::vector<std::string>& roles, std::vector<std::string> args,
                          std::vector<std::string> env, const char* what) {
  if (::access(program_.c_str(), X_OK) != 0) {
    return fail(ErrorCode::unavailable, "the client " + program_ + " is not there to run (set --bots-client)");
  }
  std::string role_list;
  for (const auto& r : roles) role_list += (role_list.empty() ? "" : ",") + r;
  std::lock_guard lock(children_->mutex);
  if (children_->running.size() >= max_running_) {
    return fail(ErrorCode::unavailable, "already running " + std::to_string(max_running_) + " player processes; end a session first");
  }
  // Everything the child needs is built before fork: after it only
  // async-signal-safe calls are allowed in a threaded process.
  args.insert(args.begin(), program_);
  args.insert(args.end(), {"--server", server_url_});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // Tokens and keys go through the environment, not argv, so `ps` does not show them.
  std::vector<char*> envp;
  for (char** e = environ; e && *e; ++e) {
    if (std::string_view(*e).rfind("PARLEY_", 0) != 0) envp.push_back(*e);
  }
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) return fail(ErrorCode::unavailable, std::string("could not start ") + what + ": fork failed");
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(1);  // the server died before prctl took effect
    int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
      ::dup2(null, STDIN_FILENO);
      ::dup2(null, STDOUT_FILENO);
    }
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  children_->running.emplace(pid, std::make_pair(session_id, roles));
  log::info("bots", std::string("started ") + what + " for " + role_list + " in session " + session_id + " (pid " + std::to_string(pid) + ")");
  std::thread([children = children_, pid] {
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::lock_guard lock(children->mutex);
    children->running.erase(pid);
  }).detach();
  return {};
}

std::size_t BotLauncher::stop(const std::string& session_id, const std::string& role) {
  std::lock_guard lock(children_->mutex);
  std::size_t n = 0;
  for (const auto& [pid, what] : children_->running) {
    if (what.first != session_id || std::find(what.second.begin(), what.second.end(), role) == what.second.end()) continue;
    ::kill(pid, SIGTERM);
    ++n;
  }
  if (n > 0) log::info("bots", "stopped the bot for " + role + " in session " + session_id);
  return n;
}

}  // namespace parley::app
