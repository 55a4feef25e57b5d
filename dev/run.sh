#!/usr/bin/env bash
# `make run`: serve Odoo with the addon installed, on a private PostgreSQL.
# Ctrl-C (or SIGTERM to the process group) stops Odoo, then PostgreSQL.
source "$(dirname "$0")/harness.sh"

setup_odoo
ensure_postgres
ODOO_PID=
stop_all() {
    # make passes its own SIGTERM on to us: a second signal must not cut the
    # clean-up short and leave PostgreSQL running.
    trap '' INT TERM
    trap - EXIT
    if [[ -n $ODOO_PID ]] && kill -0 "$ODOO_PID" 2>/dev/null; then
        say "stopping Odoo"
        stop_process "$ODOO_PID"
    fi
    stop_postgres_if_started_here
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

STAMP=$BUILD/installed-$DB.sha1
if [[ $(module_state "$DB" "$ADDON") != installed ]]; then
    say "creating database $DB with $ADDON installed"
    create_database_with_addon "$DB"
    addon_schema_stamp >"$STAMP"
elif [[ ! -f $STAMP || $(cat "$STAMP") != $(addon_schema_stamp) ]]; then
    say "updating $ADDON on $DB (its models or data changed)"
    odoo -d "$DB" -u "$ADDON" --stop-after-init --log-level=warn >"$LOGS/install-$SLUG.log" 2>&1 ||
        die "updating $ADDON failed; see $LOGS/install-$SLUG.log"
    addon_schema_stamp >"$STAMP"
fi

SERVER_LOG=$LOGS/server-$SLUG.log
say "starting Odoo on http://127.0.0.1:$PORT (log: $SERVER_LOG)"
# Started directly (not through a function or a pipe) so that $! is Odoo itself.
"${ODOO_CMD[@]}" "${ODOO_OPTIONS[@]}" -d "$DB" --db-filter="^$DB\$" "$@" > >(tee "$SERVER_LOG") 2>&1 &
ODOO_PID=$!

wait_for_http "$ODOO_PID" || die "Odoo did not start; see $SERVER_LOG"
cat <<EOT

Odoo $SERIES is serving $DB with $ADDON on http://127.0.0.1:$PORT  (Ctrl-C stops it)

Log in (the sid comes back in session.sid):
  curl -s http://127.0.0.1:$PORT/session/auth/login \\
       -H 'Content-Type: application/json' \\
       -d '{"db": "$DB", "login": "admin", "password": "admin"}'

Use the sid, e.g. with core's session info:
  curl -s http://127.0.0.1:$PORT/web/session/get_session_info \\
       -H 'Content-Type: application/json' -H "X-Openerp-Session-Id: \$SID" -d '{}'

Log out:
  curl -s -X POST http://127.0.0.1:$PORT/session/auth/logout -H "X-Openerp-Session-Id: \$SID"

EOT
wait "$ODOO_PID"
