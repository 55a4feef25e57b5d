import datetime
import os
import time

from .. import compat
from .common import (
    RestSessionCase,
    captured_log,
    parse_expires_at,
    post_install_only,
    sid_transport,
)


@post_install_only
class TestLogin(RestSessionCase):
    def test_login_answers_json_session_info_with_sid_and_expiry(self):
        response = self.login()
        self.assertEqual(response.status_code, 200, response.text)
        self.assertTrue(response.headers["Content-Type"].startswith("application/json"))
        answer = response.json()
        self.assertEqual(answer["uid"], self.user_id)
        self.assertEqual(answer["db"], self.db)
        self.assertEqual(answer["username"], self.LOGIN)
        session = answer["session"]
        self.assertEqual(sorted(session), ["expires_at", "sid"])
        self.assertRegex(session["sid"], r"^[0-9a-zA-Z_-]{20,}$")
        self.assertRegex(session["expires_at"], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
        self.assertNotIn(self.PASSWORD, response.text)

    def test_login_answers_what_core_authenticate_answers(self):
        core = self.json_rpc(
            "/web/session/authenticate",
            {"db": self.db, "login": self.LOGIN, "password": self.PASSWORD},
        ).json()["result"]
        ours = self.login().json()
        self.assertEqual(sorted(set(ours) - {"session"}), sorted(core))
        for key in ("uid", "db", "username", "user_context", "server_version"):
            self.assertEqual(ours[key], core[key], key)

    def test_db_may_be_named_or_left_out_when_the_server_serves_one(self):
        named = self.login(extra={"db": self.db})
        self.assertEqual(named.status_code, 200, named.text)
        self.assertEqual(named.json()["db"], self.db)
        implicit = self.login()
        self.assertEqual(implicit.status_code, 200, implicit.text)
        self.assertEqual(implicit.json()["db"], self.db)

    def test_sid_authenticates_core_routes(self):
        sid = self.login_sid()
        self.assert_session_works(sid)

    def test_each_login_issues_a_new_sid(self):
        self.assertNotEqual(self.login_sid(), self.login_sid())

    def test_client_chosen_sid_never_survives_a_login(self):
        for transport in ("header", "cookie", "query"):
            with self.subTest(transport=transport):
                response = self.login(**sid_transport(transport, self.unknown_sid))
                self.assertEqual(response.status_code, 200, response.text)
                sid = response.json()["session"]["sid"]
                self.assertNotEqual(sid, self.unknown_sid)
                self.assert_session_works(sid)
                self.assert_session_is_dead(self.unknown_sid)

    def test_login_with_a_live_sid_replaces_it(self):
        old_sid = self.login_sid()
        new_sid = self.login_sid(**sid_transport("cookie", old_sid))
        self.assertNotEqual(new_sid, old_sid)
        self.assert_session_works(new_sid)
        self.assert_session_is_dead(old_sid)

    def test_failed_login_keeps_the_session_it_was_sent_with(self):
        sid = self.login_sid()
        response = self.login(password="wrong", **sid_transport("header", sid))
        self.assert_json_error(response, 401, "invalid_credentials")
        self.assert_session_works(sid)

    def test_password_never_reaches_the_log(self):
        with captured_log() as messages:
            self.login()
            self.login(password=self.PASSWORD + "x")
            self.http(
                "POST",
                "/session/auth/login",
                data='{"login": "%s", "password": "%s"' % (self.LOGIN, self.PASSWORD),
                headers={"Content-Type": "application/json"},
            )
        self.assertTrue(messages, "nothing was captured: the check would be empty")
        leaked = [message for message in messages if self.PASSWORD in message]
        self.assertEqual(leaked, [])

    def test_expires_at_is_when_the_core_collects_the_session(self):
        answer = self.login().json()
        sid, expires_at = answer["session"]["sid"], parse_expires_at(answer["session"]["expires_at"])
        path = self.session_file(sid)
        self.assertTrue(os.path.exists(path))
        margin = 60
        # The core ages a session from its file's mtime; moving the mtime back
        # by (expires_at - now) is moving the clock forward to expires_at.
        for offset, survives in ((-margin, True), (margin, False)):
            now = datetime.datetime.utcnow()
            shift = (expires_at - now).total_seconds() + offset
            os.utime(path, (time.time() - shift, time.time() - shift))
            compat.collect_expired_sessions(self.env)
            self.assertEqual(os.path.exists(path), survives, "%+d s around expires_at" % offset)
