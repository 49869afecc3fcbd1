#pragma once
// Parsed scenarios, shared by everything that reads one back: a library
// version, a session's stored copy (rebuilt at recovery, forked, paged through
// by the review). The same bytes are parsed once, whoever asks first: the key
// is their SHA-256, so a version and the sessions created from it share one
// index. Bounded; a miss only costs a parse. Safe from any thread.

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/result.hpp"
#include "engine/scenario_index.hpp"

namespace parley::app {

class ScenarioIndexes {
 public:
  explicit ScenarioIndexes(std::size_t capacity = 256) : capacity_(capacity) {}

  // The index of these serialized scenario bytes; corrupt, naming `what`, when they do not parse.
  Result<std::shared_ptr<const engine::ScenarioIndex>> get(const std::string& bytes, const std::string& what);
  // Keeps an index already built for these bytes (a session just created from it).
  void remember(const std::string& bytes, std::shared_ptr<const engine::ScenarioIndex> index);

 private:
  void put(std::string key, std::shared_ptr<const engine::ScenarioIndex> index);  // holding mutex_

  const std::size_t capacity_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const engine::ScenarioIndex>> by_hash_;
};

}  // namespace parley::app
