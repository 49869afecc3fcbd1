#pragma once
// Runs a program (the real parley-server) for an integration test and lets
// the test wait for what it prints, instead of sleeping.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace parley::test {

class ChildProcess {
 public:
  // env entries are added to (or override) the test's own environment;
  // an empty value removes the variable.
  // With stderr_file set, the child's stderr goes there (appended) instead
  // of a pipe, so a chatty child never blocks on a pipe nobody reads.
  ChildProcess(const std::string& program, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env = {}, const std::string& stderr_file = "",
               bool with_stdin = false);
  ~ChildProcess();  // kills the child if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Reads stdout until a line containing `needle` appears; returns that
  // line, or nothing if the process exits or the timeout passes first.
  std::optional<std::string> wait_for_stdout(const std::string& needle,
                                             std::chrono::milliseconds timeout = std::chrono::seconds(60));
  void send_signal(int signo);
  // Writes to the child's standard input (a pipe when with_stdin was set).
  void write_stdin(const std::string& text);
  // Waits for exit and returns the exit code (-signal if killed).
  int wait(std::chrono::milliseconds timeout = std::chrono::seconds(60));

  const std::string& out() const { return out_; }
  // Everything the child wrote to stderr so far (drained on wait()).
  const std::string& err() const { return err_; }
  pid_t pid() const { return pid_; }

 private:
  bool pump(int timeout_ms);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  int in_fd_ = -1;
  std::string out_;
  std::string err_;
  std::size_t scanned_ = 0;
  std::optional<int> exit_code_;
};

// Runs a program to completion (bounded) and returns {exit code, stdout, stderr}.
struct RunResult {
  int exit_code;
  std::string out;
  std::string err;
};
// Killed (exit code -9) if it runs longer than `timeout`.
RunResult run_to_completion(const std::string& program, const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env = {},
                            std::chrono::milliseconds timeout = std::chrono::seconds(60));

}  // namespace parley::test
