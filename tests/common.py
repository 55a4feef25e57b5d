"""One base class for the addon's tests: real HTTP against the test server.

The two test-framework differences between series live here, at the top.
"""

import contextlib
import datetime
import logging

import requests

from odoo import SUPERUSER_ID, api
from odoo.tests import common

from .. import compat, cors
from ..login_answer import EXPIRES_AT_FORMAT
from ..models.login_throttle import forget_limits

TIMEOUT = 30


def post_install_only(test_class):
    """Run after every module is installed, when the routes are all served."""
    if hasattr(common, "tagged"):  # 12.0+
        return common.tagged("post_install", "-at_install")(test_class)
    return common.post_install(True)(common.at_install(False)(test_class))  # 11.0


def server_url(case):
    if hasattr(case, "base_url"):  # 16.0+
        return case.base_url()
    return "http://%s:%s" % (common.HOST, common.PORT)


#: The three ways a client may send its sid.
TRANSPORTS = ("header", "cookie", "query")


def sid_transport(transport, sid):
    """requests keyword arguments that carry ``sid`` the given way."""
    if transport == "header":
        return {"headers": {"X-Openerp-Session-Id": sid}}
    if transport == "cookie":
        return {"cookies": {"session_id": sid}}
    if transport == "query":
        return {"params": {"session_id": sid}}
    raise ValueError(transport)


class CapturedLog(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def captured_log():
    """Every record logged anywhere in the process (server threads included)."""
    handler = CapturedLog()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler.messages
    finally:
        root.removeHandler(handler)


class RestSessionCase(common.HttpCase):
    PASSWORD = "Tr0ub4dor-and-3-Horses"
    LOGIN = "rest.session.tester"

    def setUp(self):
        super().setUp()
        # The server answers on the registry's test cursor, which in 11.0 is
        # not the test's own: fixtures go through it to be seen over HTTP.
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.user_id = (
                env["res.users"]
                .create(
                    {
                        "name": "REST Session Tester",
                        "login": self.LOGIN,
                        "password": self.PASSWORD,
                        "groups_id": [(6, 0, [env.ref("base.group_user").id])],
                    }
                )
                .id
            )
            self.db = cr.dbname
            # The core's own per-process login cooldown (12.0+) would carry
            # failures from one test to the next; tests that need it set it.
            env["ir.config_parameter"].set_param("base.login_cooldown_after", "0")
        self.base_url = server_url(self)
        # Well-formed for this Odoo, and held by nobody: what a fixation
        # attacker would plant.
        self.unknown_sid = compat.session_store().generate_key()

    # --- HTTP -------------------------------------------------------------

    def http(self, method, path, **kwargs):
        kwargs.setdefault("allow_redirects", False)
        timeout = kwargs.pop("timeout", TIMEOUT)
        return requests.request(method, self.base_url + path, timeout=timeout, **kwargs)

    def login(self, login=None, password=None, **kwargs):
        body = {"login": login or self.LOGIN, "password": password or self.PASSWORD}
        body.update(kwargs.pop("extra", {}))
        return self.http("POST", "/session/auth/login", json=body, **kwargs)

    def login_sid(self, **kwargs):
        response = self.login(**kwargs)
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()["session"]["sid"]

    def logout(self, transport=None, sid=None):
        kwargs = sid_transport(transport, sid) if transport else {}
        return self.http("POST", "/session/auth/logout", **kwargs)

    def json_rpc(self, path, rpc_params=None, **kwargs):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": rpc_params or {}}
        return self.http("POST", path, json=payload, **kwargs)

    def session_uid(self, transport, sid):
        """The uid core's session-protected route sees for ``sid``, or None."""
        response = self.json_rpc("/web/session/get_session_info", **sid_transport(transport, sid))
        self.assertEqual(response.status_code, 200, response.text)
        answer = response.json()
        if "error" in answer:
            return None
        return answer["result"]["uid"]

    # --- assertions -------------------------------------------------------

    def assert_json_error(self, response, status, error):
        self.assertEqual(response.status_code, status, response.text)
        self.assertTrue(
            response.headers.get("Content-Type", "").startswith("application/json"),
            response.headers.get("Content-Type"),
        )
        body = response.json()
        self.assertEqual(body.get("error"), error, body)
        self.assertTrue(body.get("message"), body)
        self.assertNotIn("Traceback", response.text)
        self.assertNotIn(self.PASSWORD, response.text)
        return body

    def assert_session_works(self, sid, transport="header"):
        self.assertEqual(self.session_uid(transport, sid), self.user_id)

    def assert_session_is_dead(self, sid):
        for transport in TRANSPORTS:
            self.assertIsNone(self.session_uid(transport, sid), transport)

    def session_file(self, sid):
        return compat.session_store().get_session_filename(sid)

    def set_params(self, **params):
        """System parameters, as the server sees them, for this test only."""
        with self.registry.cursor() as cr:
            config = api.Environment(cr, SUPERUSER_ID, {})["ir.config_parameter"]
            for key, value in params.items():
                config.set_param(key.replace("__", "."), str(value))
        # The server keeps the throttle's limits and the CORS settings for a few seconds.
        for forget in (forget_limits, cors.forget_front_end_settings):
            forget()
            self.addCleanup(forget)


def parse_expires_at(text):
    return datetime.datetime.strptime(text, EXPIRES_AT_FORMAT)
