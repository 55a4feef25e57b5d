"""Checks that need a real server of their own, run by dev/test.sh.

The server runs with ``--workers 2`` (prefork: every check crosses worker
processes), two databases (one without the addon) and the addon loaded
server-wide (``--load=base,web,auth_rest_session``). Three groups:

* multi-database: what a database with and without the addon gets;
* throttling: repeated failures answered 429 although they land on
  different worker processes, one after the other or all at once, with
  nothing in the server's log;
* PostgreSQL outage: the harness stops the cluster under the running server
  (``--stop-db`` / ``--start-db`` commands); the endpoints answer 503 JSON,
  then recover by themselves, and sessions survive.

Prints one ``PASS``/``FAIL`` line per check and a closing count.
"""

import argparse
import concurrent.futures
import subprocess
import sys
import time

import requests

TIMEOUT = 30


class Checks:
    def __init__(self, url):
        self.url = url
        self.total = self.failed = 0

    def check(self, name, condition, detail=""):
        print("%s %s%s" % ("PASS" if condition else "FAIL", name, "" if condition else ": " + detail))
        self.total += 1
        self.failed += 0 if condition else 1

    def post(self, path, **kwargs):
        return requests.post(self.url + path, timeout=TIMEOUT, **kwargs)

    def rpc(self, path, params=None, **kwargs):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params or {}}
        return self.post(path, json=payload, **kwargs)

    def uid_with_header(self, sid):
        """The uid core sees for a header sid; None without a session (then a
        multi-database server does not even know which database to serve)."""
        response = self.rpc("/web/session/get_session_info", headers={"X-Openerp-Session-Id": sid})
        if not response.headers.get("Content-Type", "").startswith("application/json"):
            return None
        return (response.json().get("result") or {}).get("uid")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--with-addon", required=True)
    parser.add_argument("--without-addon", required=True)
    parser.add_argument("--core-reads-explicit-sid", type=int, choices=(0, 1), required=True)
    parser.add_argument("--stop-db", required=True, help="shell command that stops PostgreSQL")
    parser.add_argument("--start-db", required=True, help="shell command that starts PostgreSQL")
    parser.add_argument("--server-log", required=True, help="the server's log file")
    args = parser.parse_args()
    checks = Checks(args.url)
    credentials = {"login": "admin", "password": "admin"}

    no_db = checks.post("/session/auth/login", json=credentials)
    checks.check(
        "several databases and no db: 400 database_required",
        no_db.status_code == 400 and no_db.json().get("error") == "database_required",
        no_db.text[:200],
    )

    login = checks.post("/session/auth/login", json=dict(credentials, db=args.with_addon))
    checks.check("login on the database with the addon", login.status_code == 200, login.text[:200])
    if login.status_code == 200:
        sid = login.json()["session"]["sid"]
        checks.check(
            "its sid works as a header there",
            checks.uid_with_header(sid) == login.json()["uid"],
            sid,
        )

    refused = checks.post("/session/auth/login", json=dict(credentials, db=args.without_addon))
    checks.check(
        "login on a database without the addon: 404 unknown_database",
        refused.status_code == 404 and refused.json().get("error") == "unknown_database",
        refused.text[:200],
    )

    core = checks.rpc("/web/session/authenticate", dict(credentials, db=args.without_addon))
    core_sid = core.cookies.get("session_id")
    checks.check("core login still works on the database without the addon", bool(core_sid), core.text[:200])
    if core_sid:
        with_cookie = checks.rpc("/web/session/get_session_info", cookies={"session_id": core_sid}).json()
        checks.check(
            "its cookie session works as before",
            (with_cookie.get("result") or {}).get("uid"),
            str(with_cookie)[:200],
        )
        honoured = bool(checks.uid_with_header(core_sid))
        checks.check(
            "a header sid there is honoured only where the core itself reads headers",
            honoured == args.core_reads_explicit_sid,
            "honoured=%s, core reads explicit sids=%s" % (honoured, args.core_reads_explicit_sid),
        )

    check_throttling(checks, args.with_addon)
    check_quiet_log(checks, args.server_log)
    check_outage(checks, args)
    print("live server: %d passed, %d failed" % (checks.total - checks.failed, checks.failed))
    return 1 if checks.failed else 0


def check_throttling(checks, db):
    """The default limit (5 failures per login) holds across worker processes."""
    login = "nobody-%d" % time.time()
    statuses = [
        checks.post("/session/auth/login", json={"db": db, "login": login, "password": "wrong"}).status_code
        for _ in range(6)
    ]
    checks.check("5 failures across workers are 401, the 6th is 429", statuses == [401] * 5 + [429], str(statuses))
    locked = checks.post("/session/auth/login", json={"db": db, "login": login, "password": "wrong"})
    checks.check(
        "429 carries Retry-After and too_many_attempts",
        locked.status_code == 429
        and locked.json().get("error") == "too_many_attempts"
        and int(locked.headers.get("Retry-After", 0)) > 0,
        locked.text[:200],
    )
    # The same, all at once: workers count the same keys concurrently.
    login = "everybody-%d" % time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(
            pool.map(
                lambda _: checks.post("/session/auth/login", json={"db": db, "login": login, "password": "wrong"}),
                range(5),
            )
        )
    sixth = checks.post("/session/auth/login", json={"db": db, "login": login, "password": "wrong"})
    statuses = sorted(answer.status_code for answer in answers) + [sixth.status_code]
    checks.check("5 failures at once are all counted: the 6th is 429", statuses == [401] * 5 + [429], str(statuses))


def check_quiet_log(checks, server_log):
    """Nothing the addon runs may end up as an error in the server's log."""
    with open(server_log, encoding="utf-8", errors="replace") as log:
        errors = [line for line in log if " ERROR " in line and "auth_rest_session" in line]
    checks.check("no error from the addon in the server log", not errors, "".join(errors[:3])[:600])


def check_outage(checks, args):
    login = checks.post("/session/auth/login", json={"db": args.with_addon, "login": "admin", "password": "admin"})
    sid = login.json()["session"]["sid"]
    subprocess.run(args.stop_db, shell=True, check=True)
    try:
        for path in ("/session/auth/login", "/session/auth/logout"):
            answer = checks.post(
                path,
                json={"db": args.with_addon, "login": "admin", "password": "admin"},
                headers={"X-Openerp-Session-Id": sid},
            )
            checks.check(
                "PostgreSQL down: %s answers 503 service_unavailable" % path,
                answer.status_code == 503
                and answer.headers.get("Content-Type", "").startswith("application/json")
                and answer.json().get("error") == "service_unavailable",
                "%s %s" % (answer.status_code, answer.text[:200]),
            )
    finally:
        subprocess.run(args.start_db, shell=True, check=True)
    again = None
    for _ in range(20):
        again = checks.post("/session/auth/login", json={"db": args.with_addon, "login": "admin", "password": "admin"})
        if again.status_code == 200:
            break
        time.sleep(0.5)
    checks.check("PostgreSQL back: login works again by itself", again.status_code == 200, again.text[:200])
    checks.check(
        "the session from before the outage survived it", checks.uid_with_header(sid) == login.json()["uid"], sid
    )


if __name__ == "__main__":
    sys.exit(main())
