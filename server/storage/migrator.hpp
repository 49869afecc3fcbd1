#pragma once
// Applies migrations/NNNN_name.sql in order, each recorded with a SHA-256
// checksum in schema_migrations. Everything happens in one transaction under
// an advisory lock, so two servers starting at once apply each file once.
// A recorded migration whose file changed or vanished is an error.

#include <filesystem>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace parley::storage {

struct Migration {
  int version = 0;
  std::string file;      // e.g. "0001_init.sql"
  std::string sql;
  std::string checksum;  // hex SHA-256 of the file's bytes
};

class Migrator {
 public:
  explicit Migrator(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // The migration files, validated and sorted by version.
  Result<std::vector<Migration>> load() const;

  // Applies what is pending; returns how many files were applied.
  Result<int> apply(pqxx::connection& conn) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace parley::storage
