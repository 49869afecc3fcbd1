#include "cohort/qr_svg.hpp"

#include <qrencode.h>

#include <memory>
#include <sstream>

namespace parley::cohort {

std::string qr_svg(const std::string& text) {
  std::unique_ptr<QRcode, void (*)(QRcode*)> code(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), QRcode_free);
  if (!code) return "";
  const int quiet = 4;
  const int size = code->width + 2 * quiet;
  std::ostringstream svg;
  svg << "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << size << " " << size
      << "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code of the link\"><rect width=\"" << size << "\" height=\"" << size
      << "\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
  // One horizontal run per stretch of dark modules keeps the path short.
  for (int y = 0; y < code->width; ++y) {
    for (int x = 0; x < code->width;) {
      if (!(code->data[y * code->width + x] & 1)) {
        ++x;
        continue;
      }
      int run = 0;
      while (x + run < code->width && (code->data[y * code->width + x + run] & 1)) ++run;
      svg << "M" << x + quiet << " " << y + quiet << "h" << run << "v1h-" << run << "z";
      x += run;
    }
  }
  svg << "\"/></svg>";
  return svg.str();
}

}  // namespace parley::cohort
