#pragma once
// The part of a seat's record too old to repeat line by line, kept as counts
// and tallies so a long session still fits a model's context: whom it talked
// with and how much, which texts were tabled, how each role last voted on
// each, pledges and crisis answers. What stood when the seat was taken
// mid-session is told the same way (from the snapshot its role was sent).
// Pure: no I/O.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "parley/v1/engine.pb.h"

namespace parley::agents {

// Messages, room posts, rooms opened and statements: what a seat's record calls talk.
bool is_talk(const parley::v1::Event& event);

class RecordSummary {
 public:
  explicit RecordSummary(std::string self) : self_(std::move(self)) {}

  void fold(const parley::v1::Event& event);
  // The state its role was shown on joining (an empty string when nothing had happened yet).
  static std::string joined(const parley::v1::SessionState& state, const std::string& self, std::size_t recent_messages);

  bool empty() const { return folded_ == 0; }
  std::string text() const;

 private:
  void fold_talk(const parley::v1::Event& event);

  std::string self_;
  std::size_t folded_ = 0;
  std::map<std::string, int> talk_with_, room_posts_, statements_by_;
  std::vector<std::string> texts_;                                            // "T3 'title' (PAK)"
  std::map<std::string, std::map<std::string, parley::v1::VoteChoice>> votes_;  // text -> role -> latest vote
  std::map<std::string, int> other_;                                          // kind word -> count
};

}  // namespace parley::agents
