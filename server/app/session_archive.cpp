#include "app/session_archive.hpp"

#include <boost/json.hpp>
#include <google/protobuf/util/json_util.h>

#include "engine/session.hpp"
#include "engine/state_access.hpp"
#include "engine/visibility.hpp"
#include "log/logger.hpp"
#include "storage/session_repository.hpp"

namespace parley::app {
namespace pb = parley::v1;
namespace json = boost::json;
namespace {

json::value to_json(const google::protobuf::Message& m) {
  std::string text;
  (void)google::protobuf::util::MessageToJsonString(m, &text);
  return json::parse(text);
}

}  // namespace

void SessionArchive::list(storage::SessionFilter filter, std::function<void(Result<std::string>)> done) {
  bool queued = db_.submit([filter, done](pqxx::connection* conn, const std::string& error) {
    if (conn == nullptr) return done(fail(error));
    auto page = storage::list_sessions(*conn, filter);
    if (!page) return done(page.error());
    json::array sessions;
    for (const auto& s : page.value().sessions) {
      json::object item{{"session_id", s.id},       {"scenario", s.scenario_id},  {"title", s.title},
                        {"state", s.status},        {"created_at", s.created_at}, {"last_seq", s.last_seq},
                        {"ended_at", s.ended_at ? json::value(*s.ended_at) : json::value(nullptr)}};
      if (s.forked_from) {
        item["forked_from"] = *s.forked_from;
        item["forked_at"] = s.forked_at_seq;
      }
      sessions.push_back(std::move(item));
    }
    done(json::serialize(json::object{
        {"sessions", sessions}, {"total", page.value().total}, {"limit", filter.limit}, {"offset", filter.offset}}));
  });
  if (!queued) done(fail("the database queue is full; try again"));
}

void SessionArchive::events(EventQuery q, std::function<void(Result<std::string>)> done) {
  bool queued = db_.submit([q = std::move(q), done](pqxx::connection* conn, const std::string& error) {
    if (conn == nullptr) return done(fail(error));
    auto row = storage::find_session(*conn, q.session_id);
    if (!row) return done(row.error());
    if (!row.value()) return done(fail("no session '" + q.session_id + "'"));
    auto stored = storage::load_events(*conn, q.session_id, 0);
    if (!stored) return done(stored.error());
    pb::Scenario scenario;
    scenario.ParseFromString(row.value()->scenario);
    auto index = std::make_shared<const engine::ScenarioIndex>(std::move(scenario));
    // A facilitator who names no role gets the white cell's view.
    auto role = q.role.empty() ? std::optional<int>(index->white_cell()) : index->role_index(q.role);
    if (!role) return done(fail("no role '" + q.role + "' in this session's scenario"));
    engine::Session replay(index);
    json::array out;
    for (const auto& s : stored.value()) {
      pb::Event e;
      e.ParseFromString(s.payload);
      replay.apply(e);
      if (s.seq <= q.after || (q.round != 0 && e.round() != q.round)) continue;
      if (!engine::visible_to(*index, replay.state(), e, *role)) continue;
      out.push_back(json::object{{"seq", s.seq},          {"at_ms", s.at_ms}, {"round", s.round}, {"phase", s.phase},
                                 {"actor", e.actor()},     {"type", s.type},   {"event", to_json(e)}});
    }
    json::object body{{"session_id", q.session_id},
                      {"title", row.value()->title},
                      {"status", row.value()->status},
                      {"role", index->role(*role).id()},
                      {"scenario", to_json(engine::view_scenario(*index, *role))},
                      {"events", out}};
    if (!row.value()->forked_from.empty()) {
      body["forked_from"] = row.value()->forked_from;
      body["forked_at"] = row.value()->forked_at_seq;
    }
    done(json::serialize(body));
  });
  if (!queued) done(fail("the database queue is full; try again"));
}

void SessionArchive::fork(std::string session_id, std::uint64_t at, std::string title,
                          std::function<void(Result<CreatedSession>)> done) {
  bool queued = db_.submit([this, session_id, at, title, done](pqxx::connection* conn, const std::string& error) {
    if (conn == nullptr) return done(fail(error));
    auto row = storage::find_session(*conn, session_id);
    if (!row) return done(row.error());
    if (!row.value()) return done(fail("no session '" + session_id + "'"));
    auto stored = storage::load_events(*conn, session_id, 0, at);
    if (!stored) return done(stored.error());
    if (stored.value().size() != at) {
      return done(fail("session " + session_id + " has only " + std::to_string(stored.value().size()) + " events"));
    }
    registry_.create_fork(*conn, *row.value(), at, title, std::move(stored.value()), done);
  });
  if (!queued) done(fail("the database queue is full; try again"));
}

}  // namespace parley::app
