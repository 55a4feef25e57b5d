"""The addon's errors, and the one place where an exception becomes an HTTP answer.

Each error type carries its status and its machine-readable code, so no
caller passes numbers around. Clients branch on ``error``; ``message`` is for
people.
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
from .responses import json_response

_logger = logging.getLogger(__name__)


class RestError(exceptions.HTTPException):
    code = 500
    error = "internal_error"
    message = "The server could not complete the request."

    def __init__(self, message=None):
        super().__init__(message or self.message)
        self.message = message or self.message

    def response_headers(self):
        return {}

    def body(self):
        return {"error": self.error, "message": self.message}


class InvalidBody(RestError):
    code = 400
    error = "invalid_body"
    message = "The request body must be a JSON object."


class InvalidField(RestError):
    code = 400
    error = "invalid_field"

    def __init__(self, field, expected="a non-empty string without NUL characters"):
        super().__init__("'%s' must be %s." % (field, expected))


class DatabaseRequired(RestError):
    code = 400
    error = "database_required"
    message = "Several databases are available: say which one in 'db'."


class UnknownDatabase(RestError):
    code = 404
    error = "unknown_database"
    message = "This database does not exist or is not served here."


class InvalidCredentials(RestError):
    code = 401
    error = "invalid_credentials"
    message = "Wrong login or password."

    def response_headers(self):
        return {"WWW-Authenticate": 'Session realm="odoo"'}


class SecondFactorRequired(RestError):
    code = 401
    error = "mfa_required"
    message = "This user has two-factor authentication: send the code to complete the login."

    def __init__(self, pending_sid):
        super().__init__()
        self.pending_sid = pending_sid

    def response_headers(self):
        return {"WWW-Authenticate": 'Session realm="odoo"'}

    def body(self):
        body = super().body()
        body["mfa"] = {"type": "totp", "url": "/session/auth/totp"}
        body["session"] = {"sid": self.pending_sid}
        return body


class InvalidCode(RestError):
    code = 401
    error = "invalid_code"
    message = "Wrong two-factor authentication code."


class NoLoginPending(RestError):
    code = 401
    error = "no_pending_login"
    message = "No login is waiting for a second factor on this session."


class NoSession(RestError):
    code = 401
    error = "session_expired"
    message = "No valid session: log in again."

    def response_headers(self):
        return {"WWW-Authenticate": 'Session realm="odoo"'}


class MethodNotAllowed(RestError):
    code = 405
    error = "method_not_allowed"

    def __init__(self, allowed):
        super().__init__("Use %s." % " or ".join(allowed))
        self.allowed = allowed

    def response_headers(self):
        return {"Allow": ", ".join(self.allowed)}


class PayloadTooLarge(RestError):
    code = 413
    error = "payload_too_large"
    message = "The request body is too large."


class TooManyAttempts(RestError):
    code = 429
    error = "too_many_attempts"
    message = "Too many failed logins; wait before trying again."

    def __init__(self, retry_after):
        super().__init__()
        self.retry_after = retry_after

    def response_headers(self):
        return {"Retry-After": str(self.retry_after)}


class ServiceUnavailable(RestError):
    code = 503
    error = "service_unavailable"
    message = "The database is not reachable right now; try again shortly."

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
    return json_response(
        error.body(),
        status=error.code,
        headers=error.response_headers(),
    )


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
