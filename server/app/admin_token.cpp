#include "app/admin_token.hpp"

#include <cerrno>
#include <fcntl.h>
#include <fstream>
#include <unistd.h>

#include "common/crypto.hpp"
#include "log/logger.hpp"

namespace parley::app {
namespace fs = std::filesystem;
namespace {

Result<std::string> read_kept(const fs::path& file, std::size_t min_size, const std::string& what) {
  std::ifstream in(file);
  std::string value;
  std::getline(in, value);
  if (value.size() < min_size) return fail(ErrorCode::failed, file.string() + " does not hold a valid " + what + "; delete it to get a new one");
  return value;
}

// A value made once and kept in a file of the data directory, so a restart
// keeps it. `made` is what a missing file gets. Written whole under another
// name and linked into place, so servers sharing the directory (the compose
// cluster's nodes) all end up with the first one's value, never a partial file.
Result<std::string> kept_in(const fs::path& file, std::size_t min_size, const std::string& made, const std::string& what) {
  if (fs::exists(file)) return read_kept(file, min_size, what);
  fs::path draft = file.string() + ".new-" + crypto::random_hex(4);
  int fd = open(draft.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return fail(ErrorCode::failed, "cannot create " + draft.string());
  std::string line = made + "\n";
  bool written = write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  close(fd);
  bool linked = written && link(draft.c_str(), file.c_str()) == 0;
  int link_error = errno;
  unlink(draft.c_str());
  if (!written) return fail(ErrorCode::failed, "cannot write " + draft.string());
  if (!linked && link_error == EEXIST) return read_kept(file, min_size, what);  // another server made it first
  if (!linked) return fail(ErrorCode::failed, "cannot create " + file.string());
  log::info("app", "generated a new " + what + " in " + file.string());
  return made;
}

}  // namespace

Result<std::string> load_or_create_admin_token(const fs::path& data_dir, const std::string& configured) {
  if (!configured.empty()) return configured;
  return kept_in(data_dir / "admin-token", 16, crypto::random_hex(32), "admin token");
}

Result<std::string> load_or_create_node_id(const fs::path& data_dir, const std::string& configured) {
  if (!configured.empty()) return configured;
  return kept_in(data_dir / "node-id", 1, "node-" + crypto::random_hex(4), "node id");
}

}  // namespace parley::app
