#include "wire/own_text.hpp"

namespace parley::wire {
namespace pb = parley::v1;

const std::string& command_text(const pb::Command& command) {
  static const std::string kNone;
  switch (command.kind_case()) {
    case pb::Command::kSendMessage: return command.send_message().text();
    case pb::Command::kPostToRoom: return command.post_to_room().text();
    case pb::Command::kStatement: return command.statement().text();
    default: return kNone;
  }
}

bool has_own_text(const pb::Event& event) {
  switch (event.kind_case()) {
    case pb::Event::kMessageSent:
    case pb::Event::kRoomMessage:
    case pb::Event::kStatement: return true;
    default: return false;
  }
}

bool covers(const pb::Ack& ack, std::uint64_t seq) {
  return !ack.request_id().empty() && seq <= ack.seq() && seq + ack.events() > ack.seq();
}

pb::Event without_own_text(const pb::Event& event) {
  pb::Event out = event;
  restore_own_text(out, {});
  return out;
}

void restore_own_text(pb::Event& event, const std::string& text) {
  switch (event.kind_case()) {
    case pb::Event::kMessageSent: event.mutable_message_sent()->set_text(text); break;
    case pb::Event::kRoomMessage: event.mutable_room_message()->set_text(text); break;
    case pb::Event::kStatement: event.mutable_statement()->set_text(text); break;
    default: break;
  }
}

}  // namespace parley::wire
