#!/usr/bin/env bash
# The cross-origin browser test: static/src/js/rest_session.js in a headless
# Chromium, served from another origin than Odoo, against a server that is
# already running (dev/browser/cross_origin.test.mjs says what it checks).
#
# The caller starts the server and lists the test page's origin in the
# database, e.g. for PORT=8069:
#   psql -h 127.0.0.1 -p "$PGPORT" -U odoo "$DB" -c "INSERT INTO ir_config_parameter (key, value)
#       VALUES ('auth_rest_session.cors_allowed_origins', 'http://127.0.0.1:8070')
#       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
# (the server re-reads it within about 10 seconds).
#
# Environment:
#   PORT            HTTP port of the running Odoo on 127.0.0.1 (8069)
#   DB              its database (the harness default, rest_session_<series>)
#   ODOO_LOGIN      a user without two-factor authentication (admin)
#   ODOO_PASSWORD   its password (admin)
#   PAGE_PORT       where the test serves its page, on 127.0.0.1 (PORT + 1);
#                   http://127.0.0.1:PAGE_PORT is the origin to list
#   CHROMIUM        the browser (/usr/bin/chromium); never downloaded
#
# Without Chromium (or Node.js 20+) the test is skipped and this exits 0.
# playwright-core is installed by npm into dev/browser/node_modules/, once per
# change of dev/browser/package-lock.json. Exit status: the test's.
source "$(dirname "$0")/harness.sh"

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
BROWSER_DIR=$ROOT/dev/browser

if [[ ! -x $CHROMIUM && $CHROMIUM == /usr/bin/chromium && $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    say "installing Debian's chromium for the browser test (once)"
    { apt-get install -y -q chromium || { apt-get update -q && apt-get install -y -q chromium; }; } \
        >"$LOGS/chromium-install.log" 2>&1 || true
fi
if [[ ! -x $CHROMIUM ]]; then
    echo "browser test skipped: chromium not installed (apt-get install chromium)"
    exit 0
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null ||
    ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
    echo "browser test skipped: Node.js 20 or later (with npm) not installed"
    exit 0
fi

[[ -n ${DB:-} ]] || setup_odoo  # only for the default database name
ODOO_URL=http://127.0.0.1:$PORT
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{}' \
    "$ODOO_URL/web/webclient/version_info" ||
    die "no Odoo answers on $ODOO_URL: start it first (make run PORT=$PORT)"

# playwright-core only: it never downloads a browser (and no install scripts run).
stamp=$BROWSER_DIR/node_modules/.installed-from
wanted=$(sha1sum "$BROWSER_DIR/package-lock.json" | cut -c1-40)
if [[ ! -f $stamp || $(cat "$stamp") != "$wanted" ]]; then
    say "installing playwright-core into $BROWSER_DIR/node_modules"
    (cd "$BROWSER_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
        npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
    echo "$wanted" >"$stamp"
fi

BROWSER_LOG=$LOGS/browser-$DB.log
say "browser test: page on http://127.0.0.1:${PAGE_PORT:-$((PORT + 1))}, Odoo on $ODOO_URL, database $DB (log: $BROWSER_LOG)"
cd "$BROWSER_DIR"
ODOO_URL=$ODOO_URL ODOO_DB=$DB \
    ODOO_LOGIN=${ODOO_LOGIN:-admin} ODOO_PASSWORD=${ODOO_PASSWORD:-admin} \
    PAGE_PORT=${PAGE_PORT:-$((PORT + 1))} CHROMIUM=$CHROMIUM \
    node --test --test-reporter=spec cross_origin.test.mjs 2>&1 | tee "$BROWSER_LOG"
