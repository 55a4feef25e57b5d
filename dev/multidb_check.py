"""Check the addon on a server with two databases, one without the addon.

Run by dev/test.sh against a server started with the addon loaded server-wide
(``--load=base,web,auth_rest_session``) and a dbfilter that lets both
databases through. Prints one ``PASS``/``FAIL`` line per check.
"""

import argparse
import sys

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
        "login on a database without the addon: 400 unknown_database",
        refused.status_code == 400 and refused.json().get("error") == "unknown_database",
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

    print("multi-database: %d passed, %d failed" % (checks.total - checks.failed, checks.failed))
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
