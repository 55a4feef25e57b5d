import re

from ..controllers import errors
from ..controllers.routes import ROUTE_PREFIX
from .common import RestSessionCase, post_install_only

REFERENCE = re.compile(r"^#/components/(\w+)/(\w+)")


@post_install_only
class TestOpenApi(RestSessionCase):
    def document(self):
        response = self.http("GET", "/session/auth/openapi.json")
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def test_document_is_openapi_3_1_with_every_route(self):
        document = self.document()
        self.assertEqual(document["openapi"], "3.1.0")
        routes = {"login", "totp", "logout", "logout_all", "info", "openapi.json"}
        self.assertEqual(set(document["paths"]), {ROUTE_PREFIX + "/" + route for route in routes})
        for path, operations in document["paths"].items():
            for method in operations:
                with self.subTest(path=path, method=method):
                    response = self.http(method.upper(), path, json={})
                    self.assertNotEqual(response.status_code, 404, response.text)
                    self.assertTrue(response.headers["Content-Type"].startswith("application/json"))

    def test_every_error_code_is_documented(self):
        documented = set(self.document()["components"]["schemas"]["Error"]["properties"]["error"]["enum"])
        self.assertEqual(documented, {error_type.error for error_type in errors.rest_error_types()})

    def test_every_reference_resolves(self):
        components = self.document()["components"]
        references = re.findall(r'"\$ref": "([^"]+)"', self.http("GET", "/session/auth/openapi.json").text)
        self.assertTrue(references)
        for reference in references:
            kind, name = REFERENCE.match(reference).groups()
            self.assertIn(name, components.get(kind, {}), reference)

    def test_the_three_sid_transports_are_security_schemes(self):
        schemes = self.document()["components"]["securitySchemes"]
        self.assertEqual(
            sorted((scheme["in"], scheme["name"]) for scheme in schemes.values()),
            [("cookie", "session_id"), ("header", "X-Openerp-Session-Id"), ("query", "session_id")],
        )

    def test_live_answers_have_the_documented_required_fields(self):
        schemas = self.document()["components"]["schemas"]
        answer = self.login().json()
        for field in schemas["LoginAnswer"]["required"]:
            self.assertIn(field, answer)
        for field in schemas["Session"]["required"]:
            self.assertIn(field, answer["session"])
        self.assertRegex(answer["session"]["expires_at"], schemas["Session"]["properties"]["expires_at"]["pattern"])
        error = self.login(password="wrong").json()
        for field in schemas["Error"]["required"]:
            self.assertIn(field, error)
