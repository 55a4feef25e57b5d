#!/usr/bin/env bash
# `bash dev/postgres.sh stop|start`: stop or start the harness's PostgreSQL
# cluster, e.g. to see how a running server copes with an outage.
source "$(dirname "$0")/harness.sh"
PGDATA=$(pg_home)/data
case ${1:-} in
    stop) as_pg_owner "$PG_BIN/pg_ctl" stop -m fast -w -D "$PGDATA" >/dev/null ;;
    start) PG_STARTED_HERE= ensure_postgres ;;
    *) die "usage: dev/postgres.sh stop|start" ;;
esac
