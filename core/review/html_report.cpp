// The review as one HTML file: inline CSS and SVG, no script, no font,
// image or link that would make a request, so it opens from disk, prints,
// and travels as an e-mail attachment.

#include <cmath>
#include <ctime>
#include <sstream>

#include "review/agent_report.hpp"
#include "review/report_text.hpp"
#include "review/review_context.hpp"
#include "review/svg_charts.hpp"

namespace parley::review {
namespace json = boost::json;
namespace {

constexpr const char* kStyle = R"css(
:root{--ink:#1d2733;--muted:#5b6877;--line:#d5dce4;--accent:#1f5fa8;--bad:#a93226;--good:#1e7b4a}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:#f6f8fa}
header{background:#14273e;color:#fff;padding:28px 40px}header h1{margin:0 0 6px;font-size:28px}header p{margin:2px 0;color:#c9d5e3}
nav{background:#fff;border-bottom:1px solid var(--line);padding:8px 40px;position:sticky;top:0;z-index:1;overflow-x:auto;white-space:nowrap}nav a{color:var(--accent);margin-right:14px;text-decoration:none;font-size:14px;white-space:nowrap}
main{max-width:1060px;margin:0 auto;padding:10px 30px 60px}section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:18px 24px;margin:18px 0;overflow-x:auto}
h2{margin:0 0 12px;font-size:20px;color:#14273e}h3{font-size:16px;margin:16px 0 8px}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:14px}th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}th{background:#f0f3f7;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}.bad{color:var(--bad);font-weight:600}.good{color:var(--good);font-weight:600}.muted{color:var(--muted)}
.chart{width:100%;min-width:640px;height:auto;display:block;margin:6px 0 10px}.chart .band{font-size:11px;fill:#14273e}.chart .legend{font-size:12px;fill:#333}.chart .axis{font-size:11px;fill:#555}
ul.summary li{margin:4px 0}.card{border-left:4px solid var(--line);padding:4px 14px;margin:12px 0}.card.held{border-color:var(--good)}.card.failed{border-color:var(--bad)}
td[contenteditable]{background:#fffbe6;min-width:120px}details{margin:6px 0}summary{cursor:pointer;font-weight:600}
.events{font-size:13px}.events td:first-child{white-space:nowrap;color:var(--muted)}footer{text-align:center;color:var(--muted);font-size:13px;padding:20px}
@media (max-width:600px){main{padding:4px 8px}section{padding:12px}header,nav{padding-left:12px;padding-right:12px}}
@media print{nav{display:none}body{background:#fff}section{break-inside:avoid-page;border:none;padding:0}header{background:#fff;color:#000}header p{color:#333}td[contenteditable]{background:#fff}}
)css";

std::string e(const json::value& v) { return escape_html(plain(v)); }
std::string e(const std::string& s) { return escape_html(s); }


std::string utc(std::int64_t ms) {
  if (ms == 0) return "not started";
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

class Page {
 public:
  explicit Page(const json::object& r) : r_(r) {}
  std::string render();

 private:
  void open(const char* id, const std::string& title) { out_ << "<section id=\"" << id << "\"><h2>" << e(title) << "</h2>"; }
  void close() { out_ << "</section>"; }
  void row(const std::vector<std::string>& cells, const char* tag = "td") {
    out_ << "<tr>";
    for (const auto& c : cells) out_ << "<" << tag << ">" << c << "</" << tag << ">";
    out_ << "</tr>";
  }
  void head(const std::vector<std::string>& cells) { row(cells, "th"); }
  void header();
  void summary();
  void outcome();
  void participants();
  void timeline();
  void positions();
  void roll_calls();
  void injects();
  void pledges();
  void stress_test();
  void value();
  void who_saw_what();
  void aar();
  void branches();
  void event_log();
  std::string role_name(const std::string& id) const;

  const json::object& r_;
  std::ostringstream out_;
};

std::string Page::role_name(const std::string& id) const {
  for (const auto& role : r_.at("roles").as_array()) {
    if (plain(role.as_object().at("id")) == id) return plain(role.as_object().at("name"));
  }
  return id;
}

namespace {
// " (version 3 of the library's …)" for a scenario from the library; nothing for a shipped file.
std::string scenario_version(const json::object& r) {
  auto* v = r.if_contains("scenario_version");
  if (!v || !v->is_int64() || v->as_int64() == 0) return "";
  return " (version " + std::to_string(v->as_int64()) + ")";
}
}  // namespace

void Page::header() {
  out_ << "<header><h1>After-action review: " << e(r_.at("title")) << "</h1><p>Scenario: " << e(r_.at("scenario_title"))
       << scenario_version(r_) << " &middot; session " << e(r_.at("session_id")) << " &middot; " << e(utc(r_.at("start_ms").to_number<std::int64_t>())) << "</p><p>"
       << (r_.at("is_facilitator").as_bool() ? "The white cell's view: every role's record and profile."
                                             : "As " + e(r_.at("viewer_name")) + " saw it: only what this delegation was shown.")
       << "</p>";
  if (r_.contains("lineage")) {
    out_ << "<p>A what-if branch of session " << e(r_.at("forked_from")) << ", forked after event " << e(r_.at("forked_at")) << ".</p>";
  }
  out_ << "</header><nav>";
  for (const auto& [id, label] : std::vector<std::pair<const char*, const char*>>{
           {"summary", "Summary"}, {"outcome", "Outcome"}, {"participants", "Participants"}, {"timeline", "Timeline"},
           {"positions", "Positions"}, {"roll-calls", "Roll calls"}, {"injects", "Injects"}, {"pledges", "Pledges"},
           {"stress-test", "Stress test"}, {"value", "Value"}, {"who-saw-what", "Who saw what"}, {"aar", "AAR/IP"}}) {
    out_ << "<a href=\"#" << id << "\">" << label << "</a>";
  }
  if (r_.contains("ai_seats") && !r_.at("ai_seats").as_array().empty()) out_ << "<a href=\"#ai-seats\">AI delegations</a>";
  if (r_.contains("said_versus_did") && !r_.at("said_versus_did").as_array().empty()) out_ << "<a href=\"#said-did\">Said and did</a>";
  if (!r_.at("branches").as_array().empty()) out_ << "<a href=\"#branches\">Branches</a>";
  out_ << "<a href=\"#events\">Event log</a></nav><main>";
}

void Page::summary() {
  open("summary", "Summary");
  out_ << "<ul class=\"summary\">";
  for (const auto& s : r_.at("summary").as_array()) out_ << "<li>" << e(s) << "</li>";
  out_ << "</ul>";
  close();
}

void Page::outcome() {
  const auto& o = r_.at("outcome").as_object();
  open("outcome", "Outcome");
  out_ << "<p>Adoption rule: " << e(o.at("adoption_rule")) << ".</p>";
  if (o.at("adopted_text").is_null()) {
    out_ << "<p class=\"bad\">No text was adopted.</p>";
  } else {
    const auto& t = o.at("adopted_text").as_object();
    out_ << "<h3>Adopted text " << e(t.at("id")) << ": " << e(t.at("title")) << "</h3><table>";
    head({"issue", "clause"});
    for (const auto& c : t.at("clauses").as_array()) {
      const auto& x = c.as_object();
      row({e(x.at("issue_name")), e(plain(x.at("option")) + " " + plain(x.at("label")))});
    }
    out_ << "</table>";
  }
  out_ << "<p class=\"" << (o.at("in_force").as_bool() ? "good\">The treaty entered into force." : "bad\">The treaty did not enter into force.")
       << (plain(o.at("signature_reason")).empty() || o.at("in_force").as_bool() ? "" : " " + e(o.at("signature_reason"))) << "</p><table>";
  head({"delegation", "signature", "why"});
  for (const auto& s : o.at("signatories").as_array()) {
    bool red = false;
    for (const auto& x : o.at("red_lines_crossed").as_array()) red = red || x == s;
    row({e(role_name(plain(s))), "<span class=\"good\">signed</span>", red ? "<span class=\"bad\">across its own red line</span>" : ""});
  }
  for (const auto& n : o.at("non_signers").as_array()) {
    const auto& x = n.as_object();
    row({e(x.at("name")), "<span class=\"bad\">" + e(x.at("action")) + "</span>", x.contains("reason") ? e(x.at("reason")) : "<span class=\"muted\">not shown to you</span>"});
  }
  for (const auto& n : o.at("not_members").as_array()) row({e(role_name(plain(n))), "not bound", "outside the membership the text sets"});
  out_ << "</table>";
  close();
}

void Page::participants() {
  open("participants", "Participants");
  out_ << "<table>";
  head({"role", "kind", "seat", "played by", "connected"});
  for (const auto& p : r_.at("participants").as_array()) {
    const auto& o = p.as_object();
    std::string kind = plain(o.at("kind")) == "DELEGATION" ? "delegation" : plain(o.at("kind")) == "OUTSIDE_POWER" ? "outside power"
                     : plain(o.at("kind")) == "WHITE_CELL" ? "white cell" : "observer";
    if (o.at("seats").as_array().empty()) row({e(o.at("name")), kind, "—", "<span class=\"muted\">nobody</span>", "—"});
    for (const auto& s : o.at("seats").as_array()) {
      const auto& x = s.as_object();
      std::string who = x.contains("player") ? e(plain(x.at("player")) + (x.contains("strategy") ? " (" + plain(x.at("strategy")) + ")" : "")) : "seated";
      if (auto names = person_names(x); !names.empty()) who += " — " + e(names);
      std::string time = x.contains("connected_ms") ? duration_text(x.at("connected_ms").to_number<std::int64_t>()) : "—";
      row({e(o.at("name")), kind, s.as_object().at("seat").to_number<std::int64_t>() == 0 ? "head" : "adviser " + e(x.at("seat")), who, time});
    }
  }
  out_ << "</table>";
  close();
}

void Page::timeline() {
  open("timeline", "Timeline");
  out_ << timeline_chart(r_.at("timeline").as_object())
       << "<p class=\"muted\">Bands are the phases of each round; hover a mark for the event.</p>";
  close();
}

void Page::positions() {
  const auto& p = r_.at("positions").as_object();
  open("positions", "Positions over time");
  std::vector<std::string> xs;
  std::vector<Series> series;
  for (const auto& role : p.at("roles").as_array()) series.push_back({role_name(plain(role)), {}});
  std::size_t k = 0;
  for (const auto& d : p.at("drafts").as_array()) {
    const auto& o = d.as_object();
    xs.push_back(plain(o.at("text_id")));
    k = 0;
    for (const auto& role : p.at("roles").as_array()) {
      const auto* u = o.at("utility").as_object().if_contains(std::string(role.as_string()));
      const auto* b = o.at("batna").as_object().if_contains(std::string(role.as_string()));
      series[k++].values.push_back(u && b && o.at("complete").as_bool() ? u->as_double() - b->as_double() : NAN);
    }
  }
  if (xs.empty()) {
    out_ << "<p>No draft was tabled.</p>";
  } else {
    out_ << "<p>Each delegation's gain over its BATNA from each complete draft, in the order tabled (above the line: better than no treaty).</p>"
         << line_chart(xs, series, "utility minus BATNA", "BATNA");
    out_ << "<details><summary>Every draft, with what it was worth to each delegation</summary><table>";
    std::vector<std::string> cols{"draft", "round", "by", "title"};
    for (const auto& role : p.at("roles").as_array()) cols.push_back(e(role));
    head(cols);
    for (const auto& d : p.at("drafts").as_array()) {
      const auto& o = d.as_object();
      std::vector<std::string> cells{e(o.at("text_id")) + (plain(o.at("parent")).empty() ? "" : " <span class=\"muted\">amends " + e(o.at("parent")) + "</span>"),
                                     e(o.at("round")), e(o.at("author")), e(o.at("title"))};
      for (const auto& role : p.at("roles").as_array()) {
        std::string id(role.as_string());
        if (!o.at("utility").as_object().contains(id)) { cells.push_back("—"); continue; }
        bool signs = o.at("would_sign").as_object().at(id).as_bool();
        cells.push_back("<span class=\"" + std::string(signs ? "good" : "bad") + "\">" + e(o.at("utility").as_object().at(id)) + "</span>");
      }
      row(cells);
    }
    out_ << "</table><p class=\"muted\">Green: the delegation's instructions would let it sign; red: below its BATNA, across a red line, or incomplete.</p></details>";
  }
  if (const auto* by_round = p.if_contains("nash_by_round"); by_round && !by_round->as_array().empty()) {
    std::vector<Bar> bars;
    double max = 0;
    for (const auto& x : by_round->as_array()) {
      const auto& o = x.as_object();
      if (!o.contains("distance")) continue;
      bars.push_back({"round " + plain(o.at("round")), o.at("distance").as_double(), number(o.at("distance").as_double()) + " (" + plain(o.at("best_draft")) + ")"});
      max = std::max(max, o.at("distance").as_double());
    }
    if (!bars.empty()) out_ << "<h3>Distance of the best draft on the table to the Nash text, by round</h3>" << bar_chart(bars, max, "distance to the Nash text by round");
  }
  const auto& value = r_.at("value").as_object();
  if (const auto* a = value.if_contains("against_frontier"); a && a->as_object().contains("adopted_vs_nash")) {
    const auto& diffs = a->as_object().at("adopted_vs_nash").as_array();
    out_ << "<h3>Where the adopted text departs from the Nash text</h3>";
    if (diffs.empty()) out_ << "<p>The adopted text is the Nash text.</p>";
    else {
      out_ << "<table>";
      head({"issue", "adopted", "Nash", "what the Nash clause would have changed (utility)"});
      for (const auto& d : diffs) {
        const auto& o = d.as_object();
        std::string deltas;
        for (const auto& [role, v] : o.at("nash_minus_adopted").as_object()) {
          double x = v.as_double();
          if (std::fabs(x) < 0.05) continue;
          deltas += (deltas.empty() ? "" : ", ") + e(std::string(role)) + " " + (x > 0 ? "+" : "") + number(x);
        }
        row({e(o.at("issue_name")), e(o.at("adopted")), e(o.at("nash")), deltas.empty() ? "—" : deltas});
      }
      out_ << "</table>";
    }
  }
  close();
}

void Page::roll_calls() {
  open("roll-calls", "Roll calls");
  if (!r_.at("standing").as_array().empty()) {
    out_ << "<h3>The adopted text, vote by vote</h3><table data-section=\"standing\">";
    head({"round", "texts voted on", "standing after the vote", "what the vote did"});
    for (const auto& v : r_.at("standing").as_array()) {
      const auto& o = v.as_object();
      row({e(o.at("round")), e(o.at("texts_voted")), plain(o.at("standing")).empty() ? "<span class=\"muted\">none</span>" : e(o.at("standing")),
           e(o.at("outcome"))});
    }
    out_ << "</table><h3>Every roll call</h3>";
  }
  if (r_.at("roll_calls").as_array().empty()) out_ << "<p>No vote was held.</p>";
  else {
    out_ << "<table>";
    head({"round", "text", "yes", "no", "abstain", "did not vote", "result"});
    for (const auto& v : r_.at("roll_calls").as_array()) {
      const auto& o = v.as_object();
      std::string result = (o.at("adopted").as_bool() ? "<span class=\"good\">adopted</span> — " : "") + e(o.at("reason"));
      row({e(o.at("round")), e(o.at("text")), e(joined(o.at("yes"))), e(joined(o.at("no"))), e(joined(o.at("abstain"))),
           e(joined(o.at("not_voted"))), result});
    }
    out_ << "</table>";
  }
  close();
}

void Page::injects() {
  open("injects", "What each inject changed");
  if (r_.at("injects").as_array().empty()) out_ << "<p>No inject or ruling was released.</p>";
  for (const auto& i : r_.at("injects").as_array()) {
    const auto& o = i.as_object();
    out_ << "<h3>" << e(o.at("id")) << " <span class=\"muted\">(" << e(o.at("kind")) << ", round " << e(o.at("round")) << ")</span>: "
         << e(o.at("title")) << "</h3><p>" << (o.at("audience").as_array().empty() ? "To everyone." : "To " + e(joined(o.at("audience"))) + " only.")
         << (o.contains("audience_note") ? " <span class=\"muted\">(" + e(o.at("audience_note")) + ")</span>" : "") << "</p>";
    if (!o.at("changes").as_array().empty()) {
      out_ << "<table>";
      head({"whose instructions", "change", "BATNA before", "after"});
      for (const auto& c : o.at("changes").as_array()) {
        const auto& x = c.as_object();
        row({e(x.at("name")), e(joined(x.at("effects"))), e(x.at("batna_before")), e(x.at("batna_after"))});
      }
      out_ << "</table>";
    }
    if (o.contains("zone_before")) {
      const auto& b = o.at("zone_before").as_object();
      const auto& a = o.at("zone_after").as_object();
      out_ << "<p>Zone of agreement: " << e(b.at("acceptable_texts")) << " texts would have entered into force before, " << e(a.at("acceptable_texts"))
           << " after.</p>";
    }
  }
  close();
}

void Page::pledges() {
  open("pledges", "Pledges");
  if (r_.at("pledges").as_array().empty()) out_ << "<p>No pledge was made" << (r_.at("is_facilitator").as_bool() ? "" : " that you were party to") << ".</p>";
  else {
    out_ << "<table>";
    head({"pledge", "from", "to", "points", "condition", "settled"});
    for (const auto& p : r_.at("pledges").as_array()) {
      const auto& o = p.as_object();
      row({e(o.at("id")), e(role_name(plain(o.at("from")))), e(role_name(plain(o.at("to")))), e(o.at("points")), e(o.at("condition")), e(o.at("status"))});
    }
    out_ << "</table>";
  }
  close();
}

void Page::stress_test() {
  open("stress-test", "Stress test");
  if (r_.at("stress_test").as_array().empty()) out_ << "<p>No crisis was run" << (r_.at("in_force").as_bool() ? "" : ": the treaty never entered into force") << ".</p>";
  for (const auto& c : r_.at("stress_test").as_array()) {
    const auto& o = c.as_object();
    std::string outcome = plain(o.at("outcome"));
    out_ << "<div class=\"card " << (outcome == "held" ? "held" : outcome == "failed" ? "failed" : "") << "\"><h3>" << e(o.at("crisis")) << ": "
         << e(o.at("title")) << " — " << e(outcome) << "</h3><p>" << e(o.at("category")) << "; victim " << e(role_name(plain(o.at("victim"))))
         << (plain(o.at("attacker")).empty() ? "" : ", attacker " + e(role_name(plain(o.at("attacker"))))) << ". Scope: "
         << (o.at("in_scope").as_bool() ? "covered" : "not covered") << "; trigger " << e(o.at("trigger")) << "; " << e(o.at("command"))
         << ". Cost " << e(o.at("cost")) << ", offered " << e(o.at("offered")) << "; strength " << e(o.at("strength"))
         << (o.at("required_strength").as_double() > 0 ? " of " + e(o.at("required_strength")) + " needed" : "") << ".</p>";
    if (!plain(o.at("decided_by")).empty()) out_ << "<p>Deciding clause: <strong>" << e(o.at("decided_by")) << "</strong></p>";
    out_ << "<ul>";
    for (const auto& reason : o.at("reasons").as_array()) out_ << "<li>" << e(reason) << "</li>";
    out_ << "</ul><table>";
    head({"member", "response", "cost", "credibility lost"});
    for (const auto& m : o.at("members").as_array()) {
      const auto& x = m.as_object();
      std::string status = plain(x.at("status"));
      row({e(x.at("name")), "<span class=\"" + std::string(status == "defected" ? "bad" : status == "committed" ? "good" : "") + "\">" + e(status) + "</span>",
           e(x.at("cost")), e(x.at("penalty"))});
    }
    out_ << "</table></div>";
  }
  close();
}

void Page::value() {
  const auto& v = r_.at("value").as_object();
  open("value", "Value left on the table");
  const auto* against = v.if_contains("against_frontier");
  std::vector<DotRow> dots;
  for (const auto& u : v.at("utilities").as_array()) {
    const auto& o = u.as_object();
    if (plain(o.at("kind")) != "DELEGATION") continue;
    DotRow d{plain(o.at("name")), {{"BATNA", o.at("batna").as_double()}, {"outcome", o.at("treaty").as_double()}}};
    if (o.contains("nash")) d.marks.push_back({"Nash text", o.at("nash").as_double()});
    if (o.contains("kalai_smorodinsky")) d.marks.push_back({"Kalai–Smorodinsky text", o.at("kalai_smorodinsky").as_double()});
    dots.push_back(std::move(d));
  }
  if (!dots.empty()) out_ << dot_chart(dots, {"BATNA", "outcome", "Nash text", "Kalai–Smorodinsky text"});
  out_ << "<table>";
  head({"role", "BATNA", "treaty", "side payments and costs", "total", "gain", "Nash text", "K–S text"});
  for (const auto& u : v.at("utilities").as_array()) {
    const auto& o = u.as_object();
    double gain = o.at("gain_over_batna").as_double();
    row({e(o.at("name")), e(o.at("batna")), e(o.at("treaty")), e(o.at("side_payments_and_costs")), e(o.at("total")),
         "<span class=\"" + std::string(gain < -0.05 ? "bad" : gain > 0.05 ? "good" : "") + "\">" + e(number(gain)) + "</span>",
         o.contains("nash") ? e(o.at("nash")) : "—", o.contains("kalai_smorodinsky") ? e(o.at("kalai_smorodinsky")) : "—"});
  }
  out_ << "</table>";
  if (against) {
    const auto& a = against->as_object();
    out_ << "<p>The outcome lies " << e(a.at("distance_to_frontier")) << " from the Pareto frontier";
    if (a.contains("distance_to_nash")) out_ << ", " << e(a.at("distance_to_nash")) << " from the Nash text";
    if (a.contains("distance_to_kalai_smorodinsky")) out_ << " and " << e(a.at("distance_to_kalai_smorodinsky")) << " from the Kalai–Smorodinsky text";
    out_ << " (distances in delegation-utility points; " << e(a.at("acceptable_texts")) << " of " << e(a.at("space_size"))
         << " possible texts would have entered into force).</p>";
    for (const char* key : {"nash_text", "kalai_smorodinsky_text"}) {
      if (!a.contains(key)) continue;
      std::string line;
      for (const auto& c : a.at(key).as_object().at("clauses").as_array()) line += (line.empty() ? "" : " ") + plain(c.as_object().at("option"));
      out_ << "<p>" << (std::string(key) == "nash_text" ? "Nash text" : "Kalai–Smorodinsky text") << ": " << e(line) << "</p>";
    }
  }
  const auto& power = v.at("power").as_object();
  if (power.contains("voters") && !power.at("voters").as_array().empty()) {
    std::vector<Bar> bars;
    for (const auto& p : power.at("voters").as_array()) {
      const auto& o = p.as_object();
      bars.push_back({plain(o.at("name")), o.at("banzhaf").as_double(),
                      "Banzhaf " + number(o.at("banzhaf").as_double() * 100) + "%, Shapley–Shubik " + number(o.at("shapley_shubik").as_double() * 100) + "%"});
    }
    out_ << "<h3>Who could swing it: voting power on " << e(power.at("text")) << "</h3><p class=\"muted\">Under the rule: " << e(power.at("rule"))
         << ". A delegation swings a coalition when its vote alone turns the result.</p>" << bar_chart(bars, 1, "voting power");
  }
  close();
}

void Page::who_saw_what() {
  open("who-saw-what", "Who saw what");
  out_ << "<table>";
  head({"role", "events seen", "private channels (messages)", "rooms", "injects received", "rulings"});
  for (const auto& w : r_.at("who_saw_what").as_array()) {
    const auto& o = w.as_object();
    std::string channels, rooms, injects, rulings;
    for (const auto& c : o.at("private_channels").as_array()) channels += (channels.empty() ? "" : ", ") + plain(c.as_object().at("name")) + " (" + plain(c.as_object().at("messages")) + ")";
    for (const auto& c : o.at("rooms").as_array()) rooms += (rooms.empty() ? "" : ", ") + plain(c.as_object().at("room")) + " (" + plain(c.as_object().at("messages")) + ")";
    for (const auto& c : o.at("injects").as_array()) {
      injects += (injects.empty() ? "" : ", ") + plain(c.as_object().at("id")) + (c.as_object().at("restricted").as_bool() ? " (restricted)" : "");
    }
    for (const auto& c : o.at("rulings").as_array()) rulings += (rulings.empty() ? "" : ", ") + plain(c.as_object().at("id"));
    std::string seen = plain(o.at("events_seen")) + (o.contains("events_total") ? " of " + plain(o.at("events_total")) : "");
    row({e(o.at("name")), e(seen), e(channels.empty() ? "—" : channels), e(rooms.empty() ? "—" : rooms), e(injects.empty() ? "—" : injects),
         e(rulings.empty() ? "—" : rulings)});
  }
  out_ << "</table><h3>Leaks</h3>";
  if (r_.at("leaks").as_array().empty()) out_ << "<p>No private message leaked.</p>";
  else {
    out_ << "<table data-section=\"leaks\">";
    head({"round", "time", "message", "between", "what it said"});
    for (const auto& l : r_.at("leaks").as_array()) {
      const auto& o = l.as_object();
      row({e(o.at("round")), e(o.at("time")), e(o.at("message")), e(o.at("between")), e(o.at("text"))});
    }
    out_ << "</table>";
  }
  close();
}

void Page::aar() {
  const auto& a = r_.at("aar").as_object();
  const auto& ov = a.at("overview").as_object();
  open("aar", "After-action report and improvement plan");
  out_ << "<h3>Exercise overview</h3><table>";
  row({"<strong>Exercise</strong>", e(ov.at("exercise"))});
  row({"<strong>Scenario</strong>", e(ov.at("scenario"))});
  row({"<strong>Dates</strong>", e(utc(ov.at("start_ms").to_number<std::int64_t>())) + " to " + e(utc(ov.at("end_ms").to_number<std::int64_t>()))});
  row({"<strong>Rounds played</strong>", e(ov.at("rounds"))});
  if (const auto* p = ov.if_contains("participants")) {
    const auto& c = p->as_object();
    row({"<strong>Participants</strong>", e(c.at("humans")) + " people at the delegations' desks, " + e(c.at("bots")) + " bots, " +
                                              e(c.at("observers")) + " observers, " + e(c.at("white_cell")) + " in the white cell"});
  }
  row({"<strong>Adoption rule</strong>", e(ov.at("adoption_rule"))});
  row({"<strong>Scenario summary</strong>", e(ov.at("summary"))});
  if (const auto* ratings = a.if_contains("objective_ratings")) {
    out_ << "</table><h3>Objectives and how far they were met</h3><table data-section=\"objectives\">";
    head({"objective", "rating", "the white cell's comment"});
    for (const auto& o : ratings->as_array()) {
      const auto& x = o.as_object();
      std::string rating = plain(x.at("rating"));
      std::string cls = rating == "met" ? "good" : rating == "not met" ? "bad" : rating == "not rated" ? "muted" : "";
      row({e(x.at("objective")), "<span class=\"" + cls + "\">" + e(rating) + "</span>", e(x.at("comment"))});
    }
    out_ << "</table><h3>Strengths</h3><ul>";
  } else {
    out_ << "</table><h3>Objectives</h3><ol>";
    for (const auto& o : a.at("objectives").as_array()) out_ << "<li>" << e(o) << "</li>";
    out_ << "</ol><h3>Strengths</h3><ul>";
  }
  for (const auto& s : a.at("strengths").as_array()) out_ << "<li>" << e(s.as_object().at("text")) << " <span class=\"muted\">(" << e(s.as_object().at("source")) << ")</span></li>";
  if (a.at("strengths").as_array().empty()) out_ << "<li class=\"muted\">none recorded</li>";
  out_ << "</ul><h3>Areas for improvement</h3><ul>";
  for (const auto& s : a.at("areas_for_improvement").as_array()) out_ << "<li>" << e(s.as_object().at("text")) << " <span class=\"muted\">(" << e(s.as_object().at("source")) << ")</span></li>";
  if (a.at("areas_for_improvement").as_array().empty()) out_ << "<li class=\"muted\">none recorded</li>";
  out_ << "</ul>";
  if (const auto* notes = a.if_contains("notes"); notes && !notes->as_array().empty()) {
    out_ << "<h3>The white cell's notes</h3><table data-section=\"notes\">";
    head({"round", "time", "kind", "note"});
    for (const auto& n : notes->as_array()) {
      const auto& x = n.as_object();
      row({e(x.at("round")), e(x.at("time")), e(x.at("kind")), e(x.at("text"))});
    }
    out_ << "</table>";
  } else if (!a.at("observations").as_array().empty()) {
    out_ << "<h3>Other white cell notes</h3><ul>";
    for (const auto& s : a.at("observations").as_array()) out_ << "<li>" << e(s) << "</li>";
    out_ << "</ul>";
  }
  out_ << "<h3>Improvement plan</h3><p class=\"muted\">Empty cells can be typed into before printing; a white cell note such as "
          "\"Improve: issue | corrective action | responsible party | dates\" fills a row.</p><table>";
  head({"issue", "corrective action", "responsible party", "dates"});
  for (const auto& p : a.at("improvement_plan").as_array()) {
    const auto& o = p.as_object();
    auto cell = [&](const char* key) { return plain(o.at(key)).empty() ? std::string("") : e(o.at(key)); };
    out_ << "<tr><td>" << e(o.at("issue")) << "</td>";
    for (const char* key : {"corrective_action", "responsible", "dates"}) {
      out_ << (plain(o.at(key)).empty() ? "<td contenteditable=\"true\">" : "<td>") << cell(key) << "</td>";
    }
    out_ << "</tr>";
  }
  out_ << "</table><h3>Discussion questions</h3><ol>";
  for (const auto& q : a.at("discussion_questions").as_array()) out_ << "<li>" << e(q) << "</li>";
  out_ << "</ol>";
  close();
}

void Page::branches() {
  if (r_.at("branches").as_array().empty()) return;
  open("branches", "Branches");
  for (const auto& b : r_.at("branches").as_array()) {
    const auto& c = b.as_object();
    const auto& d = c.at("divergence").as_object();
    out_ << "<h3>" << e(c.at("b").as_object().at("title")) << " (" << e(c.at("b").as_object().at("session_id")) << ")</h3><p>Diverges after event "
         << e(d.at("after_seq")) << " (" << e(d.at("how")) << ").";
    if (!d.at("first_in_b").is_null()) out_ << " The branch went on: " << e(d.at("first_in_b")) << ".";
    out_ << "</p><table>";
    head({"", "this session", "the branch"});
    for (const auto& rw : c.at("outcomes").as_array()) {
      const auto& o = rw.as_object();
      std::string cls = o.at("same").as_bool() ? "" : " class=\"bad\"";
      out_ << "<tr><td>" << e(o.at("item")) << "</td><td" << cls << ">" << e(o.at("a")) << "</td><td" << cls << ">" << e(o.at("b")) << "</td></tr>";
    }
    out_ << "</table>";
  }
  close();
}

// Every event the viewer saw, by round; private messages are counted, not listed, unless their texts were asked for.
void Page::event_log() {
  open("events", "Event log");
  for (const auto& round : r_.at("timeline").as_object().at("rounds").as_array()) {
    const auto& o = round.as_object();
    std::size_t messages = 0;
    std::ostringstream rows;
    for (const auto& ev : o.at("events").as_array()) {
      const auto& x = ev.as_object();
      if (x.at("hidden").as_bool()) {  // a private message whose words this review leaves out
        ++messages;
        continue;
      }
      rows << "<tr><td>" << e(x.at("time")) << "</td><td>" << e(x.at("what")) << "</td></tr>";
    }
    out_ << "<details><summary>" << (o.at("round").to_number<std::int64_t>() == 0 ? std::string("Lobby") : "Round " + e(o.at("round"))) << " — "
         << o.at("events").as_array().size() << " events</summary><table class=\"events\">" << rows.str() << "</table>";
    if (messages > 0) out_ << "<p class=\"muted\">and " << messages << " private messages, counted but not shown.</p>";
    out_ << "</details>";
  }
  close();
}

std::string Page::render() {
  out_ << "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
       << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
       << "<link rel=\"icon\" href=\"data:,\"><title>After-action review: " << e(r_.at("title")) << "</title><style>" << kStyle << "</style></head><body>";
  header();
  summary();
  outcome();
  participants();
  timeline();
  positions();
  roll_calls();
  injects();
  pledges();
  stress_test();
  value();
  who_saw_what();
  out_ << ai_sections_html(r_);
  aar();
  branches();
  event_log();
  out_ << "</main><footer>Computed by Parley from " << e(r_.at("events")) << " recorded events of session " << e(r_.at("session_id"))
       << ".</footer></body></html>\n";
  return out_.str();
}

}  // namespace

std::string render_html(const json::object& review) { return Page(review).render(); }

}  // namespace parley::review
