# The development harness, sourced by dev/run.sh and dev/test.sh: which Odoo,
# which Python, the private PostgreSQL cluster, and how to call the server.
# Everything it builds lives under .build/ and is reused by the next call.
#
# Honoured variables:
#   PORT         HTTP port of the Odoo server (8069)
#   DB           database name (rest_session_<series>, e.g. rest_session_11_0)
#   ODOO_SRC     an Odoo source tree (with odoo-bin, odoo/ and addons/);
#                unset: the embedded Odoo 11.0 from PyPI
#   ODOO_PYTHON  the Python that runs that Odoo (required with ODOO_SRC; alone,
#                a Python that has an `odoo` package installed)
#   PGPORT       port of the private PostgreSQL cluster on 127.0.0.1 (25432,
#                below the kernel's ephemeral range so no client socket holds it)

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/.build
LOGS=$BUILD/logs
PORT=${PORT:-8069}
export PGPORT=${PGPORT:-25432}
ADDON=auth_rest_session
EMBEDDED_PYTHON_VERSION=3.7.16
EMBEDDED_VENV=$BUILD/venv-odoo11
EMBEDDED_REQUIREMENTS=$ROOT/dev/requirements-odoo11.txt
mkdir -p "$LOGS"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# --- Odoo -------------------------------------------------------------------

ensure_embedded_odoo() {
    local stamp=$EMBEDDED_VENV/.requirements.sha1
    local wanted
    wanted=$(sha1sum "$EMBEDDED_REQUIREMENTS" | cut -c1-40)
    if [[ -f $stamp && $(cat "$stamp") == "$wanted" ]]; then
        return
    fi
    local base_python
    base_python=$(pyenv root 2>/dev/null)/versions/$EMBEDDED_PYTHON_VERSION/bin/python
    [[ -x $base_python ]] || base_python=$(command -v python3.7 || true)
    [[ -n $base_python && -x $base_python ]] ||
        die "the embedded Odoo 11 needs Python 3.7 (pyenv install $EMBEDDED_PYTHON_VERSION)"
    say "building the embedded Odoo 11 in $EMBEDDED_VENV (once)"
    rm -rf "$EMBEDDED_VENV"
    "$base_python" -m venv "$EMBEDDED_VENV"
    local pip=("$EMBEDDED_VENV/bin/python" -m pip --disable-pip-version-check -q)
    "${pip[@]}" install 'pip<24' 'setuptools<58' wheel
    # vatnumber only builds with an old setuptools, outside build isolation.
    "${pip[@]}" install --no-build-isolation "$(grep '^vatnumber==' "$EMBEDDED_REQUIREMENTS")"
    "${pip[@]}" install -r "$EMBEDDED_REQUIREMENTS"
    echo "$wanted" >"$stamp"
}

# Sets ODOO_CMD (how to start the server), ADDONS_PATH, SERIES, SLUG, DB, DATA_DIR.
setup_odoo() {
    local package_dir
    if [[ -n ${ODOO_SRC:-} ]]; then
        [[ -f $ODOO_SRC/odoo-bin && -d $ODOO_SRC/odoo ]] ||
            die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo-bin or odoo/)"
        [[ -n ${ODOO_PYTHON:-} ]] || die "ODOO_SRC needs ODOO_PYTHON, the Python that runs it"
        ODOO_SRC=$(cd "$ODOO_SRC" && pwd)
        ODOO_CMD=("$ODOO_PYTHON" "$ODOO_SRC/odoo-bin")
        ADDONS_PATH=$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$BUILD/addons
        package_dir=$ODOO_SRC/odoo
    else
        if [[ -z ${ODOO_PYTHON:-} ]]; then
            ensure_embedded_odoo
            ODOO_PYTHON=$EMBEDDED_VENV/bin/python
        fi
        ODOO_CMD=("$ODOO_PYTHON" "$ROOT/dev/odoo_launcher.py")
        ADDONS_PATH=$BUILD/addons
        package_dir=$("$ODOO_PYTHON" -c \
            'import importlib.util as u; print(u.find_spec("odoo").submodule_search_locations[0])')
    fi
    [[ -x $(command -v "$ODOO_PYTHON") ]] || die "ODOO_PYTHON=$ODOO_PYTHON is not executable"
    ODOO_PACKAGE_DIR=$package_dir
    SERIES=$("$ODOO_PYTHON" -c 'import sys; ns = {}; exec(open(sys.argv[1]).read(), ns); print(ns["series"])' \
        "$package_dir/release.py")
    SLUG=$(printf '%s' "$SERIES" | tr -c 'a-z0-9' '_')
    # The port of the gevent (long-polling) server that --workers starts;
    # renamed in 16.0. Next to PORT so that two harnesses do not collide.
    if [[ ${SERIES%%.*} =~ ^[0-9]+$ && ${SERIES%%.*} -ge 16 ]]; then
        GEVENT_PORT_OPTION=(--gevent-port="$((PORT + 3))")
    else
        GEVENT_PORT_OPTION=(--longpolling-port="$((PORT + 3))")
    fi
    DB=${DB:-rest_session_$SLUG}
    DATA_DIR=$BUILD/data-$SLUG
    # Odoo finds a module by its folder name; the repository root is the addon.
    mkdir -p "$BUILD/addons" "$DATA_DIR"
    ln -sfn "$ROOT" "$BUILD/addons/$ADDON"
    say "Odoo $SERIES ($("$ODOO_PYTHON" --version 2>&1)), database $DB, port $PORT"
}

odoo() {
    "${ODOO_CMD[@]}" "${ODOO_OPTIONS[@]}" "$@"
}

# After ensure_postgres: the options every server run shares.
odoo_options() {
    [[ -n ${ADDONS_PATH:-} ]] || return 0  # PostgreSQL alone (dev/postgres.sh)
    ODOO_OPTIONS=(
        --addons-path="$ADDONS_PATH" --data-dir="$DATA_DIR"
        --db_host=127.0.0.1 --db_port="$PGPORT" --db_user=odoo
        --http-interface=127.0.0.1 --http-port="$PORT"
    )
}

wait_for_http() {  # wait_for_http PID: until the server on $PORT answers, or dies
    local _
    for _ in $(seq 1 240); do
        if curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{}' \
            "http://127.0.0.1:$PORT/web/webclient/version_info"; then
            return 0
        fi
        kill -0 "$1" 2>/dev/null || return 1
        sleep 0.5
    done
    return 1
}

stop_process() {  # stop_process PID: SIGTERM, then wait for it
    if [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; then
        kill -TERM "$1" 2>/dev/null || true
        wait "$1" 2>/dev/null || true
    fi
}

# What installing the addon depends on: when it changes, an installed
# database needs the addon updated (new models, access rules).
addon_schema_stamp() {
    (cd "$ROOT" && cat __manifest__.py models/*.py security/* 2>/dev/null | sha1sum | cut -c1-40)
}

module_state() {  # module_state DB MODULE
    psql_q "$1" "SELECT state FROM ir_module_module WHERE name = '$2'" 2>/dev/null || true
}

# --- PostgreSQL -------------------------------------------------------------

PG_BIN=$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | tail -n1)
PG_STARTED_HERE=

as_pg_owner() {
    # PostgreSQL refuses to run as root; CI runs as root.
    if [[ $(id -u) == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_home() {
    local home=$BUILD/pg
    if [[ $(id -u) == 0 && ! -L $home && ! -d $home ]]; then
        mkdir -p "$home"
        chown postgres: "$home"
        if ! runuser -u postgres -- test -w "$home"; then
            # A parent folder is closed to the postgres user (a private
            # checkout): keep the cluster in /var/tmp, reachable from .build/pg.
            rmdir "$home"
            local outside
            outside=/var/tmp/auth_rest_session-pg-$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)
            mkdir -p "$outside"
            chown postgres: "$outside"
            ln -s "$outside" "$home"
        fi
    fi
    mkdir -p "$home"
    echo "$home"
}

pg_running_port() {  # the port of our running cluster, or nothing
    local pid_file=$PGDATA/postmaster.pid
    [[ -f $pid_file ]] || return 0
    as_pg_owner "$PG_BIN/pg_ctl" status -D "$PGDATA" >/dev/null 2>&1 || return 0
    sed -n 4p "$pid_file"
}

ensure_postgres() {
    local home
    home=$(pg_home)
    PGDATA=$home/data
    if [[ ! -f $PGDATA/PG_VERSION ]]; then
        say "creating the private PostgreSQL cluster in $home (once)"
        as_pg_owner "$PG_BIN/initdb" -D "$PGDATA" -U odoo -A trust -E UTF8 --locale=C >/dev/null
    fi
    local running
    running=$(pg_running_port)
    if [[ -n $running ]]; then
        PGPORT=$running
    else
        say "starting PostgreSQL on 127.0.0.1:$PGPORT"
        as_pg_owner "$PG_BIN/pg_ctl" start -w -t 60 -D "$PGDATA" -l "$home/postgres.log" \
            -o "-c listen_addresses=127.0.0.1 -p $PGPORT -c unix_socket_directories=''" >/dev/null ||
            die "PostgreSQL did not start; see $home/postgres.log (is port $PGPORT taken? set PGPORT)"
        PG_STARTED_HERE=1
    fi
    odoo_options
}

stop_postgres_if_started_here() {
    if [[ -n $PG_STARTED_HERE ]]; then
        say "stopping PostgreSQL"
        as_pg_owner "$PG_BIN/pg_ctl" stop -m fast -D "$PGDATA" >/dev/null 2>&1 || true
        PG_STARTED_HERE=
    fi
}

psql_q() {  # psql_q DB SQL: one query, unaligned output
    PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -p "$PGPORT" -U odoo -d "$1" -v ON_ERROR_STOP=1 -qtAc "$2"
}

database_exists() {
    [[ $(psql_q postgres "SELECT 1 FROM pg_database WHERE datname = '$1'") == 1 ]]
}

drop_database() {
    psql_q postgres "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
}

# A database with base and web installed, copied for every test run and new
# database so that only our addon is installed (and tested) each time.
ensure_template_database() {
    TEMPLATE_DB=${DB}_template
    if database_exists "$TEMPLATE_DB" && [[ $(module_state "$TEMPLATE_DB" web) == installed ]]; then
        return
    fi
    say "creating the template database $TEMPLATE_DB with base and web (once)"
    drop_database "$TEMPLATE_DB"
    odoo -d "$TEMPLATE_DB" -i web --without-demo=all --stop-after-init \
        --log-level=warn >"$LOGS/template-$SLUG.log" 2>&1 || true
    [[ $(module_state "$TEMPLATE_DB" web) == installed ]] ||
        die "could not create $TEMPLATE_DB; see $LOGS/template-$SLUG.log"
}

create_database_with_addon() {  # create_database_with_addon DB: a copy of the template, addon installed
    ensure_template_database
    copy_database "$TEMPLATE_DB" "$1"
    odoo -d "$1" -i "$ADDON" --stop-after-init --log-level=warn >"$LOGS/install-$1.log" 2>&1 || true
    [[ $(module_state "$1" "$ADDON") == installed ]] ||
        die "installing $ADDON on $1 failed; see $LOGS/install-$1.log"
}

copy_database() {  # copy_database FROM TO, with its filestore
    drop_database "$2"
    psql_q postgres "CREATE DATABASE \"$2\" TEMPLATE \"$1\"" >/dev/null
    rm -rf "$DATA_DIR/filestore/$2"
    if [[ -d $DATA_DIR/filestore/$1 ]]; then
        cp -a "$DATA_DIR/filestore/$1" "$DATA_DIR/filestore/$2"
    fi
}

# --- translations -----------------------------------------------------------

export_terms() {  # export_terms DB FILE.po: Odoo's own export of the addon's terms on DB, with no language: a .pot
    # The export walks the addons path following symlinks, and the addon's
    # link leads back to this checkout, .build included: export from a copy
    # of the addon alone.
    local copy=$BUILD/i18n-addons/$ADDON
    rm -f "$2" && rm -rf "$copy" && mkdir -p "$copy"
    find "$ROOT" -mindepth 1 -maxdepth 1 ! -name '.*' ! -name dev -exec cp -a {} "$copy/" \;
    odoo -d "$1" --addons-path="$BUILD/i18n-addons" --i18n-export="$2" --modules="$ADDON" \
        --stop-after-init --log-level=warn >"$LOGS/i18n-export-$1.log" 2>&1 || true
    rm -rf "$BUILD/i18n-addons"
    [[ -s $2 ]]  # else see $LOGS/i18n-export-$1.log
}
