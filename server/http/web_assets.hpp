#pragma once
// The browser client's built files (clients/web, built into --web-dir), held
// in memory and served by parley-server itself so a browser needs nothing
// but this server. Loaded once at start; immutable afterwards, so any
// network thread may call serve() at the same time.

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "net/http_types.hpp"

namespace parley::app {

class WebAssets {
 public:
  // Reads every file below dir. A missing or unbuilt dir gives an empty set
  // whose pages explain how to build it (the API still works without it).
  static WebAssets load(const std::filesystem::path& dir);

  bool available() const { return files_.count("/index.html") > 0; }
  std::size_t file_count() const { return files_.size(); }

  // The answer to a GET of `path`, or nothing when the path is not the
  // client's: /assets/<file> is a file; any other path whose last segment
  // has no dot (/, /join, /admin, …) is the page, which routes itself.
  std::optional<net::HttpResponse> serve(const std::string& path, const std::string& accept_encoding) const;

 private:
  struct File {
    std::string body;
    std::string gzipped;  // empty when no .gz sibling was built
    std::string content_type;
  };
  net::HttpResponse answer(const File& file, bool immutable, bool gzip_ok) const;

  std::filesystem::path dir_;
  std::map<std::string, File> files_;  // by URL path, e.g. "/assets/app-1a2b.js"
};

}  // namespace parley::app
