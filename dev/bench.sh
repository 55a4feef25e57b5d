#!/usr/bin/env bash
# `make bench`: serve Odoo exactly as `make run` does (dev/run.sh, in a process
# group of its own, without cron threads so that nothing else talks to the
# database), measure the addon against Odoo's own session endpoints with
# dev/bench.py, then stop Odoo and PostgreSQL by signalling that group.
# Arguments go to dev/bench.py (e.g. bash dev/bench.sh --duration 2).
source "$(dirname "$0")/harness.sh"

setup_odoo  # builds the embedded Odoo once; sets ODOO_PYTHON, DB, DATA_DIR, SLUG
URL=http://127.0.0.1:$PORT
if curl -s -o /dev/null --max-time 5 "$URL/"; then
    die "something already answers on $URL: stop it or choose another PORT"
fi

RUN_LOG=$LOGS/bench-run-$SLUG.log
RUN_PID=
signal_odoo_again() {
    # A second signal makes Odoo quit at once (run.sh ignores signals while it
    # cleans up): the first one, sent to the group, and run.sh's own can merge.
    local pid args
    while read -r pid args; do
        if [[ $args == "$ODOO_PYTHON "* ]]; then
            kill -TERM "$pid" 2>/dev/null || true
        fi
    done < <(ps -o pid=,args= --ppid "$RUN_PID" 2>/dev/null || true)
}
stop_server() {
    trap '' INT TERM
    trap - EXIT
    if [[ -n $RUN_PID ]] && kill -0 "$RUN_PID" 2>/dev/null; then
        say "stopping Odoo and PostgreSQL"
        # dev/run.sh stops Odoo, then the PostgreSQL cluster if it started it.
        kill -TERM -- "-$RUN_PID" 2>/dev/null || true
        for attempt in $(seq 1 120); do
            kill -0 "$RUN_PID" 2>/dev/null || break
            [[ $attempt == 10 ]] && signal_odoo_again
            sleep 0.5
        done
        if kill -0 "$RUN_PID" 2>/dev/null; then
            say "dev/run.sh did not stop in 60 s; killing its process group"
            kill -KILL -- "-$RUN_PID" 2>/dev/null || true
        fi
        wait "$RUN_PID" 2>/dev/null || true
    fi
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "starting dev/run.sh (log: $RUN_LOG)"
# setsid: its own process group (pgid = $RUN_PID), which stop_server signals.
PORT=$PORT PGPORT=$PGPORT DB=$DB setsid bash "$ROOT/dev/run.sh" --max-cron-threads=0 >"$RUN_LOG" 2>&1 &
RUN_PID=$!

# The first run may create the cluster and the databases: allow 15 minutes.
for attempt in $(seq 1 1800); do
    if curl -fs -o /dev/null --max-time 5 "$URL/web/login"; then
        break
    fi
    if ! kill -0 "$RUN_PID" 2>/dev/null; then
        tail -n 20 "$RUN_LOG" >&2
        die "dev/run.sh stopped before Odoo answered; see $RUN_LOG"
    fi
    [[ $attempt == 1800 ]] && die "Odoo did not answer on $URL in 15 minutes; see $RUN_LOG"
    sleep 0.5
done

# dev/run.sh may have found the cluster running already, on its own port.
PGDATA=$(pg_home)/data
PG_PORT_NOW=$(pg_running_port)
say "Odoo answers on $URL; benchmarking (2 to 3 minutes)"
set +e
"$ODOO_PYTHON" "$ROOT/dev/bench.py" --url "$URL" --db "$DB" \
    --sessions-dir "$DATA_DIR/sessions" \
    --pg-log "$(pg_home)/postgres.log" --pg-port "${PG_PORT_NOW:-$PGPORT}" "$@"
status=$?
set -e
exit "$status"
