#!/usr/bin/python3
"""The soak's section of BENCHMARKS.md, from bench/soak.json (written by bench/soak).

  soak_report.py SOAK_JSON           prints the section
  soak_report.py SOAK_JSON --splice BENCHMARKS_MD
                                     replaces the section in that file (or appends it)
"""
import json
import sys

BEGIN = "<!-- soak: written by bench/soak -->"
END = "<!-- /soak -->"


def section(path):
    r = json.load(open(path))
    samples = r["rss_samples"]
    half = samples[-1][0] / 2
    late = [kib for at, kib in samples if at >= half]
    lat = r["latency_ms"]
    minutes = r.get("session_minutes", 0)
    lines = [BEGIN, "## Soak\n"]
    lines.append(f"`bench/soak`: {r['sessions']} sessions of {r['players']} players, open loop at {r['offered_rate']:,.0f} "
                 f"commands/s in total for {r['seconds'] / 3600:.1f} h" +
                 (f"; each session is ended by its white cell after {minutes:g} minutes and a fresh one takes its place "
                  f"({r.get('sessions_replaced', 0):,} replaced), as sessions come and go on a real server; an ended "
                  "session leaves memory once nobody has held it for `--keep-ended` (default 600 s)." if minutes else
                  "; the same sessions run throughout.") + "\n")
    lines.append(f"- achieved {r['commands_per_second']:,.0f} commands/s, p50 {lat['p50']:.1f} ms, p99 {lat['p99']:.1f} ms, "
                 f"max {lat['max']:.0f} ms, {r['rejections']} rejections")
    lines.append(f"- server RSS: {samples[0][1] / 1024:.0f} MiB at start, {late[0] / 1024:.0f} MiB at half time, "
                 f"{samples[-1][1] / 1024:.0f} MiB at the end; {min(late) / 1024:.0f}–{max(late) / 1024:.0f} MiB over the second half")
    lines.append(f"- **RSS slope over the second half: {r['rss_slope_mib_per_hour']:+.1f} MiB/hour** "
                 "(least squares over the samples; the first half is warm-up: sessions fill, ended ones wait out `--keep-ended`)\n")
    lines.append("| minute | " + " | ".join(f"{at / 60:.0f}" for at, _ in samples[::5]) + " |")
    lines.append("|---|" + "---|" * len(samples[::5]))
    lines.append("| server RSS, MiB | " + " | ".join(f"{kib / 1024:.0f}" for _, kib in samples[::5]) + " |")
    lines.append("")
    lines.append("A live session keeps its state (every message and text in it, which a joining client's snapshot "
                 "needs), the events of its last two snapshot intervals and a bounded answer cache per seat; so a "
                 "session's memory grows with its own history while it runs and is given back when it ends and "
                 "leaves memory. Without replacement (`bench/soak 3600 200 1000 0`) each session here would gather "
                 "some 18,000 commands in the hour and RSS grows with those histories.")
    lines.append(END)
    return "\n".join(lines)


def splice(text, into):
    if BEGIN in into and END in into:
        head, rest = into.split(BEGIN, 1)
        return head + text + rest.split(END, 1)[1]
    return into.rstrip("\n") + "\n\n" + text + "\n"


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) >= 2 else 2)
    text = section(sys.argv[1])
    if len(sys.argv) == 4 and sys.argv[2] == "--splice":
        md = open(sys.argv[3]).read()
        open(sys.argv[3], "w").write(splice(text, md))
    else:
        print(text)
