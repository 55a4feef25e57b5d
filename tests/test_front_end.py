import os
import time

from .. import cors
from .common import TRANSPORTS, RestSessionCase, post_install_only, sid_transport

FRONT_END = "http://front.example.test:5173"


@post_install_only
class TestFrontEnd(RestSessionCase):
    def allow_origins(self, origins, **params):
        self.set_params(auth_rest_session__cors_allowed_origins=origins, **params)

    def preflight(self, path, origin=FRONT_END):
        return self.http(
            "OPTIONS",
            path,
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type, x-openerp-session-id",
            },
        )

    def test_listed_origin_gets_preflight_204_on_every_route(self):
        self.allow_origins("http://other.test, " + FRONT_END)
        for path in ("/session/auth/login", "/web/dataset/call_kw", "/web/session/get_session_info"):
            with self.subTest(path=path):
                response = self.preflight(path)
                self.assertEqual(response.status_code, 204, response.text)
                self.assertEqual(response.headers["Access-Control-Allow-Origin"], FRONT_END)
                self.assertEqual(response.headers["Access-Control-Allow-Credentials"], "true")
                allowed = response.headers["Access-Control-Allow-Headers"].lower()
                for header in ("content-type", "x-openerp-session-id", "authorization"):
                    self.assertIn(header, allowed)

    def test_listed_origin_gets_cors_headers_on_real_requests(self):
        self.allow_origins(FRONT_END)
        response = self.login(headers={"Origin": FRONT_END})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.headers["Access-Control-Allow-Origin"], FRONT_END)
        self.assertEqual(response.headers["Access-Control-Allow-Credentials"], "true")
        self.assertIn("Origin", response.headers["Vary"])
        sid = response.json()["session"]["sid"]
        core = self.json_rpc(
            "/web/session/get_session_info", headers={"Origin": FRONT_END, "X-Openerp-Session-Id": sid}
        )
        self.assertEqual(core.json()["result"]["uid"], self.user_id)
        self.assertEqual(core.headers["Access-Control-Allow-Origin"], FRONT_END)

    def test_unlisted_origin_gets_no_cors_headers(self):
        self.allow_origins(FRONT_END)
        for response in (
            self.preflight("/session/auth/login", "http://evil.test"),
            self.login(headers={"Origin": "http://evil.test"}),
        ):
            self.assertNotIn("Access-Control-Allow-Origin", response.headers)
            self.assertNotIn("Access-Control-Allow-Credentials", response.headers)

    def test_no_origins_listed_by_default(self):
        cors.forget_front_end_settings()
        response = self.preflight("/session/auth/login")
        self.assertNotIn("Access-Control-Allow-Origin", response.headers)

    def test_session_cookie_gets_samesite_and_secure_over_https(self):
        self.allow_origins("", auth_rest_session__cookie_samesite="None")
        plain = self.login()
        self.assertIn("SameSite=None", plain.headers["Set-Cookie"])
        self.assertIn("Secure", plain.headers["Set-Cookie"])
        self.allow_origins("", auth_rest_session__cookie_samesite="Lax")
        lax = self.login()
        self.assertIn("SameSite=Lax", lax.headers["Set-Cookie"])
        self.assertNotIn("Secure", lax.headers["Set-Cookie"])

    def test_info_answers_the_session_state(self):
        sid = self.login_sid()
        for transport in TRANSPORTS:
            with self.subTest(transport=transport):
                response = self.http("GET", "/session/auth/info", **sid_transport(transport, sid))
                self.assertEqual(response.status_code, 200, response.text)
                info = response.json()
                self.assertEqual((info["uid"], info["login"], info["db"]), (self.user_id, self.LOGIN, self.db))
                self.assertRegex(info["expires_at"], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")

    def test_info_keeps_the_session_alive(self):
        sid = self.login_sid()
        path = self.session_file(sid)
        two_hours_ago = time.time() - 7200
        os.utime(path, (two_hours_ago, two_hours_ago))
        before = self.http("GET", "/session/auth/info", **sid_transport("header", sid)).json()["expires_at"]
        self.assertGreater(os.path.getmtime(path), time.time() - 60)
        after = self.http("GET", "/session/auth/info", **sid_transport("header", sid)).json()["expires_at"]
        self.assertGreaterEqual(after, before)

    def test_info_without_a_session_is_401_session_expired(self):
        self.assert_json_error(self.http("GET", "/session/auth/info"), 401, "session_expired")
        sid = self.login_sid()
        self.logout("header", sid)
        self.assert_json_error(
            self.http("GET", "/session/auth/info", **sid_transport("header", sid)), 401, "session_expired"
        )

    def test_logout_all_ends_every_session_of_the_user(self):
        sids = [self.login_sid() for _ in range(3)]
        admin = self.http("POST", "/session/auth/login", json={"login": "admin", "password": "admin"})
        other_user_sid = admin.json()["session"]["sid"] if admin.status_code == 200 else None
        response = self.http("POST", "/session/auth/logout_all", **sid_transport("query", sids[0]))
        self.assertEqual(response.status_code, 200, response.text)
        # Sessions of earlier runs on a database of the same name count too.
        self.assertGreaterEqual(response.json()["ended"], 3)
        for sid in sids:
            self.assert_session_is_dead(sid)
        if other_user_sid:
            self.assertIsNotNone(self.session_uid("header", other_user_sid))

    def test_logout_all_without_a_session_is_401(self):
        self.assert_json_error(self.http("POST", "/session/auth/logout_all"), 401, "session_expired")
