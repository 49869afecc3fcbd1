#include "review/agent_report.hpp"

#include <sstream>

#include "review/review_context.hpp"
#include "review/svg_charts.hpp"

namespace parley::review {
namespace json = boost::json;
namespace {

std::string h(const json::value& v) { return escape_html(plain(v)); }

const json::array* list(const json::object& r, const char* key) {
  const auto* v = r.if_contains(key);
  return v && v->is_array() && !v->as_array().empty() ? &v->as_array() : nullptr;
}

std::string tokens(const json::object& s) {
  return plain(s.at("prompt_tokens")) + " in, " + plain(s.at("completion_tokens")) + " out";
}

std::string words(const json::object& said) {
  return plain(said.at("statements")) + " statements, " + plain(said.at("private_messages")) + " private messages, " +
         plain(said.at("room_posts")) + " room posts";
}

void seat_html(std::ostringstream& out, const json::object& s) {
  out << "<h3>" << h(s.at("name")) << " <span class=\"muted\">(" << h(json::value(joined(s.at("models")))) << ")</span></h3><p>"
      << h(s.at("calls")) << " model calls (" << h(s.at("failed_calls")) << " failed), " << h(s.at("moves")) << " moves taken, "
      << h(s.at("refusals")) << " refused; tokens " << escape_html(tokens(s)) << "; "
      << escape_html(duration_text(s.at("model_ms").to_number<std::int64_t>())) << " waiting on the model. It said: "
      << escape_html(words(s.at("said").as_object())) << ".</p>";
  if (!plain(s.at("stance")).empty()) out << "<p>Stance set by the white cell: " << h(s.at("stance")) << "</p>";
  for (const auto& f : s.at("failures").as_array()) out << "<p class=\"bad\">Failure: " << h(f) << "</p>";
  if (!s.at("refused").as_array().empty()) {
    out << "<details><summary>Refused moves</summary><table><tr><th>tool</th><th>arguments</th><th>reason</th></tr>";
    for (const auto& r : s.at("refused").as_array()) {
      const auto& o = r.as_object();
      out << "<tr><td>" << h(o.at("tool")) << "</td><td>" << h(o.at("arguments")) << "</td><td>" << h(o.at("reason")) << "</td></tr>";
    }
    out << "</table></details>";
  }
  out << "<details><summary>What it was told last</summary><pre>" << h(s.at("last_told")) << "</pre></details>";
}

void said_did_html(std::ostringstream& out, const json::object& d) {
  out << "<tr><td>" << h(d.at("name")) << (d.at("ai").as_bool() ? " <span class=\"muted\">(AI)</span>" : "") << "</td>";
  if (d.at("said").as_array().empty() && d.at("did").as_array().empty()) {
    out << "<td class=\"muted\" colspan=\"2\">nothing on the record</td></tr>";
    return;
  }
  out << "<td><ul>";
  for (const auto& i : d.at("said").as_array()) out << "<li>" << h(i.at("text")) << "</li>";
  out << "</ul></td><td><ul>";
  for (const auto& i : d.at("did").as_array()) out << "<li>" << h(i.at("text")) << "</li>";
  out << "</ul></td></tr>";
}

}  // namespace

std::string ai_sections_html(const json::object& r) {
  std::ostringstream out;
  if (const auto* seats = list(r, "ai_seats")) {
    out << "<section id=\"ai-seats\"><h2>AI delegations</h2><p>Seats a language model played. Each saw only what its seat was "
           "shown; every call it made is in the record (GET /api/sessions/&lt;id&gt;/agent-calls).</p>";
    for (const auto& s : *seats) seat_html(out, s.as_object());
    out << "</section>";
  }
  if (const auto* rows = list(r, "said_versus_did")) {
    out << "<section id=\"said-did\"><h2>Said and did</h2><p>Each delegation's public statements and pledges beside its votes, "
           "signature and crisis responses, in order.</p><table><tr><th>delegation</th><th>said</th><th>did</th></tr>";
    for (const auto& d : *rows) said_did_html(out, d.as_object());
    out << "</table></section>";
  }
  return out.str();
}

std::string ai_sections_markdown(const json::object& r) {
  std::ostringstream md;
  if (const auto* seats = list(r, "ai_seats")) {
    md << "## AI delegations\n\n";
    for (const auto& v : *seats) {
      const auto& s = v.as_object();
      md << "### " << plain(s.at("name")) << " (" << joined(s.at("models")) << ")\n\n- " << plain(s.at("calls")) << " model calls ("
         << plain(s.at("failed_calls")) << " failed), " << plain(s.at("moves")) << " moves taken, " << plain(s.at("refusals"))
         << " refused; tokens " << tokens(s) << "; " << duration_text(s.at("model_ms").to_number<std::int64_t>()) << " waiting on the model\n- said: "
         << words(s.at("said").as_object()) << "\n";
      if (!plain(s.at("stance")).empty()) md << "- stance set by the white cell: " << plain(s.at("stance")) << "\n";
      for (const auto& f : s.at("failures").as_array()) md << "- failure: " << plain(f) << "\n";
      for (const auto& x : s.at("refused").as_array()) md << "- refused: `" << plain(x.at("tool")) << "` — " << plain(x.at("reason")) << "\n";
      md << "\n";
    }
  }
  if (const auto* rows = list(r, "said_versus_did")) {
    md << "## Said and did\n\n";
    for (const auto& v : *rows) {
      const auto& d = v.as_object();
      md << "- **" << plain(d.at("name")) << "**" << (d.at("ai").as_bool() ? " (AI)" : "") << ": said ";
      std::string said, did;
      for (const auto& i : d.at("said").as_array()) said += (said.empty() ? "" : "; ") + plain(i.at("text"));
      for (const auto& i : d.at("did").as_array()) did += (did.empty() ? "" : "; ") + plain(i.at("text"));
      md << (said.empty() ? "nothing on the record" : said) << " — did: " << (did.empty() ? "nothing on the record" : did) << "\n";
    }
    md << "\n";
  }
  return md.str();
}

}  // namespace parley::review
