#include "support/child_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace parley::test {
namespace {
using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}
}  // namespace

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env, const std::string& stderr_file,
                           bool with_stdin) {
  int out[2];
  int err[2];
  int in[2] = {-1, -1};
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  if (with_stdin && pipe2(in, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> storage{program};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    if (with_stdin) dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    if (stderr_file.empty()) {
      dup2(err[1], STDERR_FILENO);
    } else {
      int fd = open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) dup2(fd, STDERR_FILENO);
    }
    for (const auto& [k, v] : env) {
      if (v.empty()) {
        unsetenv(k.c_str());
      } else {
        setenv(k.c_str(), v.c_str(), 1);
      }
    }
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  if (with_stdin) {
    close(in[0]);
    in_fd_ = in[1];
  }
  out_fd_ = out[0];
  err_fd_ = err[0];
  if (!stderr_file.empty()) {
    close(err_fd_);
    err_fd_ = -1;
  }
}

ChildProcess::~ChildProcess() {
  if (!exit_code_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
  if (in_fd_ >= 0) close(in_fd_);
}

void ChildProcess::write_stdin(const std::string& text) {
  if (in_fd_ < 0) throw std::runtime_error("the child was started without a stdin pipe");
  if (write(in_fd_, text.data(), text.size()) != static_cast<ssize_t>(text.size())) throw std::runtime_error("stdin write failed");
}

// Reads whatever is available; false once both pipes are closed.
bool ChildProcess::pump(int timeout_ms) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  int n = poll(fds, 2, timeout_ms);
  if (n <= 0) return n == 0 || errno == EINTR;
  bool open = false;
  for (int i = 0; i < 2; ++i) {
    if (fds[i].fd < 0) continue;
    if (fds[i].revents & (POLLIN | POLLHUP)) {
      char buf[4096];
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        (i == 0 ? out_ : err_).append(buf, static_cast<std::size_t>(got));
        open = true;
      } else {
        close(fds[i].fd);
        (i == 0 ? out_fd_ : err_fd_) = -1;
      }
    } else {
      open = true;
    }
  }
  return open || out_fd_ >= 0 || err_fd_ >= 0;
}

std::optional<std::string> ChildProcess::wait_for_stdout(const std::string& needle, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    for (auto eol = out_.find('\n', scanned_); eol != std::string::npos; eol = out_.find('\n', scanned_)) {
      std::string line = out_.substr(scanned_, eol - scanned_);
      scanned_ = eol + 1;
      if (line.find(needle) != std::string::npos) return line;
    }
    if (Clock::now() >= deadline || (out_fd_ < 0 && err_fd_ < 0)) return std::nullopt;
    if (!pump(remaining_ms(deadline))) return std::nullopt;
  }
}

void ChildProcess::send_signal(int signo) {
  if (!exit_code_) kill(pid_, signo);
}

int ChildProcess::wait(std::chrono::milliseconds timeout) {
  if (exit_code_) return *exit_code_;
  auto deadline = Clock::now() + timeout;
  while ((out_fd_ >= 0 || err_fd_ >= 0) && Clock::now() < deadline) pump(remaining_ms(deadline));
  int status = 0;
  if (out_fd_ >= 0 || err_fd_ >= 0) kill(pid_, SIGKILL);  // still running at the deadline
  waitpid(pid_, &status, 0);
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  return *exit_code_;
}

RunResult run_to_completion(const std::string& program, const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env, std::chrono::milliseconds timeout) {
  ChildProcess child(program, args, env);
  int code = child.wait(timeout);
  return {code, child.out(), child.err()};
}

}  // namespace parley::test
