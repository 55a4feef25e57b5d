import base64
import os
import time

from odoo import SUPERUSER_ID, api

from .common import RestSessionCase, post_install_only, sid_transport


@post_install_only
class TestTotp(RestSessionCase):
    """Two-factor users (auth_totp, 14.0+): a password alone gives no session."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            installed = env["ir.module.module"].search([("name", "=", "auth_totp"), ("state", "=", "installed")])
            if not installed:
                self.skipTest("auth_totp is not installed on this Odoo")
            self.secret = base64.b32encode(os.urandom(20)).decode()
            env["res.users"].browse(self.user_id).sudo().totp_secret = self.secret

    def current_code(self):
        from odoo.addons.auth_totp.models.totp import TIMESTEP, hotp

        counter = int(time.time() / TIMESTEP)
        return "%06d" % hotp(base64.b32decode(self.secret), counter)

    def pending_sid(self):
        response = self.login()
        body = self.assert_json_error(response, 401, "mfa_required")
        self.assertEqual(body["mfa"]["type"], "totp")
        self.assertEqual(body["mfa"]["url"], "/session/auth/totp")
        return body["session"]["sid"]

    def totp(self, sid, code, transport="header"):
        return self.http("POST", "/session/auth/totp", json={"code": code}, **sid_transport(transport, sid))

    def test_password_alone_gives_no_usable_session(self):
        sid = self.pending_sid()
        self.assert_session_is_dead(sid)

    def test_right_code_completes_the_login(self):
        for transport in ("header", "cookie", "query"):
            with self.subTest(transport=transport):
                pending = self.pending_sid()
                response = self.totp(pending, self.current_code(), transport)
                self.assertEqual(response.status_code, 200, response.text)
                answer = response.json()
                self.assertEqual(answer["uid"], self.user_id)
                sid = answer["session"]["sid"]
                self.assertNotEqual(sid, pending)
                self.assert_session_works(sid)
                self.assert_session_is_dead(pending)

    def test_wrong_code_is_401_and_keeps_nothing_open(self):
        pending = self.pending_sid()
        wrong = "%06d" % ((int(self.current_code()) + 500000) % 1000000)
        self.assert_json_error(self.totp(pending, wrong), 401, "invalid_code")
        self.assert_session_is_dead(pending)

    def test_code_without_a_pending_login_is_401(self):
        self.assert_json_error(self.totp(self.unknown_sid, self.current_code()), 401, "no_pending_login")

    def test_malformed_code_is_400(self):
        pending = self.pending_sid()
        self.assert_json_error(self.totp(pending, "12ab56"), 400, "invalid_field")
