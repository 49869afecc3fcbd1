#include "bots/bot_voice.hpp"

#include <vector>

namespace parley::bots {

BotVoice::Stakes BotVoice::stakes(const engine::Profile& profile) const {
  Stakes s;
  for (int i = 1; i < index_.issue_count(); ++i) {
    if (profile.weights[i] > profile.weights[s.heaviest]) s.heaviest = i;
  }
  s.lightest = s.heaviest == 0 && index_.issue_count() > 1 ? 1 : 0;
  for (int i = 0; i < index_.issue_count(); ++i) {
    if (i != s.heaviest && profile.weights[i] < profile.weights[s.lightest]) s.lightest = i;
  }
  const auto& scores = profile.scores[s.heaviest];
  for (std::size_t o = 1; o < scores.size(); ++o) {
    if (scores[o] > scores[s.wanted]) s.wanted = static_cast<int>(o);
  }
  return s;
}

std::string BotVoice::filled(const std::string& line, int to) const {
  std::string out = line;
  auto put = [&](const std::string& key, const std::string& value) {
    for (auto at = out.find(key); at != std::string::npos; at = out.find(key, at + value.size())) out.replace(at, key.size(), value);
  };
  put("{to}", index_.role(to).name());
  put("{me}", index_.role(role_).name());
  return out;
}

std::string BotVoice::courting(const engine::Profile& profile, int partner) const {
  const auto& own = index_.role(role_).voice().courting();
  if (!own.empty()) return filled(own.Get(partner % own.size()), partner);
  auto s = stakes(profile);
  return index_.role(role_).name() + " would welcome " + index_.role(partner).name() + " among the signatories. " +
         index_.issue(s.heaviest).name() + " matters most to us: we want " + index_.option(s.heaviest, s.wanted).label() + ".";
}

std::string BotVoice::reply(const engine::Profile& profile, int to, std::uint64_t draw) const {
  const auto& own = index_.role(role_).voice().replies();
  if (!own.empty()) return filled(own.Get(static_cast<int>(draw % own.size())), to);
  auto s = stakes(profile);
  const std::string heavy = index_.issue(s.heaviest).name();
  const std::string wanted = index_.option(s.heaviest, s.wanted).label();
  std::vector<std::string> lines{
      "On " + heavy + ", we need " + wanted + ".",
      index_.issue_count() > 1 ? "We can be flexible on " + index_.issue(s.lightest).name() + " if you meet us on " + heavy + "."
                               : "We can be flexible elsewhere if you meet us on " + heavy + ".",
      "Our instructions on " + heavy + " are firm.",
      "Show us a text with " + wanted + " and we will study it.",
  };
  return lines[draw % lines.size()];
}

}  // namespace parley::bots
