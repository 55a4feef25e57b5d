"""What a successful login answers: Odoo's session information and the session itself."""

import datetime

from odoo.http import request

from . import compat

EXPIRES_AT_FORMAT = "%Y-%m-%d %H:%M:%S"


def login_answer(db):
    """What core's ``/web/session/authenticate`` answers, plus ``session``:
    the sid and when the server will drop it if it is not used (UTC)."""
    written_at = datetime.datetime.utcnow().replace(microsecond=0)
    with compat.session_env(db) as env:
        answer = env["ir.http"].session_info()
        expires_at = written_at + compat.session_lifetime(env)
    answer["session"] = {
        "sid": request.session.sid,
        "expires_at": expires_at.strftime(EXPIRES_AT_FORMAT),
    }
    return answer
