import os
import time

from .. import compat
from .common import TRANSPORTS, RestSessionCase, captured_log, post_install_only, sid_transport

# A read-only core route: core's get_session_info rewrites the session itself.
READ_ONLY_CALL = {"model": "res.users", "method": "search_count", "args": [[]], "kwargs": {}}
FORGED_SIDS = [
    "../../../../etc/passwd",
    "../forged-sid-sentinel",
    "aa/../../forged-sid-sentinel",
    "..",
    "x" * 5000,
    "0123456789abcdef0123456789abcdef0123456",
    "Z123456789abcdef0123456789abcdef01234567",
]


@post_install_only
class TestSecurity(RestSessionCase):
    def test_core_login_never_adopts_a_client_chosen_sid(self):
        response = self.json_rpc(
            "/web/session/authenticate",
            {"db": self.db, "login": self.LOGIN, "password": self.PASSWORD},
            cookies={"session_id": self.unknown_sid},
        )
        self.assertEqual(response.json()["result"]["uid"], self.user_id)
        self.assertNotEqual(response.cookies.get("session_id"), self.unknown_sid)
        self.assert_session_is_dead(self.unknown_sid)
        self.assertFalse(os.path.exists(self.session_file(self.unknown_sid)))

    def test_unknown_sid_gets_a_new_session(self):
        for transport in TRANSPORTS:
            with self.subTest(transport=transport):
                response = self.json_rpc("/web/session/get_session_info", **sid_transport(transport, self.unknown_sid))
                self.assertIn("error", response.json())
                self.assertNotEqual(response.cookies.get("session_id"), self.unknown_sid)
                self.assertFalse(os.path.exists(self.session_file(self.unknown_sid)))

    def test_forged_sids_are_no_session_and_touch_no_file(self):
        sessions_dir = compat.session_store().path
        sentinel = os.path.join(os.path.dirname(sessions_dir), "forged-sid-sentinel")
        with open(sentinel, "w") as marker:
            marker.write("must survive")
        self.addCleanup(os.remove, sentinel)
        for sid in FORGED_SIDS:
            for transport in TRANSPORTS:
                with self.subTest(sid=sid[:40], transport=transport):
                    info = self.json_rpc("/web/session/get_session_info", **sid_transport(transport, sid))
                    self.assertLess(info.status_code, 500)
                    self.assertIsNone(self.session_uid(transport, sid))
                    logout = self.logout(transport, sid)
                    self.assertEqual(logout.status_code, 200, logout.text)
                    self.assertTrue(os.path.exists(sentinel))

    def test_a_session_in_use_is_kept_alive(self):
        sid = self.login_sid()
        path = self.session_file(sid)
        two_hours_ago = time.time() - 7200
        os.utime(path, (two_hours_ago, two_hours_ago))
        response = self.json_rpc("/web/dataset/call_kw", READ_ONLY_CALL, **sid_transport("header", sid))
        self.assertIn("result", response.json(), response.text)
        self.assertGreater(os.path.getmtime(path), time.time() - 60)

    def test_a_session_is_not_rewritten_on_every_request(self):
        sid = self.login_sid()
        path = self.session_file(sid)
        for _round in range(2):
            # 18.0 records each new client (address, agent) once in the
            # session itself; after the first round only this addon could write.
            a_minute_ago = time.time() - 60
            os.utime(path, (a_minute_ago, a_minute_ago))
            for transport in TRANSPORTS:
                response = self.json_rpc("/web/dataset/call_kw", READ_ONLY_CALL, **sid_transport(transport, sid))
                self.assertIn("result", response.json(), response.text)
        self.assertEqual(os.path.getmtime(path), a_minute_ago)

    def test_sids_never_reach_the_log(self):
        with captured_log() as messages:
            sid = self.login_sid()
            for transport in TRANSPORTS:
                self.assert_session_works(sid, transport)
            self.logout("query", sid)
        self.assertTrue(any("session_id=" in message for message in messages), "no access log captured")
        leaked = [message for message in messages if sid in message]
        self.assertEqual(leaked, [])
