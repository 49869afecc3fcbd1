// Private messages, caucus rooms and public statements.

#include <algorithm>

#include "engine/rules/guards.hpp"
#include "engine/rules/rules.hpp"
#include "engine/state_access.hpp"

namespace parley::engine::rules {
namespace pb = parley::v1;

namespace {
constexpr int kMaxRoomMembers = 64;
}  // namespace

Verdict send_message(Context& ctx, const pb::SendMessage& cmd) {
  if (auto r = gate(ctx, Action::message)) return r;
  if (auto r = require_addressable(ctx, cmd.to(), "recipient")) return r;
  if (cmd.to() == ctx.actor_id()) return reject(pb::INVALID_ARGUMENT, "you cannot send a message to yourself");
  if (auto r = require_text_content(cmd.text(), "the message")) return r;
  auto e = ctx.event();
  auto* m = e.mutable_message_sent();
  m->set_message_id(next_id(ctx.state, kMessagePrefix));
  m->set_to(cmd.to());
  m->set_text(cmd.text());
  ctx.emit(std::move(e));
  return std::nullopt;
}

Verdict create_room(Context& ctx, const pb::CreateRoom& cmd) {
  if (auto r = gate(ctx, Action::caucus)) return r;
  if (auto r = require_text_content(cmd.name(), "the room name")) return r;
  std::vector<std::string> members{ctx.actor_id()};
  for (const auto& m : cmd.members()) {
    if (auto r = require_addressable(ctx, m, "member")) return r;
    if (std::find(members.begin(), members.end(), m) == members.end()) members.push_back(m);
  }
  if (members.size() < 2) return reject(pb::INVALID_ARGUMENT, "a caucus room needs at least one other member");
  if (members.size() > kMaxRoomMembers) return reject(pb::INVALID_ARGUMENT, "a caucus room has at most 64 members");
  // Rooms are addressed by name; a name with no ASCII letter or digit gets a number.
  std::string id = room_id_for(cmd.name());
  if (id.empty()) id = "#room-" + next_id(ctx.state, kRoomCounter).substr(1);
  if (find_room(ctx.state, id) != nullptr) {
    return reject(pb::ALREADY_DONE, "there is already a caucus room " + id + "; choose another name");
  }
  auto e = ctx.event();
  auto* room = e.mutable_room_created();
  room->set_room_id(id);
  room->set_name(cmd.name());
  for (const auto& m : members) room->add_members(m);
  ctx.emit(std::move(e));
  return std::nullopt;
}

Verdict post_to_room(Context& ctx, const pb::PostToRoom& cmd) {
  if (auto r = gate(ctx, Action::caucus)) return r;
  const auto* room = find_room(ctx.state, cmd.room_id());
  if (room == nullptr) return reject(pb::UNKNOWN_ID, "no caucus room '" + cmd.room_id() + "'");
  const std::string& room_id = room->room_id();  // the name given may be "gulf" for "#gulf"
  bool member = std::find(room->members().begin(), room->members().end(), ctx.actor_id()) != room->members().end();
  if (!member && ctx.actor_kind() != pb::WHITE_CELL) {
    return reject(pb::NOT_ELIGIBLE, "you are not a member of room " + room_id);
  }
  if (auto r = require_text_content(cmd.text(), "the message")) return r;
  auto e = ctx.event();
  auto* m = e.mutable_room_message();
  m->set_room_id(room_id);
  m->set_message_id(next_id(ctx.state, kMessagePrefix));
  m->set_text(cmd.text());
  ctx.emit(std::move(e));
  return std::nullopt;
}

Verdict statement(Context& ctx, const pb::MakeStatement& cmd) {
  if (auto r = gate(ctx, Action::statement)) return r;
  if (auto r = require_text_content(cmd.text(), "the statement")) return r;
  auto e = ctx.event();
  e.mutable_statement()->set_text(cmd.text());
  ctx.emit(std::move(e));
  return std::nullopt;
}

}  // namespace parley::engine::rules
