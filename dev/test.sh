#!/usr/bin/env bash
# `make test`: install the addon on a fresh database with Odoo's test runner,
# over real HTTP, and judge the run from its log: Odoo's exit code can be 0
# with failing tests.
source "$(dirname "$0")/harness.sh"

setup_odoo
ensure_postgres
trap stop_postgres_if_started_here EXIT

ensure_template_database
TEST_DB=${DB}_test
TEST_LOG=$LOGS/test-$SLUG.log
copy_database "$TEMPLATE_DB" "$TEST_DB"

test_options=(--test-enable)
# 11.0 runs the tests of the modules it installs; 12.0+ selects them by tag.
[[ ${SERIES%%.*} =~ ^[0-9]+$ && ${SERIES%%.*} -ge 12 ]] && test_options+=(--test-tags="/$ADDON")

say "installing and testing $ADDON on $TEST_DB (log: $TEST_LOG)"
set +e
odoo -d "$TEST_DB" --db-filter="^$TEST_DB\$" -i "$ADDON" "${test_options[@]}" \
    --stop-after-init --without-demo=all --log-level=info "$@" 2>&1 | tee "$TEST_LOG"
set -e

# Checks outside Odoo's test runner, one PASS/FAIL line each, into $CHECKS.
CHECKS=$LOGS/checks-$SLUG.txt
if [[ -n ${ODOO_SRC:-} ]]; then
    # index.html depends on the docutils version: checked with the embedded Odoo's.
    echo "SKIP generated README: checked on the embedded Odoo only" | tee "$CHECKS"
elif "$ODOO_PYTHON" "$ROOT/dev/readme.py" --check >"$LOGS/readme-check.log" 2>&1; then
    echo "PASS README.rst and static/description/index.html match readme/" | tee "$CHECKS"
else
    echo "FAIL README.rst or index.html out of date: $(cat "$LOGS/readme-check.log")" | tee "$CHECKS"
fi
source "$ROOT/dev/package_check.sh" | tee -a "$CHECKS"
if [[ -n ${ODOO_SRC:-} ]]; then
    # Each series exports its terms a little differently; the shipped .pot is the embedded Odoo's.
    echo "SKIP i18n/ up to date: checked on the embedded Odoo only" | tee -a "$CHECKS"
else
    rm -f "$LOGS/i18n-check.log"
    if export_terms "$TEST_DB" "$LOGS/$ADDON-terms.po" &&
        "$ODOO_PYTHON" "$ROOT/dev/i18n.py" --check "$LOGS/$ADDON-terms.po" >"$LOGS/i18n-check.log" 2>&1; then
        echo "PASS i18n/$ADDON.pot holds every term Odoo exports, and every shipped .po translates them all" |
            tee -a "$CHECKS"
    else
        echo "FAIL i18n/ out of date: $(grep -sv '^up to date' "$LOGS/i18n-check.log" | tr '\n' ' ')" | tee -a "$CHECKS"
    fi
fi

# Checks that need a server of their own: prefork workers, a second database
# without the addon (the addon loaded server-wide so that login is reachable
# before a database is chosen), and PostgreSQL stopped under it.
PLAIN_DB=${DB}_plain
LIVE_LOG=$LOGS/live-$SLUG.log
copy_database "$TEMPLATE_DB" "$PLAIN_DB"
# The browser test's page is served from PORT+1: list that origin for CORS.
psql_q "$TEST_DB" "INSERT INTO ir_config_parameter (key, value)
    VALUES ('auth_rest_session.cors_allowed_origins', 'http://127.0.0.1:$((PORT + 1))')
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value" >/dev/null
say "checking a live server with --workers 2 ($TEST_DB with $ADDON, $PLAIN_DB without)"
"${ODOO_CMD[@]}" "${ODOO_OPTIONS[@]}" --load="base,web,$ADDON" --workers=2 --max-cron-threads=0 \
    "${GEVENT_PORT_OPTION[@]}" --db-filter="^($TEST_DB|$PLAIN_DB)\$" >"$LIVE_LOG" 2>&1 &
server=$!
core_reads_explicit_sid=0
grep -q "X-Openerp-Session-Id" "$ODOO_PACKAGE_DIR/http.py" && core_reads_explicit_sid=1
if wait_for_http "$server"; then
    "$ODOO_PYTHON" "$ROOT/dev/live_check.py" --url "http://127.0.0.1:$PORT" \
        --with-addon "$TEST_DB" --without-addon "$PLAIN_DB" \
        --core-reads-explicit-sid "$core_reads_explicit_sid" --server-log "$LIVE_LOG" \
        --stop-db "bash $ROOT/dev/postgres.sh stop" --start-db "bash $ROOT/dev/postgres.sh start" |
        tee -a "$CHECKS.live" || true
    browser_output=$(DB=$TEST_DB bash "$ROOT/dev/browser.sh" 2>&1) && browser_status=0 || browser_status=$?
    printf '%s\n' "$browser_output" | grep -E '^(✔|✖|\[browser\] (ok|FAIL))|skipped' || true
    if [[ $browser_output == *"browser test skipped"* ]]; then
        echo "SKIP ${browser_output##*browser test skipped: }" | tee -a "$CHECKS"
    elif [[ $browser_status == 0 ]]; then
        echo "PASS a page on another origin logs in, calls core JSON-RPC through CORS and logs out (headless Chromium)" | tee -a "$CHECKS"
    else
        echo "FAIL the browser test; see $LOGS/browser-$TEST_DB.log" | tee -a "$CHECKS"
    fi
    cat "$CHECKS.live" >>"$CHECKS" && rm -f "$CHECKS.live"
else
    echo "FAIL the live server did not start; see $LIVE_LOG" | tee -a "$CHECKS"
fi
# A session from this server must still work on the next one (stored on disk).
restart_sid=$(curl -s -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/session/auth/login" \
    -d "{\"db\": \"$TEST_DB\", \"login\": \"admin\", \"password\": \"admin\"}" |
    "$ODOO_PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["session"]["sid"])' 2>/dev/null || true)
stop_process "$server"

# The OpenAPI contract, property-based, against a server of one database.
say "property-based run of the OpenAPI contract (schemathesis) on $TEST_DB"
"${ODOO_CMD[@]}" "${ODOO_OPTIONS[@]}" -d "$TEST_DB" --db-filter="^$TEST_DB\$" >"$LOGS/fuzz-server-$SLUG.log" 2>&1 &
server=$!
wait_for_http "$server" || true
after_restart=$(curl -s -X POST -H 'Content-Type: application/json' -H "X-Openerp-Session-Id: $restart_sid" \
    "http://127.0.0.1:$PORT/web/session/get_session_info" -d '{"jsonrpc": "2.0", "method": "call", "params": {}}')
logged_in='"uid": [1-9]'
if [[ -n $restart_sid && $after_restart =~ $logged_in ]]; then
    echo "PASS a session survives a server restart" | tee -a "$CHECKS.fuzz"
else
    echo "FAIL a session did not survive a server restart: ${after_restart:0:200}" | tee -a "$CHECKS.fuzz"
fi
if bash "$ROOT/dev/fuzz.sh" >"$LOGS/fuzz-$SLUG.log" 2>&1; then
    echo "PASS schemathesis: $(grep -E 'generated' "$LOGS/fuzz-$SLUG.log" | tail -n1 | sed 's/^ *//'), no 5xx, every answer as documented" |
        tee -a "$CHECKS.fuzz"
else
    echo "FAIL schemathesis found problems; see $LOGS/fuzz-$SLUG.log" | tee -a "$CHECKS.fuzz"
fi
stop_process "$server"
# The live checks' closing count stays the last line.
sed -i "1r $CHECKS.fuzz" "$CHECKS" && rm -f "$CHECKS.fuzz"

installed=$(module_state "$TEST_DB" "$ADDON")
stop_postgres_if_started_here  # so that the verdict is the last line printed
"$ODOO_PYTHON" "$ROOT/dev/test_summary.py" "$TEST_LOG" "$ADDON" --installed="$installed" --checks="$CHECKS"
