#!/usr/bin/env bash
# The gateway's benchmarks (see README.md for figures and how to read them).
#
# 1. GitHub, the headline: wrk, 64 keep-alive connections for 10 s, POSTs the
#    signed ~21 KB GitHub workflow_run fixture, as the file holds it, to
#    /hooks/github (X-GitHub-Event, a fresh X-GitHub-Delivery per request,
#    X-Hub-Signature-256). Three servers take turns in each round: `serve`
#    (mappings/github-actions.toml, durability fsync, delivering to the
#    simulator), a Hummingbird 2 receiver that checks the signature and stores
#    nothing (bench/peers/hummingbird-receiver), and nginx answering 202 after
#    reading the body. Per server: events/s (2xx only), p50/p99, CPU time per
#    request (utime+stime from /proc/PID/stat around the wrk run) and peak RSS;
#    per round the ratio serve / Hummingbird; with RUNS > 1 the medians.
# 2. Ingest on /hooks/ci: the same payload (with the three fields /hooks/ci
#    requires added, its `repository` object renamed), each request with its
#    own Idempotency-Key, once per durability in INGEST_MODES (fsync os);
#    nginx answering 202 to the same POST in the same run.
# 3. End to end: 20,000 small CI events over 1,000 dedup keys into `serve`
#    and on to the simulator: events/s from the first receipt to the last
#    Sniffer call, and p50/p99 from receipt to the Sniffer call (read from
#    the store: events.received_at -> actions.finished_at).
#
# Usage: bench/BridgeBench/run.sh PATH/TO/sniffer-bridge [PATH/TO/hummingbird-receiver]
#   (release builds; the second defaults to the peer's own release build folder)
# ONLY=github|ingest|e2e runs one section; RUNS=N repeats sections 1 and 2.
set -euo pipefail

BIN=${1:?usage: run.sh PATH/TO/sniffer-bridge [PATH/TO/hummingbird-receiver]}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PEER=${2:-$ROOT/bench/peers/hummingbird-receiver/.build/release/hummingbird-receiver}
FIXTURE="$ROOT/../shared/fixtures/github/workflow_run.completed.failure.json"
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
E2E_EVENTS=${E2E_EVENTS:-20000}
# RUNS=N repeats the GitHub trio and each ingest mode N times (a fresh server
# and data directory each time) and adds medians: on a shared 2-core VM one
# run is not a figure.
RUNS=${RUNS:-1}
ONLY=${ONLY:-}
case "$ONLY" in
    "") SECTIONS="github ingest e2e" ;;
    github|ingest|e2e) SECTIONS=$ONLY ;;
    *) echo "ONLY must be github, ingest or e2e (got '$ONLY')" >&2; exit 2 ;;
esac
wants() { [[ " $SECTIONS " == *" $1 "* ]]; }
# At least 12 characters: serve warns about shorter secrets.
GITHUB_SECRET=${GITHUB_SECRET:-bench-github-secret-5f3a9c}
CLK_TCK=$(getconf CLK_TCK)

[ -f "$FIXTURE" ] || { echo "missing payload: $FIXTURE" >&2; exit 1; }
for tool in wrk nginx sqlite3 python3 curl; do
    command -v $tool >/dev/null || { echo "$tool not installed (make bench-deps)" >&2; exit 1; }
done
if wants github && [ ! -x "$PEER" ]; then
    echo "missing Hummingbird peer: $PEER (make bench-peers)" >&2; exit 1
fi

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

. "$HERE/../nginx-ceiling.sh"

# The generic CI mapping without coalescing: every repeat is delivered at
# once, so the end-to-end figure is the pipeline's, not a window's.
grep -v '^coalesce' "$ROOT/mappings/ci-generic.toml" > "$WORK/ci-generic.toml"

# --- Measuring helpers -------------------------------------------------------

# cpu_ticks PID...: utime + stime of the processes (all their threads), in clock ticks.
cpu_ticks() {
    local total=0 pid ticks
    for pid in "$@"; do
        # Fields after "PID (comm) ": utime and stime are the 12th and 13th.
        ticks=$(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')
        total=$((total + ticks))
    done
    echo "$total"
}

# peak_rss PID: VmHWM, e.g. "58MB".
peak_rss() { awk '/^VmHWM:/ {printf "%.0fMB", $2 / 1024}' "/proc/$1/status"; }

# wrk_figures FILE -> "EVENTS_PER_S P50_MS P99_MS NON2XX REQUESTS SOCKET_ERRORS SECONDS";
# events/s counts the 2xx only: (requests - non-2xx) / elapsed.
wrk_figures() {
    awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /m$/) return v * 60000
            if (v ~ /s$/) return v * 1000
            return v + 0
        }
        / requests in / { requests = $1; secs = $4 + 0; if ($4 ~ /m,?$/) secs *= 60 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx or 3xx responses:/ { non = $NF }
        /Socket errors:/ { line = $0; gsub(/[^0-9]+/, " ", line); n = split(line, f, " "); for (i = 1; i <= n; i++) errors += f[i] }
        END { printf "%.0f %.2f %.2f %d %d %d %.2f\n", secs ? (requests - non) / secs : 0, p50, p99, non, requests, errors, secs }
    ' "$1"
}

# cpu_per_request TICKS REQUESTS -> µs
cpu_per_request() { awk -v t="$1" -v n="$2" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", n ? t / hz * 1e6 / n : 0 }'; }

# median_range: numbers on stdin -> "median min max"
median_range() {
    sort -g | awk '{ a[++n] = $1 } END {
        if (!n) { print "- - -"; exit }
        m = n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        print m, a[1], a[n] }'
}

# --- Servers -------------------------------------------------------------------

# start_sim -> sets SIM_ADDR, SIM_TOKEN, SIM_PROJECT
start_sim() {
    "$BIN" sim --strict --listen 127.0.0.1:0 > "$WORK/sim.out" 2> "$WORK/sim.err" &
    PIDS+=($!)
    for _ in $(seq 100); do [ -s "$WORK/sim.out" ] && break; sleep 0.05; done
    read -r SIM_ADDR SIM_TOKEN SIM_PROJECT < <(python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).readline()); print(d["listen"], d["token"], d["project"])' "$WORK/sim.out")
}

# start_serve NAME DURABILITY SOURCE -> sets SERVE_PID, SERVE_PORT, DATA
# SOURCE is ci (mappings/ci-generic.toml without coalescing, a bearer token) or github
# (mappings/github-actions.toml, the HMAC secret).
start_serve() {
    local name=$1 durability=$2 source=$3 mapping credentials
    case "$source" in
        ci) mapping="$WORK/ci-generic.toml"; credentials='tokens = ["bench-token"]' ;;
        github) mapping="$ROOT/mappings/github-actions.toml"; credentials="secrets = [\"$GITHUB_SECRET\"]" ;;
    esac
    DATA="$WORK/$name-data"
    cat > "$WORK/$name.toml" <<TOML
mappings = ["$mapping"]
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
[sources.$source]
$credentials
TOML
    "$BIN" serve --config "$WORK/$name.toml" > "$WORK/$name.out" 2> "$WORK/$name.err" &
    SERVE_PID=$!
    PIDS+=($SERVE_PID)
    for _ in $(seq 100); do [ -s "$WORK/$name.out" ] && break; sleep 0.05; done
    [ -s "$WORK/$name.out" ] || { tail -20 "$WORK/$name.err" >&2; fail "serve ($name) did not start"; }
    SERVE_PORT=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["listen"].rsplit(":",1)[1])' "$WORK/$name.out")
}

stop_pid() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# --- Load scripts ----------------------------------------------------------------

# The fixture's bytes as sent: the signature is computed once, here.
GITHUB_SIGNATURE=$(python3 -c 'import hashlib, hmac, sys; print(hmac.new(sys.argv[1].encode(), open(sys.argv[2], "rb").read(), hashlib.sha256).hexdigest())' "$GITHUB_SECRET" "$FIXTURE")
# Each thread numbers its requests; wrk's first argument names the run, so
# every X-GitHub-Delivery is new.
cat > "$WORK/github.lua" <<LUA
local file = assert(io.open("$FIXTURE", "rb"))
local body = file:read("*a")
file:close()
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", tostring(threads)) end
local counter = 0
local prefix = "bench"
function init(args) prefix = (args[1] or "bench") .. "-" .. (id or "0") end
function request()
    counter = counter + 1
    return wrk.format("POST", "/hooks/github", {
        ["Content-Type"] = "application/json", ["X-GitHub-Event"] = "workflow_run",
        ["X-GitHub-Delivery"] = prefix .. "-" .. counter,
        ["X-Hub-Signature-256"] = "sha256=$GITHUB_SIGNATURE" }, body)
end
LUA

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

# run_wrk NAME URL SCRIPT [ARG]: wrk's output goes to $WORK/NAME.wrk.
run_wrk() {
    local name=$1 url=$2 script=$3
    shift 3
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url" -- "$@" > "$WORK/$name.wrk"
}

# curl_github URL DELIVERY SIGNATURE OUT -> the HTTP status; the body goes to OUT.
curl_github() {
    curl -sS -o "$4" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -H 'X-GitHub-Event: workflow_run' -H "X-GitHub-Delivery: $2" -H "X-Hub-Signature-256: sha256=$3" \
        --data-binary @"$FIXTURE" "$1" || true
}

start_sim

# --- 1. GitHub: serve, Hummingbird, nginx, in turns ------------------------------

# Rows: "server round events/s p50 p99 non2xx errors cpu_us rss stored dispatched delivered"
GITHUB_ROWS=()

# github_serve ROUND
github_serve() {
    local round=$1 status ticks figures requests rss counts
    start_serve "github-$round" fsync github
    local url="http://127.0.0.1:$SERVE_PORT/hooks/github"
    status=$(curl_github "$url" "probe-$round" "$GITHUB_SIGNATURE" "$WORK/probe.json")
    if [ "$status" != 202 ] || ! python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1])).get("matched") == 1 else 1)' "$WORK/probe.json" 2>/dev/null; then
        echo "serve answered $status: $(cat "$WORK/probe.json")" >&2
        tail -20 "$WORK/github-$round.err" >&2
        fail "the fixture did not match github-workflow-failed (expected 202 with \"matched\":1)"
    fi
    ticks=$(cpu_ticks "$SERVE_PID")
    run_wrk "serve-github-$round" "$url" "$WORK/github.lua" "r$round"
    ticks=$(( $(cpu_ticks "$SERVE_PID") - ticks ))
    rss=$(peak_rss "$SERVE_PID")
    counts=$(sqlite3 -separator ' ' "$DATA/sniffer-bridge.sqlite3" \
        'SELECT count(*), count(*) FILTER (WHERE state != 0), (SELECT count(*) FROM actions WHERE state = 2) FROM events')
    stop_pid "$SERVE_PID"
    rm -rf "$DATA"  # ~0.6 GB of payloads a run
    read -r events p50 p99 non errors requests _ <<<"$(wrk_figures "$WORK/serve-github-$round.wrk" | awk '{print $1, $2, $3, $4, $6, $5}')"
    GITHUB_ROWS+=("serve $round $events $p50 $p99 $non $errors $(cpu_per_request "$ticks" "$requests") $rss $counts")
}

# github_hummingbird ROUND
github_hummingbird() {
    local round=$1 port pid status ticks rss
    port=$(free_port)
    "$PEER" "$port" "$GITHUB_SECRET" > "$WORK/hummingbird-$round.out" 2>&1 &
    pid=$!
    PIDS+=($pid)
    local url="http://127.0.0.1:$port/hooks/github"
    for _ in $(seq 100); do
        status=$(curl_github "$url" "probe-$round" "$GITHUB_SIGNATURE" "$WORK/probe.json" 2>/dev/null)
        [ "$status" != 000 ] && break
        sleep 0.1
    done
    [ "$status" = 202 ] || { cat "$WORK/hummingbird-$round.out" >&2; fail "the Hummingbird peer answered $status, not 202"; }
    status=$(curl_github "$url" "probe-bad-$round" "$(printf '0%.0s' $(seq 64))" "$WORK/probe.json")
    [ "$status" = 401 ] || fail "the Hummingbird peer answered $status to a wrong signature, not 401"
    ticks=$(cpu_ticks "$pid")
    run_wrk "hummingbird-github-$round" "$url" "$WORK/github.lua" "r$round"
    ticks=$(( $(cpu_ticks "$pid") - ticks ))
    rss=$(peak_rss "$pid")
    stop_pid "$pid"
    read -r events p50 p99 non errors requests _ <<<"$(wrk_figures "$WORK/hummingbird-github-$round.wrk" | awk '{print $1, $2, $3, $4, $6, $5}')"
    GITHUB_ROWS+=("hummingbird $round $events $p50 $p99 $non $errors $(cpu_per_request "$ticks" "$requests") $rss - - -")
}

# github_nginx ROUND
github_nginx() {
    local round=$1 port workers ticks
    port=$(free_port)
    start_nginx_ceiling "$WORK" "$port" /hooks/github '{"id":1,"duplicate":false}'
    local url="http://127.0.0.1:$port/hooks/github"
    curl -fsS -o /dev/null -X POST --data-binary @"$FIXTURE" "$url" || fail "nginx did not answer on $url"
    workers=$(ps -o pid= --ppid "$(cat "$WORK/nginx.pid")")
    # shellcheck disable=SC2086
    ticks=$(cpu_ticks $workers)
    run_wrk "nginx-github-$round" "$url" "$WORK/github.lua" "r$round"
    # shellcheck disable=SC2086
    ticks=$(( $(cpu_ticks $workers) - ticks ))
    stop_nginx_ceiling "$WORK"
    for _ in $(seq 50); do [ -f "$WORK/nginx.pid" ] || break; sleep 0.1; done
    read -r events p50 p99 non errors requests _ <<<"$(wrk_figures "$WORK/nginx-github-$round.wrk" | awk '{print $1, $2, $3, $4, $6, $5}')"
    GITHUB_ROWS+=("nginx $round $events $p50 $p99 $non $errors $(cpu_per_request "$ticks" "$requests") - - - -")
}

if wants github; then
    for round in $(seq "$RUNS"); do
        github_serve "$round"
        github_hummingbird "$round"
        github_nginx "$round"
    done
    echo
    echo "GitHub (headline): wrk $THREADS threads, $CONNECTIONS connections, $DURATION, POST $(wc -c < "$FIXTURE") bytes (signed workflow_run) to /hooks/github"
    echo "serve: mappings/github-actions.toml, durability fsync, delivering to the simulator; hummingbird: signature check only, nothing stored"
    printf '%-12s %5s %10s %9s %9s %8s %7s %9s %9s %8s %10s %9s\n' \
        server round "events/s" "p50 ms" "p99 ms" non-2xx errors "CPU/req" "peak RSS" stored dispatched delivered
    for r in "${GITHUB_ROWS[@]}"; do
        read -r n round events p50 p99 non errors cpu rss stored dispatched delivered <<<"$r"
        printf '%-12s %5s %10s %9s %9s %8s %7s %8sus %9s %8s %10s %9s\n' \
            "$n" "$round" "$events" "$p50" "$p99" "$non" "$errors" "$cpu" "$rss" "$stored" "$dispatched" "$delivered"
    done
    RATIOS=()
    for round in $(seq "$RUNS"); do
        serve=$(printf '%s\n' "${GITHUB_ROWS[@]}" | awk -v r="$round" '$1 == "serve" && $2 == r {print $3}')
        hb=$(printf '%s\n' "${GITHUB_ROWS[@]}" | awk -v r="$round" '$1 == "hummingbird" && $2 == r {print $3}')
        RATIOS+=("$(awk -v s="$serve" -v h="$hb" 'BEGIN { printf "%.3f", h ? s / h : 0 }')")
        echo "round $round: serve / hummingbird events/s = ${RATIOS[-1]}"
    done
    if [ "$RUNS" -gt 1 ]; then
        echo "medians over $RUNS rounds (min-max):"
        for n in serve hummingbird nginx; do
            col() { printf '%s\n' "${GITHUB_ROWS[@]}" | awk -v n="$n" -v c="$1" '$1 == n {print $c}' | median_range; }
            read -r e e1 e2 <<<"$(col 3)"
            read -r p p1 p2 <<<"$(col 5)"
            read -r c c1 c2 <<<"$(col 8)"
            printf '  %-12s %7.0f events/s (%.0f-%.0f)   p99 %6.2f ms (%.2f-%.2f)   CPU/request %6.1f us (%.1f-%.1f)\n' \
                "$n" "$e" "$e1" "$e2" "$p" "$p1" "$p2" "$c" "$c1" "$c2"
        done
        read -r m m1 m2 <<<"$(printf '%s\n' "${RATIOS[@]}" | median_range)"
        printf '  serve / hummingbird: median %.3f (%.3f-%.3f)\n' "$m" "$m1" "$m2"
    fi
fi

# --- 2. Ingest on /hooks/ci, per durability --------------------------------------

if wants ingest; then
    RESULTS=()
    INGEST_MODES=${INGEST_MODES:-fsync os}
    for run in $(seq "$RUNS"); do
    for durability in $INGEST_MODES; do
        start_serve "ingest-$durability-$run" "$durability" ci
        curl -fsS -o /dev/null -X POST -H 'Authorization: Bearer bench-token' -H 'Content-Type: application/json' \
            --data-binary @"$PAYLOAD" "http://127.0.0.1:$SERVE_PORT/hooks/ci"
        ticks=$(cpu_ticks "$SERVE_PID")
        run_wrk "serve-$durability-$run" "http://127.0.0.1:$SERVE_PORT/hooks/ci" "$WORK/ingest.lua"
        ticks=$(( $(cpu_ticks "$SERVE_PID") - ticks ))
        rss=$(peak_rss "$SERVE_PID")
        stored=$(sqlite3 "$DATA/sniffer-bridge.sqlite3" 'SELECT count(*) FROM events')
        stop_pid "$SERVE_PID"
        rm -rf "$DATA"  # 1-3 GB of payloads a run
        read -r events p50 p99 non requests _ <<<"$(wrk_figures "$WORK/serve-$durability-$run.wrk")"
        RESULTS+=("serve-$durability#$run $events $p50 $p99 $non $(cpu_per_request "$ticks" "$requests")us $rss $stored")
    done
    done

    # nginx answering 202 after reading the same body.
    NGINX_PORT=$(free_port)
    start_nginx_ceiling "$WORK" "$NGINX_PORT" /hooks/ci '{"id": 1, "duplicate": false}'
    workers=$(ps -o pid= --ppid "$(cat "$WORK/nginx.pid")")
    # shellcheck disable=SC2086
    ticks=$(cpu_ticks $workers)
    run_wrk nginx-ci "http://127.0.0.1:$NGINX_PORT/hooks/ci" "$WORK/ingest.lua"
    # shellcheck disable=SC2086
    ticks=$(( $(cpu_ticks $workers) - ticks ))
    stop_nginx_ceiling "$WORK"
    read -r events p50 p99 non requests _ <<<"$(wrk_figures "$WORK/nginx-ci.wrk")"
    RESULTS+=("nginx $events $p50 $p99 $non $(cpu_per_request "$ticks" "$requests")us - -")

    echo
    echo "Ingest: wrk $THREADS threads, $CONNECTIONS connections, $DURATION, POST $(wc -c < "$PAYLOAD") bytes to /hooks/ci"
    printf '%-13s %10s %9s %9s %8s %10s %9s %8s\n' server "events/s" "p50 ms" "p99 ms" non-2xx "CPU/req" "peak RSS" stored
    for r in "${RESULTS[@]}"; do
        read -r n rate p5 p9 e cpu rss stored <<<"$r"
        printf '%-13s %10s %9s %9s %8s %10s %9s %8s\n' "$n" "$rate" "$p5" "$p9" "$e" "$cpu" "$rss" "$stored"
    done
    if [ "$RUNS" -gt 1 ]; then
        for durability in $INGEST_MODES; do
            rows=$(printf '%s\n' "${RESULTS[@]}" | awk -v mode="serve-$durability#" 'index($1, mode) == 1')
            read -r rate _ <<<"$(awk '{print $2}' <<<"$rows" | median_range)"
            read -r p99 _ <<<"$(awk '{print $4}' <<<"$rows" | median_range)"
            under=$(awk '$4 < 10' <<<"$rows" | wc -l)
            printf 'serve-%s x%d: median %.0f events/s, median p99 %.2f ms, p99 under 10 ms in %d of %d\n' \
                "$durability" "$RUNS" "$rate" "$p99" "$under" "$RUNS"
        done
    fi
fi

# --- 3. End to end (fsync) -------------------------------------------------------

wants e2e || exit 0
start_serve e2e fsync ci
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
E2E_RSS=$(peak_rss "$SERVE_PID")
stop_pid "$SERVE_PID"
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
