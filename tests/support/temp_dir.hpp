#pragma once
// A fresh directory under /tmp, removed with everything in it on scope exit.

#include <filesystem>
#include <string>

namespace parley::test {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "parley-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& path, const std::string& text);
std::string read_file(const std::filesystem::path& path);

}  // namespace parley::test
