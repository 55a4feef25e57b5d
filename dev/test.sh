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

"$ODOO_PYTHON" "$ROOT/dev/test_summary.py" "$TEST_LOG" "$ADDON" \
    --installed="$(module_state "$TEST_DB" "$ADDON")"
