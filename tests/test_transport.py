from .common import TRANSPORTS, RestSessionCase, post_install_only, sid_transport


@post_install_only
class TestTransport(RestSessionCase):
    def test_each_transport_authenticates_a_core_route(self):
        sid = self.login_sid()
        for transport in TRANSPORTS:
            with self.subTest(transport=transport):
                self.assertEqual(self.session_uid(transport, sid), self.user_id)

    def test_no_sid_is_no_session(self):
        response = self.json_rpc("/web/session/get_session_info")
        self.assertIn("error", response.json())

    def test_explicit_sid_is_never_turned_into_a_cookie(self):
        sid = self.login_sid()
        for transport in ("header", "query"):
            with self.subTest(transport=transport):
                response = self.json_rpc("/web/session/get_session_info", **sid_transport(transport, sid))
                self.assertEqual(response.json()["result"]["uid"], self.user_id)
                self.assertNotIn("session_id", response.headers.get("Set-Cookie", ""))

    def test_header_login_answer_sets_no_cookie_for_another_sid(self):
        response = self.login()
        sid = response.json()["session"]["sid"]
        cookie = response.cookies.get("session_id")
        self.assertIn(cookie, (None, sid))
