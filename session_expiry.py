"""The ``session`` block of a login answer: the sid and when the server will drop it."""

import datetime

from odoo.http import request

from . import compat

EXPIRES_AT_FORMAT = "%Y-%m-%d %H:%M:%S"


def session_block(session):
    written_at = datetime.datetime.utcnow().replace(microsecond=0)
    expires_at = compat.session_expires_at(request.env, written_at)
    return {"sid": session.sid, "expires_at": expires_at.strftime(EXPIRES_AT_FORMAT)}
