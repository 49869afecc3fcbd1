#include "model_client.hpp"

#include "http_client.hpp"

namespace parley::cli {
namespace json = boost::json;

json::object ModelSettings::shown() const {
  json::object out{{"endpoint", endpoint}, {"model", model}, {"temperature", temperature}, {"max_tokens", max_tokens},
                   {"timeout_s", timeout.count()}, {"tool_calling", tool_calling}};
  if (seed) out["seed"] = *seed;
  return out;
}

namespace {

// How a model without tool calling is asked to answer: the tools as text, and one JSON object back.
std::string json_only_instructions(const json::array& tools) {
  return "Answer with one JSON object and nothing else: {\"calls\": [{\"name\": TOOL, \"arguments\": {...}}]}. "
         "The tools you may call now, with their JSON schemas:\n" + json::serialize(tools);
}

// {"calls": [{"name", "arguments"}]} in a model's text (the JSON-only format); empty when there is none.
std::vector<agents::ToolCall> calls_in_text(const std::string& text) {
  auto start = text.find('{');
  auto end = text.rfind('}');
  if (start == std::string::npos || end == std::string::npos || end < start) return {};
  boost::system::error_code ec;
  auto v = json::parse(text.substr(start, end - start + 1), ec);
  if (ec || !v.is_object() || !v.as_object().contains("calls") || !v.as_object().at("calls").is_array()) return {};
  std::vector<agents::ToolCall> out;
  for (const auto& c : v.as_object().at("calls").as_array()) {
    if (!c.is_object()) continue;
    const auto* name = c.as_object().if_contains("name");
    const auto* args = c.as_object().if_contains("arguments");
    out.push_back({"", name && name->is_string() ? std::string(name->as_string()) : "",
                   args ? json::serialize(*args) : "{}"});
  }
  return out;
}

std::int64_t count(const json::object& usage, const char* key) {
  const auto* v = usage.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

}  // namespace

json::object chat_request(const ModelSettings& s, const json::array& messages, const json::array& tools) {
  json::object req{{"model", s.model}, {"messages", messages}, {"temperature", s.temperature}, {"max_tokens", s.max_tokens}};
  if (s.seed) req["seed"] = *s.seed;
  if (s.tool_calling) {
    req["tools"] = tools;
    req["tool_choice"] = "auto";
  } else {
    req["messages"].as_array().push_back(json::object{{"role", "user"}, {"content", json_only_instructions(tools)}});
    req["response_format"] = {{"type", "json_object"}};
  }
  return req;
}

Result<ModelAnswer> read_answer(const std::string& body) {
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_object()) return fail(ErrorCode::invalid, "the model's endpoint answered something that is not JSON");
  const auto* choices = v.as_object().if_contains("choices");
  if (!choices || !choices->is_array() || choices->as_array().empty() || !choices->as_array()[0].is_object()) {
    return fail(ErrorCode::invalid, "the model's endpoint answered without a choice");
  }
  const auto* message = choices->as_array()[0].as_object().if_contains("message");
  if (!message || !message->is_object()) return fail(ErrorCode::invalid, "the model's answer has no message");
  ModelAnswer answer;
  answer.raw = v;
  const auto& m = message->as_object();
  if (const auto* content = m.if_contains("content"); content && content->is_string()) answer.text = content->as_string();
  if (const auto* calls = m.if_contains("tool_calls"); calls && calls->is_array()) {
    for (const auto& c : calls->as_array()) {
      if (!c.is_object()) continue;
      const auto* fn = c.as_object().if_contains("function");
      if (!fn || !fn->is_object()) continue;
      const auto* id = c.as_object().if_contains("id");
      const auto* name = fn->as_object().if_contains("name");
      const auto* args = fn->as_object().if_contains("arguments");
      answer.calls.push_back({id && id->is_string() ? std::string(id->as_string()) : "",
                              name && name->is_string() ? std::string(name->as_string()) : "",
                              args && args->is_string() ? std::string(args->as_string()) : args ? json::serialize(*args) : "{}"});
    }
  }
  if (answer.calls.empty()) answer.calls = calls_in_text(answer.text);
  if (const auto* usage = v.as_object().if_contains("usage"); usage && usage->is_object()) {
    answer.prompt_tokens = count(usage->as_object(), "prompt_tokens");
    answer.completion_tokens = count(usage->as_object(), "completion_tokens");
  }
  return answer;
}

std::string redact_key(std::string text, const std::string& key) {
  if (key.size() < 4) return text;
  for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at)) text.replace(at, key.size(), "[key]");
  return text;
}

Result<ModelAnswer> ask_model(const ModelSettings& s, const json::object& request) {
  auto scheme_end = s.endpoint.find("://");
  auto path_at = s.endpoint.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  std::string base = path_at == std::string::npos ? "" : s.endpoint.substr(path_at);
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::vector<client::HttpHeader> headers{{"Content-Type", "application/json"}, {"User-Agent", "parley-agents"}};
  if (!s.key.empty()) headers.push_back({"Authorization", "Bearer " + s.key});
  auto started = std::chrono::steady_clock::now();
  auto reply = client::http_send(s.endpoint, "POST", base + "/chat/completions", json::serialize(request), headers, s.timeout,
                                  "the model's endpoint");
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  if (!reply) return fail(ErrorCode::unavailable, "the model did not answer: " + reply.error().message);
  if (reply.value().status != 200) {
    // Redacted before it is cut short: an error page may echo the key, and half a key is still a secret.
    return fail(ErrorCode::unavailable, "the model's endpoint answered HTTP " + std::to_string(reply.value().status) + ": " +
                                            redact_key(reply.value().body, s.key).substr(0, 200));
  }
  auto answer = read_answer(reply.value().body);
  if (answer) answer.value().latency_ms = ms;
  return answer;
}

}  // namespace parley::cli
