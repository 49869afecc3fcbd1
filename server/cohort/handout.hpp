#pragma once
// The slips an instructor prints and cuts, one per participant: name, table,
// role, seat, join link with its QR code, and the short code to type. One
// self-contained HTML page (inline CSS and SVG, no script) whose slips fit
// both A4 and US Letter, and a CSV of the same rows for a mail merge. Pure.

#include <string>
#include <vector>

namespace parley::cohort {

struct HandoutSlip {
  std::string name;        // empty: an anonymous seat ("Participant 7")
  int table = 0;
  std::string role_name;   // empty for an observer
  std::string seat_label;  // "Head of delegation", "Adviser 1", "Observer"
  std::string link;        // the join link
  std::string short_code;  // the code to type or read aloud
};

struct Handout {
  std::string title;     // the cohort's
  std::string scenario;  // the scenario's name
  std::vector<HandoutSlip> slips;
};

// paper: "a4", "letter" or "" (either: the slips fit both).
std::string handout_html(const Handout& handout, const std::string& paper);
std::string handout_csv(const Handout& handout);
// A CSV cell: quoted when it holds a comma, quote or line break; a leading
// =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula.
std::string csv_cell(const std::string& text);

}  // namespace parley::cohort
