"""Answer 503 on this addon's routes while PostgreSQL cannot be reached.

When the database is down, every Odoo from 11.0 to 18.0 falls back to
serving the request without a database and logs its session out: our routes
would answer a 404 page and the caller's session would be gone. For requests
under this addon's prefix, the WSGI entry point first checks that the
server's PostgreSQL answers (one pooled connection, a few microseconds when
it is up) and otherwise answers ``503 service_unavailable`` in JSON without
touching the session. Nothing is cached: the first request after PostgreSQL
is back is served normally. Installed once per process, idempotent.
"""

import json

import psycopg2

from odoo import http, sql_db

from .controllers.errors import ServiceUnavailable
from .controllers.main import ROUTE_PREFIX

_MARKER = "_auth_rest_session_outage_guard"


def database_reachable():
    try:
        with sql_db.db_connect("postgres").cursor() as cr:
            cr.execute("SELECT 1")
        return True
    except psycopg2.OperationalError:
        return False


def install():
    application = type(http.root)
    original = application.__call__
    if getattr(original, _MARKER, False):
        return

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith(ROUTE_PREFIX + "/") and not database_reachable():
            return _unavailable(start_response)
        return original(self, environ, start_response)

    setattr(__call__, _MARKER, True)
    application.__call__ = __call__


def _unavailable(start_response):
    error = ServiceUnavailable()
    body = json.dumps({"error": error.error, "message": error.message}).encode()
    headers = [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body)))]
    headers += list(error.response_headers().items())
    start_response("503 Service Unavailable", headers)
    return [body]
