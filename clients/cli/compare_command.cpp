#include "compare_command.hpp"

#include <boost/json.hpp>
#include <iostream>

#include "cli_options.hpp"
#include "http_client.hpp"
#include "review/report_text.hpp"
#include "review/review_model.hpp"

namespace parley::cli {
namespace po = boost::program_options;
namespace json = boost::json;

namespace {
constexpr const char* kUsage =
    "Usage: parley compare SESSION_A SESSION_B [--format md|json] --token TOKEN [--token-b TOKEN_B]\n\n"
    "Where two recorded sessions part (a fork point, or the first event that differs), and their\n"
    "outcomes side by side: adopted text, entry into force, signatories, each crisis, each role's\n"
    "utility, and the clauses that differ. Needs the white cell's view of both: the admin token, or\n"
    "each session's facilitator token (--token for A, --token-b for B when they differ).\n\n";

Result<json::object> review_of(const std::string& server, const std::string& id, const std::string& token) {
  auto reply = client::http_call(server, "GET", "/api/sessions/" + id + "/review?format=json", "", token);
  if (!reply) return reply.error();
  if (reply.value().status != 200) return fail(id + ": " + http_error(reply.value().status, reply.value().body));
  json::error_code ec;
  auto body = json::parse(reply.value().body, ec);
  if (ec || !body.is_object()) return fail(id + ": the server's review is not a JSON object");
  if (!body.as_object().at("is_facilitator").as_bool()) return fail(id + ": comparing needs a facilitator token, not a seat's code");
  return body.as_object();
}
}  // namespace

int compare_command(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("format", po::value<std::string>()->default_value("md"), "md or json")(
      "token-b", po::value<std::string>(), "facilitator token of SESSION_B, when it is not the same as --token");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {"a", "b"}, vm, kUsage, code)) return code;
  std::string format = vm["format"].as<std::string>();
  if (format != "md" && format != "json") {
    std::cerr << "parley compare: --format must be md or json\n\n" << kUsage << opts;
    return 2;
  }
  auto common = read_common_options(vm);
  auto a = review_of(common.server, vm["a"].as<std::string>(), common.token);
  if (!a) return failure("compare", a.error().message);
  auto b = review_of(common.server, vm["b"].as<std::string>(), vm.count("token-b") ? vm["token-b"].as<std::string>() : common.token);
  if (!b) return failure("compare", b.error().message);
  auto comparison = review::compare_reviews(a.value(), b.value());
  std::cout << (format == "json" ? json::serialize(comparison) + "\n" : review::render_comparison_markdown(comparison));
  return 0;
}

}  // namespace parley::cli
