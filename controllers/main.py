"""The REST routes: parse, delegate to Odoo's own session, shape the answer."""

import odoo
from odoo import http
from odoo.exceptions import AccessDenied
from odoo.http import request

from .. import compat
from ..login_answer import login_answer
from ..login_throttle import throttle
from ..session_state import current_session_state, end_all_sessions_of_user
from ..translation import _, request_translator
from .database import database_for_login
from .errors import InvalidCode, rest_endpoint
from .json_body import optional_string, read_json_object, required_digits, required_string
from .openapi import openapi_document
from .responses import json_response, message_response
from .routes import ROUTE_PREFIX


class RestSessionController(http.Controller):
    @http.route(ROUTE_PREFIX + "/login", type="http", auth="none", csrf=False, **compat.WRITING_ROUTE)
    @rest_endpoint(methods=("POST",))
    def login(self, **_query):
        body = read_json_object(request.httprequest)
        login = required_string(body, "login")
        password = required_string(body, "password")
        db = database_for_login(optional_string(body, "db"))
        with throttle(db, login, request.httprequest.remote_addr):
            compat.log_in(db, login, password)
        return json_response(login_answer(db))

    @http.route(ROUTE_PREFIX + "/totp", type="http", auth="none", csrf=False, **compat.WRITING_ROUTE)
    @rest_endpoint(methods=("POST",))
    def totp(self, **_query):
        code = required_digits(read_json_object(request.httprequest), "code")
        db, login = compat.pending_login()
        try:
            with throttle(db, login, request.httprequest.remote_addr):
                compat.complete_mfa_login(code)
        except AccessDenied:
            raise InvalidCode() from None
        return json_response(login_answer(db))

    @http.route(ROUTE_PREFIX + "/logout", type="http", auth="none", csrf=False)
    @rest_endpoint(methods=("POST",))
    def logout(self, **_query):
        translate = request_translator()  # before the session forgets its user's language
        compat.end_session()
        return message_response(translate, _("Logged out."))

    @http.route(ROUTE_PREFIX + "/logout_all", type="http", auth="none", csrf=False)
    @rest_endpoint(methods=("POST",))
    def logout_all(self, **_query):
        translate = request_translator()
        ended = end_all_sessions_of_user()
        return message_response(translate, _("Logged out everywhere."), ended=ended)

    @http.route(ROUTE_PREFIX + "/openapi.json", type="http", auth="none", csrf=False)
    @rest_endpoint(methods=("GET",))
    def openapi(self, **_query):
        return json_response(openapi_document(odoo.release.version))

    @http.route(ROUTE_PREFIX + "/info", type="http", auth="none", csrf=False)
    @rest_endpoint(methods=("GET",))
    def info(self, **_query):
        return json_response(current_session_state())
