// parley-server: parses the configuration and runs the chosen command.

#include <google/protobuf/stubs/logging.h>
#include <iostream>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "app/server_app.hpp"
#include "log/logger.hpp"

namespace {

// Protobuf's own reports (most often a client's string field that is not
// UTF-8) go through the server's log, so a flood of them is summarised like
// every other repeated warning instead of a raw line each on stderr.
void protobuf_log(google::protobuf::LogLevel level, const char* file, int line, const std::string& message) {
  auto ours = level == google::protobuf::LOGLEVEL_FATAL ? parley::log::Level::error
              : level == google::protobuf::LOGLEVEL_INFO ? parley::log::Level::debug
                                                         : parley::log::Level::warn;
  parley::log::write(ours, "protobuf", message + " (" + file + ":" + std::to_string(line) + ")");
}

}  // namespace

int main(int argc, char** argv) {
  google::protobuf::SetLogHandler(protobuf_log);
  std::vector<std::string> args(argv + 1, argv + argc);
  auto parsed = parley::app::parse_config(args, parley::app::process_environment());
  if (!parsed) {
    std::cerr << "parley-server: error: " << parsed.error().message << "\n";
    return 2;
  }
  if (parsed.value().help) {
    std::cout << parsed.value().help_text;
    return 0;
  }
  const auto& config = parsed.value().config;
  parley::log::set_level(config.log_level);
  parley::app::ServerApp app(config);
  switch (config.command) {
    case parley::app::Command::serve: return app.serve();
    case parley::app::Command::migrate: return app.migrate();
    case parley::app::Command::db_start: return app.db_start();
    case parley::app::Command::db_stop: return app.db_stop();
  }
  return 2;
}
