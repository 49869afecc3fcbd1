#include "agents/agent_tools.hpp"

#include <google/protobuf/util/json_util.h>

namespace parley::agents {
namespace json = boost::json;
namespace pb = parley::v1;
namespace {

constexpr std::size_t kMaxWords = 8000;  // the engine's own limit on a text, in bytes

json::object string_of(const std::string& what, std::size_t max = kMaxWords) {
  return {{"type", "string"}, {"description", what}, {"maxLength", max}};
}

json::object one_of(const std::string& what, const std::vector<std::string>& values) {
  json::array e;
  for (const auto& v : values) e.push_back(json::value(v));
  return {{"type", "string"}, {"description", what}, {"enum", e}};
}

json::object tool(const char* name, const std::string& description, json::object properties, std::vector<std::string> required) {
  json::array req;
  for (const auto& r : required) req.push_back(json::value(r));
  json::object parameters{{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(req)},
                          {"additionalProperties", false}};
  return {{"type", "function"}, {"function", {{"name", name}, {"description", description}, {"parameters", std::move(parameters)}}}};
}

// Every other role a seat may address: delegations and outside powers, and the white cell.
std::vector<std::string> others(const engine::ScenarioIndex& index, const std::string& self) {
  std::vector<std::string> out;
  for (int r = 0; r < index.role_count(); ++r) {
    if (index.role(r).id() != self) out.push_back(index.role(r).id());
  }
  return out;
}

// {"issue id": one of its option ids}: the clauses of a text, any subset of the issues.
json::object options_schema(const engine::ScenarioIndex& index) {
  json::object properties;
  for (int i = 0; i < index.issue_count(); ++i) {
    const auto& issue = index.issue(i);
    std::vector<std::string> ids;
    for (const auto& o : issue.options()) ids.push_back(o.id());
    properties[issue.id()] = one_of(issue.name(), ids);
  }
  return {{"type", "object"}, {"description", "issue id -> the option id chosen for it"}, {"properties", properties},
          {"additionalProperties", false}};
}

std::vector<std::string> draft_ids(const pb::Desk& desk) {
  std::vector<std::string> ids;
  for (const auto& d : desk.drafts()) ids.push_back(d.text_id());
  return ids;
}

std::vector<std::string> ballot_ids(const pb::Desk& desk) {
  std::vector<std::string> ids(desk.ballot().new_text_ids().begin(), desk.ballot().new_text_ids().end());
  ids.insert(ids.end(), desk.ballot().carried_text_ids().begin(), desk.ballot().carried_text_ids().end());
  return ids;
}

// The tools one open desk action stands for (caucus stands for two).
void add_tools(json::array& out, const std::string& action, const engine::ScenarioIndex& index, const pb::Desk& desk,
               const SeatKnowledge& seat) {
  auto text_id = [](const std::vector<std::string>& ids) { return one_of("the text's id", ids); };
  if (action == "message") {
    out.push_back(tool("send_message", "A private message to one other role; only it (and the white cell) reads it.",
                       {{"to", one_of("the role addressed", others(index, seat.role))}, {"text", string_of("what you write")}}, {"to", "text"}));
  } else if (action == "caucus") {
    json::object members{{"type", "array"}, {"items", one_of("a role", others(index, seat.role))}, {"description", "who else is in it"}};
    out.push_back(tool("create_room", "Opens a caucus room with some roles; members read what is posted there.",
                       {{"name", string_of("the room's name", 200)}, {"members", members}}, {"name", "members"}));
    if (!seat.rooms.empty()) {
      out.push_back(tool("post_to_room", "Posts to a caucus room you are in.",
                         {{"room_id", one_of("the room", {seat.rooms.begin(), seat.rooms.end()})}, {"text", string_of("what you write")}},
                         {"room_id", "text"}));
    }
  } else if (action == "statement") {
    out.push_back(tool("statement", "A public statement to the plenary; every role reads it.", {{"text", string_of("the statement")}}, {"text"}));
  } else if (action == "table") {
    out.push_back(tool("table_text", "Tables a draft treaty text: a title and an option for some or all issues.",
                       {{"title", string_of("the text's title", 200)}, {"options", options_schema(index)}}, {"title", "options"}));
  } else if (action == "amend" && !desk.drafts().empty()) {
    out.push_back(tool("amend_text", "Tables an amendment: a live text with some of its options changed.",
                       {{"text_id", text_id(draft_ids(desk))}, {"title", string_of("the amendment's title", 200)}, {"options", options_schema(index)}},
                       {"text_id", "options"}));
  } else if (action == "withdraw" && !desk.drafts().empty()) {
    out.push_back(tool("withdraw_text", "Withdraws a text you tabled.", {{"text_id", text_id(draft_ids(desk))}}, {"text_id"}));
  } else if (action == "cosponsor" && !desk.drafts().empty()) {
    out.push_back(tool("cosponsor_text", "Co-sponsors another delegation's text.", {{"text_id", text_id(draft_ids(desk))}}, {"text_id"}));
  } else if (action == "vote" && !ballot_ids(desk).empty()) {
    out.push_back(tool("vote", "Casts or changes your vote on a text of the ballot.",
                       {{"text_id", text_id(ballot_ids(desk))}, {"choice", one_of("your vote", {"YES", "NO", "ABSTAIN"})}}, {"text_id", "choice"}));
  } else if (action == "pledge") {
    out.push_back(tool("pledge", "Pledges side-payment points to a role, paid if it signs (IF_SIGNS) or if it stays out (IF_DECLINES).",
                       {{"to", one_of("the role paid", others(index, seat.role))},
                        {"points", {{"type", "integer"}, {"minimum", 1}, {"description", "points from your pledge budget"}}},
                        {"condition", one_of("when it is paid", {"IF_SIGNS", "IF_DECLINES"})}},
                       {"to", "points", "condition"}));
  } else if (action == "sign") {
    out.push_back(tool("sign", "Signs the adopted treaty text.", {}, {}));
  } else if (action == "decline") {
    out.push_back(tool("decline", "Declines to sign the adopted text.", {}, {}));
  } else if (action == "respond") {
    const auto& c = desk.crisis();
    json::object p{{"commit", {{"type", "boolean"}, {"description", "true: you commit forces or support to the response"}}}};
    if (c.contribution_max() >= 0) p["contribution"] = {{"type", "number"}, {"minimum", 0}, {"maximum", c.contribution_max()}};
    if (c.may_nominate() && !c.nominees().empty()) p["nominate_lead"] = one_of("the member to lead", {c.nominees().begin(), c.nominees().end()});
    if (c.may_opt_out()) p["opt_out"] = {{"type", "boolean"}, {"description", "true: you invoke your conflicting commitment"}};
    out.push_back(tool("respond_to_crisis", "Your response to the open crisis.", std::move(p), {"commit"}));
  } else if (action == "crisis_vote") {
    out.push_back(tool("crisis_vote", "Your vote on invoking the treaty in the open crisis.", {{"yes", {{"type", "boolean"}}}}, {"yes"}));
  }
}

}  // namespace

json::array tools_for(const engine::ScenarioIndex& index, const pb::Desk& desk, const SeatKnowledge& seat) {
  json::array out;
  for (const auto& gate : desk.actions()) {
    if (gate.open()) add_tools(out, gate.action(), index, desk, seat);
  }
  out.push_back(tool("wait", "Does nothing for now: you act again when something changes.", {}, {}));
  return out;
}

Result<std::optional<pb::Command>> command_from(const ToolCall& call) {
  if (call.name == "wait") return std::optional<pb::Command>{};
  const auto* field = pb::Command::descriptor()->FindFieldByName(call.name);
  if (field == nullptr || field->message_type() == nullptr || call.name == "claim_seat" || call.name == "tick") {
    return fail(ErrorCode::invalid, "there is no tool '" + call.name + "'; use one of the tools listed");
  }
  std::string arguments = call.arguments.empty() ? "{}" : call.arguments;
  boost::system::error_code ec;
  auto parsed = json::parse(arguments, ec);
  if (ec || !parsed.is_object()) return fail(ErrorCode::invalid, "the arguments of " + call.name + " are not a JSON object");
  pb::Command command;
  auto* message = command.GetReflection()->MutableMessage(&command, field);
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(arguments, message, options);
  if (!status.ok()) {
    return fail(ErrorCode::invalid, "the arguments of " + call.name + " do not fit: " + std::string(status.message()));
  }
  return std::optional<pb::Command>{std::move(command)};
}

std::string tool_name(const pb::Command& command) {
  const auto* field = pb::Command::descriptor()->FindFieldByNumber(command.kind_case());
  return field ? field->name() : "unknown";
}

}  // namespace parley::agents
