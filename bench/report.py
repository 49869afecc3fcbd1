#!/usr/bin/python3
"""Writes BENCHMARKS.md from the JSON files bench/run left in its work directory."""
import json
import os
import platform
import re
import sys

work, seconds, web_dir = sys.argv[1], sys.argv[2], sys.argv[3]


def load(name):
    with open(os.path.join(work, name + ".json")) as f:
        return json.load(f)


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def mem_gib():
    with open("/proc/meminfo") as f:
        kib = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
    return kib / 1024 / 1024


def verdict(ok):
    return "met" if ok else "**missed**"


closed = {n: load("closed-" + n) for n in ("10x5", "50x5", "200x5")}
open_loop = load("open-200x5-5000")
low_load = load("open-200x5-500")
idle = load("idle-10000")
replay = load("replay")
binary = load("replay-binary")
recovery = open(os.path.join(work, "recovery.txt")).read().strip()
engine = open(os.path.join(work, "engine.txt")).read().strip()
m = re.search(r"recovered (\d+) unfinished session\(s\) in (\d+) ms", recovery)
recovered, recovery_ms = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
replay_rate = replay["events"] / max(replay["seconds"], 1e-9)

out = []
w = out.append
w("# Benchmarks\n")
w(f"Written by `bench/run` (measured {seconds} s per configuration). The server, its embedded PostgreSQL "
  "(default durability: `synchronous_commit = on`, every acknowledged command is committed) and the load "
  "generator share one machine:\n")
w(f"- {os.cpu_count()} cores ({cpu_model()}), {mem_gib():.0f} GiB of memory, {platform.system()} {platform.release()}\n")
w("- commands: `bench/run` (which runs `parley-bench --sessions M --players N --seconds S [--rate R | --idle K]` "
  "against `parley-server`, then `parley-engine-bench`)\n")
w("- workload: the benchmark scenario (`bench/bench-scenario.textproto`), one long phase; each client sends "
  "70% private messages, 20% votes, 10% tabled texts, closed loop (next command after the ack) unless a rate is given\n")
w("\n## Results\n")
w("| configuration | commands/s | p50 ms | p95 ms | p99 ms | max ms | rejections | bytes/command | events out/s | server CPU | load generator CPU | server peak RSS |")
w("|---|---|---|---|---|---|---|---|---|---|---|---|")
for name, r in list(closed.items()) + [("open 200x5 @ 5,000/s", open_loop), ("open 200x5 @ 500/s", low_load)]:
    label = name if name.startswith("open") else "closed " + name
    l = r["latency_ms"]
    w(f"| {label} | {r['commands_per_second']:,.0f} | {l['p50']:.1f} | {l['p95']:.1f} | {l['p99']:.1f} | {l['max']:.1f} | "
      f"{r['rejections']} | {r['bytes_per_command']:.0f} | {r['events_per_second']:,.0f} | {r.get('server_cpu_percent', 0):.0f}% | "
      f"{r.get('load_generator_cpu_percent', 0):.0f}% | "
      f"{r.get('server_rss_peak_kib', 0) / 1024:.0f} MiB |")
w("")
idle_ok = idle.get("connections", 0) >= 10000 and idle["kib_per_connection"] > 0
w(f"- {idle.get('connections', 0):,} idle connections: {idle['kib_per_connection']:.1f} KiB of server memory each "
  f"(server RSS {idle['server_rss_kib'] / 1024:.0f} MiB)" + ("" if idle_ok else
  " — **not a valid measurement**: fewer than 10,000 connections were held, or RSS fell while they opened"))
binary_rate = binary["events"] / max(binary["seconds"], 1e-9)
w(f"- replay of a recorded session from PostgreSQL to a client, every event replayed through the engine's visibility "
  f"rules as the white cell: **binary** (`events?format=binary`, packed `EventPage`s of 50,000, two requested at a time, read and "
  f"unpacked by `parley-bench --replay`): {binary['events']:,} events in {binary['seconds']:.3f} s ({binary['pages']} pages, "
  f"{binary['bytes'] / max(binary['events'], 1):.0f} bytes/event), {binary_rate:,.0f} events/s; **JSON** (pages of 20,000, "
  f"Python's json): {replay['events']:,} events in {replay['seconds']:.2f} s, {replay_rate:,.0f} events/s")
w(f"- recovery at start: {recovered:,} unfinished sessions rebuilt in {recovery_ms:,} ms")
w("- the engine alone (`parley-engine-bench`, no I/O):\n\n```\n" + engine + "\n```\n")

# The browser client: what a page costs to fetch, to open and to keep up.
web = load("web")
assets = os.path.join(web_dir, "assets")
gz = {name[:-3]: os.path.getsize(os.path.join(assets, name)) for name in os.listdir(assets) if name.endswith(".gz")}
raw = {name: os.path.getsize(os.path.join(assets, name)) for name in gz}
bundle_kb = sum(gz.values()) / 1000
w("## Browser client\n")
w(f"- bundle: {bundle_kb:.1f} KB gzipped ({sum(raw.values()) / 1000:.0f} KB raw): "
  + ", ".join(f"`{n}` {gz[n] / 1000:.1f} KB" for n in sorted(gz)) + "; nothing is loaded from another host")
w(f"- a fresh session's desk is usable {web['small_session_usable_ms']} ms after navigation (median of 5, headless Chromium, "
  "usable = the state on screen and the connection live)")
w(f"- a session of {web['events']:,} events (private messages and statements), each view opened 5 times, median:\n")
w("| view | usable ms | whole history ms | a new event shows, ms | 100 more events, ms | longest task loading, ms | longest task in the burst, ms | blocking in the burst, ms | DOM nodes |")
w("|---|---|---|---|---|---|---|---|---|")
for v in web["views"]:
    w(f"| {v['view']} | {v['usable_ms']} | {v['history_ms']} | {v['new_event_ms']} | {v['burst_100_ms']} | "
      f"{v['longest_task_load_ms']} | {v['longest_task_burst_ms']} | {v['blocking_burst_ms']} | {v['dom_nodes']:,} |")
w("\nLong tasks are the page's own `longtask` entries (main-thread work over 50 ms, which delays input); "
  "blocking is their total beyond 50 ms each.\n")


# Class mode (bench/class, run by bench/run): a class under load with its dashboard open, and memory.
def class_section(cls, mem):
    out = ["## A class at once\n"]
    out.append(f"`bench/class`: a cohort of {cls['tables']} tables of the default scenario, {cls['people_per_table']} connections a table "
               f"({cls['connections']} in all, the browser protocol in JSON frames), each sending a private message every 2 s "
               f"({cls['commands_per_second']} commands/s in all), with the class dashboard open in headless Chromium:\n")
    out.append(f"- the class dashboard shows all {cls['tables']} tables {cls['dashboard_load_ms']['median']} ms after navigation "
               f"(median of 3; the first, with a cold cache, {cls['dashboard_load_ms']['all'][0]} ms)")
    out.append(f"- a table paused or resumed through the API shows on the dashboard in {cls['dashboard_update_ms']['median']} ms "
               f"(median of 20; p90 {cls['dashboard_update_ms']['p90']} ms, max {cls['dashboard_update_ms']['max']} ms): the page asks "
               "again as soon as it has an answer and the server answers when a table changes (at least 150 ms apart)")
    out.append(f"- {cls['desks_usable_ms']['n']} real desks opened in Chromium meanwhile, one after another: usable in "
               f"{cls['desks_usable_ms']['median']} ms (median), {cls['desks_usable_ms']['max']} ms at most")
    out.append(f"- the server over the run: {cls['server_cpu_percent']}% of one core, {cls['server_rss_mb']} MB resident\n")
    out.append(f"Memory, with `--keep-idle 5` standing in for an hour nobody touched the sessions: {mem['idle_sessions']:,} unfinished "
               f"sessions (half in the lobby, half started and paused, nobody connected) took the server from {mem['rss_start_mb']} MB "
               f"to {mem['rss_with_idle_hosted_mb']} MB with {mem['hosted_after_made']:,} of them still hosted; once they had all left "
               f"memory ({mem['hosted_after_rest']} hosted) it held {mem['rss_after_idle_left_mb']} MB (what stays is every session's "
               f"codes, for the next hello). A live session grew by {mem['bytes_per_command']} bytes per command over "
               f"{mem['commands']:,} private messages of varied wording (jemalloc returning freed pages at once).\n")
    return out

cls_path = os.path.join(work, "class.json")
if os.path.exists(cls_path):
    with open(cls_path) as f:
        lines = [json.loads(l) for l in f if l.startswith("{")]
    if len(lines) == 2:
        for line in class_section(*lines):
            w(line)

# The scenario studio: what an author waits for.
studio = load("studio")
w("## Scenario studio\n")
w(f"- validate + analysis of the default scenario (`POST /api/scenarios/validate`, JSON, as the studio sends it on a change): "
  f"median {studio['validate_ms']['median']:.1f} ms, p95 {studio['validate_ms']['p95']:.1f} ms over {studio['runs']} calls")
w(f"- a rehearsal of 200 bot games through the API (`POST /api/scenarios/ID/rehearse`, one core, off the session strands): "
  f"{studio['rehearsal_200_s']['median']:.2f} s (median of 3)")
w(f"- `/studio` usable (the library listed) {studio['studio_usable_ms']} ms after navigation; a copy of the default scenario "
  f"open in the editor with its analysis {studio['editor_ready_ms']} ms after the click (median of 5, headless Chromium)\n")

c200 = closed["200x5"]

# The peer, measured by bench/run in the same sitting.
peer_dir = os.path.join(work, "peer")
peer = {}
if os.path.isdir(peer_dir):
    for name in os.listdir(peer_dir):
        if name.endswith(".json"):
            with open(os.path.join(peer_dir, name)) as f:
                peer[name[:-5]] = json.load(f)
w("## Side by side: boardgame.io\n")
if peer:
    w("The peer benchmark (`../shared/peers/boardgameio`: boardgame.io 0.50 running a negotiation game of the same shape, "
      "closed loop, its own load generator) was run by `bench/run` on this machine right after Parley's runs:\n")
    w("| server | configuration | moves or commands/s | p50 ms | p99 ms | bytes to clients per move |")
    w("|---|---|---|---|---|---|")
    for n in ("10x5", "50x5", "200x5"):
        r = closed[n]
        w(f"| Parley (PostgreSQL, durable) | {n} | {r['commands_per_second']:,.0f} | {r['latency_ms']['p50']:.1f} | "
          f"{r['latency_ms']['p99']:.1f} | {r['bytes_per_command']:.0f} |")
    for storage in ("memory", "postgres"):
        for n in ("10x5", "50x5", "200x5"):
            r = peer.get(f"{storage}-{n}")
            if r:
                w(f"| boardgame.io ({'in memory' if storage == 'memory' else 'bgio-postgres'}) | {n} | {r['moves_per_s']:,.0f} | "
                  f"{r.get('p50_ms', r.get('latency_ms', {}).get('p50', 0)) or 0:.1f} | {r.get('p99_ms', r.get('latency_ms', {}).get('p99', 0)) or 0:.1f} | "
                  f"{r['client_rx_bytes_per_move']:,.0f} |")
    w("")
else:
    w("The peer benchmark did not run in this sitting (no `../shared/peers/boardgameio`, or it failed); "
      "the ratios below are therefore not measured.\n")

w("## Against the targets\n")
w("| target | measured | |\n|---|---|---|")
w(f"| ≥ 20,000 durable commands/s, 200×5 closed loop, zero rejections | {c200['commands_per_second']:,.0f}/s, "
  f"{c200['rejections']} rejections | {verdict(c200['commands_per_second'] >= 20000 and c200['rejections'] == 0)} |")
for storage, factor in (("memory", 10), ("postgres", 80)):
    r = peer.get(f"{storage}-200x5")
    if r:
        ratio = c200["commands_per_second"] / max(r["moves_per_s"], 1e-9)
        w(f"| ≥ {factor}× boardgame.io {'in memory' if storage == 'memory' else 'with PostgreSQL'} (200×5, same sitting) | "
          f"{ratio:,.1f}× ({r['moves_per_s']:,.0f} moves/s) | {verdict(ratio >= factor)} |")
    else:
        w(f"| ≥ {factor}× boardgame.io {storage} (same sitting) | not measured | **missed** |")
w(f"| p99 ≤ 5 ms, open loop at 5,000/s | {open_loop['latency_ms']['p99']:.1f} ms (achieved {open_loop['commands_per_second']:,.0f}/s) | {verdict(open_loop['latency_ms']['p99'] <= 5)} |")
w(f"| p99 ≤ 2 ms, open loop at 500/s | {low_load['latency_ms']['p99']:.1f} ms (p50 {low_load['latency_ms']['p50']:.1f} ms) | {verdict(low_load['latency_ms']['p99'] <= 2)} |")
bpc = max(r["bytes_per_command"] for r in list(closed.values()) + [open_loop, low_load])
w(f"| ≤ 100 bytes sent per command (benchmark mix) | {min(r['bytes_per_command'] for r in closed.values()):.0f}–{bpc:.0f} | {verdict(bpc <= 100)} |")
w(f"| 100,000-event session replayed to a client in < 0.5 s (binary, paged) | {binary['events']:,} events in {binary['seconds']:.3f} s "
  f"({binary_rate:,.0f}/s) | {verdict(binary_rate >= 200000) + ('' if binary['events'] >= 100000 else ' (by rate: a smaller session)')} |")
w(f"| idle connection memory does not regress (2.4 KiB before) | {idle['kib_per_connection']:.1f} KiB over {idle.get('connections', 0):,} connections | "
  f"{verdict(idle['kib_per_connection'] <= 2.4 * 1.1) if idle_ok else '**not measured** (see above)'} |")
# Per session: the database a sitting leaves holds as many unfinished sessions as its runs made.
per_session = recovery_ms / recovered if recovered else 0.0
w(f"| recovery does not regress (1,000 sessions in 2.11 s before: 2.11 ms each) | {recovered:,} in {recovery_ms / 1000:.2f} s "
  f"({per_session:.2f} ms each) | {verdict(recovered >= 1000 and per_session <= 2.11 * 1.1)} |")
w(f"| browser bundle ≤ 250 KB gzipped | {bundle_kb:.1f} KB | {verdict(bundle_kb <= 250)} |")
if os.path.exists(cls_path) and len(lines) == 2:
    cls, mem = lines
    w(f"| class dashboard of {cls['tables']} tables usable < 1 s, updates < 200 ms | {cls['dashboard_load_ms']['all'][0]} ms cold, "
      f"{cls['dashboard_update_ms']['median']} ms median update | {verdict(cls['dashboard_load_ms']['all'][0] < 1000 and cls['dashboard_update_ms']['median'] < 200)} |")
    w(f"| a live session's memory per command < 300 bytes | {mem['bytes_per_command']} bytes | {verdict(mem['bytes_per_command'] < 300)} |")
w(f"| scenario validate + analysis round trip < 100 ms (default scenario) | {studio['validate_ms']['median']:.1f} ms median | {verdict(studio['validate_ms']['median'] < 100)} |")
w(f"| the studio usable < 1 s after navigation | {studio['studio_usable_ms']} ms | {verdict(studio['studio_usable_ms'] < 1000)} |")
w(f"| a usable page < 1 s after navigation | {web['small_session_usable_ms']} ms fresh; "
  f"{max(v['usable_ms'] for v in web['views'])} ms at most with {web['events']:,} events | "
  f"{verdict(web['small_session_usable_ms'] < 1000 and max(v['usable_ms'] for v in web['views']) < 1000)} |")
w("")
profile = os.path.join(work, "profile.txt")
if os.path.exists(profile) and os.path.getsize(profile) > 0:
    w("## Profile after the change\n")
    w("`perf record -e cpu-clock` on `parley-server` for 6 s of the 200×5 closed loop (sampled CPU time of the server "
      "process only; PostgreSQL and the load generator run beside it), by library and by function:\n")
    w("```\n" + open(profile).read().rstrip() + "\n```\n")
here = os.path.dirname(os.path.abspath(__file__))
soak = os.path.join(here, "soak.json")
if os.path.exists(soak):  # bench/soak's last figure; a soak takes an hour, so bench/run does not repeat it
    sys.path.insert(0, here)
    import soak_report
    w(soak_report.section(soak) + "\n")
notes = os.path.join(here, "NOTES.md")
if os.path.exists(notes):
    w(open(notes).read())
print("\n".join(out))
