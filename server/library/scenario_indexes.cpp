#include "library/scenario_indexes.hpp"

#include "common/crypto.hpp"
#include "storage/stored_message.hpp"

namespace parley::app {

Result<std::shared_ptr<const engine::ScenarioIndex>> ScenarioIndexes::get(const std::string& bytes, const std::string& what) {
  auto key = crypto::sha256_raw(bytes);
  {
    std::lock_guard lock(mutex_);
    if (auto it = by_hash_.find(key); it != by_hash_.end()) return it->second;
  }
  // Parsed outside the lock: a large scenario must not hold up the other readers.
  parley::v1::Scenario scenario;
  if (auto ok = parse_stored(scenario, bytes, what); !ok) return ok.error();
  auto index = std::make_shared<const engine::ScenarioIndex>(std::move(scenario));
  std::lock_guard lock(mutex_);
  put(std::move(key), index);
  return index;
}

void ScenarioIndexes::remember(const std::string& bytes, std::shared_ptr<const engine::ScenarioIndex> index) {
  auto key = crypto::sha256_raw(bytes);
  std::lock_guard lock(mutex_);
  put(std::move(key), std::move(index));
}

void ScenarioIndexes::put(std::string key, std::shared_ptr<const engine::ScenarioIndex> index) {
  // Cleared when full rather than ordered by use: the working set is a handful of scenarios.
  if (by_hash_.size() >= capacity_ && !by_hash_.contains(key)) by_hash_.clear();
  by_hash_.emplace(std::move(key), std::move(index));
}

}  // namespace parley::app
