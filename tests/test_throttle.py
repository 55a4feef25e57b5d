from .common import RestSessionCase, post_install_only


@post_install_only
class TestThrottle(RestSessionCase):
    def setUp(self):
        super().setUp()
        self.set_params(
            auth_rest_session__max_failures_per_login=3,
            auth_rest_session__max_failures_per_address=6,
            auth_rest_session__lockout_seconds=120,
        )

    def fail(self, login=None, times=1):
        for _ in range(times):
            response = self.login(login=login, password="wrong-" + self.PASSWORD)
            self.assert_json_error(response, 401, "invalid_credentials")

    def assert_throttled(self, response):
        self.assert_json_error(response, 429, "too_many_attempts")
        retry_after = int(response.headers["Retry-After"])
        self.assertTrue(0 < retry_after <= 120, retry_after)

    def test_repeated_failures_for_a_login_get_429_even_with_the_right_password(self):
        self.fail(times=3)
        self.assert_throttled(self.login())

    def test_failures_below_the_limit_do_not_block_the_right_password(self):
        self.fail(times=2)
        self.assertEqual(self.login().status_code, 200)

    def test_a_success_clears_the_failures_of_its_login(self):
        self.fail(times=2)
        self.assertEqual(self.login().status_code, 200)
        self.fail(times=2)
        self.assertEqual(self.login().status_code, 200)

    def test_repeated_failures_from_an_address_get_429_for_any_login(self):
        for index in range(6):
            self.fail(login="nobody-%d" % index)
        self.assert_throttled(self.login())

    def test_lockout_ends_after_lockout_seconds(self):
        self.fail(times=3)
        self.assert_throttled(self.login())
        with self.registry.cursor() as cr:
            cr.execute("UPDATE auth_rest_session_login_throttle SET last_failure = last_failure - 121")
        self.assertEqual(self.login().status_code, 200)

    def test_zero_turns_a_limit_off(self):
        self.set_params(auth_rest_session__max_failures_per_login=0)
        self.fail(times=4)
        self.assertEqual(self.login().status_code, 200)

    def test_core_login_cooldown_answers_429_too(self):
        registry = self.registry
        if not hasattr(type(self.env["res.users"]), "_on_login_cooldown"):
            self.skipTest("this Odoo has no login cooldown of its own (11.0)")
        self.set_params(
            base__login_cooldown_after=2,
            base__login_cooldown_duration=60,
            auth_rest_session__max_failures_per_login=0,
            auth_rest_session__max_failures_per_address=0,
        )
        self.addCleanup(lambda: getattr(registry, "_login_failures", {}).clear())
        self.fail(times=2)
        response = self.login()
        self.assert_json_error(response, 429, "too_many_attempts")
        self.assertTrue(0 < int(response.headers["Retry-After"]) <= 60)
