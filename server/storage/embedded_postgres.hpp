#pragma once
// A private PostgreSQL cluster in a directory of Parley's data dir, reached
// only through a unix socket inside that directory (no TCP port).
//
// start() creates the cluster on first use, adopts a postmaster that is
// already serving the directory (left behind by a killed server), clears a
// stale postmaster.pid, and starts it. The cluster keeps running until stop()
// is called: the destructor does not stop it, so `parley-server db start` can
// leave it up for the test suite.
//
// As root, PostgreSQL runs as the unprivileged 'postgres' user; the directory
// is handed to that user and its ancestors are made traversable.

#include <filesystem>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "storage/subprocess.hpp"

namespace parley::storage {

class EmbeddedPostgres {
 public:
  // Finds the PostgreSQL binaries and the user to run them as. Touches nothing.
  static Result<EmbeddedPostgres> locate(const std::filesystem::path& dir);

  // Creates the cluster if needed, then adopts or starts its postmaster.
  // Blocks until it accepts connections and the `parley` database exists.
  Status start();

  // Fast shutdown: open connections are closed, committed data is safe.
  Status stop();

  bool running() const;
  // Its postmaster died without shutting down (its lock file is left behind);
  // a cluster stopped on purpose is not crashed.
  bool crashed() const;
  // Whether start() found a postmaster already serving the directory.
  bool adopted() const { return adopted_; }

  // libpq connection string for the `parley` database.
  const std::string& connection_string() const { return connection_string_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  EmbeddedPostgres(std::filesystem::path dir, std::filesystem::path bindir,
                   std::optional<RunAs> run_as);

  std::filesystem::path dir_;
  std::filesystem::path bindir_;
  std::optional<RunAs> run_as_;
  std::string connection_string_;
  bool adopted_ = false;
};

}  // namespace parley::storage
