#include "engine/message_log.hpp"

#include "engine/generated_ids.hpp"

namespace parley::engine {
namespace pb = parley::v1;
namespace {

std::int16_t role_of(const ScenarioIndex& index, const std::string& id) {
  auto r = id.empty() ? std::nullopt : index.role_index(id);
  return static_cast<std::int16_t>(r ? *r : -1);
}

const std::string& role_id(const ScenarioIndex& index, int r) {
  static const std::string none;
  return r >= 0 && r < index.role_count() ? index.role(r).id() : none;
}

// Message ids are "m1", "m2", … in the order they were sent, so "mN" is usually at N-1.
std::size_t position_hint(const std::string& id) {
  std::string_view prefix = kMessagePrefix;
  if (id.size() <= prefix.size() || id.compare(0, prefix.size(), prefix) != 0 || id.size() > prefix.size() + 9) return 0;
  std::size_t n = 0;
  for (std::size_t i = prefix.size(); i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return 0;
    n = n * 10 + static_cast<std::size_t>(id[i] - '0');
  }
  return n;
}

}  // namespace

void MessageLog::add(const ScenarioIndex& index, const Fields& m, const MessageLog* ahead) {
  auto from = role_of(index, m.from), to = role_of(index, m.to);
  auto at = entries_.size();
  if (ahead != nullptr && at < ahead->entries_.size()) {
    const auto& theirs = ahead->entries_[at].record;
    if (theirs->id == m.id && theirs->text == m.text && theirs->room_id == m.room_id && theirs->from == from &&
        theirs->to == to) {
      entries_.push_back({theirs, m.leaked});
      return;
    }
  }
  entries_.push_back({std::make_shared<const Record>(Record{m.id, m.text, m.room_id, from, to}), m.leaked});
}

bool MessageLog::mark_leaked(const std::string& id) {
  auto i = find(id);
  if (i == entries_.size()) return false;
  entries_[i].leaked = true;
  return true;
}

std::size_t MessageLog::find(const std::string& id) const {
  auto n = position_hint(id);
  if (n >= 1 && n <= entries_.size() && entries_[n - 1].record->id == id) return n - 1;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].record->id == id) return i;
  }
  return entries_.size();
}

MessageLog::Header MessageLog::header(std::size_t i) const {
  const auto& e = entries_[i];
  return Header{e.record->from, e.record->to, e.record->room_id, e.leaked};
}

pb::PrivateMessage MessageLog::message(const ScenarioIndex& index, std::size_t i) const {
  const auto& e = entries_[i];
  pb::PrivateMessage m;
  m.set_message_id(e.record->id);
  m.set_from(role_id(index, e.record->from));
  m.set_to(role_id(index, e.record->to));
  m.set_room_id(e.record->room_id);
  m.set_text(e.record->text);
  m.set_leaked(e.leaked);
  return m;
}

void MessageLog::write_to(const ScenarioIndex& index, google::protobuf::RepeatedPtrField<pb::PrivateMessage>& out,
                          const std::function<bool(const Header&)>& keep) const {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (keep(header(i))) *out.Add() = message(index, i);
  }
}

void MessageLog::take_from(const ScenarioIndex& index, pb::SessionState& state) {
  entries_.reserve(entries_.size() + static_cast<std::size_t>(state.messages_size()));
  for (const auto& m : state.messages()) add(index, {m.message_id(), m.from(), m.to(), m.room_id(), m.text(), m.leaked()});
  state.clear_messages();
}

}  // namespace parley::engine
