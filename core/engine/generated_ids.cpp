#include "engine/generated_ids.hpp"

#include <cctype>

namespace parley::engine {
namespace {

bool prefixed_number(const std::string& id, const std::string& prefix) {
  if (id.size() <= prefix.size() || id.compare(0, prefix.size(), prefix) != 0) return false;
  for (std::size_t i = prefix.size(); i < id.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(id[i]))) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> generated_id_kind(const std::string& id) {
  if (prefixed_number(id, kDraftPrefix)) return "draft";
  if (prefixed_number(id, kPledgePrefix)) return "pledge";
  if (prefixed_number(id, kMessagePrefix)) return "message";
  if (prefixed_number(id, kRulingPrefix)) return "ruling";
  if (!id.empty() && id[0] == '#') return "room";
  return std::nullopt;
}

std::string room_id_for(const std::string& name) {
  std::string slug;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && std::isalnum(u)) {
      slug += static_cast<char>(std::tolower(u));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "" : "#" + slug;
}

}  // namespace parley::engine
