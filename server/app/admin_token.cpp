#include "app/admin_token.hpp"

#include <fcntl.h>
#include <fstream>
#include <unistd.h>

#include "common/crypto.hpp"
#include "log/logger.hpp"

namespace parley::app {
namespace fs = std::filesystem;

Result<std::string> load_or_create_admin_token(const fs::path& data_dir, const std::string& configured) {
  if (!configured.empty()) return configured;
  fs::path file = data_dir / "admin-token";
  if (fs::exists(file)) {
    std::ifstream in(file);
    std::string token;
    std::getline(in, token);
    if (token.size() < 16) return fail(file.string() + " does not hold a valid admin token; delete it to get a new one");
    return token;
  }
  std::string token = crypto::random_hex(32);
  int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return fail("cannot create " + file.string());
  std::string line = token + "\n";
  bool written = write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  close(fd);
  if (!written) return fail("cannot write " + file.string());
  log::info("app", "generated a new admin token in " + file.string());
  return token;
}

}  // namespace parley::app
