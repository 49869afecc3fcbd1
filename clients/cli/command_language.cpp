#include "command_language.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <sstream>

namespace parley::cli {
namespace pb = parley::v1;
namespace {

struct Form {
  const char* word;
  const char* usage;
};

constexpr Form kForms[] = {
    {"start", "start                         white cell: open the conference"},
    {"pause", "pause                         white cell: stop the clock"},
    {"resume", "resume                        white cell: restart the clock"},
    {"advance", "advance                       white cell: close the current phase now"},
    {"extend", "extend SECONDS                white cell: lengthen the current phase"},
    {"timescale", "timescale FACTOR              white cell: run deadlines FACTOR times faster"},
    {"release", "release INJECT [MESSAGE_ID]   white cell: release an inject (the leak names a message)"},
    {"end", "end [REASON...]               white cell: end the session"},
    {"message", "message ROLE TEXT...          a private message"},
    {"room", "room NAME ROLE[,ROLE...]      open a caucus room with these members"},
    {"post", "post ROOM TEXT...            write in a caucus room"},
    {"say", "say TEXT...                   a public statement"},
    {"table", "table ISSUE=OPTION... [: TITLE] table a text (all issues or some)"},
    {"amend", "amend TEXT ISSUE=OPTION... [: TITLE] amend a tabled text"},
    {"withdraw", "withdraw TEXT                 withdraw a text you tabled"},
    {"cosponsor", "cosponsor TEXT                co-sponsor a text"},
    {"vote", "vote TEXT yes|no|abstain      vote in the vote phase"},
    {"pledge", "pledge ROLE POINTS if-signs|if-declines  a conditional side payment"},
    {"sign", "sign                          sign the adopted text"},
    {"decline", "decline                       decline to sign"},
    {"commit", "commit [contribution=N] [lead=ROLE]  answer a crisis"},
    {"defect", "defect                        stay out of a crisis"},
    {"opt-out", "opt-out                       stand aside on the record (where the treaty allows)"},
    {"crisis-vote", "crisis-vote yes|no            vote on collective action"},
    {"note", "note TEXT...                  white cell: a private note, kept for the review"},
 {"rate", "rate N met|partly|not-met [COMMENT...]  white cell: rate objective N (from 1) for the review"},
    {"free-seat", "free-seat ROLE [SEAT]         white cell: free a claimed seat (a bot's), for a person to take"},
    {"adjudicate", "adjudicate all|ROLE[,ROLE...] [EFFECT... :] TEXT...  white cell: a ruling; effects like KSA.batna=-5, TUR.C2=+10, TUR.C2:=70, PAK.M>C=5"},
    {"wait", "wait phase PHASE [ROUND] | wait end   (scripts) block until it happens"},
};

std::vector<std::string> words_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The text after the first n words, as typed.
std::string rest_after(const std::string& line, std::size_t n) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < n; ++i) {
    pos = line.find_first_not_of(" \t", pos);
    pos = line.find_first_of(" \t", pos);
    if (pos == std::string::npos) return "";
  }
  pos = line.find_first_not_of(" \t", pos);
  return pos == std::string::npos ? "" : line.substr(pos);
}

Error usage(const std::string& word) {
  for (const auto& f : kForms) {
    if (word == f.word) {
      std::string u = f.usage;
      return fail(ErrorCode::invalid, "usage: " + u.substr(0, u.find("  ")));
    }
  }
  return fail(ErrorCode::invalid, "unknown command '" + word + "' (try 'help')");
}

template <class T>
bool number(const std::string& text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// "M=M3 C=C2 : title" into options and a title.
Status options(const std::vector<std::string>& words, std::size_t first, const std::string& line,
               google::protobuf::Map<std::string, std::string>& out, std::string& title) {
  auto colon = line.find(" : ");
  if (colon != std::string::npos) title = line.substr(colon + 3);
  for (std::size_t i = first; i < words.size() && words[i] != ":"; ++i) {
    auto eq = words[i].find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == words[i].size()) {
      return fail(ErrorCode::invalid, "'" + words[i] + "' is not ISSUE=OPTION (e.g. M=M3)");
    }
    out[words[i].substr(0, eq)] = words[i].substr(eq + 1);
  }
  if (out.empty()) return fail(ErrorCode::invalid, "give at least one ISSUE=OPTION");
  return {};
}

// A signed number: from_chars takes no leading '+'.
bool signed_number(const std::string& text, double& out) {
  return number(!text.empty() && text[0] == '+' ? text.substr(1) : text, out);
}

// One ruling effect: ROLE.batna=±N, ROLE.OPTION=±N (score change),
// ROLE.OPTION:=N (score set) or ROLE.FROM>TO=N (weight moved).
Status effect(const std::string& token, pb::Effect& e) {
  auto dot = token.find('.');
  auto eq = token.find('=');
  double value = 0;
  if (dot == std::string::npos || dot == 0 || eq == std::string::npos || eq < dot + 2 ||
      !signed_number(token.substr(eq + 1), value)) {
    return fail(ErrorCode::invalid, "'" + token + "' is not an effect (KSA.batna=-5, TUR.C2=+10, TUR.C2:=70 or PAK.M>C=5)");
  }
  e.set_role(token.substr(0, dot));
  bool set = token[eq - 1] == ':';
  std::string target = token.substr(dot + 1, eq - dot - 1 - (set ? 1 : 0));
  if (auto gt = target.find('>'); gt != std::string::npos) {
    e.mutable_weight_shift()->set_from_issue(target.substr(0, gt));
    e.mutable_weight_shift()->set_to_issue(target.substr(gt + 1));
    e.mutable_weight_shift()->set_amount(value);
  } else if (target == "batna") {
    e.set_batna_delta(value);
  } else {
    e.mutable_score()->set_option(target);
    e.mutable_score()->set_delta(value);
    e.mutable_score()->set_set(set);
  }
  return {};
}

Status ruling(const std::vector<std::string>& w, const std::string& line, pb::Adjudicate& out) {
  if (w[1] != "all") {
    std::istringstream roles(w[1]);
    for (std::string r; std::getline(roles, r, ',');) {
      if (!r.empty()) out.add_audience(r);
    }
  }
  auto colon = std::find(w.begin() + 2, w.end(), ":");
  if (colon == w.end()) {
    out.set_text(rest_after(line, 2));
  } else {
    for (auto it = w.begin() + 2; it != colon; ++it) {
      if (auto s = effect(*it, *out.add_effects()); !s) return s;
    }
    out.set_text(rest_after(line, static_cast<std::size_t>(colon - w.begin()) + 1));
  }
  if (out.text().empty()) return usage("adjudicate");
  return {};
}

Result<ScriptLine> crisis(const std::vector<std::string>& w) {
  ScriptLine out{ScriptLine::Kind::command, {}, "", 0};
  auto* r = out.command.mutable_respond_to_crisis();
  if (w[0] == "defect") return out;
  if (w[0] == "opt-out") {
    r->set_opt_out(true);
    return out;
  }
  r->set_commit(true);
  for (std::size_t i = 1; i < w.size(); ++i) {
    double points = 0;
    if (w[i].rfind("contribution=", 0) == 0 && number(w[i].substr(13), points)) {
      r->set_contribution(points);
    } else if (w[i].rfind("lead=", 0) == 0 && w[i].size() > 5) {
      r->set_nominate_lead(w[i].substr(5));
    } else {
      return usage("commit");
    }
  }
  return out;
}

// A comment starts at a '#' followed by a space or the end of the line, so
// room ids like "#gulf" stay words.
std::string without_comment(const std::string& raw) {
  std::size_t end = raw.size();
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '#' && (i + 1 == raw.size() || raw[i + 1] == ' ' || raw[i + 1] == '\t')) {
      end = i;
      break;
    }
  }
  if (end == 0) return "";
  auto last = raw.find_last_not_of(" \t", end - 1);
  return last == std::string::npos ? "" : raw.substr(0, last + 1);
}

}  // namespace

Result<ScriptLine> parse_line(const std::string& raw) {
  std::string line = without_comment(raw);
  auto w = words_of(line);
  ScriptLine out;
  if (w.empty()) return out;
  out.kind = ScriptLine::Kind::command;
  auto& c = out.command;
  const std::string& word = w[0];
  const std::string rest = rest_after(line, 1);
  auto needs = [&](std::size_t n) { return w.size() >= n; };

  if (word == "start" && w.size() == 1) c.mutable_start();
  else if (word == "pause" && w.size() == 1) c.mutable_pause();
  else if (word == "resume" && w.size() == 1) c.mutable_resume();
  else if (word == "advance" && w.size() == 1) c.mutable_advance();
  else if (word == "sign" && w.size() == 1) c.mutable_sign();
  else if (word == "decline" && w.size() == 1) c.mutable_decline();
  else if (word == "end") c.mutable_end()->set_reason(rest);
  else if (word == "extend" && w.size() == 2) {
    std::uint32_t s = 0;
    if (!number(w[1], s)) return usage(word);
    c.mutable_extend()->set_seconds(s);
  } else if (word == "timescale" && w.size() == 2) {
    double f = 0;
    if (!number(w[1], f)) return usage(word);
    c.mutable_time_scale()->set_factor(f);
  } else if (word == "rate" && w.size() >= 3) {
    std::uint32_t n = 0;
    if (!number(w[1], n) || n == 0) return usage(word);
    auto rating = w[2] == "met" ? pb::MET : w[2] == "partly" ? pb::PARTLY_MET : w[2] == "not-met" ? pb::NOT_MET : pb::OBJECTIVE_RATING_UNSPECIFIED;
    if (rating == pb::OBJECTIVE_RATING_UNSPECIFIED) return usage(word);
    c.mutable_rate_objective()->set_objective(n - 1);
    c.mutable_rate_objective()->set_rating(rating);
    if (w.size() > 3) c.mutable_rate_objective()->set_comment(rest_after(line, 3));
  } else if (word == "free-seat" && (w.size() == 2 || w.size() == 3)) {
    std::uint32_t seat = 0;
    if (w.size() == 3 && !number(w[2], seat)) return usage(word);
    c.mutable_release_seat()->set_role(w[1]);
    c.mutable_release_seat()->set_seat(seat);
  } else if (word == "release" && (w.size() == 2 || w.size() == 3)) {
    c.mutable_release_inject()->set_inject_id(w[1]);
    if (w.size() == 3) c.mutable_release_inject()->set_message_id(w[2]);
  } else if (word == "message" && needs(3)) {
    c.mutable_send_message()->set_to(w[1]);
    c.mutable_send_message()->set_text(rest_after(line, 2));
  } else if (word == "room" && needs(3)) {
    c.mutable_create_room()->set_name(w[1]);
    for (std::size_t i = 2; i < w.size(); ++i) {
      std::istringstream members(w[i]);
      for (std::string m; std::getline(members, m, ',');) {
        if (!m.empty()) c.mutable_create_room()->add_members(m);
      }
    }
  } else if (word == "post" && needs(3)) {
    c.mutable_post_to_room()->set_room_id(w[1]);
    c.mutable_post_to_room()->set_text(rest_after(line, 2));
  } else if (word == "say" && needs(2)) {
    c.mutable_statement()->set_text(rest);
  } else if (word == "table" && needs(2)) {
    std::string title;
    if (auto s = options(w, 1, line, *c.mutable_table_text()->mutable_options(), title); !s) return s.error();
    c.mutable_table_text()->set_title(title);
  } else if (word == "amend" && needs(3)) {
    std::string title;
    c.mutable_amend_text()->set_text_id(w[1]);
    if (auto s = options(w, 2, line, *c.mutable_amend_text()->mutable_options(), title); !s) return s.error();
    c.mutable_amend_text()->set_title(title);
  } else if (word == "withdraw" && w.size() == 2) {
    c.mutable_withdraw_text()->set_text_id(w[1]);
  } else if (word == "cosponsor" && w.size() == 2) {
    c.mutable_cosponsor_text()->set_text_id(w[1]);
  } else if (word == "vote" && w.size() == 3) {
    static const std::map<std::string, pb::VoteChoice> kChoices{{"yes", pb::YES}, {"no", pb::NO}, {"abstain", pb::ABSTAIN}};
    auto it = kChoices.find(w[2]);
    if (it == kChoices.end()) return usage(word);
    c.mutable_vote()->set_text_id(w[1]);
    c.mutable_vote()->set_choice(it->second);
  } else if (word == "pledge" && w.size() == 4) {
    long long points = 0;
    if (!number(w[2], points) || (w[3] != "if-signs" && w[3] != "if-declines")) return usage(word);
    c.mutable_pledge()->set_to(w[1]);
    c.mutable_pledge()->set_points(points);
    c.mutable_pledge()->set_condition(w[3] == "if-signs" ? pb::IF_SIGNS : pb::IF_DECLINES);
  } else if (word == "commit" || (word == "defect" && w.size() == 1) || (word == "opt-out" && w.size() == 1)) {
    return crisis(w);
  } else if (word == "note" && needs(2)) {
    c.mutable_note()->set_text(rest);
  } else if (word == "adjudicate" && needs(3)) {
    if (auto s = ruling(w, line, *c.mutable_adjudicate()); !s) return s.error();
  } else if (word == "crisis-vote" && w.size() == 2 && (w[1] == "yes" || w[1] == "no")) {
    c.mutable_crisis_vote()->set_yes(w[1] == "yes");
  } else if (word == "wait" && w.size() == 2 && w[1] == "end") {
    out.kind = ScriptLine::Kind::wait_end;
  } else if (word == "wait" && (w.size() == 3 || w.size() == 4) && w[1] == "phase") {
    out.kind = ScriptLine::Kind::wait_phase;
    out.phase = w[2];
    if (w.size() == 4 && (!number(w[3], out.round) || out.round < 1)) return usage(word);
  } else {
    return usage(word);
  }
  return out;
}

std::string command_reference() {
  std::string out;
  for (const auto& f : kForms) out += std::string("  ") + f.usage + "\n";
  return out;
}

std::vector<std::string> command_words() {
  std::vector<std::string> out;
  for (const auto& f : kForms) out.emplace_back(f.word);
  return out;
}

}  // namespace parley::cli
