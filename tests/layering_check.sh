#!/usr/bin/env bash
# The include graph, checked: server/ and clients/ stand on core/, core/ includes neither,
# server/ and clients/ never include each other, and inside core/ and server/ each folder
# includes only the folders below it (so there is no cycle). core/ as a whole does no I/O:
# no database, network, files, console, environment or clock reads; threads may run its pure
# work in parallel (a rehearsal's --jobs). The engine's stricter check is
# engine/purity_check.sh. Fails naming the file and the include.
set -euo pipefail
root="${1:?usage: layering_check.sh SOURCE_DIR}"
cd "$root"

# Each folder's floor; a file may include its own folder, generated protos ("parley/"),
# and folders on a lower floor of its own side or of core.
declare -A floor=(
  [core/common]=0 [core/engine]=1 [core/wire]=2 [core/review]=2 [core/bots]=3
  [server/log]=10 [server/storage]=11 [server/net]=11 [server/library]=12 [server/cohort]=12
  [server/session]=13 [server/cluster]=14 [server/gateway]=15 [server/http]=16 [server/app]=17
  [clients/lib]=20 [clients/cli]=21
)
# An include path's first folder names a folder under core/, server/ or clients/.
declare -A owner=()
for f in "${!floor[@]}"; do owner[${f#*/}]=$f; done

bad=0
while IFS= read -r line; do
  file=${line%%:*}
  inc=$(sed -E 's/.*#include *"([^"]+)".*/\1/' <<<"$line")
  top=${inc%%/*}
  [[ "$inc" == */* && "$top" != parley ]] || continue
  to=${owner[$top]:-}
  [[ -n "$to" ]] || continue  # a path of the file's own folder tree (e.g. "rules/...") or a test's
  from=$(cut -d/ -f1-2 <<<"$file")
  [[ -n "${floor[$from]:-}" ]] || continue
  [[ "$from" == "$to" ]] && continue
  side_from=${from%%/*} side_to=${to%%/*}
  if [[ "$side_to" != core && "$side_to" != "$side_from" ]]; then
    echo "layering: $file includes $inc ($to): $side_from/ may include core/ and itself only" >&2; bad=1
  elif [[ "$side_from" == core && "$side_to" != core ]]; then
    echo "layering: $file includes $inc ($to): core/ includes neither server/ nor clients/" >&2; bad=1
  elif [[ "$side_to" == "$side_from" ]] && (( floor[$to] >= floor[$from] )); then
    echo "layering: $file includes $inc: $to is not below $from" >&2; bad=1
  fi
done < <(grep -rnE '^#include *"' core server clients --include=*.cpp --include=*.hpp | sed -E 's/^([^:]+):[0-9]+:/\1:/')

io='#include *[<"](pqxx|libpq|asio|boost/asio|boost/beast|fstream|iostream|filesystem|unistd\.h|sys/|arpa/|netinet/)'
if grep -rnE "$io" core; then
  echo "layering: core/ does no I/O: the lines above include a database, network, file or console header" >&2; bad=1
fi
if grep -rnE '\b(getenv|system_clock|steady_clock|random_device)\b|\btime *\( *(nullptr|NULL|0)? *\)' core; then
  echo "layering: core/ reads no environment and no clock: the lines above do" >&2; bad=1
fi
(( bad == 0 )) || exit 1
echo "layering: $(grep -rlE '^#include' core server clients --include=*.cpp --include=*.hpp | wc -l) files, every include points down"
