import os

from babel.messages.pofile import read_po

from odoo import SUPERUSER_ID, api

from .. import compat
from ..controllers import errors
from .common import RestSessionCase, post_install_only

ADDON_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FRENCH = "fr-FR,fr;q=0.9,en;q=0.5"
WRONG_CREDENTIALS_FR = "Identifiant ou mot de passe incorrect."
WRONG_CREDENTIALS_EN = errors.InvalidCredentials.message


def catalog(name):
    with open(os.path.join(ADDON_ROOT, "i18n", name), "rb") as source:
        return read_po(source)


def code_terms():
    """The .pot's terms that come from Python code, as opposed to model terms."""
    return [
        message.id
        for message in catalog("auth_rest_session.pot")
        if message.id and any(path.startswith("code:") for path, _line in message.locations)
    ]


@post_install_only
class TestTranslation(RestSessionCase):
    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            compat.activate_language(api.Environment(cr, SUPERUSER_ID, {}), "fr_FR")
        # These tests fail logins on purpose, more often than the throttle allows.
        self.set_params(auth_rest_session__max_failures_per_login=0, auth_rest_session__max_failures_per_address=0)

    def failed_login(self, accept_language=None):
        headers = {"Accept-Language": accept_language} if accept_language else {}
        return self.assert_json_error(self.login(password="wrong", headers=headers), 401, "invalid_credentials")

    def test_every_error_message_is_in_the_pot(self):
        terms = set(code_terms())
        for error_type in errors.rest_error_types():
            with self.subTest(error=error_type.error):
                self.assertIn(error_type.message, terms)

    def test_every_code_message_is_translated_into_french(self):
        terms = code_terms()
        self.assertGreater(len(terms), 10)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            for term in terms:
                with self.subTest(term=term):
                    self.assertNotEqual(compat.code_translation(env, "fr_FR", term), term)

    def test_errors_follow_accept_language(self):
        response = self.login(password="wrong", headers={"Accept-Language": FRENCH})
        body = self.assert_json_error(response, 401, "invalid_credentials")
        self.assertEqual(body["message"], WRONG_CREDENTIALS_FR)
        self.assertEqual(response.headers["Content-Language"], "fr-FR")
        self.assertIn("WWW-Authenticate", response.headers)

    def test_english_without_accept_language(self):
        response = self.login(password="wrong")
        body = self.assert_json_error(response, 401, "invalid_credentials")
        self.assertEqual(body["message"], WRONG_CREDENTIALS_EN)
        self.assertEqual(response.headers["Content-Language"], "en")

    def test_the_first_installed_language_wins(self):
        cases = {
            "fr": WRONG_CREDENTIALS_FR,  # the primary subtag picks fr_FR
            "fr-CA": WRONG_CREDENTIALS_FR,
            "de-DE,fr;q=0.5": WRONG_CREDENTIALS_FR,  # German is not installed
            "en-US,fr;q=0.9": WRONG_CREDENTIALS_EN,
            "fr;q=0,en": WRONG_CREDENTIALS_EN,  # q=0 means "not this one"
            "de": WRONG_CREDENTIALS_EN,
            "*": WRONG_CREDENTIALS_EN,
            ";;,q=x,,": WRONG_CREDENTIALS_EN,
        }
        for accept_language, message in cases.items():
            with self.subTest(accept_language=accept_language):
                self.assertEqual(self.failed_login(accept_language)["message"], message)

    def test_a_language_is_only_claimed_when_used(self):
        response = self.login(password="wrong", headers={"Accept-Language": "de-DE"})
        self.assertEqual(response.json()["message"], WRONG_CREDENTIALS_EN)
        self.assertEqual(response.headers["Content-Language"], "en")

    def test_messages_with_arguments_are_translated_whole(self):
        headers = {"Accept-Language": FRENCH}
        response = self.http("POST", "/session/auth/login", json={"login": "", "password": "x"}, headers=headers)
        body = self.assert_json_error(response, 400, "invalid_field")
        self.assertEqual(body["message"], "'login' doit être une chaîne non vide sans caractère NUL.")
        response = self.http("GET", "/session/auth/login", headers=headers)
        self.assertEqual(self.assert_json_error(response, 405, "method_not_allowed")["message"], "Utilisez POST.")

    def test_a_french_user_is_answered_in_french_without_accept_language(self):
        with self.registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["res.users"].browse(self.user_id).write({"lang": "fr_FR"})
        sid = self.login_sid()
        response = self.http("POST", "/session/auth/logout", headers={"X-Openerp-Session-Id": sid})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["message"], "Déconnecté.")
        self.assertEqual(response.headers["Content-Language"], "fr-FR")
        # The client's own choice comes first.
        sid = self.login_sid()
        headers = {"X-Openerp-Session-Id": sid, "Accept-Language": "en"}
        response = self.http("POST", "/session/auth/logout", headers=headers)
        self.assertEqual(response.json()["message"], "Logged out.")
