"""Failed-login counters shared by every worker process of the server."""

import math

from odoo import fields, models

from ..expiring_cache import ExpiringCache

#: System parameters and their defaults; 0 turns a limit off.
PARAMETERS = {
    "auth_rest_session.max_failures_per_login": 5,
    "auth_rest_session.max_failures_per_address": 20,
    "auth_rest_session.lockout_seconds": 300,
}

#: Every login reads the limits: they are kept this long per process. Odoo's
#: own cache of system parameters empties whenever any parameter is written,
#: which 11.0 does on every administrator login.
LIMITS_CACHE_SECONDS = 10

_limits_by_db = ExpiringCache(LIMITS_CACHE_SECONDS)


def forget_limits():
    """Drop the cached limits, e.g. right after a parameter changed."""
    _limits_by_db.clear()


class LoginThrottle(models.Model):
    """One row per login or client address that failed recently.

    Failures less than ``lockout_seconds`` apart add up; once they reach the
    limit, attempts are refused until ``lockout_seconds`` after the last one.
    Rows are written with one atomic upsert, so concurrent workers never lose
    a failure.
    """

    _name = "auth_rest_session.login_throttle"
    _description = "REST login failures"
    _log_access = False

    key = fields.Char(required=True, index=True)
    failures = fields.Integer(required=True, default=0)
    last_failure = fields.Float(required=True, help="Seconds since the epoch (UTC).")

    _sql_constraints = [("key_unique", "UNIQUE(key)", "One row per login or address.")]

    def _limits(self):
        limits = _limits_by_db.get(self.env.cr.dbname)
        if limits is None:
            param = self.env["ir.config_parameter"].sudo().get_param
            limits = {key: int(param(key, default) or 0) for key, default in PARAMETERS.items()}
            _limits_by_db.put(self.env.cr.dbname, limits)
        return limits

    def _keys(self, login, address):
        return {
            "login:" + login.lower(): "auth_rest_session.max_failures_per_login",
            "address:" + (address or "unknown"): "auth_rest_session.max_failures_per_address",
        }

    def retry_after(self, login, address, now):
        """Seconds to wait before the next attempt, or 0 when one may be made now.
        Also returns whether any failure is on record for ``login``."""
        limits = self._limits()
        lockout = limits["auth_rest_session.lockout_seconds"]
        keys = self._keys(login, address)
        self.env.cr.execute(
            "SELECT key, failures, last_failure FROM auth_rest_session_login_throttle WHERE key IN %s",
            (tuple(keys),),
        )
        wait = 0
        login_on_record = False
        for key, failures, last_failure in self.env.cr.fetchall():
            login_on_record = login_on_record or key.startswith("login:")
            limit = limits[keys[key]]
            remaining = lockout - (now - last_failure)
            if limit and failures >= limit and remaining > 0:
                wait = max(wait, int(math.ceil(remaining)))
        return wait, login_on_record

    def record_failure(self, login, address, now):
        """Count one failure for the login and for the address. Run it in a
        transaction of its own: Odoo's transactions are REPEATABLE READ, where
        two workers counting a failure for the same key at once make one fail
        to serialize; the caller counts it again (see login_throttle.py), so
        that expected failure is not logged as an error."""
        lockout = self._limits()["auth_rest_session.lockout_seconds"]
        for key in self._keys(login, address):
            self.env.cr.execute(
                """
                INSERT INTO auth_rest_session_login_throttle AS row (key, failures, last_failure)
                VALUES (%(key)s, 1, %(now)s)
                ON CONFLICT (key) DO UPDATE SET
                    failures = CASE WHEN %(now)s - row.last_failure > %(lockout)s
                                    THEN 1 ELSE row.failures + 1 END,
                    last_failure = %(now)s
                """,
                {"key": key, "now": now, "lockout": lockout},
                log_exceptions=False,
            )

    def forget_login(self, login):
        self.env.cr.execute("DELETE FROM auth_rest_session_login_throttle WHERE key = %s", ("login:" + login.lower(),))
