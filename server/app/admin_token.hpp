#pragma once
// Values a server keeps across restarts in its data directory (mode 0600):
// the admin bearer token, and the node's name in a cluster. A configured
// value wins; otherwise one is generated on first start.

#include <filesystem>
#include <string>

#include "common/result.hpp"

namespace parley::app {

Result<std::string> load_or_create_admin_token(const std::filesystem::path& data_dir, const std::string& configured);
// The same name after a restart lets the node take back its own sessions at
// once instead of waiting for their leases to expire.
Result<std::string> load_or_create_node_id(const std::filesystem::path& data_dir, const std::string& configured);

}  // namespace parley::app
