"""The addon's errors, and the one place where an exception becomes an HTTP answer.

Each error type carries its status and its machine-readable code, so no
caller passes numbers around. Clients branch on ``error``; ``message`` is for
people, in their language (see ``translation.py``).
"""

import functools
import logging

import psycopg2
from werkzeug import exceptions

from odoo.exceptions import AccessDenied
from odoo.http import request

from ..compat import MfaRequired, NoPendingLogin
from ..login_throttle import LoginThrottled
from ..session_state import SessionExpired
from ..translation import _, request_translator
from .responses import translated_response
from .routes import ROUTE_PREFIX

_logger = logging.getLogger(__name__)


class RestError(exceptions.HTTPException):
    code = 500
    error = "internal_error"
    message = _("The server could not complete the request.")

    def __init__(self):
        super().__init__(self.text())

    def text(self, translate=str):
        """The message for people, through ``translate``."""
        return translate(self.message)

    def response_headers(self):
        return {}

    def body(self, translate=str):
        return {"error": self.error, "message": self.text(translate)}


class SessionChallenge:
    """For 401 answers that name the way to authenticate (mixed into a RestError)."""

    def response_headers(self):
        return {"WWW-Authenticate": 'Session realm="odoo"'}


class InvalidBody(RestError):
    code = 400
    error = "invalid_body"
    message = _("The request body must be a JSON object.")


class InvalidField(RestError):
    code = 400
    error = "invalid_field"
    message = _("'%(field)s' must be %(expected)s.")
    usual_expectation = _("a non-empty string without NUL characters")

    def __init__(self, field, expected=None):
        self.field = field
        self.expected = expected or self.usual_expectation
        super().__init__()

    def text(self, translate=str):
        return translate(self.message) % {"field": self.field, "expected": translate(self.expected)}


class DatabaseRequired(RestError):
    code = 400
    error = "database_required"
    message = _("Several databases are available: say which one in 'db'.")


class UnknownDatabase(RestError):
    code = 404
    error = "unknown_database"
    message = _("This database does not exist or is not served here.")


class InvalidCredentials(SessionChallenge, RestError):
    code = 401
    error = "invalid_credentials"
    message = _("Wrong login or password.")


class SecondFactorRequired(SessionChallenge, RestError):
    code = 401
    error = "mfa_required"
    message = _("This user has two-factor authentication: send the code to complete the login.")

    def __init__(self, pending_sid):
        super().__init__()
        self.pending_sid = pending_sid

    def body(self, translate=str):
        body = super().body(translate)
        body["mfa"] = {"type": "totp", "url": ROUTE_PREFIX + "/totp"}
        body["session"] = {"sid": self.pending_sid}
        return body


class InvalidCode(RestError):
    code = 401
    error = "invalid_code"
    message = _("Wrong two-factor authentication code.")


class NoLoginPending(RestError):
    code = 401
    error = "no_pending_login"
    message = _("No login is waiting for a second factor on this session.")


class NoSession(SessionChallenge, RestError):
    code = 401
    error = "session_expired"
    message = _("No valid session: log in again.")


class MethodNotAllowed(RestError):
    code = 405
    error = "method_not_allowed"
    message = _("Use %(methods)s.")

    def __init__(self, allowed):
        self.allowed = allowed
        super().__init__()

    def text(self, translate=str):
        return translate(self.message) % {"methods": ", ".join(self.allowed)}

    def response_headers(self):
        return {"Allow": ", ".join(self.allowed)}


class PayloadTooLarge(RestError):
    code = 413
    error = "payload_too_large"
    message = _("The request body is too large.")


class TooManyAttempts(RestError):
    code = 429
    error = "too_many_attempts"
    message = _("Too many failed logins; wait before trying again.")

    def __init__(self, retry_after):
        super().__init__()
        self.retry_after = retry_after

    def response_headers(self):
        return {"Retry-After": str(self.retry_after)}


class ServiceUnavailable(RestError):
    code = 503
    error = "service_unavailable"
    message = _("The database is not reachable right now; try again shortly.")

    def response_headers(self):
        return {"Retry-After": "5"}


def rest_error_types():
    """Every error type of the addon, the base included."""
    found, pending = [], [RestError]
    while pending:
        error_type = pending.pop()
        pending.extend(error_type.__subclasses__())
        found.append(error_type)
    return found


def as_rest_error(exc):
    """Map any exception raised while serving one of our routes to a RestError."""
    if isinstance(exc, RestError):
        return exc
    if isinstance(exc, MfaRequired):
        return SecondFactorRequired(request.session.sid)
    if isinstance(exc, SessionExpired):
        return NoSession()
    if isinstance(exc, NoPendingLogin):
        return NoLoginPending()
    if isinstance(exc, LoginThrottled):
        return TooManyAttempts(exc.retry_after)
    if isinstance(exc, AccessDenied):
        return InvalidCredentials()
    if isinstance(exc, psycopg2.OperationalError):
        return ServiceUnavailable()
    _logger.exception("Unexpected error on %s", request.httprequest.path)
    return RestError()


def error_response(exc):
    error = as_rest_error(exc)
    translate = request_translator()
    return translated_response(error.body(translate), translate, status=error.code, headers=error.response_headers())


def rest_endpoint(methods):
    """Answer any other method with 405, and any failure with a JSON error."""

    def decorate(route):
        @functools.wraps(route)
        def endpoint(*args, **kwargs):
            try:
                if request.httprequest.method not in methods:
                    raise MethodNotAllowed(methods)
                return route(*args, **kwargs)
            except Exception as exc:  # every failure must leave as JSON
                return error_response(exc)

        return endpoint

    return decorate
