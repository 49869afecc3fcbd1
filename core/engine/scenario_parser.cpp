#include "engine/scenario_parser.hpp"

#include <algorithm>

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>

#include "engine/scenario_validator.hpp"
#include "engine/source_map.hpp"
#include "engine/text_check.hpp"

namespace parley::engine {
namespace {

// Syntax errors stop the parser; they come with a line and column.
class SyntaxErrors : public google::protobuf::io::ErrorCollector {
 public:
  explicit SyntaxErrors(ScenarioProblems& out) : out_(out) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {
    out_.push_back({line + 1, "syntax", "column " + std::to_string(column + 1) + ": " + message});
  }

 private:
  ScenarioProblems& out_;
};

}  // namespace

std::string ParsedScenario::report(const std::string& source) const {
  std::string out;
  for (const auto& p : problems) out += p.format(source) + "\n";
  return out;
}

namespace {
// A text that is not UTF-8 is refused whole, at its first bad byte's line: comments included,
// since the text is stored as written.
bool refused_encoding(std::string_view text, ParsedScenario& out) {
  auto bad = first_invalid_utf8(text);
  if (bad == std::string_view::npos) return false;
  int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
  out.problems.push_back({line, "syntax", "not valid UTF-8 text (byte " + std::to_string(bad + 1) + "); save the file as UTF-8"});
  return true;
}
}  // namespace

ParsedScenario parse_scenario(std::string_view text) {
  ParsedScenario out;
  if (refused_encoding(text, out)) return out;
  google::protobuf::TextFormat::Parser parser;
  google::protobuf::TextFormat::ParseInfoTree tree;
  SyntaxErrors errors(out.problems);
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&tree);
  if (!parser.ParseFromString(std::string(text), &out.scenario)) {
    if (out.problems.empty()) out.problems.push_back({0, "syntax", "not a scenario in protobuf text format"});
    return out;
  }
  SourceMap root(&tree, parley::v1::Scenario::descriptor(), 1);
  out.problems = ScenarioValidator(out.scenario, root).validate();
  return out;
}

ParsedScenario parse_scenario_json(std::string_view json) {
  ParsedScenario out;
  if (refused_encoding(json, out)) return out;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(std::string(json), &out.scenario, options);
  if (!status.ok()) {
    out.problems.push_back({0, "syntax", "not a scenario in protobuf JSON: " + std::string(status.message())});
    return out;
  }
  out.problems = validate_scenario(out.scenario);
  return out;
}

ScenarioProblems validate_scenario(const parley::v1::Scenario& scenario) {
  return ScenarioValidator(scenario, SourceMap(nullptr, parley::v1::Scenario::descriptor())).validate();
}

}  // namespace parley::engine
