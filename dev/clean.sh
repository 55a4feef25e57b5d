#!/usr/bin/env bash
# `make clean`: stop our PostgreSQL if it runs, then remove .build/.
source "$(dirname "$0")/harness.sh"
if [[ -e $BUILD/pg/data/PG_VERSION ]]; then
    as_pg_owner "$PG_BIN/pg_ctl" stop -m fast -D "$BUILD/pg/data" >/dev/null 2>&1 || true
    rm -rf "$(readlink -f "$BUILD/pg")"
fi
rm -rf "$BUILD"
