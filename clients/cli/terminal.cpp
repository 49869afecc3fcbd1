#include "terminal.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <poll.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

namespace parley::cli {
namespace {

// readline's callbacks are plain functions: the one terminal lives here.
Terminal::LineHandler* g_handler = nullptr;
std::vector<std::string>* g_words = nullptr;
bool* g_eof = nullptr;

void on_readline(char* line) {
  if (line == nullptr) {
    *g_eof = true;
    return;
  }
  std::string text(line);
  if (!text.empty()) add_history(line);
  std::free(line);
  // The accepted line is already on screen; what we print next must not redraw it.
  rl_replace_line("", 0);
  rl_point = 0;
  (*g_handler)(text);
}

char* complete_word(const char* text, int state) {
  static std::size_t next;
  if (state == 0) next = 0;
  std::size_t len = std::strlen(text);
  while (next < g_words->size()) {
    const auto& w = (*g_words)[next++];
    if (w.compare(0, len, text) == 0) return strdup(w.c_str());
  }
  return nullptr;
}

char** complete(const char* text, int, int) {
  rl_attempted_completion_over = 1;
  return rl_completion_matches(text, complete_word);
}

}  // namespace

Terminal::Terminal(LineHandler on_line, std::vector<std::string> completions)
    : interactive_(isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)),
      colour_(interactive_ && std::getenv("NO_COLOR") == nullptr) {
  g_handler = new LineHandler(std::move(on_line));
  g_words = new std::vector<std::string>(std::move(completions));
  g_eof = &eof_;
  if (!interactive_) return;
  rl_attempted_completion_function = complete;
  rl_callback_handler_install("> ", on_readline);
}

Terminal::~Terminal() {
  if (interactive_) {
    rl_callback_handler_remove();
    std::printf("\n");
  }
  delete g_handler;
  delete g_words;
  g_handler = nullptr;
  g_words = nullptr;
}

bool Terminal::pump(int timeout_ms) {
  pollfd fd{STDIN_FILENO, POLLIN, 0};
  if (poll(&fd, 1, timeout_ms) <= 0 || !(fd.revents & (POLLIN | POLLHUP))) return !eof_;
  if (interactive_) {
    rl_callback_read_char();
    return !eof_;
  }
  char buf[4096];
  ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
  if (n <= 0) eof_ = true;
  if (n > 0) pending_.append(buf, static_cast<std::size_t>(n));
  for (auto nl = pending_.find('\n'); nl != std::string::npos; nl = pending_.find('\n')) {
    std::string line = pending_.substr(0, nl);
    pending_.erase(0, nl + 1);
    std::printf("> %s\n", line.c_str());
    (*g_handler)(line);
  }
  return !eof_;
}

void Terminal::print(const std::string& line) {
  if (!interactive_) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
    return;
  }
  int point = rl_point;
  char* typed = rl_copy_text(0, rl_end);
  rl_save_prompt();
  rl_replace_line("", 0);
  rl_redisplay();
  std::printf("\r%s\n", line.c_str());
  rl_restore_prompt();
  rl_replace_line(typed, 0);
  rl_point = point;
  std::free(typed);
  rl_forced_update_display();
}

void Terminal::set_prompt(const std::string& prompt) {
  if (prompt == prompt_ || !interactive_) return;
  prompt_ = prompt;
  rl_set_prompt(prompt_.c_str());
  // Redraw the whole line: a plain redisplay appends when the prompt's text changes.
  std::printf("\r\033[K");
  rl_forced_update_display();
}

void Terminal::add_completions(const std::vector<std::string>& words) {
  for (const auto& w : words) {
    if (std::find(g_words->begin(), g_words->end(), w) == g_words->end()) g_words->push_back(w);
  }
}

std::string Terminal::paint(const std::string& text, const char* ansi) const {
  return colour_ ? std::string("\033[") + ansi + "m" + text + "\033[0m" : text;
}

}  // namespace parley::cli
