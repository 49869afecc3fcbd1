#pragma once
// Options every network command takes: --server, --token, --json, with
// PARLEY_SERVER and PARLEY_TOKEN as defaults, and one way to report usage
// errors (exit 2) and failures (one line, exit 1).

#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace parley::cli {

struct CommonOptions {
  std::string server;
  std::string token;
  bool json = false;
};

void add_common_options(boost::program_options::options_description& opts, bool with_token = true);
CommonOptions read_common_options(const boost::program_options::variables_map& vm);

// Parses args against opts (positional names in order; a last name ending in "..." takes
// every remaining word, as a std::vector<std::string>); on a usage error
// prints it with the usage text and returns false.
bool parse_args(const std::vector<std::string>& args, const boost::program_options::options_description& opts,
                const std::vector<std::string>& positional, boost::program_options::variables_map& vm,
                const std::string& usage, int& exit_code);

// The items of a comma-separated list ("KSA,TUR"), empty ones left out.
std::vector<std::string> split_list(const std::string& list);

// "parley <what>: <message>" on stderr; returns 1.
int failure(const std::string& what, const std::string& message);

// The server's {"error": ...} text of a failed HTTP call, with its status.
std::string http_error(int status, const std::string& body);

// The admin token of a local server started by scripts/run (DATA_DIR/admin-token), or "".
std::string local_admin_token();

}  // namespace parley::cli
