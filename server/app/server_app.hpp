#pragma once
// Wires configuration, the database (embedded or external), migrations and
// the network front together, and runs one of the server's commands.
// Each method returns the process exit code and reports failures as one
// line on stderr.

#include "app/config.hpp"

namespace parley::net {
class Server;
}

namespace parley::app {

class ServerApp {
 public:
  explicit ServerApp(Config config) : config_(std::move(config)) {}

  int serve();
  int migrate();
  int db_start();
  int db_stop();

 private:
  int run_sessions(net::Server& server, class HealthMonitor& health, class Metrics& metrics,
                   const class ScenarioCatalog& catalog, const std::string& url, const std::string& token, bool embedded);

  Config config_;
};

}  // namespace parley::app
