"""Every difference between the Odoo series this addon supports, in one place.

The rest of the addon reads as if there were one Odoo; whatever depends on the
series is asked of this module. Each branch names the series and the reason.

==========================  =============  ==============================================
What                        Series         How it differs
==========================  =============  ==============================================
Session store               11.0 - 15.0    werkzeug ``FilesystemSessionStore``; the
                                           request reads ``httprequest.session``
                            16.0 +         ``odoo.http.FilesystemSessionStore``;
                                           ``should_rotate``, ``get_default_session()``
``session.authenticate``    11.0           returns ``False`` on bad credentials
                            12.0 - 17.0    ``(db, login, password)``, raises
                                           ``AccessDenied``
                            18.0 +         ``(dbname, credential)`` with a credential
                                           dict
Session lifetime            11.0 - 15.0    ``http.session_gc`` deletes, on one request in
                                           a thousand, files not written for a week
                            16.0 - 17.0    the same with ``SESSION_LIFETIME``; later
                                           builds: the ``ir.http._gc_sessions``
                                           autovacuum, system parameter
                                           ``sessions.max_inactivity_seconds``
                            18.0 +         the autovacuum, through
                                           ``http.get_session_max_inactivity(env)``
Answering for a database    11.0 - 15.0    ``request.env`` follows the session's database
other than the request's    16.0 +         the caller opens a cursor on it (saas-15.3)
Read-only routes            18.0 +         ``auth="none"`` routes get a read-only cursor
JSON bodies                 11.0 - 15.0    every ``application/json`` body is taken for
                                           JSON-RPC: see ``plain_json_routes.py``
                            16.0 +         the route's ``type`` chooses the dispatcher
Explicit sid transport      11.0 - 15.0    header and query parameter read by the core
                            16.0 - 17.0    read by the core until June 2024 (sessions
                                           then have ``is_explicit``), then only the
                                           cookie: see ``session_lookup.py``
                            18.0 +         only the cookie
Translating code messages   11.0 - 15.0    loaded into ``ir.translation`` (type ``code``)
                                           when a language is installed
                            16.0 +         read from the module's ``i18n/*.po`` files by
                                           ``code_translations``
Activating a language       11.0 - 13.0    ``res.lang.load_lang`` (13.0:
                                           ``_activate_lang``), terms loaded by
                                           ``ir.translation.load_module_terms``
                            14.0 - 15.0    ``res.lang._activate_lang``, terms loaded by
                                           ``ir.module.module._load_module_terms``
                            16.0 +         ``_activate_lang``; code terms need no loading
==========================  =============  ==============================================
"""

import contextlib
import datetime
import glob
import os

from werkzeug.wrappers import Request as WerkzeugRequest

import odoo
from odoo import http
from odoo.exceptions import AccessDenied
from odoo.http import request
from odoo.modules.registry import Registry
from odoo.service import db as db_service
from odoo.service import security

try:
    from odoo.tools.translate import code_translations  # 16.0+
except ImportError:
    code_translations = None

SERIES = odoo.release.version_info[0]

ADDON = __name__.split(".")[2]

# The HTTP layer was rewritten in 16.0.
MODERN_HTTP = SERIES >= 16

# Feature-detected: 16.0 and 17.0 builds from before June 2024 still have it.
CORE_READS_EXPLICIT_SID = not MODERN_HTTP or "is_explicit" in http.Session.__slots__

#: Route options for a route that writes to the database: 18.0 gives
#: ``auth="none"`` routes a read-only cursor unless told otherwise.
WRITING_ROUTE = {"readonly": False} if SERIES >= 18 else {}

#: 11.0 - 15.0: ``http.session_gc`` keeps a session a week after its last write.
LEGACY_SESSION_LIFETIME = 60 * 60 * 24 * 7


class MfaRequired(Exception):
    """The password was right, and the user must also give a second factor."""


class NoPendingLogin(Exception):
    """A second factor was sent on a session that waits for none."""


def session_store():
    return http.root.session_store


def log_in(db, login, password):
    """Authenticate with Odoo's own session API on a brand-new session.

    The new sid is chosen by the server before the credentials are checked, so
    no client-chosen sid (cookie, header or query) survives a login, and the
    session token Odoo derives from the sid is computed on the final sid. The
    session the client presented is deleted on success only: a failed attempt
    must not log anybody out.

    Returns the uid, or raises ``AccessDenied`` on bad credentials on every
    series, or ``MfaRequired`` (14.0+, auth_totp) with the new session left
    waiting for the second factor.
    """
    store = session_store()
    presented = request.session
    fresh = _use_session(store.new(), presented)
    keep_fresh = False
    try:
        uid = _authenticate(fresh, db, login, password)
        keep_fresh = True
    except MfaRequired:
        fresh.db = db  # where the second step completes the login
        keep_fresh = True
        raise
    finally:
        if keep_fresh:
            if store.is_valid_key(presented.sid):
                store.delete(presented)
        else:
            _use_session(presented, fresh)
    return uid


def _use_session(session, replaced):
    if MODERN_HTTP:
        # 16.0+: keep core's defaults, and the transport flag where it exists.
        if not session:
            session.update(http.get_default_session())
        if CORE_READS_EXPLICIT_SID:
            session.is_explicit = replaced.is_explicit
    else:
        # 11.0 - 15.0 save httprequest.session once the answer is built.
        request.httprequest.session = session
    request.session = session
    return session


def _authenticate(session, db, login, password):
    if SERIES >= 18:
        # 18.0 takes a credential dict.
        credential = {"login": login, "password": password, "type": "password"}
        session.authenticate(db, credential)
    else:
        # 11.0 answers False instead of raising AccessDenied.
        session.authenticate(db, login, password)
    if not session.uid:
        # 14.0+: a user with a second factor is only "pre"-authenticated.
        raise MfaRequired() if session.get("pre_uid") else AccessDenied()
    if MODERN_HTTP:
        # 16.0+ would rotate once more after the answer is built, and the
        # client would be left holding a dead sid; it is new already.
        session.should_rotate = False
    return session.uid


def pending_login():
    """The login waiting for a second factor on this session, or raise NoPendingLogin."""
    session = request.session
    if session.uid or not session.get("pre_uid"):
        raise NoPendingLogin()
    return session.db, session.get("pre_login") or ""


def complete_mfa_login(code):
    """Check a TOTP code with auth_totp and finish the pending login under a new sid.

    Raises ``AccessDenied`` for a wrong code. Returns the database.
    """
    session = request.session
    db = session.db
    store = session_store()
    with Registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["res.users"].browse(session.pre_uid)._totp_check(code)
        if MODERN_HTTP:
            session.finalize(env)
            store.rotate(session, env)  # the answer must carry the final sid
        else:
            # 14.0 / 15.0 (not tested here): finalize() takes no environment.
            session.finalize()
            store.delete(session)
            session.sid = store.generate_key()
            session.session_token = security.compute_session_token(session, env)
            session.rotate = False
    return db


def core_login_cooldown(db, address):
    """Seconds left of the core's own login cooldown for ``address``, or 0.

    12.0+ refuse logins from an address for ``base.login_cooldown_duration``
    seconds after ``base.login_cooldown_after`` failures, per process, with the
    same ``AccessDenied`` as a wrong password; 11.0 has no cooldown.
    """
    registry = Registry(db)
    failures_by_address = getattr(registry, "_login_failures", None)
    if not failures_by_address or address not in failures_by_address:
        return 0
    failures, previous = failures_by_address[address]
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if not env["res.users"]._on_login_cooldown(failures, previous):
            return 0
        duration = int(env["ir.config_parameter"].sudo().get_param("base.login_cooldown_duration", 60))
    elapsed = (datetime.datetime.now() - previous).total_seconds()
    return max(1, int(duration - elapsed))


def end_session():
    """Log the request's session out; the core deletes its stored file on rotation."""
    request.session.logout(keep_db=False)


@contextlib.contextmanager
def session_env(db):
    """An environment of the session's user on ``db``, to answer with."""
    if not MODERN_HTTP:
        yield request.env
        return
    # saas-15.3+: authenticating on another database than request.db leaves
    # request.env alone; core's /web/session/authenticate opens a cursor too.
    with Registry(db).cursor() as cr:
        yield odoo.api.Environment(cr, request.session.uid, request.session.context)


def session_lifetime(env):
    """How long the server keeps a session that is not written to."""
    if hasattr(http, "get_session_max_inactivity"):  # 18.0+
        return datetime.timedelta(seconds=http.get_session_max_inactivity(env))
    if hasattr(type(env["ir.http"]), "_gc_sessions"):  # 16.0 / 17.0, later builds
        seconds = env["ir.config_parameter"].sudo().get_param("sessions.max_inactivity_seconds", http.SESSION_LIFETIME)
        return datetime.timedelta(seconds=int(seconds))
    return datetime.timedelta(seconds=getattr(http, "SESSION_LIFETIME", LEGACY_SESSION_LIFETIME))


def session_is_valid(env):
    """Whether the request's session is logged in and its token still holds
    (a password change, for one, invalidates it)."""
    session = request.session
    if not session.uid or not session.db:
        return False
    # 11.0 - 17.0: check_session(session, env); 18.0 adds an optional request.
    return security.check_session(session, env)


def stored_sids():
    """Every sid the session store holds."""
    store = session_store()
    if MODERN_HTTP:
        # 16.0+ scatter session files in sub-folders named after the sid.
        return [os.path.basename(path) for path in glob.glob(os.path.join(store.path, "*", "*"))]
    return store.list()


def databases_for_host(environ):
    """The databases this server serves to requests for the host in ``environ``."""
    databases = db_service.list_dbs(True)
    if MODERN_HTTP:
        return http.db_filter(databases, host=environ.get("HTTP_HOST", ""))
    # 11.0 - 15.0 take the host from a request object.
    return http.db_filter(databases, httprequest=WerkzeugRequest(environ))


def selectable_databases():
    """The databases this request may log into (``list_db`` aside), after ``dbfilter``."""
    return http.db_list(True)


def collect_expired_sessions(env):
    """Run the core's session garbage collection now, as the server does at its own pace."""
    if hasattr(type(env["ir.http"]), "_gc_sessions"):  # the autovacuum, 16.0+
        env["ir.http"]._gc_sessions()
    else:
        _run_session_gc_once(session_store())


class _AlwaysDraw:
    @staticmethod
    def random():
        return 0.0


def _run_session_gc_once(store):
    # http.session_gc runs on one request in a thousand, drawn with
    # odoo.http's own ``random``: make that one draw win.
    drawn_with = http.random
    http.random = _AlwaysDraw
    try:
        http.session_gc(store)
    finally:
        http.random = drawn_with


def code_translation(env, lang, source):
    """The translation into ``lang`` of a message marked in this addon's code,
    or ``source`` itself when there is none."""
    if code_translations is not None:
        # 16.0+ dropped ir.translation: code terms come from the .po files.
        return code_translations.get_python_translations(ADDON, lang).get(source) or source
    return env["ir.translation"]._get_source(None, ("code",), lang, source) or source


def activate_language(env, code):
    """Install the language ``code`` with this addon's translations (the tests
    use it; in production a user installs languages from Settings)."""
    languages = env["res.lang"]
    if hasattr(type(languages), "_activate_lang"):  # 13.0+
        languages._activate_lang(code)
    else:
        languages.load_lang(code)
    if code_translations is not None:
        return
    if hasattr(type(env["ir.module.module"]), "_load_module_terms"):  # 14.0 / 15.0
        env["ir.module.module"]._load_module_terms([ADDON], [code])
    else:
        env["ir.translation"].load_module_terms([ADDON], [code])
