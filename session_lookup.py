"""How the server finds a request's session: hardened, and extended to headers.

Three things happen where Odoo looks the session up, once per request:

* **Only live sessions are adopted.** Every Odoo from 11.0 to 18.0 keeps a
  client-chosen sid when no session is stored under it ("in case the session
  was not persisted"), which is session fixation; 17.0 even keeps a sid of any
  shape, which then spells a file path. A sid that is malformed or has no
  stored session is treated as no sid: the request gets a new session with a
  sid chosen by the server.
* **A session in use stays alive.** The core deletes sessions whose file was
  not written for its session lifetime, and reading a session does not write
  it. A session used on a request gets its file's mtime refreshed, at most
  once per ``REFRESH_INTERVAL``, so ``expires_at`` holds for clients that keep
  using their sid.
* **Header and query-parameter sids on cookie-only cores.** Up to 15.0, and on
  16.0 / 17.0 builds before June 2024, Odoo reads the sid from the
  ``session_id`` query parameter and the ``X-Openerp-Session-Id`` header as
  well as from the cookie, and treats the first two as *explicit*: used for
  that request only, never written back as a cookie. Odoo then removed both (a
  maintainer called explicit sessions a security issue: sids in URLs end up in
  logs and ``Referer`` headers); current 16.0, 17.0 and 18.0 read only the
  cookie. A REST client has no cookie jar, so there this module restores the
  two explicit ways, with the same rules, for databases where this addon is
  installed (on others the request goes on as if the sid had not been sent).

The core's lookup (``Root.setup_session`` up to 15.0,
``Request._get_session_and_dbname`` since 16.0) is wrapped, never copied: the
sid this module settles on is handed to the original as the cookie, so the
core's own key validation, store and database selection apply unchanged.
``install()`` runs once per process and is idempotent.
"""

import logging
import os
import time

from werkzeug.datastructures import Headers, ImmutableMultiDict

from odoo import http

from . import compat
from .core_patch import wrap_once
from .installed_databases import addon_installed

#: A used session's file is rewritten at most this often (seconds).
REFRESH_INTERVAL = 600

SID_HEADER = "X-Openerp-Session-Id"
_logger = logging.getLogger(__name__)
_EXPLICIT = "_auth_rest_session_explicit_sid"


def explicit_sid(httprequest):
    """The sid a client sent as query parameter or header (query first, as the core)."""
    return httprequest.args.get("session_id") or httprequest.headers.get(SID_HEADER)


def sid_is_explicit(request):
    """Whether the request's session came from the header or the query parameter."""
    return getattr(request, _EXPLICIT, False)


def install():
    if compat.MODERN_HTTP:
        wrap_once(http.Request, "_get_session_and_dbname", "session_lookup", _modern_lookup)
        wrap_once(http.Request, "_save_session", "session_lookup", _modern_save)
    else:
        wrap_once(http.Root, "setup_session", "session_lookup", _legacy_setup_session)


def live_session_mtime(store, sid):
    """The mtime of the stored session ``sid``, or None when ``sid`` is malformed
    or nothing is stored under it. Never builds a path from a malformed sid."""
    if not sid or not store.is_valid_key(sid):
        return None
    try:
        return os.stat(store.get_session_filename(sid)).st_mtime
    except OSError:
        return None


def _keep_alive(store, sid, mtime):
    now = time.time()
    if now - mtime > REFRESH_INTERVAL:
        try:
            os.utime(store.get_session_filename(sid), (now, now))
        except OSError as error:  # deleted meanwhile (a concurrent logout): nothing to keep
            _logger.debug("Session file gone before it could be kept alive: %s", error)


# --- 11.0 - 15.0 ----------------------------------------------------------


def _legacy_setup_session(original):
    def setup_session(self, httprequest):
        explicit = original(self, httprequest)
        presented = explicit_sid(httprequest) or httprequest.cookies.get("session_id")
        if presented:
            store = self.session_store
            sid = httprequest.session.sid
            mtime = live_session_mtime(store, sid)
            if mtime is None:
                httprequest.session = store.new()
            else:
                _keep_alive(store, sid, mtime)
        return explicit

    return setup_session


# --- 16.0+ ----------------------------------------------------------------


def _modern_lookup(original):
    def _get_session_and_dbname(self):
        httprequest = self.httprequest
        store = http.root.session_store
        explicit = explicit_sid(httprequest)
        if explicit:
            session, dbname = _look_up(self, original, store, explicit)
            if compat.CORE_READS_EXPLICIT_SID or not dbname or addon_installed(dbname):
                setattr(self, _EXPLICIT, True)
                if compat.CORE_READS_EXPLICIT_SID:
                    session.is_explicit = True
                return session, dbname
        return _look_up(self, original, store, httprequest.cookies.get("session_id"))

    return _get_session_and_dbname


def _look_up(request, original, store, presented):
    mtime = live_session_mtime(store, presented)
    sid = presented if mtime is not None else None
    if sid == _sid_core_would_read(request.httprequest):
        session, dbname = original(request)
    else:
        with _presenting(request.httprequest, sid):
            session, dbname = original(request)
    if sid:
        _keep_alive(store, sid, mtime)
    return session, dbname


def _sid_core_would_read(httprequest):
    if compat.CORE_READS_EXPLICIT_SID:
        return explicit_sid(httprequest) or httprequest.cookies.get("session_id")
    return httprequest.cookies.get("session_id")


class _presenting:
    """Let the original lookup see ``sid`` as the only sid of the request."""

    def __init__(self, httprequest, sid):
        self.httprequest = httprequest
        self.sid = sid

    def __enter__(self):
        httprequest = self.httprequest
        self.saved = (httprequest.cookies, httprequest.args, httprequest.headers)
        cookies = httprequest.cookies.to_dict()
        cookies.pop("session_id", None)
        if self.sid:
            cookies["session_id"] = self.sid
        httprequest.cookies = ImmutableMultiDict(cookies)
        if compat.CORE_READS_EXPLICIT_SID:
            args = httprequest.args.copy()
            args.pop("session_id", None)
            httprequest.args = ImmutableMultiDict(args)
            headers = Headers(httprequest.headers)
            headers.remove(SID_HEADER)
            httprequest.headers = headers

    def __exit__(self, *_exc):
        httprequest = self.httprequest
        httprequest.cookies, httprequest.args, httprequest.headers = self.saved


def _modern_save(original):
    def _save_session(self):
        original(self)
        if sid_is_explicit(self):
            _drop_session_cookie(self.future_response.headers)

    return _save_session


def _drop_session_cookie(headers):
    cookies = headers.getlist("Set-Cookie")
    kept = [cookie for cookie in cookies if not cookie.startswith("session_id=")]
    if len(kept) != len(cookies):
        headers.remove("Set-Cookie")
        for cookie in kept:
            headers.add("Set-Cookie", cookie)
