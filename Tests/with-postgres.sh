#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster:
#
#   Tests/with-postgres.sh COMMAND [ARG...]
#
# initdb in a fresh temporary folder, the server on a free loopback port
# (TCP on 127.0.0.1 only, its socket in that folder), a database
# `sniffer_bridge_test`, and COMMAND run with
# SNIFFER_BRIDGE_TEST_POSTGRES=postgresql://postgres@127.0.0.1:PORT/sniffer_bridge_test.
# The cluster is stopped and its folder removed when COMMAND ends, whatever
# its outcome; the script exits with COMMAND's status.
#
# PostgreSQL refuses to run as root: as root, the cluster runs as the
# system user `sniffer-bridge-pg` (created when missing) through runuser.
# It needs Debian's `postgresql` package (`make test` installs it). When
# the cluster cannot start, the script fails with the server's log: a test
# that needs PostgreSQL never skips.
set -euo pipefail

[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }

BINDIR=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$BINDIR" ] || [ ! -x "$BINDIR/initdb" ]; then
    echo "with-postgres: no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql)" >&2
    exit 1
fi

as_owner=()
if [ "$(id -u)" = 0 ]; then
    OWNER=sniffer-bridge-pg
    id "$OWNER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$OWNER"
    as_owner=(runuser -u "$OWNER" --)
fi

DIR=$(mktemp -d /tmp/sniffer-bridge-pg.XXXXXX)
chmod 755 "$DIR"
[ ${#as_owner[@]} -eq 0 ] || chown "$OWNER" "$DIR"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

stop() {
    "${as_owner[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap stop EXIT

if ! "${as_owner[@]}" "$BINDIR/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --no-sync \
    > "$DIR/initdb.log" 2>&1; then
    cat "$DIR/initdb.log" >&2
    echo "with-postgres: initdb failed" >&2
    exit 1
fi
# Enough connections for the parallel test pass (each store holds two),
# and the defaults of a real server otherwise: fsync and
# synchronous_commit on, so what the tests see is what production promises.
if ! "${as_owner[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=300" start > /dev/null; then
    cat "$DIR/server.log" >&2 || true
    echo "with-postgres: the server did not start on 127.0.0.1:$PORT" >&2
    exit 1
fi
PSQL="$BINDIR/psql"
[ -x "$PSQL" ] || PSQL=psql
"$PSQL" -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "CREATE DATABASE sniffer_bridge_test" > /dev/null

# A test that takes the server away and brings it back runs this with
# `stop` or `start` (SNIFFER_BRIDGE_TEST_POSTGRES_CONTROL).
cat > "$DIR/control" <<CONTROL
#!/usr/bin/env bash
set -euo pipefail
case "\$1" in
    stop) exec ${as_owner[*]} "$BINDIR/pg_ctl" -D "$DIR/data" -m immediate -w stop ;;
    start) exec ${as_owner[*]} "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \\
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=300" start ;;
    *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
CONTROL
chmod 755 "$DIR/control"
export SNIFFER_BRIDGE_TEST_POSTGRES_CONTROL="$DIR/control"
export SNIFFER_BRIDGE_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$PORT/sniffer_bridge_test"
echo "with-postgres: PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
set +e
"$@"
status=$?
set -e
exit $status
