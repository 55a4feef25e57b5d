"""Header and query-parameter sids, on cores that read only the cookie.

Up to 15.0, and on 16.0 / 17.0 builds before June 2024, Odoo itself reads the
session id from the ``session_id`` query parameter and the
``X-Openerp-Session-Id`` header as well as from the cookie, and treats the first
two as *explicit*: used for that request only, never written back as a cookie.
Odoo then removed both (a maintainer called explicit sessions a security issue:
sids in URLs end up in logs and ``Referer`` headers), so current 16.0, 17.0
and 18.0 read only the cookie. A REST client has no cookie jar, so on those
cores this module restores the two explicit ways, and nothing else:

* ``Request._get_session_and_dbname`` (how the core finds the session) is
  wrapped, not copied: for a request with an explicit sid, the original lookup
  runs while that sid stands in for the ``session_id`` cookie, so the core's
  own key validation, store, and database selection apply unchanged.
* ``Request._save_session`` is wrapped so that a session that came explicitly
  is never turned into a ``Set-Cookie``.
* An explicit sid is honoured only for a database where this addon is
  installed; on the others of a multi-database server the request goes on as
  if the sid had not been sent.

Cores that still read explicit sids are left alone. ``install()`` runs once
per process and is idempotent.
"""

from werkzeug.datastructures import ImmutableMultiDict

from odoo import http

from . import compat
from .installed_databases import addon_installed

_MARKER = "_auth_rest_session_transport"
_EXPLICIT = "_auth_rest_session_explicit_sid"


def explicit_sid(httprequest):
    """The sid a client sent as query parameter or header, query first as the core did."""
    return httprequest.args.get("session_id") or httprequest.headers.get("X-Openerp-Session-Id")


def install():
    if compat.CORE_READS_EXPLICIT_SID:
        return
    request_class = http.Request
    if getattr(request_class._get_session_and_dbname, _MARKER, False):
        return
    original_lookup = request_class._get_session_and_dbname
    original_save = request_class._save_session

    def _get_session_and_dbname(self):
        sid = explicit_sid(self.httprequest)
        if not sid:
            return original_lookup(self)
        session, dbname = _lookup_as_cookie(self, original_lookup, sid)
        if dbname and not addon_installed(dbname):
            return original_lookup(self)
        setattr(self, _EXPLICIT, True)
        return session, dbname

    def _save_session(self):
        original_save(self)
        if getattr(self, _EXPLICIT, False):
            _drop_session_cookie(self.future_response.headers)

    setattr(_get_session_and_dbname, _MARKER, True)
    request_class._get_session_and_dbname = _get_session_and_dbname
    request_class._save_session = _save_session


def _lookup_as_cookie(request, original_lookup, sid):
    httprequest = request.httprequest
    real_cookies = httprequest.cookies
    cookies = real_cookies.to_dict()
    cookies["session_id"] = sid
    httprequest.cookies = ImmutableMultiDict(cookies)
    try:
        return original_lookup(request)
    finally:
        httprequest.cookies = real_cookies


def _drop_session_cookie(headers):
    cookies = headers.getlist("Set-Cookie")
    kept = [cookie for cookie in cookies if not cookie.startswith("session_id=")]
    if len(kept) != len(cookies):
        headers.remove("Set-Cookie")
        for cookie in kept:
            headers.add("Set-Cookie", cookie)
