// Over 400 lines on purpose: every read of a recorded session (review, replayed view,
// history pages in JSON and binary, forks) shares the replay from the nearest snapshot.
#include "session/session_archive.hpp"

#include <boost/json.hpp>
#include <google/protobuf/util/json_util.h>

#include "session/snapshot_codec.hpp"
#include "storage/agent_calls.hpp"
#include "storage/stored_message.hpp"
#include "engine/desk.hpp"
#include "engine/session.hpp"
#include "engine/state_access.hpp"
#include "engine/visibility.hpp"
#include "log/logger.hpp"
#include "parley/v1/protocol.pb.h"
#include "review/event_format.hpp"
#include "review/report_text.hpp"
#include "review/review_model.hpp"
#include "storage/cohort_store.hpp"
#include "storage/presence_log.hpp"
#include "storage/session_repository.hpp"
#include "wire/batch_writer.hpp"

namespace parley::app {
namespace pb = parley::v1;
namespace json = boost::json;
namespace {

json::value to_json(const google::protobuf::Message& m) {
  std::string text;
  (void)google::protobuf::util::MessageToJsonString(m, &text);
  return json::parse(text);
}

constexpr std::uint64_t kLoadPage = 10000;  // events per query when a whole log is read

Status parse_event(const storage::StoredEvent& s, const std::string& id, pb::Event& out) {
  return parse_stored(out, s.payload, "session " + id + ": event " + std::to_string(s.seq));
}

Result<std::shared_ptr<const engine::ScenarioIndex>> scenario_of(ScenarioIndexes& scenarios, const storage::SessionRow& row) {
  return scenarios.get(row.scenario, "session " + row.id + ": the scenario");
}

Result<storage::SessionRow> find_row(pqxx::connection& conn, const std::string& id) {
  auto row = storage::find_session(conn, id);
  if (!row) return row.error();
  if (!row.value()) return fail(ErrorCode::not_found, "no session '" + id + "'");
  return *row.value();
}

// A recorded session as the review reads it: full scenario, every event (read
// in pages, so no one query result holds the whole log twice), who was connected.
Result<review::SessionRecord> load_record(pqxx::connection& conn, const std::string& id) {
  auto row = find_row(conn, id);
  if (!row) return row.error();
  auto presence = storage::load_presence(conn, id);
  if (!presence) return presence.error();
  review::SessionRecord record;
  record.id = id;
  record.title = row.value().title;
  record.status = engine::status_name(row.value().status);
  record.scenario_version = row.value().scenario_version;
  record.forked_from = row.value().forked_from;
  record.forked_at = row.value().forked_at_seq;
  if (auto ok = parse_stored(record.scenario, row.value().scenario, "session " + id + ": the scenario"); !ok) return ok.error();
  // Pages by seq up to the last one stored: a missing seq never cuts the record short.
  auto last = storage::last_seq(conn, id);
  if (!last) return last.error();
  for (std::uint64_t after = 0; after < last.value(); after += kLoadPage) {
    auto page = storage::load_events(conn, id, after, after + kLoadPage);
    if (!page) return page.error();
    for (const auto& s : page.value()) {
      review::RecordedEvent r{s.seq, 0, {}};
      if (auto ok = parse_event(s, id, r.event); !ok) return ok.error();
      r.at_ms = r.event.at_ms();
      record.events.push_back(std::move(r));
    }
  }
  for (const auto& p : presence.value()) record.presence.push_back({p.role, p.seat, p.client, p.connected_ms, p.disconnected_ms, p.display_name});
  auto roster = storage::roster_names(conn, id);
  if (!roster) return roster.error();
  for (const auto& [role, seat, name] : roster.value()) record.roster.push_back({role, seat, name});
  auto calls = storage::load_agent_calls(conn, id);
  if (!calls) return calls.error();
  for (auto& c : calls.value()) record.model_calls.push_back({c.role, c.seat, c.at, std::move(c.record)});
  return record;
}

Result<std::vector<review::SessionRecord>> load_forks(pqxx::connection& conn, const std::string& id) {
  auto ids = storage::find_forks(conn, id);
  if (!ids) return ids.error();
  std::vector<review::SessionRecord> out;
  for (const auto& fork : ids.value()) {
    auto record = load_record(conn, fork);
    if (!record) return record.error();
    out.push_back(std::move(record.value()));
  }
  return out;
}

ReviewDocument render(const json::object& review, const std::string& format) {
  if (format == "html") return {"text/html; charset=utf-8", review::render_html(review)};
  if (format == "md") return {"text/markdown; charset=utf-8", review::render_markdown(review)};
  if (format == "csv") return {"text/csv; charset=utf-8", review::render_csv(review)};
  return {"application/json", json::serialize(review) + "\n"};
}

}  // namespace

void SessionArchive::review(ReviewQuery q, std::function<void(Result<ReviewDocument>)> done) {
  reader_.perform(
      "building the review",
      [q = std::move(q), done](pqxx::connection& conn) {
    auto record = load_record(conn, q.session_id);
    if (!record) return done(record.error());
    if (q.format == "meta") {
      auto meta = review::review_meta(record.value(), review::ReviewOptions{q.role, false});
      if (!meta) return done(meta.error());
      return done(ReviewDocument{"application/json", json::serialize(meta.value()) + "\n"});
    }
    std::vector<review::SessionRecord> forks;
    if (q.role.empty() && q.format != "csv") {
      auto loaded = load_forks(conn, q.session_id);
      if (!loaded) return done(loaded.error());
      forks = std::move(loaded.value());
    }
    // A defect in the review must answer the request, not end the database worker's job silently.
    try {
      auto model = review::build_review(record.value(), review::ReviewOptions{q.role, q.with_messages}, forks);
      if (!model) return done(model.error());
      done(render(model.value(), q.format));
    } catch (const std::exception& e) {
      log::error("review", "computing the review of " + q.session_id + " failed: " + e.what());
      done(fail(ErrorCode::failed, std::string("the review could not be computed: ") + e.what()));
    }
      },
      [done](const Error& e) { done(e); });
}

void SessionArchive::remove(std::string session_id, std::function<void(Status)> done) {
  db_.perform(
      "deleting the session",
      [this, session_id, done](pqxx::connection& conn) {
    auto status = storage::session_status(conn, session_id);
    if (!status) return done(status.error());
    if (status.value() == pb::RUNNING || status.value() == pb::PAUSED) {
      return done(fail(ErrorCode::conflict, "session " + session_id + " is " + engine::status_name(status.value()) +
                                                "; end it before deleting it"));
    }
    // Out of memory first, so no host appends to what is being deleted.
    registry_.forget(session_id);
    done(storage::delete_session(conn, session_id));
      },
      [done](const Error& e) { done(e); });
}

void SessionArchive::list(storage::SessionFilter filter, std::function<void(Result<std::string>)> done) {
  reader_.perform(
      "listing sessions",
      [this, filter, done](pqxx::connection& conn) {
    auto page = storage::list_sessions(conn, filter);
    if (!page) return done(page.error());
    json::array sessions;
    for (const auto& s : page.value().sessions) {
      json::object item{{"session_id", s.id},       {"scenario", s.scenario_id},  {"title", s.title},
                        {"state", engine::status_name(s.status)},   {"created_at", s.created_at}, {"last_seq", s.last_seq},
                        {"ended_at", s.ended_at ? json::value(*s.ended_at) : json::value(nullptr)},
                        {"scenario_version", s.scenario_version}, {"round", s.round}, {"phase", s.phase},
                        {"last_at", s.last_at ? json::value(*s.last_at) : json::value(nullptr)},
                        {"connected", connected(s.id)}, {"archived", filter.archived}};
      if (s.forked_from) {
        item["forked_from"] = *s.forked_from;
        item["forked_at"] = s.forked_at_seq;
      }
      sessions.push_back(std::move(item));
    }
    done(json::serialize(json::object{
        {"sessions", sessions}, {"total", page.value().total}, {"limit", filter.limit}, {"offset", filter.offset}}));
      },
      [done](const Error& e) { done(e); });
}

int SessionArchive::connected(const std::string& id) const {
  auto host = registry_.find(id);
  return host ? host->holders() : 0;
}

void SessionArchive::roster(std::string session_id, std::function<void(Result<std::vector<review::RosterName>>)> done) {
  reader_.perform(
      "reading the roster's names",
      [session_id, done](pqxx::connection& conn) {
    auto rows = storage::roster_names(conn, session_id);
    if (!rows) return done(rows.error());
    std::vector<review::RosterName> out;
    for (const auto& [role, seat, name] : rows.value()) out.push_back({role, seat, name});
    done(std::move(out));
      },
      [done](const Error& e) { done(e); });
}

void SessionArchive::archive(std::string session_id, bool archived, std::function<void(Status)> done) {
  db_.perform(
      "archiving the session",
      [session_id, archived, done](pqxx::connection& conn) {
    done(storage::set_archived(conn, session_id, archived));
      },
      [done](const Error& e) { done(e); });
}

namespace {

// The state a page's replay starts from: the latest snapshot at or before `after`, or the beginning.
Result<engine::Session> replay_base(pqxx::connection& conn, const std::string& id, std::shared_ptr<const engine::ScenarioIndex> index,
                                    std::uint64_t after, std::uint64_t& base_seq) {
  auto snapshot = storage::load_snapshot_at(conn, id, after);
  if (!snapshot) return snapshot.error();
  base_seq = 0;
  if (!snapshot.value()) return engine::Session(index);
  pb::SessionState state;
  if (auto ok = decode_snapshot(snapshot.value()->second, state, "session " + id + ": the snapshot at " + std::to_string(snapshot.value()->first)); !ok) {
    return ok.error();
  }
  base_seq = snapshot.value()->first;
  return engine::Session(index, std::move(state));
}

// What a page read found, besides its events.
struct PageRead {
  storage::SessionRow row;
  std::shared_ptr<const engine::ScenarioIndex> index;
  int role = 0;
  std::uint64_t last_seq = 0;
  std::uint64_t next_after = 0;  // 0: this was the last page
};

// Replays one page and calls visit(seq, event as the role saw it, its stored
// bytes when the role saw it whole, else null) for each event of the page
// the role may see.
using PageVisitor = std::function<void(std::uint64_t, const pb::Event&, const std::string*)>;
Result<PageRead> read_page(pqxx::connection& conn, ScenarioIndexes& scenarios, const EventQuery& q, const PageVisitor& visit) {
  PageRead page;
  auto row = find_row(conn, q.session_id);
  if (!row) return row.error();
  page.row = std::move(row.value());
  auto index = scenario_of(scenarios, page.row);
  if (!index) return index.error();
  page.index = index.value();
  const auto& ix = *page.index;
  // A facilitator who names no role gets the white cell's view.
  auto role = q.role.empty() ? std::optional<int>(ix.white_cell()) : ix.role_index(q.role);
  if (!role) return fail(ErrorCode::invalid, "no role '" + q.role + "' in this session's scenario");
  page.role = *role;
  std::uint64_t base_seq = 0;
  auto replay = replay_base(conn, q.session_id, page.index, q.after, base_seq);
  if (!replay) return replay.error();
  std::uint64_t upto = q.after + q.limit;
  auto stored = storage::load_event_payloads(conn, q.session_id, base_seq, upto);
  if (!stored) return stored.error();
  auto last = storage::last_seq(conn, q.session_id);
  if (!last) return last.error();
  page.last_seq = last.value();
  page.next_after = upto < page.last_seq ? upto : 0;
  pb::Event e;
  for (const auto& stored_event : stored.value()) {
    const auto& [seq, payload] = stored_event;
    auto name = [&] { return "session " + q.session_id + ": event " + std::to_string(stored_event.first); };
    if (auto ok = parse_stored_as(e, payload, name); !ok) return ok.error();
    replay.value().apply(e);
    if (seq <= q.after || (q.round != 0 && e.round() != q.round)) continue;
    if (!engine::visible_to(ix, replay.value().state(), e, page.role)) continue;
    if (engine::has_private_detail(e)) {
      pb::Event seen = engine::view_event(ix, e, page.role);
      visit(seq, seen, engine::has_private_detail(seen) ? &payload : nullptr);
    } else {
      visit(seq, e, &payload);
    }
  }
  return page;
}

// JSON for people: each event's own JSON is spliced into the page as text,
// not parsed back into a document first.
Result<std::string> event_page_json(pqxx::connection& conn, ScenarioIndexes& scenarios, const EventQuery& q) {
  std::string events = "[";
  std::string event_json;
  google::protobuf::util::JsonPrintOptions options;
  auto read = read_page(conn, scenarios, q, [&](std::uint64_t seq, const pb::Event& e, const std::string*) {
    if (events.size() > 1) events += ',';
    json::object head{{"seq", seq}, {"at_ms", e.at_ms()}, {"round", e.round()}, {"phase", e.phase()},
                      {"actor", e.actor()}, {"type", engine::event_kind(e)}};
    std::string h = json::serialize(head);
    h.pop_back();  // the closing brace: the event follows
    event_json.clear();
    (void)google::protobuf::util::MessageToJsonString(e, &event_json, options);
    events += h + ",\"event\":" + event_json + "}";
  });
  if (!read) return read.error();
  events += ']';
  const auto& page = read.value();
  json::object body{{"session_id", q.session_id},
                    {"title", page.row.title},
                    {"status", engine::status_name(page.row.status)},
                    {"role", page.index->role(page.role).id()},
                    {"scenario", to_json(engine::view_scenario(*page.index, page.role))},
                    {"last_seq", page.last_seq},
                    {"next_after", page.next_after != 0 ? json::value(page.next_after) : json::value(nullptr)}};
  if (!page.row.forked_from.empty()) {
    body["forked_from"] = page.row.forked_from;
    body["forked_at"] = page.row.forked_at_seq;
  }
  // The events, already JSON text, go in as the last member.
  std::string text = json::serialize(body);
  text.pop_back();
  return text + ",\"events\":" + events + "}";
}

// Binary for programs: a parley.v1.EventPage whose events are packed as on the WebSocket.
Result<std::string> event_page_binary(pqxx::connection& conn, ScenarioIndexes& scenarios, const EventQuery& q) {
  wire::BatchWriter writer;
  wire::PackingContext previous;  // a page is packed on its own
  auto read = read_page(conn, scenarios, q, [&](std::uint64_t seq, const pb::Event& e, const std::string* stored) {
    // Seen whole: its stored bytes are its serialized form, cut rather than serialized again.
    auto core = stored ? wire::event_core(std::string_view(*stored)) : std::nullopt;
    writer.add_event(previous, seq, e, core ? *core : wire::event_core(e));
  });
  if (!read) return read.error();
  const auto& page = read.value();
  pb::EventPage out;
  out.set_session_id(q.session_id);
  out.set_title(page.row.title);
  out.set_status(engine::status_name(page.row.status));
  out.set_role(page.index->role(page.role).id());
  out.set_last_seq(page.last_seq);
  out.set_next_after(page.next_after);
  if (q.after == 0) *out.mutable_scenario() = engine::view_scenario(*page.index, page.role);
  return out.SerializeAsString() + writer.finish_field(pb::EventPage::kEventsFieldNumber);
}

}  // namespace

namespace {

// One role's view of a recorded session after event `at`, with the desk that seat had then.
Result<std::string> view_json(pqxx::connection& conn, ScenarioIndexes& scenarios, const std::string& id, const std::string& role_id, std::uint64_t at) {
  auto row = find_row(conn, id);
  if (!row) return row.error();
  auto index = scenario_of(scenarios, row.value());
  if (!index) return index.error();
  const auto& ix = *index.value();
  auto role = role_id.empty() ? std::optional<int>(ix.white_cell()) : ix.role_index(role_id);
  if (!role) return fail(ErrorCode::invalid, "no role '" + role_id + "' in this session's scenario");
  auto last = storage::last_seq(conn, id);
  if (!last) return last.error();
  at = std::min<std::uint64_t>(at, last.value());
  std::uint64_t base_seq = 0;
  auto replay = replay_base(conn, id, index.value(), at, base_seq);
  if (!replay) return replay.error();
  auto stored = storage::load_event_payloads(conn, id, base_seq, at);
  if (!stored) return stored.error();
  pb::Event e;
  std::string what;
  for (const auto& [seq, payload] : stored.value()) {
    auto name = [&, seq = seq] { return "session " + id + ": event " + std::to_string(seq); };
    if (auto ok = parse_stored_as(e, payload, name); !ok) return ok.error();
    replay.value().apply(e);
    if (seq == at) what = engine::visible_to(ix, replay.value().state(), e, *role) ? review::describe(engine::view_event(ix, e, *role)) : "";
  }
  const auto& full = replay.value().state();
  google::protobuf::util::JsonPrintOptions options;
  std::string scenario, state, desk;
  (void)google::protobuf::util::MessageToJsonString(ix.scenario(), &scenario, options);
  (void)google::protobuf::util::MessageToJsonString(engine::view_state(ix, full, replay.value().messages(), *role), &state, options);
  (void)google::protobuf::util::MessageToJsonString(engine::role_desk(ix, full, *role, 0), &desk, options);
  json::object head{{"session_id", id},      {"title", row.value().title}, {"role", ix.role(*role).id()},
                    {"at", at},              {"last_seq", last.value()},   {"event", what},
                    {"round", full.round()}, {"phase", full.phase()}};
  std::string out = json::serialize(head);
  out.pop_back();
  return out + ",\"scenario\":" + scenario + ",\"state\":" + state + ",\"desk\":" + desk + "}";
}

}  // namespace

void SessionArchive::view(std::string session_id, std::string role, std::uint64_t at, std::function<void(Result<std::string>)> done) {
  reader_.perform(
      "computing the view",
      [this, session_id, role, at, done](pqxx::connection& conn) {
    try {
      done(view_json(conn, scenarios_, session_id, role, at));
    } catch (const std::exception& e) {
      done(fail(ErrorCode::failed, std::string("the view could not be computed: ") + e.what()));
    }
      },
      [done](const Error& e) { done(e); });
}

void SessionArchive::events(EventQuery q, std::function<void(Result<std::string>)> done) {
  pages_.perform(
      "reading the history",
      [this, q = std::move(q), done](pqxx::connection& conn) {
    done(q.binary ? event_page_binary(conn, scenarios_, q) : event_page_json(conn, scenarios_, q));
      },
      [done](const Error& e) { done(e); });
}

void SessionArchive::fork(std::string session_id, std::uint64_t at, std::string title,
                          std::function<void(Result<CreatedSession>)> done) {
  db_.perform(
      "forking the session",
      [this, session_id, at, title, done](pqxx::connection& conn) {
    auto row = find_row(conn, session_id);
    if (!row) return done(row.error());
    auto stored = storage::load_events(conn, session_id, 0, at);
    if (!stored) return done(stored.error());
    if (stored.value().size() != at) {
      return done(fail(ErrorCode::invalid, "session " + session_id + " has only " + std::to_string(stored.value().size()) + " events"));
    }
    registry_.create_fork(conn, row.value(), at, title, std::move(stored.value()), done);
      },
      [done](const Error& e) { done(e); });
}

}  // namespace parley::app
