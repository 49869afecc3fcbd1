// The cohort dashboard's side of CohortApi: every table's status at a glance
// and bulk actions, each table answering for itself.

#include <boost/json.hpp>

#include <chrono>
#include <set>

#include "http/cohort_api.hpp"
#include "http/fan_in.hpp"
#include "http/http_reply.hpp"
#include "session/session_views.hpp"
#include "cohort/table_alerts.hpp"

namespace parley::app {
namespace json = boost::json;
namespace pb = parley::v1;
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::vector<cohort::PlannedSeat> planned_at(const storage::CohortRow& c, const std::string& session_id) {
  std::vector<cohort::PlannedSeat> out;
  for (const auto& s : c.seats) {
    if (s.session_id == session_id) out.push_back({s.name.value_or(""), s.kind, s.role, s.seat});
  }
  return out;
}

// The command for a bulk action, or why the request is wrong. "bots" has no command.
Result<pb::Command> command_for(const std::string& action, const json::object& body) {
  pb::Command c;
  if (action == "start") c.mutable_start();
  else if (action == "pause") c.mutable_pause();
  else if (action == "resume") c.mutable_resume();
  else if (action == "advance") c.mutable_advance();
  else if (action == "end") c.mutable_end()->set_reason("ended by the instructor for the whole class");
  else if (action == "extend") {
    const auto* s = body.if_contains("seconds");
    auto n = s ? count_in(*s, 24 * 3600) : std::nullopt;
    if (!n || *n == 0) return fail(ErrorCode::invalid, "extend needs \"seconds\": a whole number from 1 to 86400");
    c.mutable_extend()->set_seconds(static_cast<std::uint32_t>(*n));
  } else if (action == "time_scale") {
    const auto* f = body.if_contains("factor");
    if (f == nullptr || !f->is_number() || f->to_number<double>() < 0.1 || f->to_number<double>() > 1000) {
      return fail(ErrorCode::invalid, "time_scale needs \"factor\": a number from 0.1 to 1000");
    }
    c.mutable_time_scale()->set_factor(f->to_number<double>());
  } else if (action == "inject") {
    const auto* i = body.if_contains("inject");
    if (i == nullptr || !i->is_string() || i->as_string().empty()) return fail(ErrorCode::invalid, "inject needs \"inject\": the id of one of the scenario's injects");
    c.mutable_release_inject()->set_inject_id(std::string(i->as_string()));
  } else {
    return fail(ErrorCode::invalid, "action '" + action + "' is not one of start, pause, resume, advance, extend, time_scale, inject, bots, end");
  }
  return c;
}

}  // namespace

namespace {

constexpr std::int64_t kLongestWait = 20'000;  // ms: a dashboard's request is answered at least this often
constexpr std::int64_t kCheckEvery = 20;       // ms between looks at the tables' change counts

std::vector<std::string> session_ids(const storage::CohortRow& c) {
  std::vector<std::string> ids;
  for (const auto& t : c.tables) ids.push_back(t.session_id);
  return ids;
}

// One dashboard's wait for a change: looks at the tables' change counts every kCheckEvery ms
// (cheap: no table is asked anything) and answers when they move or the wait is over.
struct StatusWait : std::enable_shared_from_this<StatusWait> {
  std::shared_ptr<net::Strand> strand;
  std::unique_ptr<net::Timer> timer;
  std::function<bool()> changed;
  std::function<void()> answer;
  std::int64_t until = 0;
  void check() {
    if (changed() || now_ms() >= until) {
      auto reply = std::move(answer);
      answer = nullptr;
      if (reply) reply();
      return;
    }
    timer->expire_at(now_ms() + kCheckEvery, [self = shared_from_this()] { self->check(); });
  }
};

}  // namespace

void CohortApi::status_after(const storage::CohortRow& c, std::uint64_t version, const net::HttpResponder& respond) {
  auto ids = session_ids(c);
  if (version == 0 || runtime_ == nullptr || registry_.changes(ids) != version) return status(c, respond);
  auto wait = std::make_shared<StatusWait>();
  wait->strand = runtime_->make_strand();
  wait->timer = runtime_->make_timer(wait->strand);
  wait->changed = [this, ids, version] { return registry_.changes(ids) != version; };
  wait->answer = [this, c, respond] { status(c, respond); };
  wait->until = now_ms() + kLongestWait;
  wait->strand->post([wait] { wait->check(); });
}

namespace {

// One table's card, and the scenario its host reads (for what the whole class shares).
struct TableStatus {
  json::object card;
  std::shared_ptr<const engine::ScenarioIndex> index;
};

// What the cohort's tables share, from the first table in memory: the scenario's title, and the
// injects a bulk release may name (a leak needs each table's own message, so not a leak).
std::pair<std::string, json::array> shared_by(const std::vector<TableStatus>& tables, const std::string& fallback) {
  for (const auto& t : tables) {
    if (!t.index) continue;
    json::array injects;
    for (const auto& i : t.index->scenario().injects()) {
      if (!i.leak()) injects.push_back(json::object{{"id", i.id()}, {"title", i.title()}});
    }
    return {t.index->scenario().title(), injects};
  }
  return {fallback, json::array{}};
}

}  // namespace

void CohortApi::status(const storage::CohortRow& c, const net::HttpResponder& respond) {
  auto gather = std::make_shared<FanIn<TableStatus>>(c.tables.size(), [this, c, respond](std::vector<TableStatus> tables) {
    auto [scenario_title, injects] = shared_by(tables, c.scenario_id);
    json::array all, alerts;
    for (auto& t : tables) {
      for (const auto& a : t.card["alerts"].as_array()) alerts.push_back(a);
      all.push_back(std::move(t.card));
    }
    respond(reply(200, json::object{{"cohort_id", c.id}, {"title", c.title}, {"scenario", c.scenario_id}, {"scenario_title", scenario_title},
                                    {"scenario_version", c.scenario_version}, {"created_at", c.created_at},
                                    {"names_required", c.names_required}, {"now_ms", now_ms()}, {"injects", injects}, {"tables", all},
                                    {"alerts", alerts}, {"version", registry_.changes(session_ids(c))}}));
  });
  for (std::size_t i = 0; i < c.tables.size(); ++i) {
    const auto& t = c.tables[i];
    json::object base{{"table", t.table_no}, {"session_id", t.session_id}, {"facilitator_token", t.facilitator_token}};
    registry_.use(t.session_id, [gather, i, base, planned = planned_at(c, t.session_id)](Result<std::shared_ptr<SessionHost>> host) {
      if (!host) {
        auto out = base;
        out["error"] = host.error().message;
        out["alerts"] = json::array{json::value("Table " + std::to_string(base.at("table").as_int64()) + ": " + host.error().message)};
        return gather->set(i, TableStatus{std::move(out), nullptr});
      }
      auto index = host.value()->index();
      std::map<std::string, std::string> names;
      for (const auto& r : index->scenario().roles()) names[r.id()] = r.name();
      host.value()->inspect([gather, i, base, planned, names, index](const HostView& view) {
        auto body = session_status_json(view);
        auto out = base;
        auto parsed = json::parse(body);
        auto& status = parsed.as_object();
        for (const char* key : {"title", "state", "stage", "round", "phase", "deadline_ms", "time_scale", "connections", "awaiting", "last_seq"}) {
          if (const auto* v = status.if_contains(key)) out[key] = *v;
        }
        auto card = cohort::table_card(static_cast<int>(base.at("table").as_int64()), status, planned, names);
        for (auto& [k, v] : card) out[k] = v;
        gather->set(i, TableStatus{std::move(out), index});
      });
    });
  }
  gather->finish_if_empty();
}

void CohortApi::act(const storage::CohortRow& c, const net::HttpRequest& req, const net::HttpResponder& respond) {
  json::error_code ec;
  auto body = json::parse(req.body, ec);
  if (ec || !body.is_object() || !body.as_object().contains("action") || !body.as_object().at("action").is_string()) {
    return respond(problem(ErrorCode::invalid, "the body must be {\"action\": \"start\"} (and optionally \"tables\": [1, 3])"));
  }
  const auto& obj = body.as_object();
  std::string action(obj.at("action").as_string());
  std::optional<pb::Command> command;
  if (action != "bots") {
    auto made = command_for(action, obj);
    if (!made) return respond(problem(made.error()));
    command = made.value();
  }
  std::vector<storage::CohortTableRow> chosen;
  if (const auto* tables = obj.if_contains("tables")) {
    if (!tables->is_array() || tables->as_array().empty()) return respond(problem(ErrorCode::invalid, "\"tables\" must list table numbers, e.g. [1, 3]"));
    std::set<std::int64_t> wanted;
    for (const auto& v : tables->as_array()) {
      auto n = count_in(v, 1000);
      auto it = std::find_if(c.tables.begin(), c.tables.end(), [&](const auto& t) { return n && static_cast<std::uint64_t>(t.table_no) == *n; });
      if (it == c.tables.end()) return respond(problem(ErrorCode::invalid, "table " + json::serialize(v) + " is not one of this cohort's tables"));
      if (wanted.insert(it->table_no).second) chosen.push_back(*it);
    }
  } else {
    chosen = c.tables;
  }
  auto gather = std::make_shared<FanIn<json::object>>(chosen.size(), [action, respond](std::vector<json::object> results) {
    int ok = 0;
    json::array all;
    for (auto& r : results) {
      ok += r.at("ok").as_bool() ? 1 : 0;
      all.push_back(std::move(r));
    }
    respond(reply(200, json::object{{"action", action}, {"done", ok}, {"refused", static_cast<int>(results.size()) - ok}, {"results", all}}));
  });
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const auto t = chosen[i];
    std::set<std::string> bot_roles;  // bots take the seats planned for them, never a student's who is late
    for (const auto& s : c.seats) {
      if (s.session_id == t.session_id && s.kind == "bot") bot_roles.insert(s.role);
    }
    registry_.use(t.session_id, [this, gather, i, t, command, bot_roles](Result<std::shared_ptr<SessionHost>> host) {
      json::object out{{"table", t.table_no}, {"session_id", t.session_id}};
      if (!host) {
        out["ok"] = false;
        out["error"] = host.error().message;
        return gather->set(i, std::move(out));
      }
      if (command) {
        return host.value()->command(*command, [gather, i, out](pb::ServerEnvelope answer) mutable {
          out["ok"] = answer.has_ack();
          if (answer.has_ack()) out["seq"] = answer.ack().seq();
          else out["error"] = answer.has_rejection() ? answer.rejection().message() : "no answer";
          gather->set(i, std::move(out));
        });
      }
      host.value()->inspect([this, gather, i, t, out, bot_roles](const HostView& view) mutable {
        auto seats = app::bot_seats(view);
        json::array roles;
        std::vector<std::string> free;
        for (const auto& role : seats.free) {
          if (bot_roles.count(role)) free.push_back(role);
        }
        std::string error = seats.ended ? "the session has ended" : free.empty() ? "every seat planned for a bot is taken" : "";
        // One process a table: a class of 50 tables stays within the launcher's limit.
        if (error.empty()) {
          if (auto s = bots_.launch(t.session_id, free, "mixed", t.facilitator_token); !s) error = s.error().message;
          else for (const auto& role : free) roles.push_back(json::value(role));
        }
        out["ok"] = error.empty();
        out["roles"] = roles;
        if (!error.empty()) out["error"] = error;
        gather->set(i, std::move(out));
      });
    });
  }
  gather->finish_if_empty();
}

}  // namespace parley::app
