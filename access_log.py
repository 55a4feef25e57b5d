"""Keep session ids out of the HTTP access log.

The access log line (werkzeug's, on every Odoo version and server mode)
prints the request line, query string included, so a sid sent as
``?session_id=`` would be written to disk with every request. A filter on
that logger replaces the value before the line is formatted. It is installed
once per process, for every database the server serves: redacting costs
nothing where no sid is in the URL.
"""

import logging
import re

_SID_IN_URL = re.compile(r"(session_id=)[^&\s\"']*")
REDACTED = r"\1<redacted>"


class RedactSessionIds(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        if "session_id=" in message:
            record.msg = _SID_IN_URL.sub(REDACTED, message)
            record.args = ()
        return True


def install():
    werkzeug_logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactSessionIds) for f in werkzeug_logger.filters):
        werkzeug_logger.addFilter(RedactSessionIds())
