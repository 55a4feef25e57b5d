import os

from .common import TRANSPORTS, RestSessionCase, post_install_only


@post_install_only
class TestLogout(RestSessionCase):
    def test_logout_ends_the_session_it_is_sent_with(self):
        for transport in TRANSPORTS:
            with self.subTest(transport=transport):
                sid = self.login_sid()
                self.assert_session_works(sid, transport)
                response = self.logout(transport, sid)
                self.assertEqual(response.status_code, 200, response.text)
                self.assertTrue(response.headers["Content-Type"].startswith("application/json"))
                self.assertTrue(response.json()["message"])
                self.assert_session_is_dead(sid)

    def test_logout_deletes_the_stored_session(self):
        sid = self.login_sid()
        path = self.session_file(sid)
        self.assertTrue(os.path.exists(path))
        self.logout("header", sid)
        self.assertFalse(os.path.exists(path))

    def test_other_sessions_of_the_user_keep_working(self):
        ended, kept = self.login_sid(), self.login_sid()
        self.logout("header", ended)
        self.assert_session_is_dead(ended)
        self.assert_session_works(kept)

    def test_logout_without_a_session_is_harmless(self):
        response = self.logout()
        self.assertEqual(response.status_code, 200, response.text)
        self.assertTrue(response.json()["message"])
        self.assertEqual(self.logout().status_code, 200)
