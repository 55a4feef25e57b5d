"""The session cookie that a login sets: ``Secure`` over HTTPS, and a chosen ``SameSite``.

A front end on another site, or in an iframe, only keeps the cookie with
``SameSite=None; Secure``; Odoo sets neither. On this addon's routes the
``session_id`` cookie gets ``Secure`` when the request came over HTTPS (as
seen by the server, or by the reverse proxy in ``--proxy-mode``), and the
``SameSite`` value of the system parameter ``auth_rest_session.cookie_samesite``
(``Lax``, ``Strict`` or ``None``; unset: Odoo's default). Installed once per
process, idempotent.
"""

from odoo import http
from odoo.tools import config

from .controllers.routes import is_rest_path
from .core_patch import wrap_once
from .cors import front_end_settings

SAMESITE_VALUES = {"lax": "Lax", "strict": "Strict", "none": "None"}


def request_is_https(environ):
    if environ.get("wsgi.url_scheme") == "https":
        return True
    return bool(config.get("proxy_mode")) and environ.get("HTTP_X_FORWARDED_PROTO", "").lower() == "https"


def with_policy(cookie, secure, samesite):
    attributes = cookie.split(";")
    kept = [attributes[0]] + [
        part for part in attributes[1:] if part.strip().split("=")[0].lower() not in ("secure", "samesite")
    ]
    if samesite:
        kept.append(" SameSite=" + samesite)
    if secure or samesite == "None":
        kept.append(" Secure")
    return ";".join(kept)


def install():
    wrap_once(type(http.root), "__call__", "session_cookie", _with_cookie_policy)


def _with_cookie_policy(original):
    def __call__(self, environ, start_response):
        if not is_rest_path(environ.get("PATH_INFO", "")):
            return original(self, environ, start_response)
        secure = request_is_https(environ)
        samesite = SAMESITE_VALUES.get((front_end_settings(environ)[1] or "").strip().lower())

        def start_with_policy(status, headers, exc_info=None):
            headers = [
                (name, with_policy(value, secure, samesite))
                if name.lower() == "set-cookie" and value.startswith("session_id=")
                else (name, value)
                for name, value in headers
            ]
            return start_response(status, headers, exc_info)

        return original(self, environ, start_with_policy)

    return __call__
