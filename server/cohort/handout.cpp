#include "cohort/handout.hpp"

#include <sstream>

#include "cohort/qr_svg.hpp"
#include "review/svg_charts.hpp"

namespace parley::cohort {
namespace {

using review::escape_html;

// Eight slips a page, 2 x 4 of 93 x 62 mm: inside both A4 (210 x 297) and Letter (216 x 279) with 10 mm margins.
constexpr int kSlipsPerPage = 8;

const char* kStyle = R"(
body{font:11pt/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111;margin:0}
.page{display:grid;grid-template-columns:93mm 93mm;grid-auto-rows:62mm;gap:0;justify-content:center;page-break-after:always;break-after:page}
.page:last-child{page-break-after:auto;break-after:auto}
.slip{box-sizing:border-box;border:1px dashed #888;padding:4mm;display:grid;grid-template-columns:1fr 30mm;gap:3mm;overflow:hidden}
.slip h2{font-size:13pt;margin:0 0 1mm}
.slip p{margin:0 0 1mm}
.slip .muted{color:#555;font-size:9pt}
.slip .code{font:bold 12pt/1.2 ui-monospace,monospace;letter-spacing:.5px}
.slip .link{font:7pt/1.2 ui-monospace,monospace;word-break:break-all;color:#333}
.qr{width:30mm;height:30mm}
header{padding:6mm 10mm 2mm;text-align:center}
header h1{font-size:14pt;margin:0}
@media print{header{display:none}}
)";

std::string slip_html(const HandoutSlip& s, int index) {
  std::ostringstream out;
  std::string name = s.name.empty() ? "Participant " + std::to_string(index + 1) : s.name;
  out << "<section class=\"slip\"><div><h2>" << escape_html(name) << "</h2><p><strong>Table " << s.table << "</strong> · "
      << escape_html(s.role_name.empty() ? s.seat_label : s.role_name) << "</p>";
  if (!s.role_name.empty()) out << "<p class=\"muted\">" << escape_html(s.seat_label) << "</p>";
  out << "<p class=\"muted\">Scan the code, or open the link, or type this code on the front page:</p><p class=\"code\">"
      << escape_html(s.short_code) << "</p><p class=\"link\">" << escape_html(s.link) << "</p></div>" << qr_svg(s.link) << "</section>";
  return out.str();
}

}  // namespace

std::string handout_html(const Handout& h, const std::string& paper) {
  std::ostringstream out;
  out << "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << escape_html(h.title) << " — handout</title><style>"
      << "@page{size:" << (paper == "a4" ? "A4" : paper == "letter" ? "letter" : "auto") << ";margin:10mm}" << kStyle
      << "</style></head><body><header><h1>" << escape_html(h.title) << "</h1><p>" << escape_html(h.scenario) << " · " << h.slips.size()
      << " slips, " << kSlipsPerPage << " a page: print, then cut along the dashed lines.</p></header>";
  for (std::size_t i = 0; i < h.slips.size(); ++i) {
    if (i % kSlipsPerPage == 0) out << (i ? "</div>" : "") << "<div class=\"page\">";
    out << slip_html(h.slips[i], static_cast<int>(i));
  }
  if (!h.slips.empty()) out << "</div>";
  out << "</body></html>\n";
  return out.str();
}

std::string csv_cell(const std::string& text) {
  std::string t = text;
  if (!t.empty() && (t[0] == '=' || t[0] == '+' || t[0] == '-' || t[0] == '@')) t = "'" + t;
  if (t.find_first_of(",\"\r\n") == std::string::npos) return t;
  std::string quoted = "\"";
  for (char c : t) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string handout_csv(const Handout& h) {
  std::ostringstream out;
  out << "name,table,role,seat,link,short_code\n";
  for (std::size_t i = 0; i < h.slips.size(); ++i) {
    const auto& s = h.slips[i];
    out << csv_cell(s.name.empty() ? "Participant " + std::to_string(i + 1) : s.name) << "," << s.table << "," << csv_cell(s.role_name) << ","
        << csv_cell(s.seat_label) << "," << csv_cell(s.link) << "," << csv_cell(s.short_code) << "\n";
  }
  return out.str();
}

}  // namespace parley::cohort
