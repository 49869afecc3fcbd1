#include "agents/model_player.hpp"

namespace parley::agents {
namespace pb = parley::v1;

ModelPlayer::ModelPlayer(const pb::Welcome& welcome, std::string persona, Ask ask)
    : memory_(welcome, std::move(persona)), ask_(std::move(ask)) {}

void ModelPlayer::observe(const pb::Event& event) { memory_.observe(++seen_, event); }

std::vector<pb::Command> ModelPlayer::act(const pb::Desk& desk) {
  // Asked again only when something new asks for it, or to hear about a refusal.
  if (!memory_.news_since(acted_at_) && feedback_.empty()) return {};
  acted_at_ = seen_;
  auto calls = ask_(memory_.messages(desk, feedback_), tools_for(memory_.index(), desk, memory_.seat()));
  feedback_.clear();
  if (!calls) return {};
  std::vector<pb::Command> out;
  for (const auto& call : calls.value()) {
    auto command = command_from(call);
    if (!command) feedback_.push_back(command.error().message);
    else if (command.value()) out.push_back(std::move(*command.value()));
  }
  return out;
}

void ModelPlayer::refused(const pb::Command& command, const engine::Rejection& rejection) {
  feedback_.push_back(tool_name(command) + " was refused (" + pb::RejectionCode_Name(rejection.code) + "): " + rejection.message);
}

}  // namespace parley::agents
