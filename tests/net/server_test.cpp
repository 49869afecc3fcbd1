// The network front keeps serving when one of its handlers throws.

#include <doctest/doctest.h>

#include <stdexcept>
#include <thread>

#include "net/server.hpp"
#include "support/http_client.hpp"

using namespace parley;

TEST_CASE("a handler that throws fails its own request, and the server serves the next one") {
  net::ServerOptions options;
  options.threads = 1;  // the throw leaves the only thread's run(): nothing else could serve
  net::Server server(options);
  REQUIRE(server.bind("127.0.0.1", 0).ok());
  server.set_http_handler([](net::HttpRequest req, net::HttpResponder respond) {
    if (req.target == "/boom") throw std::runtime_error("a defect in a handler");
    respond({200, "text/plain", "still here"});
  });
  std::thread io([&] { server.run(); });
  auto failed = test::http_get(server.port(), "/boom");
  CHECK(failed.status == 0);  // no answer: the connection is dropped
  auto next = test::http_get(server.port(), "/ok");
  CHECK(next.status == 200);
  CHECK(next.body == "still here");
  server.stop();
  io.join();
}
