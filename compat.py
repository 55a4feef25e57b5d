"""Every difference between the Odoo series this addon supports, in one place.

The rest of the addon reads as if there were one Odoo; whatever depends on the
series is asked of this module. Each branch names the series and the reason.

==========================  =============  ==============================================
What                        Series         How it differs
==========================  =============  ==============================================
Session store               11.0 - 15.0    werkzeug ``FilesystemSessionStore``, sessions
                                           are ``OpenERPSession``; ``rotate`` flag
                            16.0 +         ``odoo.http.FilesystemSessionStore``,
                                           ``should_rotate``, ``store.rotate()``
``session.authenticate``    11.0           returns ``False`` on bad credentials
                            12.0 - 17.0    ``(db, login, password)``, raises
                                           ``AccessDenied``
                            18.0 +         ``(dbname, credential)`` with a credential
                                           dict, returns a dict with ``uid``
Session lifetime            11.0 - 15.0    ``session_gc`` deletes files older than a week
                            16.0 - 17.0    ``SESSION_LIFETIME`` (a week), same rule
                            18.0 +         ``get_session_max_inactivity(env)``, system
                                           parameter ``sessions.max_inactivity_seconds``
JSON bodies                 11.0 - 15.0    ``Root.get_request`` turns every JSON body
                                           into a JSON-RPC request (and logs the raw body
                                           when it is not valid JSON)
                            16.0 +         the route's ``type`` chooses the dispatcher
Explicit sid transport      11.0 - 15.0    header and query parameter read by the core
                            16.0 - 17.0    read by the core until June 2024, then only
                                           the cookie
                            18.0 +         only the cookie
==========================  =============  ==============================================
"""

import datetime

import odoo
from odoo import http
from odoo.exceptions import AccessDenied
from odoo.http import request

SERIES = odoo.release.version_info[0]

#: 11.0 - 15.0 keep sessions one week after their file was last written
#: (``odoo.http.session_gc``); 16.0 and 17.0 name that week SESSION_LIFETIME.
LEGACY_SESSION_LIFETIME = 60 * 60 * 24 * 7

# The HTTP layer was rewritten in 16.0 (odoo/odoo@2a4a2ad, "[REF] http: ...").
MODERN_HTTP = SERIES >= 16


def session_store():
    return http.root.session_store


def log_in(db, login, password):
    """Authenticate with Odoo's own session API on a brand-new session.

    The new sid is chosen by the server before the credentials are checked, so
    no client-chosen sid (cookie, header or query) survives a login, and the
    session token Odoo derives from the sid is computed on the final sid. The
    session the client presented is deleted on success only: a failed attempt
    must not log anybody out.

    Returns the uid, or raises ``AccessDenied`` on bad credentials on every series.
    """
    store = session_store()
    presented = request.session
    fresh = _use_session(store.new(), presented)
    succeeded = False
    try:
        uid = _authenticate(fresh, db, login, password)
        succeeded = True
    finally:
        if not succeeded:
            _use_session(presented, fresh)
    if store.is_valid_key(presented.sid):
        store.delete(presented)
    return uid


def _use_session(session, replaced):
    if MODERN_HTTP:
        # 16.0+: keep core's defaults and the transport flag the lookup gave.
        if not session:
            session.update(http.get_default_session())
        session.is_explicit = getattr(replaced, "is_explicit", False)
    else:
        # 11.0 - 15.0 save httprequest.session once the answer is built.
        request.httprequest.session = session
    request.session = session
    return session


def _authenticate(session, db, login, password):
    if SERIES >= 18:
        # 18.0 takes a credential dict and answers with a dict.
        credential = {"login": login, "password": password, "type": "password"}
        session.authenticate(db, credential)
    else:
        # 11.0 answers False instead of raising AccessDenied.
        session.authenticate(db, login, password)
    if not session.uid:
        raise AccessDenied()
    if MODERN_HTTP:
        # 16.0+ would rotate once more after the answer is built, and the
        # client would be left holding a dead sid; it is new already.
        session.should_rotate = False
    return session.uid


def end_session():
    """Log the request's session out; the core deletes its stored file on rotation."""
    request.session.logout(keep_db=False)


def session_info():
    """What core's ``/web/session/authenticate`` answers for the current session."""
    return request.env["ir.http"].session_info()


def session_lifetime(env):
    """How long the server keeps a session after it was last written."""
    if SERIES >= 18:
        return datetime.timedelta(seconds=http.get_session_max_inactivity(env))
    if MODERN_HTTP:
        return datetime.timedelta(seconds=http.SESSION_LIFETIME)
    return datetime.timedelta(seconds=LEGACY_SESSION_LIFETIME)


def session_expires_at(env, written_at):
    """When the core's session garbage collector may drop a session written at ``written_at``."""
    return written_at + session_lifetime(env)


def selectable_databases():
    """The databases this request may log into (``list_db`` aside), after ``dbfilter``."""
    return http.db_list(True)


def collect_expired_sessions(env):
    """Run the core's session garbage collection now, as it does at random."""
    store = session_store()
    if SERIES >= 18:
        store.vacuum(max_lifetime=http.get_session_max_inactivity(env))
    elif MODERN_HTTP:
        store.vacuum()
    else:
        _run_legacy_session_gc(store)


class _AlwaysDraw:
    @staticmethod
    def random():
        return 0.0


def _run_legacy_session_gc(store):
    # 11.0 - 15.0 run the collector on one request in a thousand, drawn with
    # odoo.http's own ``random``; make that one draw win.
    drawn_with = http.random
    http.random = _AlwaysDraw
    try:
        http.session_gc(store)
    finally:
        http.random = drawn_with
