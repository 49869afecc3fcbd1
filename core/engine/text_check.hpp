#pragma once
// Every string of a scenario must be UTF-8: protobuf's JSON, the browser and
// PostgreSQL's text columns all assume it, and a problem that quoted a bad
// byte back would break the very answer that reports it. Walks every string
// field by reflection; the problems name the field by its path of indexes.

#include <string>
#include <string_view>

#include <google/protobuf/message.h>

#include "engine/scenario_problem.hpp"
#include "engine/source_map.hpp"

namespace parley::engine {

// Problems for each string field of `message` (and the messages inside it) that is not valid UTF-8.
void check_utf8(const google::protobuf::Message& message, const SourceMap& at, const std::string& path, ScenarioProblems& out);

bool valid_utf8(const std::string& text);
// The offset of the first byte that does not read as UTF-8, or std::string::npos.
std::size_t first_invalid_utf8(std::string_view text);

}  // namespace parley::engine
