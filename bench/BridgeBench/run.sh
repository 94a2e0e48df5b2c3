#!/usr/bin/env bash
# The gateway's benchmarks (see README.md for figures and how to read them).
#
# 1. Ingest: wrk, 64 keep-alive connections for 10 s, POSTs the ~21 KB GitHub
#    workflow_run payload (with the three fields /hooks/ci requires added,
#    its `repository` object renamed) to `serve`, each request with its own Idempotency-Key, once with
#    durability = "fsync" and once with "os"; nginx answering 202 to the same
#    POST in the same run is the machine's ceiling. Prints accepted events/s,
#    p50/p99 of the 2xx and serve's peak RSS (VmHWM).
# 2. End to end: 20,000 small CI events over 1,000 dedup keys into `serve`
#    and on to the simulator: events/s from the first receipt to the last
#    Sniffer call, and p50/p99 from receipt to the Sniffer call (read from
#    the store: events.received_at -> actions.finished_at).
#
# Usage: bench/BridgeBench/run.sh PATH/TO/sniffer-bridge   (a release build)
set -euo pipefail

BIN=${1:?usage: run.sh PATH/TO/sniffer-bridge}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FIXTURE="$ROOT/../shared/fixtures/github/workflow_run.completed.failure.json"
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
E2E_EVENTS=${E2E_EVENTS:-20000}
[ -f "$FIXTURE" ] || { echo "missing payload: $FIXTURE" >&2; exit 1; }
for tool in wrk nginx sqlite3 python3 curl; do
    command -v $tool >/dev/null || { echo "$tool not installed (make bench-deps)" >&2; exit 1; }
done

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

. "$HERE/../nginx-ceiling.sh"

# The fixture with pipeline/status/url added, indented like the original (~21 KB).
PAYLOAD="$WORK/payload.json"
python3 - "$FIXTURE" "$PAYLOAD" <<'PY'
import json, sys
payload = json.load(open(sys.argv[1]))
# /hooks/ci reads "repository" as a string: the GitHub object moves aside.
body = {"pipeline": "bench", "status": "failure", "url": "https://ci.example/runs/1",
        "github_repository": payload.pop("repository")}
body.update(payload)
open(sys.argv[2], "w").write(json.dumps(body, indent=2))
PY

cat > "$WORK/ingest.lua" <<LUA
local file = assert(io.open("$PAYLOAD", "rb"))
local body = file:read("*a")
file:close()
local counter = 0
local prefix = tostring(math.random(1, 1000000000))
function setup(thread) thread:set("id", tostring(math.random(1, 1000000000))) end
function request()
    counter = counter + 1
    return wrk.format("POST", "/hooks/ci", {
        ["Content-Type"] = "application/json", ["Authorization"] = "Bearer bench-token",
        ["Idempotency-Key"] = prefix .. "-" .. (id or "") .. "-" .. counter }, body)
end
LUA

# Small CI reports over 1,000 pipelines; each thread stops after its share.
cat > "$WORK/e2e.lua" <<LUA
local counter = 0
local limit = 0
local prefix = ""
function setup(thread) thread:set("id", tostring(math.random(1, 1000000000))) end
function init(args) limit = tonumber(args[1]); prefix = id or tostring(math.random(1, 1000000000)) end
function request()
    counter = counter + 1
    local body = string.format('{"pipeline":"p%d","status":"failure","url":"https://ci.example/runs/%s-%d","run_id":"%s-%d","branch":"main"}',
        math.random(0, 999), prefix, counter, prefix, counter)
    return wrk.format("POST", "/hooks/ci", {
        ["Content-Type"] = "application/json", ["Authorization"] = "Bearer bench-token",
        ["Idempotency-Key"] = prefix .. "-" .. counter }, body)
end
function response(status, headers, body)
    if counter >= limit then wrk.thread:stop() end
end
LUA

# start_sim -> sets SIM_ADDR, SIM_TOKEN, SIM_PROJECT
start_sim() {
    "$BIN" sim --listen 127.0.0.1:0 > "$WORK/sim.out" 2> "$WORK/sim.err" &
    PIDS+=($!)
    for _ in $(seq 100); do [ -s "$WORK/sim.out" ] && break; sleep 0.05; done
    read -r SIM_ADDR SIM_TOKEN SIM_PROJECT < <(python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).readline()); print(d["listen"], d["token"], d["project"])' "$WORK/sim.out")
}

# start_serve NAME DURABILITY -> sets SERVE_PID, SERVE_PORT, DATA
start_serve() {
    local name=$1 durability=$2
    DATA="$WORK/$name-data"
    cat > "$WORK/$name.toml" <<TOML
mappings = ["$ROOT/mappings/ci-generic.toml"]
[server]
listen = "127.0.0.1:0"
[store]
path = "$DATA"
durability = "$durability"
[sniffer]
base_url = "http://$SIM_ADDR"
token = "$SIM_TOKEN"
project = "$SIM_PROJECT"
[delivery]
concurrency = ${DELIVERY_CONCURRENCY:-16}
[sources.ci]
tokens = ["bench-token"]
TOML
    "$BIN" serve --config "$WORK/$name.toml" > "$WORK/$name.out" 2> "$WORK/$name.err" &
    SERVE_PID=$!
    PIDS+=($SERVE_PID)
    for _ in $(seq 100); do [ -s "$WORK/$name.out" ] && break; sleep 0.05; done
    SERVE_PORT=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["listen"].rsplit(":",1)[1])' "$WORK/$name.out")
}

# run_wrk NAME URL -> "NAME req/s p50 p99 non2xx"
run_wrk() {
    local name=$1 url=$2 out
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/ingest.lua" "$url")
    echo "$out" > "$WORK/$name.wrk"
    echo "$name $(awk '/^Requests\/sec:/ {print $2}' <<<"$out") $(awk '$1 == "50%" {print $2}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out") $(awk '/Non-2xx/ {print $NF}' <<<"$out" | grep . || echo 0)"
}

start_sim

# 1. Ingest, fsync then os (ONLY=e2e skips it).
RESULTS=()
INGEST_MODES=${INGEST_MODES:-fsync os}
[ "${ONLY:-}" = e2e ] && INGEST_MODES=""
# RUNS=N repeats each mode N times (a fresh serve each time) and adds the
# median: on a shared 2-core VM one run is not a figure.
RUNS=${RUNS:-1}
for run in $(seq "$RUNS"); do
for durability in $INGEST_MODES; do
    start_serve "ingest-$durability-$run" "$durability"
    curl -fsS -o /dev/null -X POST -H 'Authorization: Bearer bench-token' -H 'Content-Type: application/json' \
        --data-binary @"$PAYLOAD" "http://127.0.0.1:$SERVE_PORT/hooks/ci"
    line=$(run_wrk "serve-$durability" "http://127.0.0.1:$SERVE_PORT/hooks/ci")
    rss=$(awk '/^VmHWM:/ {print $2 $3}' "/proc/$SERVE_PID/status")
    stored=$(sqlite3 "$DATA/sniffer-bridge.sqlite3" 'SELECT count(*) FROM events')
    RESULTS+=("${line/serve-$durability/serve-$durability#$run} $rss $stored")
    kill -TERM "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true
    rm -rf "$DATA"  # 1-3 GB of payloads a run
done
done

# nginx answering 202 after reading the same body.
NGINX_PORT=$(free_port)
start_nginx_ceiling "$WORK" "$NGINX_PORT" /hooks/ci '{"id": 1, "duplicate": false}'
NGINX=$(run_wrk nginx "http://127.0.0.1:$NGINX_PORT/hooks/ci")
stop_nginx_ceiling "$WORK"

echo
echo "Ingest: wrk $THREADS threads, $CONNECTIONS connections, $DURATION, POST $(wc -c < "$PAYLOAD") bytes to /hooks/ci"
printf '%-13s %12s %10s %10s %8s %12s %10s\n' server "events/s" p50 p99 non-2xx "peak RSS" stored
for r in "${RESULTS[@]}"; do
    read -r n rate p5 p9 e rss stored <<<"$r"
    printf '%-13s %12s %10s %10s %8s %12s %10s\n' "$n" "$rate" "$p5" "$p9" "$e" "$rss" "$stored"
done
read -r n rate p5 p9 e <<<"$NGINX"
printf '%-13s %12s %10s %10s %8s %12s %10s\n' "$n" "$rate" "$p5" "$p9" "$e" "-" "-"
if [ "$RUNS" -gt 1 ]; then
    for durability in $INGEST_MODES; do
        printf '%s\n' "${RESULTS[@]}" | awk -v mode="serve-$durability#" '
            index($1, mode) == 1 {
                rate[++n] = $2; p = $4
                if (p ~ /ms$/) p = p + 0; else if (p ~ /us$/) p = p / 1000; else if (p ~ /s$/) p = p * 1000
                p99[n] = p; if (p < 10) under++
            }
            function median(a, n,   i, j, t) {
                for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
                return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
            }
            END { if (n) printf "%s x%d: median %.0f events/s, median p99 %.2f ms, p99 under 10 ms in %d of %d\n", substr(mode, 1, length(mode) - 1), n, median(rate, n), median(p99, n), under, n }'
    done
fi

# 2. End to end (fsync); ONLY=ingest skips it.
[ "${ONLY:-}" = ingest ] && exit 0
start_serve e2e fsync
# wrk runs for its whole -d even after every thread stopped; the figures come
# from the store's timestamps, not from wrk.
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${E2E_SEND_TIME:-40s}" -s "$WORK/e2e.lua" "http://127.0.0.1:$SERVE_PORT/hooks/ci" \
    -- $((E2E_EVENTS / THREADS)) > "$WORK/e2e.wrk"
DB="$DATA/sniffer-bridge.sqlite3"
for _ in $(seq 1200); do
    left=$(sqlite3 "$DB" 'SELECT (SELECT count(*) FROM events WHERE state = 0) + (SELECT count(*) FROM actions WHERE state IN (0, 1))' 2>/dev/null || echo 1)
    [ "$left" = 0 ] && break
    sleep 0.25
done
E2E_RSS=$(awk '/^VmHWM:/ {print $2 $3}' "/proc/$SERVE_PID/status")
kill -TERM "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true
sqlite3 "$DB" > "$WORK/e2e.txt" <<'SQL'
CREATE TEMP TABLE lat AS SELECT a.finished_at - e.received_at AS ms FROM actions a JOIN events e ON e.id = a.event_id WHERE a.state = 2;
SELECT (SELECT count(*) FROM events),
       (SELECT count(*) FROM actions WHERE state = 2),
       (SELECT count(*) FROM actions WHERE state = 3),
       (SELECT max(finished_at) FROM actions) - (SELECT min(received_at) FROM events),
       (SELECT ms FROM lat ORDER BY ms LIMIT 1 OFFSET (SELECT count(*) / 2 FROM lat)),
       (SELECT ms FROM lat ORDER BY ms LIMIT 1 OFFSET (SELECT count(*) * 99 / 100 FROM lat));
SQL
IFS='|' read -r events done dead span p50 p99 < "$WORK/e2e.txt"
echo
echo "End to end: $events events over 1000 dedup keys -> simulator (durability fsync, delivery concurrency ${DELIVERY_CONCURRENCY:-16}, $THREADS wrk threads, $CONNECTIONS connections)"
echo "delivered actions: $done, dead: $dead, left over: $left"
awk -v n="$done" -v ms="$span" 'BEGIN { printf "first receipt -> last Sniffer call: %.2f s, %.0f events/s\n", ms / 1000, n * 1000 / ms }'
echo "receipt -> Sniffer call: p50 ${p50} ms, p99 ${p99} ms; serve peak RSS $E2E_RSS"
