"""What the server knows of the request's session: its state, and ending all of a user's."""

import datetime

from odoo.http import request

from . import compat
from .login_answer import EXPIRES_AT_FORMAT
from .session_lookup import live_session_mtime


class SessionExpired(Exception):
    """The request has no logged-in session (none, ended, or invalidated)."""


def current_session_state():
    """``uid``, ``login``, ``db`` and ``expires_at`` of the request's session.

    ``expires_at`` counts from the session file's last write, which the
    session lookup refreshes on use: asking keeps the session alive.
    """
    session = request.session
    mtime = live_session_mtime(compat.session_store(), session.sid)
    if mtime is None or not session.db:
        raise SessionExpired()
    with compat.session_env(session.db) as env:
        if not compat.session_is_valid(env):
            raise SessionExpired()
        lifetime = compat.session_lifetime(env)
    expires_at = datetime.datetime.utcfromtimestamp(int(mtime)) + lifetime
    return {
        "uid": session.uid,
        "login": session.login,
        "db": session.db,
        "expires_at": expires_at.strftime(EXPIRES_AT_FORMAT),
    }


def end_all_sessions_of_user():
    """End every session of the request's user on its database; return how many."""
    state = current_session_state()
    store = compat.session_store()
    ended = 0
    for sid in compat.stored_sids():
        if not store.is_valid_key(sid):
            continue
        stored = store.get(sid)
        if stored.get("db") == state["db"] and stored.get("uid") == state["uid"]:
            store.delete(stored)
            ended += 1
    compat.end_session()
    return ended
