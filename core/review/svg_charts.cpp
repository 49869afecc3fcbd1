#include "review/svg_charts.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "review/review_context.hpp"

namespace parley::review {
namespace json = boost::json;
namespace {

// Distinguishable on screen and in greyscale print, in this order.
const char* const kPalette[] = {"#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d68910", "#17a2b8",
                                "#6d4c41", "#e84393", "#556b2f", "#34495e", "#b7950b", "#7f8c8d"};

const char* colour(std::size_t i) { return kPalette[i % (sizeof kPalette / sizeof *kPalette)]; }

std::string fixed(double v) {
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << v;
  return out.str();
}


const char* mark_colour(const std::string& kind) {
  if (kind == "inject") return "#d68910";
  if (kind == "crisis") return "#c0392b";
  if (kind == "draft") return "#1f5fa8";
  if (kind == "vote") return "#2e8b57";
  if (kind == "signature") return "#8e44ad";
  if (kind == "ruling") return "#6d4c41";
  return "#7f8c8d";
}

}  // namespace

std::string escape_html(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string timeline_chart(const json::object& t) {
  const double width = 960, left = 10, right = 10, band_y = 22, band_h = 34, marks_y = 64;
  auto start = t.at("start_ms").to_number<double>(), end = t.at("end_ms").to_number<double>();
  double span = std::max(1.0, end - start);
  auto x = [&](double ms) { return left + (ms - start) / span * (width - left - right); };
  const char* kinds[] = {"inject", "crisis", "draft", "vote", "signature", "ruling", "pause"};
  std::ostringstream svg;
  svg << "<svg class=\"chart\" viewBox=\"0 0 " << width << " 150\" role=\"img\" aria-label=\"Timeline of rounds, phases and key events\">";
  std::size_t i = 0;
  for (const auto& p : t.at("phases").as_array()) {
    const auto& o = p.as_object();
    double x0 = x(o.at("start_ms").to_number<double>()), x1 = std::max(x0 + 1, x(o.at("end_ms").to_number<double>()));
    std::string label = "R" + plain(o.at("round")) + " " + plain(o.at("phase"));
    svg << "<rect x=\"" << fixed(x0) << "\" y=\"" << band_y << "\" width=\"" << fixed(x1 - x0) << "\" height=\"" << band_h << "\" fill=\""
        << (o.at("round").to_number<std::int64_t>() % 2 ? "#dfe7f1" : "#eef2f7") << "\" stroke=\"#fff\"><title>" << escape_html(label) << "</title></rect>";
    if (x1 - x0 > 8.0 * label.size()) {
      svg << "<text x=\"" << fixed(x0 + 4) << "\" y=\"" << band_y + 21 << "\" class=\"band\">" << escape_html(label) << "</text>";
    }
    ++i;
  }
  for (const auto& m : t.at("marks").as_array()) {
    const auto& o = m.as_object();
    std::string kind = plain(o.at("kind"));
    int row = static_cast<int>(std::find(std::begin(kinds), std::end(kinds), kind) - std::begin(kinds));
    double mx = x(o.at("at_ms").to_number<double>());
    svg << "<circle cx=\"" << fixed(mx) << "\" cy=\"" << marks_y + 8 + row * 9 << "\" r=\"4\" fill=\"" << mark_colour(kind)
        << "\"><title>" << escape_html("#" + plain(o.at("seq")) + " " + plain(o.at("label"))) << "</title></circle>";
  }
  // Talk (messages and statements) as a density strip: how busy each stretch of the session was.
  constexpr int kBins = 120;
  std::vector<int> talk(kBins, 0);
  int most = 0;
  for (const auto& round : t.at("rounds").as_array()) {
    for (const auto& ev : round.as_object().at("events").as_array()) {
      const auto& o = ev.as_object();
      if (!o.at("message").as_bool() && plain(o.at("type")) != "statement") continue;
      auto bin = static_cast<int>((o.at("at_ms").to_number<double>() - start) / span * (kBins - 1));
      most = std::max(most, ++talk[std::clamp(bin, 0, kBins - 1)]);
    }
  }
  double bin_w = (width - left - right) / kBins;
  for (int b = 0; b < kBins && most > 0; ++b) {
    if (talk[b] == 0) continue;
    double h = 14.0 * talk[b] / most + 1;
    svg << "<rect x=\"" << fixed(left + b * bin_w) << "\" y=\"" << fixed(146 - h) << "\" width=\"" << fixed(bin_w) << "\" height=\"" << fixed(h)
        << "\" fill=\"#9aa7b4\"><title>" << talk[b] << " messages and statements</title></rect>";
  }
  double lx = left;
  for (const char* kind : kinds) {
    svg << "<circle cx=\"" << fixed(lx + 5) << "\" cy=\"8\" r=\"4\" fill=\"" << mark_colour(kind) << "\"/><text x=\"" << fixed(lx + 12)
        << "\" y=\"12\" class=\"legend\">" << kind << "</text>";
    lx += 22 + 7.0 * std::string(kind).size();
  }
  svg << "<rect x=\"" << fixed(lx) << "\" y=\"4\" width=\"10\" height=\"8\" fill=\"#9aa7b4\"/><text x=\"" << fixed(lx + 14)
      << "\" y=\"12\" class=\"legend\">talk</text>";
  svg << "</svg>";
  return svg.str();
}

std::string line_chart(const std::vector<std::string>& xs, const std::vector<Series>& series, const std::string& y_label,
                       const std::string& zero_label) {
  const double width = 960, height = 300, left = 50, right = 150, top = 14, bottom = 40;
  double lo = 0, hi = 0;
  for (const auto& s : series) {
    for (double v : s.values) {
      if (std::isnan(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (hi - lo < 1) hi = lo + 1;
  double pad = (hi - lo) * 0.05;
  lo -= pad;
  hi += pad;
  auto px = [&](std::size_t i) { return left + (xs.size() <= 1 ? 0.5 : static_cast<double>(i) / (xs.size() - 1)) * (width - left - right); };
  auto py = [&](double v) { return top + (hi - v) / (hi - lo) * (height - top - bottom); };
  std::ostringstream svg;
  svg << "<svg class=\"chart\" viewBox=\"0 0 " << width << " " << height << "\" role=\"img\" aria-label=\"" << escape_html(y_label) << "\">";
  svg << "<line x1=\"" << left << "\" x2=\"" << width - right << "\" y1=\"" << fixed(py(0)) << "\" y2=\"" << fixed(py(0))
      << "\" stroke=\"#333\" stroke-dasharray=\"4 3\"/><text x=\"" << width - right + 4 << "\" y=\"" << fixed(py(0) + 4)
      << "\" class=\"legend\">" << escape_html(zero_label) << "</text>";
  for (double v : {lo + pad, (lo + hi) / 2, hi - pad}) {
    svg << "<text x=\"" << left - 6 << "\" y=\"" << fixed(py(v) + 4) << "\" class=\"axis\" text-anchor=\"end\">" << number(v) << "</text>";
  }
  svg << "<text x=\"12\" y=\"" << fixed(height / 2) << "\" class=\"axis\" transform=\"rotate(-90 12 " << fixed(height / 2)
      << ")\" text-anchor=\"middle\">" << escape_html(y_label) << "</text>";
  std::size_t step = std::max<std::size_t>(1, xs.size() / 16);
  for (std::size_t i = 0; i < xs.size(); i += step) {
    svg << "<text x=\"" << fixed(px(i)) << "\" y=\"" << height - bottom + 16 << "\" class=\"axis\" text-anchor=\"middle\">"
        << escape_html(xs[i]) << "</text>";
  }
  for (std::size_t k = 0; k < series.size(); ++k) {
    std::ostringstream points;
    for (std::size_t i = 0; i < series[k].values.size(); ++i) {
      double v = series[k].values[i];
      if (std::isnan(v)) continue;
      points << fixed(px(i)) << "," << fixed(py(v)) << " ";
      svg << "<circle cx=\"" << fixed(px(i)) << "\" cy=\"" << fixed(py(v)) << "\" r=\"3\" fill=\"" << colour(k) << "\"><title>"
          << escape_html(series[k].label + ", " + xs[i] + ": " + number(v)) << "</title></circle>";
    }
    svg << "<polyline fill=\"none\" stroke=\"" << colour(k) << "\" stroke-width=\"1.5\" points=\"" << points.str() << "\"/>";
    svg << "<rect x=\"" << width - right + 10 << "\" y=\"" << top + 18 + k * 16 << "\" width=\"10\" height=\"10\" fill=\"" << colour(k)
        << "\"/><text x=\"" << width - right + 24 << "\" y=\"" << top + 27 + k * 16 << "\" class=\"legend\">" << escape_html(series[k].label)
        << "</text>";
  }
  svg << "</svg>";
  return svg.str();
}

std::string bar_chart(const std::vector<Bar>& bars, double max, const std::string& caption) {
  const double width = 960, left = 180, right = 200, row = 22;
  double height = 10 + row * static_cast<double>(bars.size());
  if (max <= 0) max = 1;
  std::ostringstream svg;
  svg << "<svg class=\"chart\" viewBox=\"0 0 " << width << " " << height << "\" role=\"img\" aria-label=\"" << escape_html(caption) << "\">";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    double y = 5 + row * static_cast<double>(i);
    double w = std::max(0.0, bars[i].value) / max * (width - left - right);
    svg << "<text x=\"" << left - 8 << "\" y=\"" << fixed(y + 14) << "\" class=\"axis\" text-anchor=\"end\">" << escape_html(bars[i].label)
        << "</text><rect x=\"" << left << "\" y=\"" << fixed(y + 3) << "\" width=\"" << fixed(w) << "\" height=\"14\" fill=\"" << colour(i)
        << "\"/><text x=\"" << fixed(left + w + 6) << "\" y=\"" << fixed(y + 14) << "\" class=\"legend\">" << escape_html(bars[i].note) << "</text>";
  }
  svg << "</svg>";
  return svg.str();
}

std::string dot_chart(const std::vector<DotRow>& rows, const std::vector<std::string>& names) {
  const double width = 960, left = 180, right = 30, row = 24, top = 24;
  double height = top + row * static_cast<double>(rows.size()) + 20;
  auto px = [&](double v) { return left + std::clamp(v, 0.0, 100.0) / 100 * (width - left - right); };
  std::ostringstream svg;
  svg << "<svg class=\"chart\" viewBox=\"0 0 " << width << " " << height << "\" role=\"img\" aria-label=\"Utilities on a 0 to 100 scale\">";
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (k == 0) {
      svg << "<rect x=\"" << left + 4.5 << "\" y=\"3\" width=\"3\" height=\"14\" fill=\"" << colour(0) << "\"/>";
    } else {
      svg << "<circle cx=\"" << left + k * 160 + 6 << "\" cy=\"10\" r=\"5\" fill=\"" << colour(k) << "\"/>";
    }
    svg << "<text x=\"" << left + k * 160 + 15
        << "\" y=\"14\" class=\"legend\">" << escape_html(names[k]) << "</text>";
  }
  for (int v = 0; v <= 100; v += 25) {
    svg << "<line x1=\"" << fixed(px(v)) << "\" x2=\"" << fixed(px(v)) << "\" y1=\"" << top << "\" y2=\"" << fixed(height - 18)
        << "\" stroke=\"#ddd\"/><text x=\"" << fixed(px(v)) << "\" y=\"" << fixed(height - 4) << "\" class=\"axis\" text-anchor=\"middle\">" << v
        << "</text>";
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    double y = top + row * static_cast<double>(i) + 12;
    svg << "<text x=\"" << left - 8 << "\" y=\"" << fixed(y + 4) << "\" class=\"axis\" text-anchor=\"end\">" << escape_html(rows[i].label) << "</text>";
    for (const auto& [name, value] : rows[i].marks) {
      auto k = static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
      if (k == 0) {  // the reference (BATNA) as a bar, so a marker at the same value stays visible
        svg << "<rect x=\"" << fixed(px(value) - 1.5) << "\" y=\"" << fixed(y - 8) << "\" width=\"3\" height=\"16\" fill=\"" << colour(0)
            << "\"><title>" << escape_html(rows[i].label + ", " + name + ": " + number(value)) << "</title></rect>";
        continue;
      }
      svg << "<circle cx=\"" << fixed(px(value)) << "\" cy=\"" << fixed(y) << "\" r=\"5\" fill=\"" << colour(k) << "\" fill-opacity=\"0.8\"><title>"
          << escape_html(rows[i].label + ", " + name + ": " + number(value)) << "</title></circle>";
    }
  }
  svg << "</svg>";
  return svg.str();
}

}  // namespace parley::review
