#include <cmath>
#include <sstream>

#include "cohort/debrief.hpp"
#include "review/svg_charts.hpp"

namespace parley::cohort {
namespace json = boost::json;
namespace {

using review::escape_html;

std::string str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; }
std::string e(const json::value& v) { return escape_html(v.is_string() ? str(v) : json::serialize(v)); }
std::string fixed(double x, int places = 1) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(places);
  s << x;
  return s.str();
}
std::string pct(double share) { return fixed(share * 100, 0) + "%"; }
std::string opt_num(const json::value& v) { return v.is_number() ? fixed(v.to_number<double>()) : "—"; }

const char* kStyle = R"(
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#17202a;max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #d5dbe3;padding-bottom:4px}
.muted{color:#5a6573}table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid #e3e7ee;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f8;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.pos{color:#1d6b34}.neg{color:#a3261b}.bar{display:inline-block;height:10px;background:#3d6fb6;vertical-align:middle;margin-right:6px}
.bar.bots{background:#b3c1d6}ol li{margin:6px 0}.tag{display:inline-block;border-radius:9px;padding:0 8px;font-size:13px;background:#e7eef8}
.wrap{overflow-x:auto}
)";

void glance(std::ostringstream& out, const json::array& tables) {
  out << "<h2>Each table</h2><p class=\"muted\">Distances are in utility points, over every delegation: between what each "
         "ended with and what the Nash bargaining text (the fairest split the scenario allows) or the nearest point of the Pareto "
         "frontier would have given it. Smaller is nearer; a table that adopted nothing is measured from everyone's BATNA.</p>"
         "<div class=\"wrap\"><table><tr><th>Table</th><th>Outcome</th><th>Adopted text</th><th>Signatories</th><th>In force</th>"
         "<th>Crises</th><th>First adoption</th><th class=\"n\">Distance to Nash</th><th class=\"n\">Distance to frontier</th></tr>";
  for (const auto& v : tables) {
    const auto& t = v.as_object();
    std::string text = "nothing adopted";
    if (t.at("adopted_text").is_object()) {
      text.clear();
      for (const auto& c : t.at("adopted_text").at("clauses").as_array()) text += (text.empty() ? "" : "; ") + str(c.at("issue_name")) + ": " + str(c.at("label"));
    }
    std::string signatories, crises;
    for (const auto& s : t.at("signatories").as_array()) signatories += (signatories.empty() ? "" : ", ") + str(s);
    for (const auto& c : t.at("crises").as_array()) crises += (crises.empty() ? "" : "; ") + str(c.at("title")) + ": " + str(c.at("outcome"));
    const auto& first = t.at("first_adoption");
    out << "<tr><td title=\"" << e(t.at("title")) << "\">Table " << e(t.at("table")) << "<br><span class=\"muted\">" << e(t.at("status")) << "</span></td><td>"
        << (t.at("outcome").is_object() ? e(t.at("outcome").at("name")) : std::string("not over")) << "</td><td>" << escape_html(text)
        << "</td><td>" << (signatories.empty() ? std::string("none") : escape_html(signatories) + "<br><span class=\"tag\">" + e(t.at("signatory_set")) + "</span>")
        << "</td><td>" << (t.at("in_force").as_bool() ? "yes" : "no") << "</td><td>" << escape_html(crises.empty() ? "not run" : crises)
        << "</td><td>"
        << (first.is_object() ? "round " + e(first.at("round")) + ", " + opt_num(first.at("minutes")) + " min" : std::string("none"))
        << "</td><td class=\"n\">" << opt_num(t.at("distance_to_nash")) << "</td><td class=\"n\">" << opt_num(t.at("distance_to_frontier"))
        << "</td></tr>";
  }
  out << "</table></div>";
}

void gains(std::ostringstream& out, const json::object& d) {
  const auto& tables = d.at("tables").as_array();
  const auto& rehearsal = d.at("rehearsal");
  out << "<h2>Each delegation against its BATNA</h2><p class=\"muted\">Utility points above (or below) what the delegation gets with no "
         "treaty.</p><div class=\"wrap\"><table><tr><th>Delegation</th>";
  for (const auto& t : tables) out << "<th class=\"n\">Table " << e(t.at("table")) << "</th>";
  out << "<th class=\"n\">Class mean</th>" << (rehearsal.is_object() ? "<th class=\"n\">Bots' mean</th>" : "") << "</tr>";
  for (const auto& r : d.at("roles").as_array()) {
    std::string role = str(r.at("role"));
    out << "<tr><td>" << e(r.at("name")) << "</td>";
    for (const auto& t : tables) {
      json::value gain = nullptr;
      for (const auto& u : t.at("utilities").as_array()) {
        if (str(u.at("role")) == role) gain = u.at("gain");
      }
      double g = gain.is_number() ? gain.to_number<double>() : 0;
      out << "<td class=\"n " << (g > 0.05 ? "pos" : g < -0.05 ? "neg" : "") << "\">" << opt_num(gain) << "</td>";
    }
    const auto* s = d.at("spread").at("gain").as_object().if_contains(role);
    out << "<td class=\"n\">" << (s && s->as_object().contains("mean") ? opt_num(s->at("mean")) : "—") << "</td>";
    if (rehearsal.is_object()) {
      const auto* b = rehearsal.at("gain").as_object().if_contains(role);
      out << "<td class=\"n\">" << (b ? opt_num(b->at("bots_mean")) : "—") << "</td>";
    }
    out << "</tr>";
  }
  out << "</table></div>";
}

std::string range(const json::object& s, const std::string& unit) {
  if (!s.contains("mean")) return "—";
  return opt_num(s.at("mean")) + unit + " on average (from " + opt_num(s.at("min")) + " to " + opt_num(s.at("max")) + unit + ", " +
         e(s.at("n")) + (s.at("n").to_number<int>() == 1 ? " table)" : " tables)");
}

void spread_section(std::ostringstream& out, const json::object& spread) {
  std::string sets;
  for (const auto& [set, n] : spread.at("signatory_sets").as_object()) {
    sets += (sets.empty() ? "" : ", ") + std::string(set) + ": " + json::serialize(n);
  }
  std::string named;
  for (const auto& [id, o] : spread.at("outcomes").as_object()) {
    named += (named.empty() ? "" : ", ") + str(o.at("name")) + ": " + json::serialize(o.at("tables"));
  }
  out << "<h2>Across the tables</h2><ul>";
  if (!named.empty()) out << "<li>Outcomes reached: " << escape_html(named) << "</li>";
  out << "<li>A treaty in force at " << e(spread.at("in_force")) << " of " << e(spread.at("tables"))
      << " tables; signatories " << escape_html(sets) << "</li><li>Distance to the Nash text: "
      << range(spread.at("distance_to_nash").as_object(), "") << "</li><li>First adoption: "
      << range(spread.at("minutes_to_first_adoption").as_object(), " min") << "</li></ul>";
}

void clause_section(std::ostringstream& out, const json::array& clauses) {
  out << "<h2>Clauses</h2>";
  if (clauses.empty()) {
    out << "<p>No table adopted a text.</p>";
    return;
  }
  std::string agreed, differed;
  for (const auto& v : clauses) {
    const auto& c = v.as_object();
    if (c.at("agreed").as_bool()) {
      agreed += "<li><strong>" + e(c.at("issue_name")) + "</strong>: " + e(c.at("options").at(0).at("option")) + "</li>";
      continue;
    }
    differed += "<li><strong>" + e(c.at("issue_name")) + "</strong>: ";
    bool first = true;
    for (const auto& o : c.at("options").as_array()) {
      std::string at;
      for (const auto& t : o.at("tables").as_array()) at += (at.empty() ? "" : ", ") + json::serialize(t);
      differed += std::string(first ? "" : "; ") + e(o.at("option")) + " (table" + (o.at("tables").as_array().size() > 1 ? "s " : " ") + at + ")";
      first = false;
    }
    differed += "</li>";
  }
  out << "<p>Every table that adopted a text agreed on:</p><ul>" << (agreed.empty() ? "<li>no clause</li>" : agreed) << "</ul>";
  if (!differed.empty()) out << "<p>Where the tables differed:</p><ul>" << differed << "</ul>";
}

void rehearsal_section(std::ostringstream& out, const json::value& rehearsal) {
  if (!rehearsal.is_object()) return;
  out << "<h2>Your class beside " << e(rehearsal.at("runs")) << " bot games</h2><p class=\"muted\">The same scenario version played by "
         "bots alone (a rehearsal); dark bars are the class, light bars the bots.</p><table><tr><th>Outcome</th><th>Class</th><th>Bots</th></tr>";
  for (const auto& v : rehearsal.at("shares").as_array()) {
    double b = v.at("bots").to_number<double>();
    std::string mine = "not reached by any table";
    if (v.at("class").is_number()) {
      double c = v.at("class").to_number<double>();
      mine = "<span class=\"bar\" style=\"width:" + fixed(c * 160, 0) + "px\"></span>" + pct(c);
    }
    out << "<tr><td>" << e(v.at("measure")) << "</td><td>" << mine << "</td><td><span class=\"bar bots\" style=\"width:" << fixed(b * 160, 0)
        << "px\"></span>" << pct(b) << "</td></tr>";
  }
  out << "</table>";
}

}  // namespace

std::string debrief_html(const json::object& d) {
  std::ostringstream out;
  const auto& spread = d.at("spread").as_object();
  out << "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      << "<title>" << e(d.at("title")) << " — debrief</title><style>" << kStyle << "</style></head><body><h1>" << e(d.at("title"))
      << " — debrief</h1><p class=\"muted\">" << e(d.at("scenario_title")) << " · " << e(spread.at("tables")) << " tables · a treaty in force at "
      << e(spread.at("in_force")) << " of them</p>";
  glance(out, d.at("tables").as_array());
  spread_section(out, spread);
  gains(out, d);
  clause_section(out, d.at("clauses").as_array());
  rehearsal_section(out, d.at("rehearsal"));
  if (!d.at("questions").as_array().empty()) {
    out << "<h2>For discussion</h2><ol>";
    for (const auto& q : d.at("questions").as_array()) out << "<li>" << e(q) << "</li>";
    out << "</ol>";
  }
  out << "</body></html>\n";
  return out.str();
}

}  // namespace parley::cohort
