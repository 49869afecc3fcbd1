#include "http/web_assets.hpp"

#include <fstream>
#include <sstream>

#include "log/logger.hpp"

namespace parley::app {
namespace fs = std::filesystem;
namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string content_type_of(const std::string& ext) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},   {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},     {".json", "application/json"},
      {".map", "application/json"},            {".svg", "image/svg+xml"},
      {".png", "image/png"},                   {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},                {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"}};
  auto it = types.find(ext);
  return it == types.end() ? "application/octet-stream" : it->second;
}

bool accepts_gzip(const std::string& accept_encoding) {
  auto at = accept_encoding.find("gzip");
  if (at == std::string::npos) return false;
  auto rest = accept_encoding.substr(at, accept_encoding.find(',', at) - at);
  return rest.find("q=0") == std::string::npos || rest.find("q=0.") != std::string::npos;
}

net::HttpResponse not_built(const fs::path& dir) {
  net::HttpResponse res{503, "text/plain; charset=utf-8",
                        "The browser client is not built (nothing in " + dir.string() +
                            ").\nBuild it with scripts/run, or point --web-dir at a built client.\n"};
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

}  // namespace

WebAssets WebAssets::load(const fs::path& dir) {
  WebAssets assets;
  assets.dir_ = dir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    log::warn("web", "no browser client in " + dir.string() + ": pages answer 503 until it is built");
    return assets;
  }
  std::map<std::string, std::string> gz;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::string url = "/" + fs::relative(it->path(), dir).generic_string();
    if (it->path().extension() == ".gz") {
      gz[url.substr(0, url.size() - 3)] = read_file(it->path());
    } else {
      assets.files_[url] = File{read_file(it->path()), "", content_type_of(it->path().extension().string())};
    }
  }
  for (auto& [url, body] : gz) {
    if (auto f = assets.files_.find(url); f != assets.files_.end()) f->second.gzipped = std::move(body);
  }
  if (!assets.available()) log::warn("web", dir.string() + " has no index.html: pages answer 503 until it is built");
  return assets;
}

std::optional<net::HttpResponse> WebAssets::serve(const std::string& path, const std::string& accept_encoding) const {
  if (path.rfind("/api/", 0) == 0 || path == "/ws") return std::nullopt;
  bool gzip_ok = accepts_gzip(accept_encoding);
  bool is_file = path.rfind("/assets/", 0) == 0 || path.substr(path.rfind('/') + 1).find('.') != std::string::npos;
  if (is_file) {
    auto f = files_.find(path);
    if (f == files_.end() || path == "/index.html") return std::nullopt;
    // Asset names carry a content hash: a changed file gets a new name.
    return answer(f->second, path.rfind("/assets/", 0) == 0, gzip_ok);
  }
  auto page = files_.find("/index.html");
  if (page == files_.end()) return not_built(dir_);
  return answer(page->second, false, gzip_ok);
}

net::HttpResponse WebAssets::answer(const File& file, bool immutable, bool gzip_ok) const {
  net::HttpResponse res(200, file.content_type, "");
  bool gzip = gzip_ok && !file.gzipped.empty();
  res.body = gzip ? file.gzipped : file.body;
  if (gzip) res.headers.emplace_back("Content-Encoding", "gzip");
  if (!file.gzipped.empty()) res.headers.emplace_back("Vary", "Accept-Encoding");
  // The page is checked on every load so a rebuilt client is picked up at once.
  res.headers.emplace_back("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  res.headers.emplace_back("Referrer-Policy", "no-referrer");
  return res;
}

}  // namespace parley::app
