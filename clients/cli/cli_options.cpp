#include "cli_options.hpp"

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/result.hpp"

namespace parley::cli {
namespace po = boost::program_options;

namespace {
std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}
}  // namespace

void add_common_options(po::options_description& opts, bool with_token) {
  opts.add_options()("server", po::value<std::string>(), "server URL (PARLEY_SERVER; default http://127.0.0.1:8080)");
  if (with_token) opts.add_options()("token", po::value<std::string>(), "token or code to act with (PARLEY_TOKEN)");
  opts.add_options()("json", "print JSON for machines")("help,h", "this help");
}

CommonOptions read_common_options(const po::variables_map& vm) {
  CommonOptions out;
  out.server = vm.count("server") ? vm["server"].as<std::string>() : env_or("PARLEY_SERVER", "http://127.0.0.1:8080");
  out.token = vm.count("token") ? vm["token"].as<std::string>() : env_or("PARLEY_TOKEN", "");
  out.json = vm.count("json") > 0;
  return out;
}

bool parse_args(const std::vector<std::string>& args, const po::options_description& opts,
                const std::vector<std::string>& positional, po::variables_map& vm, const std::string& usage, int& exit_code) {
  po::options_description all;
  all.add(opts);
  po::positional_options_description pos;
  for (const auto& name : positional) {
    // "NAME...": every remaining word, as a list.
    if (name.size() > 3 && name.compare(name.size() - 3, 3, "...") == 0) {
      all.add_options()(name.c_str(), po::value<std::vector<std::string>>()->multitoken());
      pos.add(name.c_str(), -1);
    } else {
      all.add_options()(name.c_str(), po::value<std::string>());
      pos.add(name.c_str(), 1);
    }
  }
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "parley: " << e.what() << "\n\n" << usage << opts;
    exit_code = 2;
    return false;
  }
  if (vm.count("help")) {
    std::cout << usage << opts;
    exit_code = 0;
    return false;
  }
  for (const auto& name : positional) {
    if (!vm.count(name)) {
      std::cerr << "parley: missing " << name << "\n\n" << usage << opts;
      exit_code = 2;
      return false;
    }
  }
  return true;
}

std::string http_error(int status, const std::string& body) {
  boost::json::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (!ec && v.is_object() && v.as_object().contains("error") && v.as_object().at("error").is_string()) {
    std::string out = std::string(v.as_object().at("error").as_string()) + " (HTTP " + std::to_string(status);
    const auto* code = v.as_object().if_contains("code");
    const char* meaning = code && code->is_string() ? parley::code_meaning(code->as_string()) : nullptr;
    if (meaning) out += ", " + std::string(code->as_string()) + ": " + meaning;
    return out + ")";
  }
  return "HTTP " + std::to_string(status);
}

std::string local_admin_token() {
  std::ifstream in(env_or("PARLEY_DATA_DIR", "var") + "/admin-token");
  std::string token;
  std::getline(in, token);
  return token;
}

int failure(const std::string& what, const std::string& message) {
  std::cerr << "parley " << what << ": " << message << "\n";
  return 1;
}

std::vector<std::string> split_list(const std::string& list) {
  std::vector<std::string> out;
  std::istringstream in(list);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace parley::cli
