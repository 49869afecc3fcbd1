#include "join_command.hpp"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli_options.hpp"
#include "command_language.hpp"
#include "engine/analyzer.hpp"
#include "engine/roll_call.hpp"
#include "engine/session.hpp"
#include "engine/state_access.hpp"
#include "review/event_format.hpp"
#include "session_link.hpp"
#include "terminal.hpp"

namespace parley::cli {
using review::clock_time;
using review::describe;
namespace po = boost::program_options;
namespace pb = parley::v1;

namespace {

constexpr const char* kUsage =
    "Usage: parley join CODE [--name NAME] [--server URL]\n\n"
    "The interactive client for a delegation, an outside power, an observer or the white\n"
    "cell (with the facilitator token). Type 'help' once joined.\n\n";

const char* kGreen = "32";
const char* kRed = "31";
const char* kYellow = "33";
const char* kCyan = "36";
const char* kDim = "2";

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The live client: a local model of the role's view, fed by events.
class Client {
 public:
  Client(SessionLink& link, Terminal& term)
      : link_(&link), term_(term),
        model_(std::make_shared<const engine::ScenarioIndex>(link.welcome().scenario()), link.snapshot()),
        role_(*model_.index().role_index(link.welcome().role())) {}

  // The engine's view of this seat changed: say what it may do now when that changed.
  void on_desk(const pb::Desk& d) {
    if (d.activity() != activity_) term_.print(term_.paint("» " + d.activity(), kGreen));
    activity_ = d.activity();
  }

  // After a reconnect: the new link resumes where the old one stopped.
  void relink(SessionLink& link) { link_ = &link; }
  // The server sent a fresh view instead of the missed events.
  void reset(const pb::SessionState& state) { model_ = engine::Session(model_.index_ptr(), state); }

  bool white() const { return model_.index().role(role_).kind() == pb::WHITE_CELL; }

  void on_event(const pb::Event& e) {
    model_.apply(e);
    const char* colour = e.has_message_sent() || e.has_room_message() || e.has_pledge_made() ? kCyan
                         : e.has_inject_released() || e.has_crisis_opened() || e.has_message_leaked()   ? kYellow
                         : e.has_profile_changed()                                                      ? kYellow
                                                                                                        : kDim;
    term_.print(term_.paint("[" + clock_time(e.at_ms()) + "] ", kDim) + term_.paint(describe(e), colour));
    if (e.has_text_tabled()) term_.add_completions({e.text_tabled().text_id()});
    if (e.has_room_created()) term_.add_completions({e.room_created().room_id()});
  }

  std::string prompt() const {
    const auto& s = model_.state();
    std::ostringstream p;
    p << "[";
    if (s.status() == pb::LOBBY) p << "lobby";
    else if (s.status() == pb::ENDED) p << "ended";
    else if (s.stage() == pb::STRESS_TEST) p << "stress test";
    else p << "R" << s.round() << " " << s.phase();
    if (s.status() == pb::PAUSED) p << " paused";
    if (s.status() == pb::RUNNING && s.deadline_ms() > 0) {
      auto left = std::max<std::int64_t>(0, s.deadline_ms() - now_ms()) / 1000;
      p << " " << left / 60 << ":" << std::setw(2) << std::setfill('0') << left % 60 << " left";
    }
    p << "] " << model_.index().role(role_).id() << "> ";
    return p.str();
  }

  // false: the user asked to leave.
  bool handle(const std::string& line) {
    std::istringstream in(line);
    std::string word;
    in >> word;
    if (word.empty()) return true;
    if (word == "quit" || word == "exit") return false;
    if (word == "help") return help();
    if (word == "brief") return brief();
    if (word == "texts") return texts();
    if (word == "issues") return issues();
    if (word == "talk") return talk();
    if (word == "desk") return desk();
    if (word == "injects" && white()) return injects();
    if (word == "analysis" && white()) return analysis();
    auto parsed = parse_line(line);
    if (!parsed) {
      term_.print(term_.paint(parsed.error().message, kRed));
      return true;
    }
    if (parsed.value().kind != ScriptLine::Kind::command) {
      term_.print("'wait' is for scripts (parley play); here events arrive as they happen");
      return true;
    }
    auto answer = link_->send(parsed.value().command);
    if (!answer) {
      term_.print(term_.paint(answer.error().message, kRed));
    } else if (answer.value().has_ack()) {
      term_.print(term_.paint("ok", kGreen) + term_.paint(" (seq " + std::to_string(answer.value().ack().seq()) + ")", kDim));
    } else {
      const auto& r = answer.value().rejection();
      term_.print(term_.paint("refused, " + rejection_code(r) + ": " + r.message(), kRed));
    }
    return true;
  }

  void greet() {
    const auto& sc = model_.index().scenario();
    term_.print(term_.paint(sc.title(), "1") + "\n" + sc.summary());
    term_.print("You are " + model_.index().role(role_).name() + " (" + model_.index().role(role_).id() + "), seat " +
                std::to_string(link_->welcome().seat()) + ". Type 'help' for commands, 'brief' for your instructions.");
    if (auto n = model_.messages().size(); n > 0) {
      term_.print(std::to_string(n) + " private message(s) and room post(s) so far: type 'talk' to read them.");
    }
  }

 private:
  bool help() {
    std::string text = "Commands:\n" + command_reference() +
                       "  brief                         your briefs and profile\n"
                       "  texts                         tabled texts as a table of options per issue\n"
                       "  issues                        every issue and option: id, label and clause text\n"
                       "  talk                          the private messages and room posts you have seen so far\n"
                       "  desk                          what you may do now (and why not), each text's worth to you, the ballot, the crisis\n";
    if (white()) text += "  analysis                      each delegation's utility for each text; distance to Nash and frontier\n"
                         "  injects                       every inject: id, title, schedule, state, audience\n";
    text += "  quit                          leave (you can join again with the same code)";
    term_.print(text);
    return true;
  }

  // Private talk so far, from the role's view: what came before a (late) join is not printed as events.
  bool talk() {
    std::ostringstream out;
    for (std::size_t i = 0; i < model_.messages().size(); ++i) {
      auto m = model_.messages().message(model_.index(), i);
      out << (out.tellp() > 0 ? "\n" : "") << term_.paint(m.message_id(), kDim) << "  " << m.from()
          << (m.room_id().empty() ? " to " + m.to() : " in " + m.room_id()) << ": " << m.text();
    }
    term_.print(out.str().empty() ? "no private messages or room posts yet" : out.str());
    return true;
  }

  // What every id means: a player reads "C2" and needs "Rotating command".
  bool issues() {
    const auto& index = model_.index();
    std::ostringstream out;
    for (int i = 0; i < index.issue_count(); ++i) {
      const auto& issue = index.issue(i);
      out << (i ? "\n" : "") << term_.paint(issue.id() + " " + issue.name(), "1");
      if (!issue.description().empty()) out << "\n  " << issue.description();
      for (int o = 0; o < index.option_count(i); ++o) {
        const auto& opt = index.option(i, o);
        out << "\n  " << opt.id() << "  " << opt.label() << (opt.text().empty() ? "" : ": " + opt.text());
      }
    }
    term_.print(out.str());
    return true;
  }

  // The white cell's inject list, so 'release ID' has ids to name.
  bool injects() {
    const auto& s = model_.state();
    std::ostringstream out;
    for (const auto& inj : model_.index().scenario().injects()) {
      bool released = std::find(s.released_injects().begin(), s.released_injects().end(), inj.id()) != s.released_injects().end();
      std::string when = inj.held() ? "held for the white cell"
                                    : "round " + std::to_string(inj.round()) + ", " + (inj.phase().empty() ? "start" : inj.phase());
      std::string kind = inj.has_crisis() ? "crisis" : inj.leak() ? "leak" : "news";
      std::string audience;
      for (const auto& a : inj.audience()) audience += (audience.empty() ? "" : ",") + a;
      out << (out.tellp() > 0 ? "\n" : "") << std::left << std::setw(14) << inj.id() << std::setw(10)
          << (released ? "released" : "waiting") << std::setw(8) << kind << std::setw(26) << when
          << (audience.empty() ? "everyone" : audience) << "  " << inj.title();
    }
    term_.print(out.str().empty() ? "this scenario has no injects" : out.str());
    return true;
  }

  bool brief() {
    const auto& r = model_.index().role(role_);
    std::string text = term_.paint("Public brief", "1") + "\n" + r.public_brief();
    if (!r.private_brief().empty()) text += "\n" + term_.paint("Private brief", "1") + "\n" + r.private_brief();
    if (model_.index().has_profile(role_)) {
      auto p = engine::current_profile(model_.index(), model_.state(), role_);
      std::ostringstream prof;
      prof << "\n" << term_.paint("Your preferences", "1") << " (BATNA " << p.batna << ", pledge budget " << p.budget << ")";
      for (int i = 0; i < model_.index().issue_count(); ++i) {
        prof << "\n  " << model_.index().issue(i).id() << " " << model_.index().issue(i).name() << " (weight " << p.weights[i] << "):";
        for (int o = 0; o < model_.index().option_count(i); ++o) {
          const auto& opt = model_.index().option(i, o);
          prof << "\n    " << opt.id() << " " << opt.label() << ": " << p.scores[i][o] << (p.red[i][o] ? "  ! red line" : "");
        }
      }
      text += prof.str();
    }
    const auto& adoption = model_.index().scenario().structure().adoption();
    text += "\n" + term_.paint("How texts are adopted", "1") + "\n" + engine::describe_rule(adoption) + "; " + engine::adoption_pick(model_.index().scenario().structure()) + ".";
    if (model_.index().scenario().objectives_size() > 0) {
      text += "\n" + term_.paint("What this exercise practises", "1");
      for (const auto& o : model_.index().scenario().objectives()) text += "\n  - " + o;
    }
    term_.print(text);
    return true;
  }

  bool texts() {
    const auto& s = model_.state();
    if (s.texts().empty()) {
      term_.print("no texts tabled yet");
      return true;
    }
    std::ostringstream out;
    out << std::left << std::setw(6) << "issue";
    for (const auto& t : s.texts()) {
      std::string head = t.text_id() + (t.parent_id().empty() ? "" : "<" + t.parent_id()) + (t.withdrawn() ? "x" : "") +
                         (t.text_id() == s.adopted_text_id() ? "*" : "");
      out << std::setw(9) << head;
    }
    for (int i = 0; i < model_.index().issue_count(); ++i) {
      out << "\n" << std::setw(6) << model_.index().issue(i).id();
      for (const auto& t : s.texts()) {
        auto it = t.options().find(model_.index().issue(i).id());
        out << std::setw(9) << (it == t.options().end() ? "-" : it->second);
      }
    }
    out << "\n(DR2<DR1: amends DR1; x: withdrawn; *: adopted)";
    term_.print(out.str());
    return true;
  }

  // The server's desk for this seat: the engine's decisions, printed as they came.
  bool desk() {
    const auto& d = link_->desk();
    std::ostringstream out;
    out << term_.paint(d.activity(), "1");
    for (const auto& g : d.actions()) {
      out << "\n  " << std::left << std::setw(12) << g.action() << (g.open() ? term_.paint("open", kGreen) : term_.paint("closed: " + g.reason(), kDim));
    }
    if (d.has_profile() && d.drafts_size() > 0) {
      out << "\n" << term_.paint("Texts (your utility against BATNA " + fixed1(d.batna()) + ")", "1");
      for (const auto& w : d.drafts()) {
        out << "\n  " << std::setw(6) << w.text_id() << fixed1(w.utility()) << (w.pledges() != 0 ? " + pledges " + fixed1(w.pledges()) : "")
            << (w.complete() ? "" : " (incomplete)") << (w.acceptable() ? "  acceptable" : "  below BATNA or red line");
        for (const auto& r : w.red_lines()) out << "  ! red line " << r;
      }
    }
    if (d.has_ballot()) {
      const auto& b = d.ballot();
      out << "\n" << term_.paint("Ballot", "1");
      if (!b.standing_text_id().empty()) {
        out << "\n  standing: " << b.standing_text_id() << " (" << b.standing_yes() << " yes; another text needs " << b.yes_to_displace() << ")";
      }
      out << "\n  new this round: " << join(b.new_text_ids()) << "\n  carried over: " << join(b.carried_text_ids());
      out << "\n  " << b.silence() << "\n  " << b.if_closed_now();
    }
    if (d.has_crisis()) {
      const auto& c = d.crisis();
      out << "\n" << term_.paint("Crisis " + c.inject_id(), "1") << "\n  " << c.scope() << "\n  " << c.obligation();
      if (c.obliged_size() > 0) out << " Obliged now: " << join(c.obliged()) << ".";
      if (c.required_strength() > 0) out << "\n  required strength " << fixed1(c.required_strength());
      out << "\n  " << c.summary();
    }
    term_.print(out.str());
    return true;
  }

  static std::string fixed1(double x) {
    std::ostringstream o;
    o << std::fixed << std::setprecision(1) << x;
    return o.str();
  }

  static std::string join(const google::protobuf::RepeatedPtrField<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
    return out.empty() ? "none" : out;
  }

  bool analysis() {
    const auto& index = model_.index();
    engine::Analyzer analyzer(index, engine::current_profiles(index, model_.state()));
    auto a = analyzer.run();
    std::ostringstream out;
    out << std::left << std::setw(6) << "text";
    for (int r : index.delegations()) out << std::setw(7) << index.role(r).id();
    out << "Nash-dist frontier-dist";
    for (const auto& t : model_.state().texts()) {
      auto text = engine::to_text(index, t.options());
      if (t.withdrawn() || !engine::is_complete(text)) continue;
      out << "\n" << std::setw(6) << t.text_id() << std::fixed << std::setprecision(1);
      for (int r : index.delegations()) out << std::setw(7) << analyzer.utility_of(r, text);
      auto nash = analyzer.distance_to_nash(text, a);
      out << std::setw(10) << (nash ? *nash : -1.0) << analyzer.distance_to_frontier(text, a);
    }
    term_.print(out.str());
    return true;
  }

  SessionLink* link_;
  Terminal& term_;
  engine::Session model_;
  int role_;
  std::string activity_;
};

}  // namespace

int join_command(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("name", po::value<std::string>()->default_value(""),
                     "your name, shown only to the white cell (a class may require it)");
  add_common_options(opts, false);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {"code"}, vm, kUsage, code)) return code;
  auto common = read_common_options(vm);
  std::string name = vm["name"].as<std::string>();
  auto link = SessionLink::open(common.server, vm["code"].as<std::string>(), 0, "parley join", true, name);
  if (!link) return failure("join", link.error().message);
  bool leaving = false;
  std::unique_ptr<Client> client;
  auto words = command_words();
  for (const auto& r : link.value()->welcome().scenario().roles()) words.push_back(r.id());
  for (const auto& i : link.value()->welcome().scenario().issues()) {
    for (const auto& o : i.options()) words.push_back(i.id() + "=" + o.id());
  }
  words.insert(words.end(), {"help", "brief", "texts", "issues", "desk", "injects", "analysis", "quit", "yes", "no", "abstain", "if-signs", "if-declines"});
  Terminal term([&](const std::string& line) { leaving = leaving || !client->handle(line); }, words);
  auto session = std::move(link.value());
  client = std::make_unique<Client>(*session, term);
  auto observe = [&](SessionLink& l) {
    l.on_event([&](std::uint64_t, const pb::Event& e) { client->on_event(e); });
    l.on_snapshot([&](const pb::SessionState& s) { client->reset(s); });
    l.on_desk([&](const pb::Desk& d) { client->on_desk(d); });
  };
  observe(*session);
  client->greet();
  while (!leaving) {
    term.set_prompt(client->prompt());
    if (!term.pump(100)) break;
    if (auto s = session->poll(std::chrono::milliseconds(5)); s) continue;
    // A dropped connection (a laptop's Wi-Fi, a server restart): resume from
    // the last event seen, so nothing is missed and nothing is shown twice.
    term.print("connection lost; reconnecting ...");
    std::unique_ptr<SessionLink> again;
    for (int attempt = 0; attempt < 120 && !again; ++attempt) {
      auto reopened = SessionLink::open(common.server, vm["code"].as<std::string>(), session->last_seq(), "parley join", true, name);
      if (reopened) {
        again = std::move(reopened.value());
      } else {
        term.pump(1000);  // keep the prompt alive while waiting
      }
    }
    if (!again) {
      term.print("could not reconnect to " + common.server + "; join again with the same code to resume");
      return 1;
    }
    session = std::move(again);
    client->relink(*session);
    observe(*session);
    term.print("reconnected");
  }
  return 0;
}

}  // namespace parley::cli
