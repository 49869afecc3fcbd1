#include "storage/migrator.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <regex>
#include <sstream>

#include "common/crypto.hpp"
#include "log/logger.hpp"

namespace parley::storage {
namespace fs = std::filesystem;
namespace {

// Arbitrary but fixed: every Parley server contends on the same key.
constexpr long long kMigrationLockKey = 0x7061726c6579;  // "parley"

constexpr const char* kCreateTable = R"(
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer PRIMARY KEY,
    file       text NOT NULL,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  ))";
constexpr const char* kSelectApplied = "SELECT version, file, checksum FROM schema_migrations ORDER BY version";
constexpr const char* kInsertApplied = "INSERT INTO schema_migrations (version, file, checksum) VALUES ($1, $2, $3)";

struct Applied {
  std::string file;
  std::string checksum;
};

std::map<int, Applied> read_applied(pqxx::transaction_base& tx) {
  std::map<int, Applied> applied;
  for (const auto& row : tx.exec(kSelectApplied)) {
    applied[row[0].as<int>()] = {row[1].as<std::string>(), row[2].as<std::string>()};
  }
  return applied;
}

// Every recorded migration must still be on disk, byte for byte.
Status verify_applied(const std::vector<Migration>& files, const std::map<int, Applied>& applied,
                      const fs::path& dir) {
  for (const auto& [version, rec] : applied) {
    auto it = std::find_if(files.begin(), files.end(), [v = version](const Migration& m) { return m.version == v; });
    if (it == files.end()) {
      return fail(ErrorCode::corrupt, "applied migration " + rec.file + " is missing from " + dir.string());
    }
    if (it->checksum != rec.checksum) {
      return fail(ErrorCode::corrupt, "migration " + (dir / it->file).string() +
                  " was changed after it was applied (checksum differs); add a new migration instead");
    }
  }
  return {};
}

std::string db_error(const std::exception& e) {
  std::string s = e.what();
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

Result<std::vector<Migration>> Migrator::load() const {
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) return fail(ErrorCode::invalid, "migrations directory " + dir_.string() + " does not exist");
  static const std::regex kName(R"((\d{4})_[a-z0-9_]+\.sql)");
  std::vector<Migration> out;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".sql") continue;
    std::smatch m;
    if (!std::regex_match(name, m, kName)) {
      return fail(ErrorCode::invalid, "migration file " + entry.path().string() + " is not named NNNN_name.sql");
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in) return fail(ErrorCode::not_found, "cannot read migration " + entry.path().string());
    Migration mig{std::stoi(m[1].str()), name, ss.str(), ""};
    mig.checksum = crypto::sha256_hex(mig.sql);
    out.push_back(std::move(mig));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i].version == out[i - 1].version) {
      return fail(ErrorCode::invalid, "migrations " + out[i - 1].file + " and " + out[i].file + " share version " +
                  std::to_string(out[i].version));
    }
  }
  return out;
}

Result<int> Migrator::apply(pqxx::connection& conn) const {
  auto files = load();
  if (!files) return files.error();
  try {
    pqxx::work tx(conn);
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
    tx.exec(kCreateTable);
    auto applied = read_applied(tx);
    if (auto s = verify_applied(files.value(), applied, dir_); !s) return s.error();
    int count = 0;
    for (const auto& mig : files.value()) {
      if (applied.count(mig.version)) continue;
      try {
        tx.exec(mig.sql);
      } catch (const std::exception& e) {
        return fail(ErrorCode::failed, "migration " + (dir_ / mig.file).string() + " failed: " + db_error(e));
      }
      tx.exec_params(kInsertApplied, mig.version, mig.file, mig.checksum);
      log::info("storage", "applied migration " + mig.file);
      ++count;
    }
    tx.commit();
    return count;
  } catch (const std::exception& e) {
    return fail(ErrorCode::failed, "applying migrations: " + db_error(e));
  }
}

}  // namespace parley::storage
