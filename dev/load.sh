#!/usr/bin/env bash
# `make load`: a bounded load test. Starts the server as `make run` does, with
# prefork workers (`dev/run.sh --workers 2`, or the options in
# $LOAD_ODOO_OPTIONS), in a process group of its own; runs dev/load.py against
# it (arguments to this script go to load.py, e.g. --seconds 20); then stops
# that process group and waits for PostgreSQL to stop. Exits with load.py's
# status: 0 all criteria passed, 1 one failed, 2 the run could not start.
#
# Each run gets a fresh database, $LOAD_DB (<DB>_load), with the addon as it
# is now: dev/run.sh never updates an installed addon (a schema from an older
# version would fail), and the login-throttle counters of one run must not
# lock the next one out.
source "$(dirname "$0")/harness.sh"

setup_odoo  # ODOO_PYTHON (the embedded Odoo is built once), DB, SLUG
if [[ -n ${LOAD_ODOO_OPTIONS:-} ]]; then
    read -r -a server_options <<<"$LOAD_ODOO_OPTIONS"
else
    # The harness's long-polling port next to PORT (where it sets one), so
    # that the gevent process of --workers does not collide with another server.
    server_options=(--workers 2 ${GEVENT_PORT_OPTION[@]+"${GEVENT_PORT_OPTION[@]}"})
fi
LOAD_DB=${LOAD_DB:-${DB}_load}
LOAD_LOG=$LOGS/load-server-$SLUG.log
PG_PID_FILE=$BUILD/pg/data/postmaster.pid
SERVER_PID=

running() {  # running PID: alive and not a zombie
    local state
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
    [[ -n $state && $state != Z ]]
}

server_answers() {
    curl -s -o /dev/null --max-time 5 -X POST -H 'Content-Type: application/json' -d '{}' \
        "http://127.0.0.1:$PORT/web/webclient/version_info"
}

stop_server() {
    # A second signal must not cut the clean-up short (see dev/run.sh).
    trap '' INT TERM
    trap - EXIT
    local _
    if [[ -n $SERVER_PID ]] && running "$SERVER_PID"; then
        say "stopping the server (process group $SERVER_PID)"
        kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 120); do
            running "$SERVER_PID" || break
            sleep 0.5
        done
        if running "$SERVER_PID"; then
            say "the server did not stop in 60 s: killing its process group"
            kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
        fi
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ -n $PG_STARTED_HERE ]]; then
        stop_postgres_if_started_here  # pg_ctl stop waits until it has stopped
        for _ in $(seq 1 60); do
            [[ -f $PG_PID_FILE ]] || break
            sleep 0.5
        done
        [[ -f $PG_PID_FILE ]] && say "warning: PostgreSQL is still running ($BUILD/pg/data)"
    fi
    return 0
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

server_answers && die "something already answers on 127.0.0.1:$PORT: choose another PORT"

# PostgreSQL is started here (and stopped here) when it is not running yet;
# dev/run.sh then finds it running and leaves it alone.
ensure_postgres
say "creating database $LOAD_DB with $ADDON installed (afresh for every run)"
create_database_with_addon "$LOAD_DB"

say "starting the server: dev/run.sh ${server_options[*]} (log: $LOAD_LOG)"
# setsid: a process group of its own, led by run.sh, so that one signal stops
# run.sh, Odoo, its workers and tee.
DB=$LOAD_DB setsid bash "$ROOT/dev/run.sh" "${server_options[@]}" >"$LOAD_LOG" 2>&1 </dev/null &
SERVER_PID=$!
if ! wait_for_http "$SERVER_PID"; then
    tail -n 20 "$LOAD_LOG" >&2
    die "the server did not start; see $LOAD_LOG"
fi
[[ $(ps -o pgid= -p "$SERVER_PID" | tr -d ' ') == "$SERVER_PID" ]] ||
    die "the server is not in a process group of its own"

set +e
"$ODOO_PYTHON" "$ROOT/dev/load.py" --port "$PORT" --db "$LOAD_DB" --server-pgid "$SERVER_PID" "$@"
status=$?
set -e

# What the server logged during the run, beyond access lines.
gevent_crashes=$(grep -c "NameError: name 'gevent' is not defined" "$LOAD_LOG" || true)
errors=$(grep -c " ERROR \| CRITICAL " "$LOAD_LOG" || true)
recycled=$(grep -c "max request\|memory limit\|CPU time limit\|timeout after" "$LOAD_LOG" || true)
echo
echo "Server log ($LOAD_LOG): $errors ERROR/CRITICAL lines, $recycled worker limits reached"
grep " ERROR \| CRITICAL " "$LOAD_LOG" | sed -E 's/^[0-9-]+ [0-9:,]+ [0-9]+ //' | cut -c1-160 |
    sort | uniq -c | sort -rn | head -n 8 || true
if [[ $gevent_crashes -gt 0 ]]; then
    echo "NOTE the longpolling process was respawned and crashed $gevent_crashes times: Odoo 11's"
    echo "     prefork server re-runs sys.argv[0], which is '-c' when the harness starts Odoo with"
    echo "     'python -c', so 'python -c gevent ...' fails at once (CPU spent during the run)"
fi
exit "$status"
