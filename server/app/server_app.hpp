#pragma once
// Wires configuration, the database (embedded or external), migrations and
// the network front together, and runs one of the server's commands.
// Each method returns the process exit code and reports failures as one
// line on stderr.

#include "app/config.hpp"

namespace parley::app {

class ServerApp {
 public:
  explicit ServerApp(Config config) : config_(std::move(config)) {}

  int serve();
  int migrate();
  int db_start();
  int db_stop();

 private:
  Config config_;
};

}  // namespace parley::app
