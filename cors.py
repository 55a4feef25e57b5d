"""CORS with credentials for listed origins, on every route of the server.

A front end on another origin needs Odoo to answer its preflight requests
(``X-Openerp-Session-Id`` is not a "simple" header) and to allow credentials.
Odoo has neither, so the WSGI entry point is wrapped once per process:

* no ``Origin`` header, or an origin nobody listed: nothing changes (the
  cost is one dictionary look-up);
* a listed origin: ``OPTIONS`` preflights get ``204`` with the allowed
  methods and headers, and every answer gets
  ``Access-Control-Allow-Origin: <origin>``,
  ``Access-Control-Allow-Credentials: true`` and ``Vary: Origin``.

Origins are listed per database in the system parameter
``auth_rest_session.cors_allowed_origins`` (comma-separated, empty by
default); a request's origin is allowed when a database that this server
serves to the request's host, and that has this addon installed, lists it.
The lists are re-read at most every ``CACHE_SECONDS``.
"""

import psycopg2

from odoo import http, sql_db
from odoo.modules.registry import Registry

from . import compat
from .core_patch import wrap_once
from .expiring_cache import ExpiringCache

PARAMETER = "auth_rest_session.cors_allowed_origins"
SAMESITE_PARAMETER = "auth_rest_session.cookie_samesite"
ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
ALLOWED_HEADERS = "Content-Type, X-Openerp-Session-Id, Authorization"
EXPOSED_HEADERS = "Retry-After, WWW-Authenticate"
PREFLIGHT_MAX_AGE = "600"
CACHE_SECONDS = 10

_settings_by_host = ExpiringCache(CACHE_SECONDS)


def forget_front_end_settings():
    """Drop the cached settings, e.g. right after a parameter changed."""
    _settings_by_host.clear()


def front_end_settings(environ):
    """``(allowed origins, SameSite value or None)`` for the request's host."""
    host = environ.get("HTTP_HOST", "")
    cached = _settings_by_host.get(host)
    if cached is not None:
        return cached
    settings, complete = _read_settings(environ)
    if complete:  # a failed read (PostgreSQL restarting) is not remembered
        _settings_by_host.put(host, settings)
    return settings


def allowed_origins(environ):
    return front_end_settings(environ)[0]


def _read_settings(environ):
    origins, samesite, complete = set(), None, True
    try:
        databases = compat.databases_for_host(environ)
    except psycopg2.Error:
        return (frozenset(), None), False
    for db in databases:
        try:
            with _cursor(db) as cr:
                cr.execute(
                    """
                    SELECT p.key, p.value FROM ir_config_parameter p
                     WHERE p.key IN %s AND EXISTS (
                        SELECT 1 FROM ir_module_module m
                         WHERE m.name = %s AND m.state = 'installed')
                    """,
                    ((PARAMETER, SAMESITE_PARAMETER), compat.ADDON),
                )
                values = dict(cr.fetchall())
        except psycopg2.Error:
            complete = False  # not an Odoo database, or not reachable now
            continue
        listed = values.get(PARAMETER) or ""
        origins.update(origin.strip().rstrip("/") for origin in listed.split(",") if origin.strip())
        samesite = samesite or values.get(SAMESITE_PARAMETER)
    return (frozenset(origins), samesite), complete


def _cursor(db):
    # A loaded registry's cursor sees what its server sees (in tests, the
    # test transaction); a database nobody opened yet gets a plain one.
    registry = Registry.registries.get(db) if db in Registry.registries else None
    return registry.cursor() if registry is not None else sql_db.db_connect(db).cursor()


def install():
    wrap_once(type(http.root), "__call__", "cors", _with_cors)


def _with_cors(original):
    def __call__(self, environ, start_response):
        origin = environ.get("HTTP_ORIGIN")
        if not origin or origin not in allowed_origins(environ):
            return original(self, environ, start_response)
        if environ.get("REQUEST_METHOD") == "OPTIONS" and environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD"):
            start_response("204 No Content", _preflight_headers(origin))
            return [b""]

        def start_with_cors(status, headers, exc_info=None):
            headers = [(name, value) for name, value in headers if not name.lower().startswith("access-control-")]
            return start_response(status, headers + _cors_headers(origin), exc_info)

        return original(self, environ, start_with_cors)

    return __call__


def _cors_headers(origin):
    return [
        ("Access-Control-Allow-Origin", origin),
        ("Access-Control-Allow-Credentials", "true"),
        ("Access-Control-Expose-Headers", EXPOSED_HEADERS),
        ("Vary", "Origin"),
    ]


def _preflight_headers(origin):
    return _cors_headers(origin) + [
        ("Access-Control-Allow-Methods", ALLOWED_METHODS),
        ("Access-Control-Allow-Headers", ALLOWED_HEADERS),
        ("Access-Control-Max-Age", PREFLIGHT_MAX_AGE),
        ("Content-Length", "0"),
    ]
