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
    "Usage: parley compare SESSION SESSION [SESSION...] [--format md|json] --token TOKEN [--token-b TOKEN_B]\n\n"
    "Recorded sessions side by side, each labelled by its title: adopted text, entry into force,\n"
    "signatories, each crisis, each role's utility, and the clauses that differ. For two sessions\n"
    "also where they part (a fork point, or the first event that differs). Needs the white cell's\n"
    "view of each: the admin token, or each session's facilitator token (with two sessions,\n"
    "--token for the first and --token-b for the second when they differ).\n\n";

Result<json::object> review_of(const std::string& server, const std::string& id, const std::string& token) {
  auto reply = client::http_call(server, "GET", "/api/sessions/" + id + "/review?format=json", "", token);
  if (!reply) return reply.error();
  if (reply.value().status != 200) return fail(ErrorCode::failed, id + ": " + http_error(reply.value().status, reply.value().body));
  json::error_code ec;
  auto body = json::parse(reply.value().body, ec);
  if (ec || !body.is_object()) return fail(ErrorCode::failed, id + ": the server's review is not a JSON object");
  if (!body.as_object().at("is_facilitator").as_bool()) return fail(ErrorCode::forbidden, id + ": comparing needs a facilitator token, not a seat's code");
  return body.as_object();
}
}  // namespace

int compare_command(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("format", po::value<std::string>()->default_value("md"), "md or json")(
      "token-b", po::value<std::string>(), "facilitator token of the second session, when it is not the same as --token");
  add_common_options(opts);
  po::variables_map vm;
  int code = 0;
  if (!parse_args(args, opts, {"sessions..."}, vm, kUsage, code)) return code;
  std::string format = vm["format"].as<std::string>();
  if (format != "md" && format != "json") {
    std::cerr << "parley compare: --format must be md or json\n\n" << kUsage << opts;
    return 2;
  }
  auto ids = vm["sessions..."].as<std::vector<std::string>>();
  if (ids.size() < 2) {
    std::cerr << "parley compare: name two sessions or more\n\n" << kUsage << opts;
    return 2;
  }
  auto common = read_common_options(vm);
  std::vector<json::object> reviews;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    std::string token = i == 1 && vm.count("token-b") ? vm["token-b"].as<std::string>() : common.token;
    auto r = review_of(common.server, ids[i], token);
    if (!r) return failure("compare", r.error().message);
    reviews.push_back(std::move(r.value()));
  }
  if (reviews.size() == 2) {
    auto comparison = review::compare_reviews(reviews[0], reviews[1]);
    std::cout << (format == "json" ? json::serialize(comparison) + "\n" : review::render_comparison_markdown(comparison));
    return 0;
  }
  auto comparison = review::compare_many(reviews);
  std::cout << (format == "json" ? json::serialize(comparison) + "\n" : review::render_many_markdown(comparison));
  return 0;
}

}  // namespace parley::cli
