#pragma once
// The admin bearer token: the configured one, or one generated on first
// start and kept (mode 0600) in the data directory so it survives restarts.

#include <filesystem>
#include <string>

#include "common/result.hpp"

namespace parley::app {

Result<std::string> load_or_create_admin_token(const std::filesystem::path& data_dir, const std::string& configured);

}  // namespace parley::app
