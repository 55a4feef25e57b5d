"""Answer 503 on this addon's routes while PostgreSQL cannot be reached.

When the database is down, every Odoo from 11.0 to 18.0 falls back to
serving the request without a database and logs its session out: our routes
would answer a 404 page, and the caller's session would be gone. For requests
under this addon's prefix, the WSGI entry point first checks that PostgreSQL
answers and otherwise answers ``503 service_unavailable`` in JSON without
touching the session.

The check costs no round trip while all is well: the probe keeps one
connection per process open, and PostgreSQL closes its connections when it
stops, restarts or crashes, which makes that socket readable. Only then (and
while an outage lasts) does a ``SELECT 1``, on a new connection if needed,
decide. Nothing else is cached: the first request after PostgreSQL is back is
served normally. A network cut that leaves the socket silent is not seen
here; Odoo then answers as it would without the addon. Installed once per
process, idempotent.
"""

import json
import logging
import select
import threading

import psycopg2

from odoo import http, sql_db

from .controllers.errors import ServiceUnavailable
from .controllers.routes import is_rest_path
from .core_patch import wrap_once
from .translation import SOURCE_LANGUAGE

_logger = logging.getLogger(__name__)


class DatabaseProbe:
    def __init__(self):
        self._lock = threading.Lock()
        self._connection = None

    def reachable(self):
        with self._lock:
            if self._connection is not None and not self._connection.closed and self._quiet():
                return True
            for _attempt in range(2):  # a connection from before an outage fails once
                try:
                    if self._connection is None or self._connection.closed:
                        _db, info = sql_db.connection_info_for("postgres")
                        self._connection = psycopg2.connect(connect_timeout=5, **info)
                        self._connection.autocommit = True
                    with self._connection.cursor() as cr:
                        cr.execute("SELECT 1")
                    return True
                except psycopg2.Error:
                    self._forget()
            return False

    def _quiet(self):
        """Whether the server has said nothing since the last query: no
        goodbye, no closed socket."""
        if not hasattr(select, "poll"):  # Windows: always ask
            return False
        poller = select.poll()
        poller.register(self._connection.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
        return not poller.poll(0)

    def _forget(self):
        if self._connection is not None:
            try:
                self._connection.close()
            except psycopg2.Error as error:
                _logger.debug("Closing the outage probe's connection: %s", error)
        self._connection = None


probe = DatabaseProbe()


def install():
    wrap_once(type(http.root), "__call__", "outage_guard", _with_outage_guard)


def _with_outage_guard(original):
    def __call__(self, environ, start_response):
        if is_rest_path(environ.get("PATH_INFO", "")) and not probe.reachable():
            return _unavailable(start_response)
        return original(self, environ, start_response)

    return __call__


def _unavailable(start_response):
    error = ServiceUnavailable()
    body = json.dumps(error.body()).encode()  # English: the installed languages are in the database
    headers = [
        ("Content-Type", "application/json; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Content-Language", SOURCE_LANGUAGE),
    ]
    headers += list(error.response_headers().items())
    start_response("503 Service Unavailable", headers)
    return [body]
