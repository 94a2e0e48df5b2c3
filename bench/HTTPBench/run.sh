#!/usr/bin/env bash
# Drives bench-http and nginx (the machine's ceiling) with the same wrk load:
# 64 keep-alive connections for 10 s, each POSTing the ~21 KB GitHub
# workflow_run payload. Prints requests/s, p50, p99 for both, the ratio,
# and bench-http's peak RSS (VmHWM).
# Usage: bench/HTTPBench/run.sh PATH/TO/bench-http   (or `make bench-http`)
set -euo pipefail

BIN=${1:?usage: run.sh PATH/TO/bench-http}
HERE=$(cd "$(dirname "$0")" && pwd)
PAYLOAD="$HERE/../../../shared/fixtures/github/workflow_run.completed.failure.json"
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
# Optional CPU pinning (taskset lists, e.g. SERVER_CPUS=0 WRK_CPUS=1), so the
# load generator does not steal the server's core: on 2 cores, wrk's threads
# and the server's threads otherwise queue behind each other and the p99
# measures the scheduler. Applies to nginx as well.
SERVER_PIN=${SERVER_CPUS:+taskset -c $SERVER_CPUS}
WRK_PIN=${WRK_CPUS:+taskset -c $WRK_CPUS}
[ -f "$PAYLOAD" ] || { echo "missing payload: $PAYLOAD" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk not installed (make bench-deps)" >&2; exit 1; }
command -v nginx >/dev/null || { echo "nginx not installed (make bench-deps)" >&2; exit 1; }

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

cat > "$WORK/post.lua" <<LUA
local file = assert(io.open("$PAYLOAD", "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-GitHub-Event"] = "workflow_run"
LUA

. "$HERE/../nginx-ceiling.sh"

# run_wrk NAME URL -> prints "NAME req/s p50 p99" from wrk's --latency output
run_wrk() {
    local name=$1 url=$2 out
    out=$($WRK_PIN wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/post.lua" "$url")
    echo "$out" > "$WORK/$name.wrk"
    local rps p50 p99 non2xx
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    echo "$name $rps $p50 $p99 ${non2xx:-0}"
}

# 1. Our listener.
$SERVER_PIN "$BIN" 0 ${LOOPS:-} > "$WORK/port" &
SERVER_PID=$!
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
PORT=$(head -1 "$WORK/port")
curl -fsS -o /dev/null -X POST --data-binary @"$PAYLOAD" "http://127.0.0.1:$PORT/hooks/github"
OURS=$(run_wrk bench-http "http://127.0.0.1:$PORT/hooks/github")
RSS=$(awk '/^VmHWM:/ {print $2 " " $3}' "/proc/$SERVER_PID/status")
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""

# 2. nginx reading the body (echo module) and answering a fixed 202.
NGINX_PORT=$(free_port)
start_nginx_ceiling "$WORK" "$NGINX_PORT" /hooks/github '{"accepted": true}'
curl -fsS -o /dev/null -X POST --data-binary @"$PAYLOAD" "http://127.0.0.1:$NGINX_PORT/hooks/github"
NGINX=$(run_wrk nginx "http://127.0.0.1:$NGINX_PORT/hooks/github")
stop_nginx_ceiling "$WORK"

echo
[ -n "${SERVER_CPUS:-}${WRK_CPUS:-}" ] && echo "pinned: servers on CPUs ${SERVER_CPUS:-any}, wrk on CPUs ${WRK_CPUS:-any}"
echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION, POST $(wc -c < "$PAYLOAD") bytes"
printf '%-12s %12s %10s %10s %8s\n' server "requests/s" p50 p99 non-2xx
read -r n r p5 p9 e <<<"$OURS";  printf '%-12s %12s %10s %10s %8s\n' "$n" "$r" "$p5" "$p9" "$e"
read -r n2 r2 q5 q9 e2 <<<"$NGINX"; printf '%-12s %12s %10s %10s %8s\n' "$n2" "$r2" "$q5" "$q9" "$e2"
awk -v a="$r" -v b="$r2" 'BEGIN { printf "ratio bench-http/nginx: %.1f%%\n", 100 * a / b }'
echo "bench-http peak RSS (VmHWM): $RSS"
