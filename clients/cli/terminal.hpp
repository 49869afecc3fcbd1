#pragma once
// The terminal of `parley join`: on a TTY, a readline prompt that stays
// usable while lines are printed above it, with history, tab completion and
// colours; otherwise plain lines in and out, no escape codes. One thread;
// poll() tells when input waits.

#include <functional>
#include <string>
#include <vector>

namespace parley::cli {

class Terminal {
 public:
  using LineHandler = std::function<void(const std::string& line)>;

  Terminal(LineHandler on_line, std::vector<std::string> completions);
  ~Terminal();

  // Reads whatever the user typed within the timeout; false at end of input.
  bool pump(int timeout_ms);
  // Prints a line above the prompt without disturbing what is being typed.
  void print(const std::string& line);
  void set_prompt(const std::string& prompt);
  void add_completions(const std::vector<std::string>& words);

  bool colour() const { return colour_; }
  std::string paint(const std::string& text, const char* ansi) const;

 private:
  bool interactive_;  // stdin and stdout are terminals: readline, prompt, colours
  bool colour_;
  bool eof_ = false;
  std::string prompt_;
  std::string pending_;  // plain mode: input not yet ending in a newline
};

}  // namespace parley::cli
