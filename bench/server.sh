# Shared by bench/run and bench/soak (sourced; expects $root): builds
# Release, makes a work directory that is removed on exit, and starts and
# stops parley-server on its embedded PostgreSQL with benchmark limits.
"$root/scripts/install-deps"
build="$root/build/release"
echo "$(basename "$0"): building Release ..."
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARLEY_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target parley-server parley-bench parley-engine-bench parley_web >/dev/null
server_bin="$build/server/parley-server"
bench="$build/bench/parley-bench"

work=$(mktemp -d /tmp/parley-bench.XXXXXX)
token=bench-admin-token-$RANDOM$RANDOM
server_pid=""
extra_args=()  # more server flags for the next start_server
stop_server() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
}
cleanup() {
  stop_server
  "$server_bin" db stop --data-dir "$work/var" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$work/scenarios"
cp "$root"/scenarios/*.textproto "$root/bench/bench-scenario.textproto" "$work/scenarios/"

start_server() {
  : > "$work/server.out"
  "$server_bin" --data-dir "$work/var" --listen 127.0.0.1:0 --scenarios "$work/scenarios" --admin-token "$token" \
    --rate 100000 --max-connections 20000 --max-sessions 20000 --log-level info "${extra_args[@]}" >"$work/server.out" 2>>"$work/server.log" &
  server_pid=$!
  for _ in $(seq 1 600); do
    grep -q "listening on" "$work/server.out" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
  done
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.out" | head -1)
}

