"""Brute-force protection around a login: 429 before Odoo is even asked.

Counters live in the database (``auth_rest_session.login_throttle``), so the
limits hold across worker processes. A login that is not throttled costs one
indexed SELECT; the bookkeeping writes only on failure, and on the first
success after failures.
"""

import contextlib
import random
import time

from psycopg2.extensions import TransactionRollbackError

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessDenied
from odoo.modules.registry import Registry

from . import compat

THROTTLE_MODEL = "auth_rest_session.login_throttle"


class LoginThrottled(Exception):
    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


@contextlib.contextmanager
def throttle(db, login, address):
    """Refuse the login while it or its address is locked out, count its failure."""
    with _throttle_env(db) as throttles:
        wait, on_record = throttles.retry_after(login, address, time.time())
    wait = wait or compat.core_login_cooldown(db, address)
    if wait:
        raise LoginThrottled(wait)
    try:
        yield
    except AccessDenied:
        _record_failure(db, login, address)
        raise
    if on_record:
        with _throttle_env(db) as throttles:
            throttles.forget_login(login)


def _record_failure(db, login, address, attempts=5):
    # Two workers counting a failure for the same key at once: one of the
    # REPEATABLE READ transactions fails to serialize; count it again.
    for attempt in range(attempts):
        try:
            with _throttle_env(db) as throttles:
                throttles.record_failure(login, address, time.time())
            return
        except TransactionRollbackError:
            if attempt == attempts - 1:
                raise
            time.sleep(random.uniform(0.005, 0.05))


@contextlib.contextmanager
def _throttle_env(db):
    with Registry(db).cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})[THROTTLE_MODEL]
