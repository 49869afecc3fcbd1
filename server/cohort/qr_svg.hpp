#pragma once
// A QR code as inline SVG (libqrencode makes the matrix), for printed join
// links a phone camera opens. Pure apart from the library call.

#include <string>

namespace parley::cohort {

// An <svg> of `text` at error-correction level M with a four-module quiet
// zone, scaled by CSS; empty when the text is too long for a QR code.
std::string qr_svg(const std::string& text);

}  // namespace parley::cohort
