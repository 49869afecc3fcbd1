#!/usr/bin/env bash
# The engine is pure: no network, database, clock, unseeded randomness, threads or
# file and console I/O. This fails, naming the line, if any creeps in.
set -euo pipefail
dir="${1:?usage: purity_check.sh SERVER_ENGINE_DIR}"
pattern='#include *[<"](boost/|pqxx|libpq|asio|chrono|ctime|time\.h|thread|mutex|fstream|iostream|cstdio|filesystem|unistd\.h|sys/)'
if grep -rnE "$pattern" "$dir"; then
  echo "engine purity: the lines above include I/O, a clock, threads or randomness" >&2
  exit 1
fi
if grep -rnE '\b(getenv|rand|srand|time|system_clock|steady_clock|random_device)\s*\(' "$dir"; then
  echo "engine purity: the lines above read the environment, a clock or a global random source" >&2
  exit 1
fi
echo "engine purity: $(find "$dir" -name '*.cpp' -o -name '*.hpp' | wc -l) files clean"
