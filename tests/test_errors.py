import json

from odoo.tools import mute_logger

from .common import RestSessionCase, post_install_only

LOGIN_PATH = "/session/auth/login"
LOGOUT_PATH = "/session/auth/logout"


@post_install_only
class TestErrors(RestSessionCase):
    def post_raw(self, data, content_type="application/json", path=LOGIN_PATH):
        return self.http("POST", path, data=data, headers={"Content-Type": content_type})

    def test_malformed_bodies_are_400_invalid_body(self):
        cases = {
            "not json": b"login=admin&password=admin",
            "truncated json": b'{"login": "a", "password": ',
            "undecodable bytes": b'{"login": "\xff\xfe", "password": "x"}',
            "json array": b'["login", "password"]',
            "json string": b'"login"',
            "json null": b"null",
            "empty body": b"",
        }
        for name, data in cases.items():
            with self.subTest(name):
                self.assert_json_error(self.post_raw(data), 400, "invalid_body")

    def test_form_encoded_body_is_400_invalid_body(self):
        response = self.post_raw(
            "login=%s&password=%s" % (self.LOGIN, self.PASSWORD), "application/x-www-form-urlencoded"
        )
        self.assert_json_error(response, 400, "invalid_body")

    def test_bad_fields_are_400_invalid_field(self):
        good = {"login": self.LOGIN, "password": self.PASSWORD}
        cases = {
            "login missing": {"password": self.PASSWORD},
            "password missing": {"login": self.LOGIN},
            "login empty": dict(good, login=""),
            "password empty": dict(good, password=""),
            "login a number": dict(good, login=42),
            "login null": dict(good, login=None),
            "password a list": dict(good, password=[self.PASSWORD]),
            "password an object": dict(good, password={"value": self.PASSWORD}),
            "db a number": dict(good, db=1),
            "db empty": dict(good, db=""),
            "login with a NUL character": dict(good, login=self.LOGIN + "\x00"),
            "password with a NUL character": dict(good, password="\x00" + self.PASSWORD),
        }
        for name, body in cases.items():
            with self.subTest(name):
                error = self.assert_json_error(self.post_raw(json.dumps(body)), 400, "invalid_field")
                field = name.split()[0]
                self.assertIn(field, error["message"])

    def test_unknown_database_is_404(self):
        response = self.login(extra={"db": "no_such_database_%s" % self.db})
        self.assert_json_error(response, 404, "unknown_database")

    @mute_logger("odoo.addons.base.res.res_users", "odoo.addons.base.models.res_users")
    def test_wrong_password_and_unknown_login_get_the_same_401(self):
        wrong_password = self.login(password="not-" + self.PASSWORD)
        unknown_login = self.login(login="nobody-" + self.LOGIN)
        first = self.assert_json_error(wrong_password, 401, "invalid_credentials")
        second = self.assert_json_error(unknown_login, 401, "invalid_credentials")
        self.assertEqual(first, second)
        self.assertTrue(wrong_password.headers.get("WWW-Authenticate"))
        anonymous_cookie = wrong_password.cookies.get("session_id")
        if anonymous_cookie:
            self.assert_session_is_dead(anonymous_cookie)

    def test_other_methods_are_405_with_allow(self):
        for path in (LOGIN_PATH, LOGOUT_PATH):
            for method in ("GET", "PUT", "PATCH", "DELETE"):
                with self.subTest(path=path, method=method):
                    response = self.http(method, path)
                    self.assert_json_error(response, 405, "method_not_allowed")
                    self.assertEqual(response.headers.get("Allow"), "POST")

    def test_large_body_is_413(self):
        body = json.dumps({"login": self.LOGIN, "password": "x" * (64 * 1024)})
        self.assert_json_error(self.post_raw(body), 413, "payload_too_large")

    def test_server_keeps_serving_after_bad_requests(self):
        self.post_raw(b"\x00\xff garbage")
        self.http("DELETE", LOGIN_PATH)
        response = self.login()
        self.assertEqual(response.status_code, 200, response.text)

    def test_plain_text_content_type_is_read_as_json(self):
        # What a browser sends without a CORS preflight.
        body = json.dumps({"login": self.LOGIN, "password": self.PASSWORD})
        response = self.post_raw(body, "text/plain")
        self.assertEqual(response.status_code, 200, response.text)
