#!/usr/bin/env bash
# A failure storm: EVENTS signed GitHub workflow_run failures of one dedup key
# into `serve` (mappings/github-actions.toml with coalesce = COALESCE,
# durability fsync) delivering to `sim --strict`.
#
# Each round has two phases, each with a fresh simulator and data directory:
#   burst: wrk sends the storm as fast as serve takes it (CONNECTIONS
#          connections); the figure is the accepted events/s.
#   crash: the storm spread over about SPREAD seconds (each connection
#          pauses between requests), so it spans several windows; serve is
#          kill -9ed once a third of it is stored, started again on the same
#          data directory, and the rest of the storm goes to the new process.
# After each phase the script waits until the outbox is empty, reads the bug
# and its comments back from the simulator, and checks:
#   - exactly one bug, and no dead letter (a strict Sniffer took every body);
#   - the counts add up: the plain "Failed again" comments count 1 each, a
#     "Seen N more times" comment counts N, and together they are the stored
#     events minus the one that filed the bug: no repeat lost, none counted
#     twice;
#   - no comment text twice;
#   - at most one comment per window: consecutive comments after the first
#     are at least the window apart (less 10% for timer slack);
#   - every 202 wrk saw is a stored event.
# Figures per phase: stored events, accepted events/s (stored events over
# the span of their receipt times), comments, seconds from the last receipt
# to the last comment; with RUNS > 1 the median rate of each phase.
#
# Usage: bench/StormBench/run.sh PATH/TO/sniffer-bridge   (a release build)
set -euo pipefail

BIN=${1:?usage: run.sh PATH/TO/sniffer-bridge}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FIXTURE="$ROOT/../shared/fixtures/github/workflow_run.completed.failure.json"
EVENTS=${EVENTS:-2000}
COALESCE=${COALESCE:-2s}
SPREAD=${SPREAD:-8}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
DURATION=${DURATION:-10s}
RUNS=${RUNS:-3}
GITHUB_SECRET=${GITHUB_SECRET:-bench-github-secret-5f3a9c}
WINDOW_SECONDS=${COALESCE%s}
case "$WINDOW_SECONDS" in *[!0-9]*|"") echo "COALESCE must be whole seconds, like 2s (got '$COALESCE')" >&2; exit 2 ;; esac

[ -f "$FIXTURE" ] || { echo "missing payload: $FIXTURE" >&2; exit 1; }
for tool in wrk sqlite3 python3 curl; do
    command -v $tool >/dev/null || { echo "$tool not installed (make bench-deps)" >&2; exit 1; }
done

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The storm's bodies: the fixture with its own run number, id and link in
# each, compact, one "signature<TAB>body" line per event: three storms' worth,
# one for the burst and two for the processes of the crash phase.
python3 - "$FIXTURE" "$GITHUB_SECRET" "$((EVENTS * 3))" "$WORK/bodies.tsv" <<'PY'
import hashlib, hmac, json, sys
fixture, secret, count, out = sys.argv[1], sys.argv[2].encode(), int(sys.argv[3]), sys.argv[4]
payload = json.load(open(fixture))
run = payload["workflow_run"]
with open(out, "w") as f:
    for i in range(count):
        run["run_number"] = 10000 + i
        run["id"] = 900000000 + i
        run["html_url"] = f"https://github.com/{payload['repository']['full_name']}/actions/runs/{900000000 + i}"
        body = json.dumps(payload, separators=(",", ":"))
        f.write(hmac.new(secret, body.encode(), hashlib.sha256).hexdigest() + "\t" + body + "\n")
PY

# wrk: each thread posts its share of the bodies (thread k takes lines k,
# k+THREADS, ...; FIRST skips lines) and then only GET /healthz, so exactly
# the storm is posted; done() prints the 202s and the other answers to POSTs.
cat > "$WORK/storm.lua" <<LUA
local threads = {}
function setup(thread)
    table.insert(threads, thread)
    thread:set("index", #threads)
end
-- Globals, so that done() can read them from each thread.
bodies, signatures = {}, {}
sent, accepted, refused, limit, prefix = 0, 0, 0, 0, ""
function init(args)
    local first, count = tonumber(args[1]), tonumber(args[2])
    prefix = args[3] .. "-" .. index
    pause = tonumber(args[4])
    -- wrk calls the first thread's request() once before any connection, to
    -- check the script; that call must not use up a body.
    checked = index ~= 1
    local n = 0
    for line in io.lines("$WORK/bodies.tsv") do
        if n >= first and n < first + count and (n - first) % $THREADS == index - 1 then
            local tab = line:find("\t", 1, true)
            table.insert(signatures, line:sub(1, tab - 1))
            table.insert(bodies, line:sub(tab + 1))
        end
        n = n + 1
    end
    limit = #bodies
end
function delay() return pause end
function request()
    if not checked then checked = true; return wrk.format("GET", "/healthz") end
    if sent >= limit then return wrk.format("GET", "/healthz") end
    sent = sent + 1
    return wrk.format("POST", "/hooks/github", {
        ["Content-Type"] = "application/json", ["X-GitHub-Event"] = "workflow_run",
        ["X-GitHub-Delivery"] = prefix .. "-" .. sent,
        ["X-Hub-Signature-256"] = "sha256=" .. signatures[sent] }, bodies[sent])
end
function response(status, headers, body)
    if status == 202 then accepted = accepted + 1
    elseif status ~= 200 then refused = refused + 1 end
    if sent >= limit and accepted + refused >= limit then wrk.thread:stop() end
end
function done(summary, latency, requests)
    local a, r = 0, 0
    for _, t in ipairs(threads) do a = a + t:get("accepted"); r = r + t:get("refused") end
    io.write(string.format("storm accepted=%d refused=%d\n", a, r))
end
LUA

sed "s/^coalesce = .*/coalesce = \"$COALESCE\"/" "$ROOT/mappings/github-actions.toml" > "$WORK/coalescing.toml"
grep -q "^coalesce = \"$COALESCE\"" "$WORK/coalescing.toml" || fail "github-actions.toml has no coalesce line to set"
# The peer: the same mapping without coalescing, every repeat its own comment.
grep -v '^coalesce' "$WORK/coalescing.toml" > "$WORK/plain.toml"

# start_sim -> SIM_PID, SIM_ADDR, SIM_TOKEN, SIM_PROJECT
start_sim() {
    "$BIN" sim --strict --listen 127.0.0.1:0 > "$WORK/sim.out" 2> "$WORK/sim.err" &
    SIM_PID=$!
    PIDS+=($SIM_PID)
    for _ in $(seq 100); do [ -s "$WORK/sim.out" ] && break; sleep 0.05; done
    read -r SIM_ADDR SIM_TOKEN SIM_PROJECT < <(python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).readline()); print(d["listen"], d["token"], d["project"])' "$WORK/sim.out")
}

# start_serve DATA [MAPPING] -> SERVE_PID, SERVE_PORT (MAPPING: coalescing or plain)
start_serve() {
    local data=$1 mapping=${2:-coalescing}
    cat > "$WORK/serve.toml" <<TOML
mappings = ["$WORK/$mapping.toml"]
[server]
listen = "127.0.0.1:0"
[store]
path = "$data"
durability = "fsync"
[sniffer]
base_url = "http://$SIM_ADDR"
token = "$SIM_TOKEN"
project = "$SIM_PROJECT"
[sources.github]
secrets = ["$GITHUB_SECRET"]
TOML
    : > "$WORK/serve.out"
    "$BIN" serve --config "$WORK/serve.toml" > "$WORK/serve.out" 2>> "$WORK/serve.err" &
    SERVE_PID=$!
    PIDS+=($SERVE_PID)
    for _ in $(seq 200); do [ -s "$WORK/serve.out" ] && break; sleep 0.05; done
    [ -s "$WORK/serve.out" ] || { tail -20 "$WORK/serve.err" >&2; fail "serve did not start"; }
    SERVE_PORT=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["listen"].rsplit(":",1)[1])' "$WORK/serve.out")
}

# storm NAME FIRST COUNT PAUSE_MS: wrk in the background, its output in
# NAME.wrk -> WRK_PID; each connection waits PAUSE_MS before each request
storm() {
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$WORK/storm.lua" \
        "http://127.0.0.1:$SERVE_PORT" -- "$2" "$3" "$1-$RANDOM" "$4" > "$WORK/$1.wrk" 2>&1 &
    WRK_PID=$!
    PIDS+=($WRK_PID)
}

# accepted NAME: the 202s wrk counted
accepted() { awk '/^storm accepted=/ { split($2, a, "="); print a[2] }' "$WORK/$1.wrk"; }

# drain DB: wait until no event waits for its rules and no action is queued,
# held or in flight
drain() {
    local left
    for _ in $(seq 1200); do
        left=$(sqlite3 "$1" 'SELECT (SELECT count(*) FROM events WHERE state = 0) + (SELECT count(*) FROM actions WHERE state IN (0, 1))' 2>/dev/null || echo 1)
        [ "$left" = 0 ] && return 0
        sleep 0.25
    done
    fail "the outbox did not drain in 300 s ($left left)"
}

# verdict PHASE DB SEEN_2XX [WINDOW_S] -> a row "events rate comments windows
# tail_s sniffer_calls" (the calls as the simulator logged them, this script's own included)
# (fails the run when a check does not hold; WINDOW_S 0 checks no window)
verdict() {
    python3 - "$1" "$2" "$3" "$SIM_ADDR" "$SIM_TOKEN" "$SIM_PROJECT" "${4:-$WINDOW_SECONDS}" <<'PY'
import json, re, sqlite3, sys, urllib.request
from datetime import datetime
phase, db, seen, addr, token, project, window = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6], int(sys.argv[7])
def fail(message):
    print(f"FAIL ({phase}): {message}", file=sys.stderr); sys.exit(1)
def get(path):
    request = urllib.request.Request(f"http://{addr}{path}", headers={"api-token": token})
    document = json.load(urllib.request.urlopen(request))
    return document.get("data", {}).get("localData", document)
def every(path):
    items, page = [], 1
    while True:
        body = get(f"{path}&size=100&page={page}")
        items += body["items"]
        if len(items) >= body["total"] or not body["items"]: return items
        page += 1
store = sqlite3.connect(db)
events, first_ms, last_ms = store.execute("SELECT count(*), min(received_at), max(received_at) FROM events").fetchone()
dead = store.execute("SELECT count(*) FROM actions WHERE state = 3").fetchone()[0]
if dead: fail(f"{dead} dead letters: " + "; ".join(r[0] or "" for r in store.execute("SELECT last_error FROM actions WHERE state = 3 LIMIT 3")))
if seen > events: fail(f"wrk saw {seen} answers 2xx but the store holds {events} events")
bugs = every(f"/bugs?project={project}")
if len(bugs) != 1: fail(f"{len(bugs)} bugs for one key")
bug = bugs[0].get("_id") or bugs[0].get("id")
comments = sorted(every(f"/comments?bug={bug}"), key=lambda c: c["createdAt"])
counted, texts = 0, set()
for c in comments:
    text = c["text"]
    if text in texts: fail(f"a comment posted twice: {text[:80]!r}")
    texts.add(text)
    m = re.match(r"Seen (\d+) more times", text)
    if m: counted += int(m.group(1))
    elif text.startswith("Failed again"): counted += 1
    else: fail(f"a comment that is neither a repeat nor a summary: {text[:80]!r}")
if counted != events - 1: fail(f"comments count {counted} repeats; {events} events stored, so {events - 1} expected")
times = [datetime.fromisoformat(c["createdAt"].replace("Z", "+00:00")).timestamp() for c in comments]
for a, b in zip(times[1:], times[2:]):
    if window and b - a < window * 0.9: fail(f"two comments {b - a:.2f} s apart, within one {window} s window")
rate = events / max((last_ms - first_ms) / 1000, 0.001)
tail = (times[-1] - last_ms / 1000) if times else 0
calls = json.load(urllib.request.urlopen(f"http://{addr}/_sim/requests"))["total"]
print(f"{events} {rate:.0f} {len(comments)} {max(len(comments) - 1, 0)} {tail:.1f} {calls}")
PY
}

ROWS=()
# Each connection's pause for the crash phase: CONNECTIONS * 1000 / PAUSE
# events/s, so the storm takes about SPREAD seconds.
PAUSE_MS=$(( CONNECTIONS * SPREAD * 1000 / EVENTS ))
for round in $(seq "$RUNS"); do
    start_sim
    DATA="$WORK/burst-$round"
    : > "$WORK/serve.err"
    start_serve "$DATA"
    storm "burst-$round" 0 "$EVENTS" 0
    wait "$WRK_PID" || fail "wrk failed: $(cat "$WORK/burst-$round.wrk")"
    drain "$DATA/sniffer-bridge.sqlite3"
    row=$(verdict "burst $round" "$DATA/sniffer-bridge.sqlite3" "$(accepted "burst-$round")") || exit 1
    ROWS+=("burst $round $row")
    kill -TERM "$SERVE_PID" "$SIM_PID"; wait "$SERVE_PID" "$SIM_PID" 2>/dev/null || true
    rm -rf "$DATA"

    start_sim
    DATA="$WORK/plain-$round"
    start_serve "$DATA" plain
    storm "plain-$round" 0 "$EVENTS" 0
    wait "$WRK_PID" || fail "wrk failed: $(cat "$WORK/plain-$round.wrk")"
    drain "$DATA/sniffer-bridge.sqlite3"
    row=$(verdict "plain $round" "$DATA/sniffer-bridge.sqlite3" "$(accepted "plain-$round")" 0) || exit 1
    ROWS+=("plain $round $row")
    kill -TERM "$SERVE_PID" "$SIM_PID"; wait "$SERVE_PID" "$SIM_PID" 2>/dev/null || true
    rm -rf "$DATA"

    start_sim
    DATA="$WORK/crash-$round"
    start_serve "$DATA"
    storm "crash-$round-a" "$EVENTS" "$EVENTS" "$PAUSE_MS"
    for _ in $(seq 600); do
        stored=$(sqlite3 "$DATA/sniffer-bridge.sqlite3" 'SELECT count(*) FROM events' 2>/dev/null || echo 0)
        [ "$stored" -ge $((EVENTS / 3)) ] && break
        sleep 0.05
    done
    kill -9 "$SERVE_PID"
    kill -INT "$WRK_PID" 2>/dev/null || true
    wait "$WRK_PID" 2>/dev/null || true
    before=$(sqlite3 "$DATA/sniffer-bridge.sqlite3" 'SELECT count(*) FROM events')
    held=$(sqlite3 "$DATA/sniffer-bridge.sqlite3" 'SELECT count(*) FROM actions WHERE state IN (0, 1)')
    start_serve "$DATA"
    storm "crash-$round-b" "$((EVENTS * 2))" "$((EVENTS - before))" "$PAUSE_MS"
    wait "$WRK_PID" || fail "wrk failed: $(cat "$WORK/crash-$round-b.wrk")"
    drain "$DATA/sniffer-bridge.sqlite3"
    seen=$(( $(accepted "crash-$round-a" || echo 0) + $(accepted "crash-$round-b") ))
    row=$(verdict "crash $round" "$DATA/sniffer-bridge.sqlite3" "$seen") || exit 1
    ROWS+=("crash $round $row")
    echo "round $round: kill -9 with $before events stored, $held actions queued or held" >&2
    kill -TERM "$SERVE_PID" "$SIM_PID"; wait "$SERVE_PID" "$SIM_PID" 2>/dev/null || true
    rm -rf "$DATA"
done

median() { sort -g | awk '{a[++n]=$1} END {print n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2}'; }
column() { printf '%s\n' "${ROWS[@]}" | awk -v p="$1" -v r="${3:-}" -v c="$2" '$1 == p && (r == "" || $2 == r) {print $c}'; }

echo
echo "Storm: $EVENTS signed workflow_run failures of one key to /hooks/github ($CONNECTIONS connections), durability fsync, sim --strict"
echo "burst: coalesce = \"$COALESCE\", as fast as wrk sends; plain: the same without coalescing (the peer)"
echo "crash: coalesce = \"$COALESCE\", spread over ~${SPREAD}s (${PAUSE_MS} ms between requests per connection), kill -9 once a third is stored, restarted on the same data, the rest sent to it"
printf '%-7s %5s %7s %10s %9s %8s %8s %13s\n' phase round events "events/s" comments windows "tail s" "Sniffer calls"
for r in "${ROWS[@]}"; do
    read -r phase round events rate comments windows tail calls <<<"$r"
    [ "$phase" = plain ] && windows=-
    printf '%-7s %5s %7s %10s %9s %8s %8s %13s\n' "$phase" "$round" "$events" "$rate" "$comments" "$windows" "$tail" "$calls"
done
echo "per round, burst against plain: accepted events/s burst / plain, Sniffer calls plain / burst:"
for round in $(seq "$RUNS"); do
    awk -v r="$round" -v b="$(column burst 4 "$round")" -v p="$(column plain 4 "$round")" \
        -v bc="$(column burst 8 "$round")" -v pc="$(column plain 8 "$round")" \
        'BEGIN { printf "  round %d: %.3f, calls %.0fx\n", r, (p ? b / p : 0), (bc > 0 ? pc / bc : 0) }'
done
if [ "$RUNS" -gt 1 ]; then
    for phase in burst plain crash; do
        echo "$phase: median $(column "$phase" 4 | median) events/s accepted, tail $(column "$phase" 7 | median) s, over $RUNS rounds"
    done
fi
echo "checks held in every phase: one bug, no dead letter, every 202 stored, counts add up to the events less one, no comment twice; burst and crash: at most one comment per window"
