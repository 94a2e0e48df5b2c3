#!/usr/bin/env bash
# The GitHub path on PostgreSQL against the same path on SQLite and against
# a Hummingbird 2 + PostgresNIO receiver that does one INSERT per webhook
# (bench/peers/hummingbird-postgres), in turns, in one run: wrk, 2 threads and 64 keep-alive connections for 10 s, POSTs
# the signed ~21 KB workflow_run fixture to /hooks/github of `serve`
# (mappings/github-actions.toml, delivering to `sim --strict`), once with
# [store] backend = "postgres" (a fresh schema in the cluster this script
# runs beside) and once with SQLite (durability fsync); then the receiver,
# on the same cluster. Per run: events/s
# (2xx only), p99, and CPU per request of serve and of every postgres
# process (where the time goes); then PostgreSQL / SQLite, pair by pair,
# and medians with RUNS > 1.
#
# Usage (make bench-postgres runs it beside a throwaway cluster):
#   Tests/with-postgres.sh bench/PostgresBench/run.sh PATH/TO/sniffer-bridge [PATH/TO/hummingbird-postgres]
set -euo pipefail

BIN=${1:?usage: run.sh PATH/TO/sniffer-bridge [PATH/TO/hummingbird-postgres]}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PEER=${2:-$ROOT/bench/peers/hummingbird-postgres/.build/release/hummingbird-postgres}
FIXTURE="$ROOT/../shared/fixtures/github/workflow_run.completed.failure.json"
URL=${SNIFFER_BRIDGE_TEST_POSTGRES:?run beside a cluster: Tests/with-postgres.sh $0 BIN}
RUNS=${RUNS:-3}
# ONLY=github (the three servers) or e2e (one replica against three, end to end); both by default.
ONLY=${ONLY:-}
E2E_EVENTS=${E2E_EVENTS:-10000}
SECRET=bench-github-secret-5f3a9c
CLK_TCK=$(getconf CLK_TCK)
for tool in wrk python3; do command -v $tool >/dev/null || { echo "$tool not installed (make bench-deps)" >&2; exit 1; }; done
[ -x "$PEER" ] || { echo "missing the receiver: $PEER (make bench-peers)" >&2; exit 1; }
read -r PG_HOST PG_PORT PG_USER PG_DB < <(python3 -c 'import sys, urllib.parse as u; p = u.urlparse(sys.argv[1]); print(p.hostname, p.port or 5432, p.username or "postgres", p.path.lstrip("/"))' "$URL")

WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

SIGNATURE=$(python3 -c 'import hashlib, hmac, sys; print(hmac.new(sys.argv[1].encode(), open(sys.argv[2], "rb").read(), hashlib.sha256).hexdigest())' "$SECRET" "$FIXTURE")
cat > "$WORK/github.lua" <<LUA
local file = assert(io.open("$FIXTURE", "rb")); local body = file:read("*a"); file:close()
local counter = 0
local prefix = tostring(math.random(1, 1000000000))
function setup(thread) thread:set("id", tostring(math.random(1, 1000000000))) end
function request()
    counter = counter + 1
    return wrk.format("POST", "/hooks/github", {
        ["Content-Type"] = "application/json", ["X-GitHub-Event"] = "workflow_run",
        ["X-GitHub-Delivery"] = prefix .. "-" .. (id or "") .. "-" .. counter,
        ["X-Hub-Signature-256"] = "sha256=$SIGNATURE" }, body)
end
LUA

"$BIN" sim --strict --listen 127.0.0.1:0 > "$WORK/sim.out" 2> "$WORK/sim.err" &
PIDS+=($!)
for _ in $(seq 100); do [ -s "$WORK/sim.out" ] && break; sleep 0.05; done
read -r SIM_ADDR SIM_TOKEN SIM_PROJECT < <(python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).readline()); print(d["listen"], d["token"], d["project"])' "$WORK/sim.out")

median() { sort -g | awk '{a[++n]=$1} END {print n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2}'; }
ticks() { local total=0 pid; for pid in "$@"; do total=$((total + $(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0))); done; echo "$total"; }
postgres_pids() { pgrep -x postgres || true; }

# run_one STORE ROUND -> a row "store round events/s p99_ms serve_us postgres_us"
run_one() {
    local store=$1 round=$2 body
    if [ "$store" = postgres ]; then
        body="backend = \"postgres\"
url = \"$URL\"
schema = \"bench_${round}_$RANDOM\""
    else
        body="path = \"$WORK/data-$round\"
durability = \"fsync\""
    fi
    cat > "$WORK/serve.toml" <<TOML
mappings = ["$ROOT/mappings/github-actions.toml"]
[server]
listen = "127.0.0.1:0"
[store]
$body
[sniffer]
base_url = "http://$SIM_ADDR"
token = "$SIM_TOKEN"
project = "$SIM_PROJECT"
[sources.github]
secrets = ["$SECRET"]
TOML
    : > "$WORK/serve.out"
    "$BIN" serve --config "$WORK/serve.toml" > "$WORK/serve.out" 2> "$WORK/serve.err" &
    local serve=$!
    PIDS+=($serve)
    for _ in $(seq 200); do [ -s "$WORK/serve.out" ] && break; sleep 0.05; done
    [ -s "$WORK/serve.out" ] || { tail -5 "$WORK/serve.err" >&2; echo "serve ($store) did not start" >&2; exit 1; }
    local port
    port=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["listen"].rsplit(":",1)[1])' "$WORK/serve.out")
    local s0 p0 s1 p1
    s0=$(ticks "$serve"); p0=$(ticks $(postgres_pids))
    wrk -t2 -c64 -d10s --latency -s "$WORK/github.lua" "http://127.0.0.1:$port/hooks/github" > "$WORK/wrk.txt"
    s1=$(ticks "$serve"); p1=$(ticks $(postgres_pids))
    kill -TERM "$serve"; wait "$serve" 2>/dev/null || true
    rm -rf "$WORK/data-$round"
    figures "$store" "$round" $((s1 - s0)) $((p1 - p0))
}

# figures NAME ROUND SERVER_TICKS POSTGRES_TICKS: wrk.txt as a row
figures() {
    awk -v store="$1" -v round="$2" -v st="$3" -v pt="$4" -v hz="$CLK_TCK" '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v + 0 }
        / requests in / { requests = $1; secs = $4 + 0 }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx or 3xx responses:/ { non = $NF }
        END { ok = requests - non
              printf "%s %d %.0f %.2f %.1f %.1f\n", store, round, ok / secs, p99, st / hz * 1e6 / requests, pt / hz * 1e6 / requests }
    ' "$WORK/wrk.txt"
}

# run_peer ROUND -> a row as run_one's
run_peer() {
    local round=$1 port pid s0 p0 s1 p1
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    psql -X -q "$URL" -c "DROP TABLE IF EXISTS webhooks" 2>/dev/null || true
    "$PEER" "$port" "$SECRET" "$PG_HOST" "$PG_PORT" "$PG_USER" "$PG_DB" > "$WORK/peer.out" 2>&1 &
    pid=$!
    PIDS+=($pid)
    for _ in $(seq 100); do grep -q listening "$WORK/peer.out" 2>/dev/null && break; sleep 0.1; done
    grep -q listening "$WORK/peer.out" || { cat "$WORK/peer.out" >&2; echo "the receiver did not start" >&2; exit 1; }
    s0=$(ticks "$pid"); p0=$(ticks $(postgres_pids))
    wrk -t2 -c64 -d10s --latency -s "$WORK/github.lua" "http://127.0.0.1:$port/hooks/github" > "$WORK/wrk.txt"
    s1=$(ticks "$pid"); p1=$(ticks $(postgres_pids))
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
    figures hummingbird-pg "$round" $((s1 - s0)) $((p1 - p0))
}

if [ -z "$ONLY" ] || [ "$ONLY" = github ]; then
ROWS=()
for round in $(seq "$RUNS"); do
    ROWS+=("$(run_one postgres "$round")")
    ROWS+=("$(run_one sqlite "$round")")
    ROWS+=("$(run_peer "$round")")
done
echo "GitHub path, wrk 2 threads, 64 connections, 10 s, $(wc -c < "$FIXTURE") bytes signed workflow_run to /hooks/github"
printf '%-15s %5s %10s %9s %14s %17s\n' server round "events/s" "p99 ms" "serve CPU/req" "postgres CPU/req"
for row in "${ROWS[@]}"; do
    read -r store round rate p99 scpu pcpu <<<"$row"
    printf '%-15s %5s %10s %9s %12sus %15sus\n' "$store" "$round" "$rate" "$p99" "$scpu" "$pcpu"
done
# ratios A B: A's events/s over B's, round by round, then the median.
ratios() {
    local round a b all=()
    for round in $(seq "$RUNS"); do
        a=$(printf '%s\n' "${ROWS[@]}" | awk -v r="$round" -v s="$1" '$1 == s && $2 == r {print $3}')
        b=$(printf '%s\n' "${ROWS[@]}" | awk -v r="$round" -v s="$2" '$1 == s && $2 == r {print $3}')
        all+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b ? a / b : 0 }')")
    done
    echo "$1 / $2 events/s, pair by pair: ${all[*]} (median $(printf '%s\n' "${all[@]}" | median))"
}
ratios postgres sqlite
ratios postgres hummingbird-pg
for store in postgres sqlite hummingbird-pg; do
    rate=$(printf '%s\n' "${ROWS[@]}" | awk -v s=$store '$1 == s {print $3}' | median)
    p99=$(printf '%s\n' "${ROWS[@]}" | awk -v s=$store '$1 == s {print $4}' | median)
    echo "$store: median $rate events/s, p99 $p99 ms over $RUNS runs"
done
fi

# --- End to end: one replica against three ----------------------------------------

# Small CI reports over 1,000 pipelines; each wrk thread stops after its share.
cat > "$WORK/e2e.lua" <<LUA
local counter, limit, prefix = 0, 0, ""
function setup(thread) thread:set("id", tostring(math.random(1, 1000000000))) end
-- args[2] names the wrk process: Lua's math.random is not seeded, so every
-- process would otherwise send the same ids (and get duplicates back).
function init(args) limit = tonumber(args[1]); prefix = args[2] .. "-" .. (id or "") end
function request()
    counter = counter + 1
    if counter > limit then return wrk.format("GET", "/healthz") end
    local body = string.format('{"pipeline":"p%d","status":"failure","url":"https://ci.example/runs/%s-%d","run_id":"%s-%d","branch":"main"}',
        math.random(0, 999), prefix, counter, prefix, counter)
    return wrk.format("POST", "/hooks/ci", {
        ["Content-Type"] = "application/json", ["Authorization"] = "Bearer bench-token",
        ["Idempotency-Key"] = prefix .. "-" .. counter }, body)
end
function response(status, headers, body) if counter >= limit then wrk.thread:stop() end end
LUA

# The generic CI mapping without coalescing: every repeat is its own
# comment, delivered at once, so the figure is the pipeline's, not a window's.
grep -v '^coalesce' "$ROOT/mappings/ci-generic.toml" > "$WORK/ci-generic.toml"

# e2e REPLICAS ROUND -> a row "replicas round events/s delivered dead"
e2e() {
    local replicas=$1 round=$2 schema="e2e_${1}_${2}_$RANDOM" pids=() ports=() wrks=() i
    cat > "$WORK/e2e.toml" <<TOML
mappings = ["$WORK/ci-generic.toml"]
[server]
listen = "127.0.0.1:0"
[store]
backend = "postgres"
url = "$URL"
schema = "$schema"
[sniffer]
base_url = "http://$SIM_ADDR"
token = "$SIM_TOKEN"
project = "$SIM_PROJECT"
[sources.ci]
tokens = ["bench-token"]
TOML
    for i in $(seq "$replicas"); do
        "$BIN" serve --config "$WORK/e2e.toml" > "$WORK/e2e-$i.out" 2> "$WORK/e2e-$i.err" &
        pids+=($!)
        PIDS+=($!)
    done
    for i in $(seq "$replicas"); do
        for _ in $(seq 200); do [ -s "$WORK/e2e-$i.out" ] && break; sleep 0.05; done
        ports+=("$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["listen"].rsplit(":",1)[1])' "$WORK/e2e-$i.out")")
    done
    # The same total load, split over the replicas: 64 connections in all.
    for port in "${ports[@]}"; do
        wrk -t1 -c$((64 / replicas)) -d"${E2E_SEND_TIME:-20s}" -s "$WORK/e2e.lua" "http://127.0.0.1:$port/hooks/ci" \
            -- $((E2E_EVENTS / replicas)) "r$round-$replicas-$port" > /dev/null &
        wrks+=($!)
    done
    wait "${wrks[@]}"
    local left=1
    for _ in $(seq 1200); do
        left=$(psql -X -A -t "$URL" -c "SELECT (SELECT count(*) FROM $schema.events WHERE state = 0) + (SELECT count(*) FROM $schema.actions WHERE state IN (0, 1))" 2>/dev/null || echo 1)
        [ "$left" = 0 ] && break
        sleep 0.25
    done
    for pid in "${pids[@]}"; do kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; done
    psql -X -A -t -F ' ' "$URL" -c "
        SELECT $replicas, $round,
               round((SELECT count(*) FROM $schema.actions WHERE state = 2) * 1000.0
                     / greatest((SELECT max(finished_at) FROM $schema.actions) - (SELECT min(received_at) FROM $schema.events), 1)),
               (SELECT count(*) FROM $schema.actions WHERE state = 2), (SELECT count(*) FROM $schema.actions WHERE state = 3)"
}

if [ -z "$ONLY" ] || [ "$ONLY" = e2e ]; then
    E2E_ROWS=()
    for round in $(seq "$RUNS"); do
        E2E_ROWS+=("$(e2e 1 "$round")")
        E2E_ROWS+=("$(e2e 3 "$round")")
    done
    echo
    echo "End to end: $E2E_EVENTS small CI events over 1,000 dedup keys into serve on PostgreSQL and on to the simulator, 64 connections in all"
    printf '%-9s %5s %10s %10s %6s\n' replicas round "events/s" delivered dead
    for row in "${E2E_ROWS[@]}"; do
        read -r replicas round rate delivered dead <<<"$row"
        printf '%-9s %5s %10s %10s %6s\n' "$replicas" "$round" "$rate" "$delivered" "$dead"
    done
    SCALE=()
    for round in $(seq "$RUNS"); do
        one=$(printf '%s\n' "${E2E_ROWS[@]}" | awk -v r="$round" '$1 == 1 && $2 == r {print $3}')
        three=$(printf '%s\n' "${E2E_ROWS[@]}" | awk -v r="$round" '$1 == 3 && $2 == r {print $3}')
        SCALE+=("$(awk -v a="$three" -v b="$one" 'BEGIN { printf "%.3f", b ? a / b : 0 }')")
    done
    echo "three replicas / one, pair by pair: ${SCALE[*]} (median $(printf '%s\n' "${SCALE[@]}" | median))"
fi
