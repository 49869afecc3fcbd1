// The review's sections on language-model seats and on what every delegation said beside
// what it did. Both are the white cell's: a model's prompts hold what its seat was told, and
// the comparison sets private pledges beside votes.

#include <algorithm>
#include <map>
#include <set>

#include "review/review_sections.hpp"

namespace parley::review {
namespace json = boost::json;
namespace pb = parley::v1;
namespace {

constexpr std::size_t kMaxRefusals = 50;  // listed per seat; the count says the rest
const std::string kStance = "Stance set by the facilitators: ";

std::int64_t int_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

std::string text_of(const json::value* v) { return v && v->is_string() ? std::string(v->as_string()) : ""; }

// The facilitator's stance line, from a request's system message.
std::string stance_in(const json::object& request) {
  const auto* messages = request.if_contains("messages");
  if (!messages || !messages->is_array() || messages->as_array().empty()) return "";
  auto system = text_of(messages->as_array().front().as_object().if_contains("content"));
  auto at = system.find(kStance);
  return at == std::string::npos ? "" : system.substr(at + kStance.size());
}

// What the model was told about the moment: the request's last message.
std::string moment_in(const json::object& request) {
  const auto* messages = request.if_contains("messages");
  if (!messages || !messages->is_array() || messages->as_array().empty()) return "";
  return text_of(messages->as_array().back().as_object().if_contains("content"));
}

struct SeatTally {
  std::set<std::string> models;
  std::int64_t calls = 0, failed = 0, prompt_tokens = 0, completion_tokens = 0, model_ms = 0, moves = 0, refusals = 0;
  std::set<std::string> failures;
  json::array refused;
  std::string stance, told, first_at, last_at;
};

void count_call(SeatTally& t, const std::string& at, const json::object& rec) {
  ++t.calls;
  if (t.first_at.empty()) t.first_at = at;
  t.last_at = at;
  if (const auto* s = rec.if_contains("settings"); s && s->is_object()) t.models.insert(text_of(s->as_object().if_contains("model")));
  if (const auto* req = rec.if_contains("request"); req && req->is_object()) {
    if (t.stance.empty()) t.stance = stance_in(req->as_object());
    t.told = moment_in(req->as_object());
  }
  if (const auto* e = rec.if_contains("error")) {
    ++t.failed;
    t.failures.insert(text_of(e));
  }
  t.prompt_tokens += int_of(rec, "prompt_tokens");
  t.completion_tokens += int_of(rec, "completion_tokens");
  t.model_ms += int_of(rec, "latency_ms");
  const auto* actions = rec.if_contains("actions");
  if (!actions || !actions->is_array()) return;
  for (const auto& a : actions->as_array()) {
    const auto& o = a.as_object();
    if (text_of(o.if_contains("result")) == "done") ++t.moves;
    if (!o.contains("refused")) continue;
    if (++t.refusals > static_cast<std::int64_t>(kMaxRefusals)) continue;
    t.refused.push_back(json::object{{"tool", text_of(o.if_contains("tool"))}, {"arguments", text_of(o.if_contains("arguments"))},
                                     {"reason", text_of(o.if_contains("refused"))}});
  }
}

// What a role said, from its own events: statements and messages, counted.
json::object words_of(const ReviewContext& ctx, const std::string& role) {
  std::int64_t statements = 0, messages = 0, posts = 0;
  for (const auto& r : ctx.trace.record().events) {
    if (r.event.actor() != role) continue;
    statements += r.event.has_statement() ? 1 : 0;
    messages += r.event.has_message_sent() ? 1 : 0;
    posts += r.event.has_room_message() ? 1 : 0;
  }
  return {{"statements", statements}, {"private_messages", messages}, {"room_posts", posts}};
}

std::string choice_word(pb::VoteChoice c) { return c == pb::YES ? "yes" : c == pb::NO ? "no" : "abstain"; }

std::string condition_words(pb::PledgeCondition c) { return c == pb::IF_DECLINES ? "if it stays out" : "if it signs"; }

std::string response_words(const pb::RespondToCrisis& r) {
  if (r.opt_out()) return "opted out of the crisis response";
  std::string out = r.commit() ? "committed to the crisis response" : "stayed out of the crisis response";
  if (r.commit() && r.contribution() > 0) out += " (contribution " + number(r.contribution()) + ")";
  if (!r.nominate_lead().empty()) out += ", nominating " + r.nominate_lead() + " to lead";
  return out;
}

json::object item(const RecordedEvent& r, const char* kind, const std::string& text) {
  return {{"seq", r.seq}, {"round", r.event.round()}, {"kind", kind}, {"text", text}};
}

// A round's ballot as one line, each text's last vote: "round 2 votes: yes on DR1, DR16; no on DR4".
struct RoundVotes {
  const RecordedEvent* last = nullptr;
  std::map<std::string, pb::VoteChoice> choice;  // by text id
};

json::object votes_item(const RoundVotes& v) {
  std::string text = "round " + std::to_string(v.last->event.round()) + " votes:";
  bool first = true;
  for (auto c : {pb::YES, pb::NO, pb::ABSTAIN}) {
    std::string ids;
    for (const auto& [id, choice] : v.choice) ids += choice == c ? (ids.empty() ? "" : ", ") + id : "";
    if (ids.empty()) continue;
    text += (first ? " " : "; ") + choice_word(c) + " on " + ids;
    first = false;
  }
  return item(*v.last, "vote", text);
}

// Items in the order they happened.
void by_seq(json::array& items) {
  std::stable_sort(items.begin(), items.end(), [](const json::value& a, const json::value& b) {
    return a.at("seq").to_number<std::uint64_t>() < b.at("seq").to_number<std::uint64_t>();
  });
}

}  // namespace

json::array ai_seats_section(const ReviewContext& ctx) {
  json::array out;
  if (!ctx.white()) return out;
  std::map<std::string, SeatTally> seats;
  for (const auto& call : ctx.trace.record().model_calls) {
    boost::system::error_code ec;
    auto rec = json::parse(call.record, ec);
    if (ec || !rec.is_object()) continue;  // stored by the server as JSON; a damaged row is skipped, not fatal
    count_call(seats[call.role], call.at, rec.as_object());
  }
  for (auto& [role, t] : seats) {
    json::array models, failures;
    for (const auto& m : t.models) models.push_back(json::value(m));
    for (const auto& f : t.failures) failures.push_back(json::value(f));
    out.push_back(json::object{{"role", role}, {"name", ctx.name(role)}, {"models", models}, {"calls", t.calls}, {"failed_calls", t.failed},
                               {"failures", failures}, {"prompt_tokens", t.prompt_tokens}, {"completion_tokens", t.completion_tokens},
                               {"model_ms", t.model_ms}, {"moves", t.moves}, {"refusals", t.refusals}, {"refused", std::move(t.refused)},
                               {"stance", t.stance}, {"last_told", t.told}, {"first_at", t.first_at}, {"last_at", t.last_at},
                               {"said", words_of(ctx, role)}});
  }
  return out;
}

json::array said_versus_did_section(const ReviewContext& ctx) {
  json::array out;
  if (!ctx.white()) return out;
  std::set<std::string> models;
  for (const auto& call : ctx.trace.record().model_calls) models.insert(call.role);
  const auto& index = ctx.index();
  for (int r = 0; r < index.role_count(); ++r) {
    if (index.role(r).kind() != pb::DELEGATION && index.role(r).kind() != pb::OUTSIDE_POWER) continue;
    const std::string& id = index.role(r).id();
    json::array said, did;
    std::map<int, RoundVotes> votes;
    for (const auto& rec : ctx.trace.record().events) {
      const auto& e = rec.event;
      if (e.actor() != id) continue;
      if (e.has_statement()) said.push_back(item(rec, "statement", e.statement().text()));
      if (e.has_pledge_made()) {
        const auto& p = e.pledge_made();
        said.push_back(item(rec, "pledge", "pledged " + std::to_string(p.points()) + (p.points() == 1 ? " point to " : " points to ") + ctx.name(p.to()) + " " + condition_words(p.condition())));
      }
      if (e.has_vote_cast()) {
        auto& round = votes[e.round()];
        round.last = &rec;
        round.choice[e.vote_cast().text_id()] = e.vote_cast().choice();
      }
      if (e.has_treaty_signed()) did.push_back(item(rec, "signature", "signed the treaty"));
      if (e.has_treaty_declined()) did.push_back(item(rec, "signature", "declined to sign"));
      if (e.has_crisis_response()) {
        did.push_back(item(rec, "crisis", response_words(e.crisis_response().response()) + " (" + e.crisis_response().inject_id() + ")"));
      }
      if (e.has_crisis_vote()) {
        did.push_back(item(rec, "crisis", std::string("voted ") + (e.crisis_vote().yes() ? "for" : "against") + " collective action (" +
                                              e.crisis_vote().inject_id() + ")"));
      }
    }
    for (const auto& [round, v] : votes) did.push_back(votes_item(v));
    by_seq(did);
    out.push_back(json::object{{"role", id}, {"name", index.role(r).name()}, {"ai", models.count(id) > 0}, {"said", said}, {"did", did}});
  }
  return out;
}

}  // namespace parley::review
