#pragma once
// The scenario library over HTTP (/api/scenarios and below): list, upload
// (text format or JSON), validate with the analysis, read a version back,
// publish, archive and rehearse. Every scenario is checked by the engine's
// validator before anything is stored; a refusal names each problem with its
// field path (and line, for text). Parsing, checks, analyses and rehearsals
// run on ScenarioJobs' threads, never a network thread. Everything but the
// public list needs the admin token or an author token the admin issued
// (POST /api/authors).

#include <functional>
#include <memory>
#include <string>

#include "library/scenario_jobs.hpp"
#include "library/scenario_library.hpp"
#include "net/http_types.hpp"

namespace parley::app {

class ScenarioApi {
 public:
  using Check = std::function<bool(const net::HttpRequest&)>;
  ScenarioApi(ScenarioLibrary& library, ScenarioJobs& jobs, Check is_admin)
      : library_(library), jobs_(jobs), is_admin_(std::move(is_admin)) {}

  // path is the target without its query, starting with /api/scenarios.
  void handle(const std::string& path, const net::HttpRequest& request, const net::HttpResponder& respond);

 private:
  void list(bool all, const net::HttpResponder& respond);
  void upload(const net::HttpRequest& request, const std::string& author, const net::HttpResponder& respond);
  void add_author(const net::HttpRequest& request, const net::HttpResponder& respond);
  void validate(const net::HttpRequest& request, const net::HttpResponder& respond);
  void rehearse_draft(const net::HttpRequest& request, const net::HttpResponder& respond);
  void get(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  void change_state(const std::string& id, bool publish, const net::HttpRequest& request, const net::HttpResponder& respond);
  void rehearse(const std::string& id, const net::HttpRequest& request, const net::HttpResponder& respond);
  void rehearse_index(std::shared_ptr<const engine::ScenarioIndex> index, int runs, std::uint64_t seed,
                      const net::HttpResponder& respond);
  // Runs `then` with the author's name (the admin's: ?author=NAME, else "admin") when the
  // request carries the admin token or an author token; otherwise answers 401.
  void authorise(const net::HttpRequest& request, const net::HttpResponder& respond, const std::string& what,
                 std::function<void(const std::string& author)> then);

  ScenarioLibrary& library_;
  ScenarioJobs& jobs_;
  Check is_admin_;
};

}  // namespace parley::app
