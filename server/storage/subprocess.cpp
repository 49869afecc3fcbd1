#include "storage/subprocess.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

namespace parley::storage {
namespace {

// Runs in the forked child: only async-signal-safe calls until exec.
[[noreturn]] void exec_child(const ProcessSpec& spec, char* const* argv, int out_fd) {
  dup2(out_fd, STDOUT_FILENO);
  dup2(out_fd, STDERR_FILENO);
  int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
  // The postmaster outlives us: it must not inherit listening sockets or
  // other descriptors that would keep our resources alive.
  close_range(3, ~0U, 0);
  if (spec.new_session) setsid();
  if (spec.run_as) {
    if (initgroups(spec.run_as->user.c_str(), spec.run_as->gid) != 0 ||
        setgid(spec.run_as->gid) != 0 || setuid(spec.run_as->uid) != 0) {
      const char msg[] = "cannot switch user\n";
      (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
      _exit(126);
    }
  }
  // The unprivileged user may not be able to read our working directory.
  if (chdir("/") != 0) _exit(126);
  execv(spec.program.c_str(), argv);
  _exit(127);
}

}  // namespace

Result<ProcessOutcome> run_process(const ProcessSpec& spec) {
  if (access(spec.program.c_str(), X_OK) != 0) {
    return fail(ErrorCode::failed, "cannot run " + spec.program + ": " + std::strerror(errno));
  }
  std::vector<std::string> storage;
  storage.push_back(spec.program);
  storage.insert(storage.end(), spec.args.begin(), spec.args.end());
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return fail(ErrorCode::failed, std::string("pipe: ") + std::strerror(errno));
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return fail(ErrorCode::failed, std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) exec_child(spec, argv.data(), fds[1]);
  close(fds[1]);

  ProcessOutcome outcome;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n > 0) {
      outcome.output.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (outcome.exit_code == 127) return fail(ErrorCode::failed, "cannot execute " + spec.program);
  return outcome;
}

}  // namespace parley::storage
