#pragma once
// Server configuration from the command line and PARLEY_* environment
// variables (the command line wins). Parsing validates every value and
// names the flag, its variable and the problem.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "log/logger.hpp"

namespace parley::app {

enum class Command { serve, migrate, db_start, db_stop };

struct Config {
  Command command = Command::serve;
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::filesystem::path data_dir = "var";
  std::string database_url;  // empty: run the embedded PostgreSQL
  log::Level log_level = log::Level::info;
  std::filesystem::path migrations_dir;
  std::filesystem::path scenarios_dir;
  std::filesystem::path web_dir;      // the built browser client
  std::filesystem::path bots_client;  // the `parley` program that seats bots
  // The language model the dashboard's AI delegations use (empty: none configured).
  std::string llm_url;
  std::string llm_model = "default";
  std::string llm_key;  // from PARLEY_LLM_KEY or --llm-key-file; never a flag, never logged
  std::string admin_token;   // empty: generated once, kept in the data dir
  unsigned threads = 2;
  // Limits; each has a flag and a PARLEY_* variable.
  std::size_t max_connections = 20000;
  std::size_t max_sessions = 5000;
  double keep_ended_seconds = 600;  // an ended, unheld session's time in memory
  double keep_idle_seconds = 600;   // an unfinished session's, with its clock stopped and nobody connected
  std::size_t max_frame_bytes = 64 * 1024;
  std::size_t max_queued_frames = 1024;
  std::size_t max_queued_bytes = 8 << 20;
  double commands_per_second = 50;
  int hello_failures_per_minute = 30;  // unknown codes from one address before its hellos wait (0: no limit)
  int idle_timeout_seconds = 60;
  std::uint64_t snapshot_every = 1000;
  // Several nodes on one database (docs/cluster.md).
  std::string node_id;      // empty: generated once, kept in the data dir
  std::string advertise;    // how other nodes reach this one; empty: the listen address
  double lease_seconds = 5;
};

struct ParsedCommandLine {
  Config config;
  bool help = false;
  std::string help_text;
};

using Environment = std::map<std::string, std::string>;

// args excludes argv[0].
Result<ParsedCommandLine> parse_config(const std::vector<std::string>& args, const Environment& env);

Environment process_environment();

}  // namespace parley::app
