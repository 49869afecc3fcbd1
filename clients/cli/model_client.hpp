#pragma once
// One chat-completions call to an OpenAI-compatible endpoint (llama.cpp's
// server, vLLM, Ollama, a hosted API over https), and what came back: the
// tool calls, or the calls written as JSON in the text when the model has no
// tool calling. The key is sent as a bearer header and nowhere else: it is
// not in the settings a record shows.

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agents/agent_tools.hpp"
#include "common/result.hpp"

namespace parley::cli {

struct ModelSettings {
  std::string endpoint;  // http://HOST:PORT/v1 or https://HOST/v1 (…/chat/completions is added)
  std::string model;
  double temperature = 0.7;
  std::optional<std::int64_t> seed;
  int max_tokens = 800;                    // per answer
  std::chrono::seconds timeout{60};
  bool tool_calling = true;                // false: the JSON-only answer format
  std::string key;                         // from the environment or a file; never recorded

  // What a record shows of these settings (no key).
  boost::json::object shown() const;
};

struct ModelAnswer {
  std::vector<agents::ToolCall> calls;
  std::string text;             // the answer's prose, if any
  std::int64_t prompt_tokens = 0, completion_tokens = 0;
  std::int64_t latency_ms = 0;
  boost::json::value raw;       // the endpoint's answer as it came
};

// The request body for these messages and tools.
boost::json::object chat_request(const ModelSettings& settings, const boost::json::array& messages, const boost::json::array& tools);
// Reads an endpoint's answer; invalid when it is not a chat completion.
Result<ModelAnswer> read_answer(const std::string& body);
// Sends the request; unavailable when the endpoint cannot be reached, times out or answers an error status.
// Every occurrence of the key in a text replaced by "[key]": an endpoint's answer may echo it.
std::string redact_key(std::string text, const std::string& key);

Result<ModelAnswer> ask_model(const ModelSettings& settings, const boost::json::object& request);

}  // namespace parley::cli
