"""A bounded load test of the addon's login and logout, on a running server.

Run by dev/load.sh against the server dev/run.sh starts (``--workers 2``);
it can also be pointed at any server of the harness on 127.0.0.1:

    python dev/load.py --port 8069 --db rest_session_11_0 --server-pgid PGID

For ``--seconds``, ``--clients`` threads, each with its own
``requests.Session``, mix valid logins, authenticated core requests
(``/web/session/get_session_info``) through the three sid transports
(header, cookie, query parameter), wrong-password logins for logins that do
not exist, logins that present a live sid (it must die: no fixation), and
logouts. Every sid obtained is followed: it must give the expected uid until
its logout ("lost" otherwise) and never again after it ("resurrected"
otherwise; a sample is checked right after the logout, older ones later).

Each client keeps its own cookie jar empty: the cookie transport sends
``Cookie: session_id=...`` itself, so every request carries exactly the sid
chosen for it.

The addon throttles failed logins per login and per client address, and a
locked-out address is refused even correct credentials. So that the valid
traffic (from 127.0.0.1) is not locked out by the wrong passwords mixed into
it, those are sent from ``--bad-login-sources`` other loopback addresses
(127.0.1.1, 127.0.1.2, ..., still to 127.0.0.1), in turn, ``--bad-login-burst``
consecutive ones (from any client, so often concurrent) from each address;
with 0 sources they come from 127.0.0.1 like everything else.

The server's memory is the VmRSS of the Odoo master and its workers, summed
over the processes alive at each measurement (workers can be recycled):
after ``--warmup`` seconds of load, and after the run. The longpolling
(gevent) process, which serves none of these routes, is shown apart.

Ends with one PASS/FAIL line per criterion, and exits 1 if any fails:
no server errors (HTTP 5xx, or a JSON-RPC answer carrying a server
exception), no lost or resurrected session, the load really ran (sids were
issued and checked, no client thread crashed or hung), RSS after the run
within ``--rss-tolerance`` of RSS after the warm-up. Other errors (unexpected
statuses or bodies, exceptions such as timeouts) are reported, not judged.
Exit 2: the run could not start (the first login failed, no server process).

Traffic goes to 127.0.0.1 only. Every loop is bounded in time and count.
"""

import argparse
import collections
import http.cookiejar
import itertools
import math
import os
import random
import sys
import threading
import time

import requests
from requests.adapters import HTTPAdapter

LOGIN = "/session/auth/login"
LOGOUT = "/session/auth/logout"
SESSION_INFO = "/web/session/get_session_info"
TRANSPORTS = ("header", "cookie", "query")

#: Relative weights of what a client does next.
MIX = (
    ("info", 50),  # an authenticated core request with a live sid
    ("login", 12),  # a valid login
    ("logout", 12),  # log a live sid out
    ("login_bad", 10),  # a wrong password for a login that does not exist
    ("recheck_ended", 8),  # a sid logged out earlier must still be dead
    ("login_replacing", 3),  # a valid login presenting a live sid: that sid dies
)

#: Live sids a client holds at most; past this it logs one out instead of logging in.
MAX_LIVE_PER_CLIENT = 4
#: Logged-out sids a client keeps to check again later.
ENDED_POOL = 32
#: How many error samples the report shows.
ERROR_SAMPLES = 12


class NoCookies(http.cookiejar.DefaultCookiePolicy):
    """Keep a requests.Session's jar empty: the transport is chosen per request."""

    def set_ok(self, cookie, request):
        return False

    def return_ok(self, cookie, request):
        return False


class SourceAddress(HTTPAdapter):
    """Connect from a given local address (to 127.0.0.1 all the same)."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def new_http_session(source=None):
    session = requests.Session()
    session.cookies.set_policy(NoCookies())
    if source:
        session.mount("http://", SourceAddress(source))
    return session


def loopback_source(n):
    """The n-th address of 127.0.1.1 - 127.0.255.254 (n from 0)."""
    n = n % (255 * 254)
    return "127.0.%d.%d" % (1 + n // 254, 1 + n % 254)


#: Bad logins across all clients take the next source address in turn.
BAD_LOGIN_TURN = itertools.count()


class Sid:
    __slots__ = ("sid", "uid", "born", "verified", "last_ok", "how")

    def __init__(self, sid, uid, how="login"):
        self.sid = sid
        self.uid = uid
        self.born = time.monotonic()
        self.verified = False
        self.last_ok = None
        self.how = how  # how the session ended, once it has

    def short(self):
        return self.sid[:12] + "..."


class Stats:
    """Everything the clients measure, behind one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = collections.defaultdict(list)  # kind -> seconds
        self.statuses = collections.defaultdict(collections.Counter)  # kind -> status -> n
        self.errors = collections.Counter()  # category -> n
        self.error_samples = []
        self.counters = collections.Counter()
        self.lost = []
        self.resurrected = []

    def request(self, kind, status, seconds):
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[kind][status] += 1

    def error(self, category, detail):
        with self.lock:
            self.errors[category] += 1
            if len(self.error_samples) < ERROR_SAMPLES:
                self.error_samples.append("%s: %s" % (category, detail))

    def count(self, name, n=1):
        with self.lock:
            self.counters[name] += n

    def session_lost(self, detail):
        with self.lock:
            self.lost.append(detail)

    def session_resurrected(self, detail):
        with self.lock:
            self.resurrected.append(detail)


def transport_kwargs(transport, sid):
    """requests keyword arguments that carry ``sid`` the given way (or none)."""
    if sid is None:
        return {}
    if transport == "header":
        return {"headers": {"X-Openerp-Session-Id": sid}}
    if transport == "cookie":
        return {"headers": {"Cookie": "session_id=" + sid}}
    if transport == "query":
        return {"params": {"session_id": sid}}
    raise ValueError(transport)


def rpc_error_is_session_expired(error):
    data = error.get("data") or {}
    return error.get("code") == 100 or "SessionExpired" in str(data.get("name", ""))


class Client(threading.Thread):
    def __init__(self, index, args, stats, expected_uid, deadline, final_deadline):
        super().__init__(name="client-%d" % index, daemon=True)
        self.index = index
        self.args = args
        self.stats = stats
        self.expected_uid = expected_uid
        self.deadline = deadline
        self.final_deadline = final_deadline
        self.random = random.Random(args.seed * 1000 + index)
        self.http = new_http_session()
        self.bad_login_http = {}  # source address -> requests.Session
        self.base = "http://127.0.0.1:%d" % args.port
        self.live = []
        self.ended = collections.deque(maxlen=ENDED_POOL)
        self.requests_made = 0
        self.bad_logins = 0
        self.rpc_id = 0
        self.ops = [name for name, _ in MIX]
        self.weights = [weight for _, weight in MIX]

    # --- one request --------------------------------------------------------

    def call(self, kind, path, expected, json_body, sid=None, transport="header", http_session=None):
        """POST once; (status, parsed JSON or None), or None after an exception.

        Records latency and status; an exception, a status outside
        ``expected`` or a 5xx counts as an error."""
        self.requests_made += 1
        kwargs = transport_kwargs(transport, sid)
        started = time.monotonic()
        try:
            response = (http_session or self.http).post(
                self.base + path, json=json_body, timeout=(10, self.args.timeout), **kwargs
            )
        except requests.RequestException as exc:
            self.stats.request(kind, "exception", time.monotonic() - started)
            self.stats.error("exception", "%s %s: %s" % (kind, path, exc.__class__.__name__))
            return None
        elapsed = time.monotonic() - started
        status = response.status_code
        self.stats.request(kind, status, elapsed)
        try:
            body = response.json()
        except ValueError:
            body = None
        if status >= 500:
            self.stats.error("http_5xx", "%s %s -> %d %s" % (kind, path, status, response.text[:160]))
        elif status not in expected:
            self.stats.error("unexpected_status", "%s %s -> %d %s" % (kind, path, status, response.text[:160]))
        elif body is None:
            self.stats.error("not_json", "%s %s -> %d %s" % (kind, path, status, response.text[:160]))
        if status == 429:
            self.check_throttled(kind, response, body)
        return status, body

    def check_throttled(self, kind, response, body):
        if not response.headers.get("Retry-After"):
            self.stats.error("429_without_retry_after", kind)
        if not isinstance(body, dict) or body.get("error") != "too_many_attempts":
            self.stats.error("429_bad_body", "%s: %s" % (kind, response.text[:160]))

    def session_info(self, kind, sid, transport):
        """(uid or None, state): state is 'ok', 'expired', 'no_db' (404),
        'server_error' or 'failed' (exception, bad answer)."""
        self.rpc_id += 1
        payload = {"jsonrpc": "2.0", "method": "call", "params": {}, "id": self.rpc_id}
        answer = self.call(kind, SESSION_INFO, (200, 404), payload, sid, transport)
        if answer is None:
            return None, "failed"
        status, body = answer
        if status == 404:
            return None, "no_db"
        if status != 200 or not isinstance(body, dict):
            return None, "failed"
        if isinstance(body.get("result"), dict):
            return body["result"].get("uid"), "ok"
        error = body.get("error")
        if isinstance(error, dict):
            if rpc_error_is_session_expired(error):
                return None, "expired"
            data = error.get("data") or {}
            self.stats.error(
                "rpc_server_error",
                "%s: %s %s" % (kind, data.get("name"), str(data.get("message", ""))[:120]),
            )
            return None, "server_error"
        self.stats.error("bad_rpc_answer", "%s: %s" % (kind, str(body)[:160]))
        return None, "failed"

    # --- what a client does -------------------------------------------------

    def login(self, present=None):
        """A valid login; ``present``, a live Sid, is sent along and must die."""
        kind = "login" if present is None else "login_replacing"
        transport = self.random.choice(TRANSPORTS)
        body = {"login": self.args.login, "password": self.args.password}
        if self.args.db:
            body["db"] = self.args.db
        answer = self.call(kind, LOGIN, (200, 429), body, present and present.sid, transport)
        if answer is None:
            if present is not None:  # it may or may not have been replaced
                self.live.remove(present)
                self.stats.count("sids_without_verdict")
            return
        status, reply = answer
        if status == 429:
            self.stats.count("valid_logins_throttled")
            return
        if status != 200:
            return
        session = (reply or {}).get("session") or {}
        sid = session.get("sid")
        uid = (reply or {}).get("uid")
        if not isinstance(sid, str) or not sid or not session.get("expires_at"):
            self.stats.error("bad_login_answer", str(reply)[:160])
            return
        if uid != self.expected_uid:
            self.stats.error("bad_login_answer", "uid %r, expected %r" % (uid, self.expected_uid))
            return
        self.stats.count("sids_issued")
        if present is not None:
            if sid == present.sid:
                self.stats.error("fixation", "login kept the presented sid %s" % present.short())
            self.live.remove(present)
            self.end(present, "replaced by a login (%s)" % transport)
            self.stats.count("sids_replaced")
        self.live.append(Sid(sid, uid))

    def login_bad(self):
        """A wrong password for a login that does not exist; sometimes with a
        live sid, which must survive the failed attempt."""
        names = max(1, self.args.bad_login_names)
        name = "nobody-%d" % ((self.index * 7919 + self.bad_logins) % names)
        self.bad_logins += 1
        body = {"login": name, "password": "wrong-%d" % self.random.randrange(10**6)}
        if self.args.db:
            body["db"] = self.args.db
        present = None
        if self.live and self.random.random() < 0.3:
            present = self.random.choice(self.live)
        transport = self.random.choice(TRANSPORTS)
        http_session = None
        if self.args.bad_login_sources > 0:
            turn = next(BAD_LOGIN_TURN) // max(1, self.args.bad_login_burst)
            source = loopback_source(turn % self.args.bad_login_sources)
            if source not in self.bad_login_http:
                self.bad_login_http[source] = new_http_session(source)
            http_session = self.bad_login_http[source]
        answer = self.call("login_bad", LOGIN, (401, 429), body, present and present.sid, transport, http_session)
        if answer is None:
            return
        status, reply = answer
        if status == 401 and (reply or {}).get("error") != "invalid_credentials":
            self.stats.error("401_bad_body", str(reply)[:160])
        if status == 200:
            self.stats.error("wrong_password_accepted", name)
        if present is not None:
            present.verified = False  # checked again before it may be logged out
            self.stats.count("failed_logins_presenting_a_sid")

    def info(self, entry=None):
        """A core request with a live sid: it must still give its uid."""
        if entry is None:
            unverified = [e for e in self.live if not e.verified]
            entry = self.random.choice(unverified or self.live)
        transport = self.random.choice(TRANSPORTS)
        uid, state = self.session_info("info_" + transport, entry.sid, transport)
        if state == "ok" and uid == entry.uid:
            entry.verified = True
            entry.last_ok = time.monotonic()
            self.stats.count("live_checks_ok")
            return
        if state in ("failed", "server_error"):
            return  # no verdict on the session: it is checked again later
        now = time.monotonic()
        self.stats.session_lost(
            "%s via %s: %s (uid %r, expected %r), %.1f s after login, %s"
            % (
                entry.short(),
                transport,
                state,
                uid,
                entry.uid,
                now - entry.born,
                "last worked %.1f s before" % (now - entry.last_ok) if entry.last_ok else "never worked",
            )
        )
        self.live.remove(entry)

    def logout(self, entry=None):
        if entry is None:
            verified = [e for e in self.live if e.verified]
            if not verified:
                return self.info()
            entry = self.random.choice(verified)
        transport = self.random.choice(TRANSPORTS)
        answer = self.call("logout_" + transport, LOGOUT, (200,), {}, entry.sid, transport)
        self.live.remove(entry)
        if answer is None or answer[0] != 200:
            self.stats.count("sids_without_verdict")
            return
        if "message" not in (answer[1] or {}):
            self.stats.error("bad_logout_answer", str(answer[1])[:160])
        self.stats.count("sids_logged_out")
        self.end(entry, "logged out (%s)" % transport)

    def end(self, entry, how):
        entry.how = how
        entry.born = time.monotonic()  # from now on: when it ended
        self.ended.append(entry)
        if self.random.random() < self.args.check_after_logout:
            self.check_ended(entry)

    def check_ended(self, entry=None):
        """A sid that ended must not work again, through any transport."""
        if entry is None:
            entry = self.random.choice(self.ended)
        transport = self.random.choice(TRANSPORTS)
        uid, state = self.session_info("check_ended", entry.sid, transport)
        if state in ("expired", "no_db"):
            self.stats.count("ended_checks_ok")
        elif state == "ok" and uid:
            self.stats.session_resurrected(
                "%s via %s: uid %r, %.1f s after it was %s"
                % (entry.short(), transport, uid, time.monotonic() - entry.born, entry.how)
            )
        elif state == "ok":
            self.stats.count("ended_checks_ok")  # an anonymous session
        # failed / server_error: no verdict

    # --- the loop -----------------------------------------------------------

    def step(self):
        op = self.random.choices(self.ops, self.weights)[0]
        if op in ("login", "login_replacing") and len(self.live) >= MAX_LIVE_PER_CLIENT:
            op = "logout"
        if op in ("info", "logout", "login_replacing") and not self.live:
            op = "login"
        if op == "recheck_ended" and not self.ended:
            op = "info" if self.live else "login"
        if op == "login":
            self.login()
        elif op == "login_replacing":
            self.login(present=self.random.choice(self.live))
        elif op == "login_bad":
            self.login_bad()
        elif op == "info":
            self.info()
        elif op == "logout":
            self.logout()
        elif op == "recheck_ended":
            self.check_ended()

    def run(self):
        try:
            while time.monotonic() < self.deadline and self.requests_made < self.args.max_requests_per_client:
                self.step()
            self.finish()
        except Exception as exc:  # a bug here must show, not hang the run
            self.stats.error("client_crash", "%s: %r" % (self.name, exc))
        finally:
            self.http.close()
            for session in self.bad_login_http.values():
                session.close()

    def finish(self):
        """After the run: every live sid must still work; log each out and
        check it died; check every ended sid kept once more."""
        for entry in list(self.live):
            if time.monotonic() >= self.final_deadline:
                return
            self.info(entry)
        for entry in list(self.live):
            if time.monotonic() >= self.final_deadline:
                return
            self.logout(entry)
        for entry in list(self.ended):
            if time.monotonic() >= self.final_deadline:
                return
            self.check_ended(entry)


# --- the server's memory ----------------------------------------------------


def read_processes():
    """pid -> (ppid, pgid, argv) for every process we can read."""
    processes = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            with open("/proc/%s/cmdline" % name, "rb") as cmdline:
                argv = [a.decode("utf-8", "replace") for a in cmdline.read().split(b"\0") if a]
        except OSError:
            continue
        if fields[0] == "Z":  # exited, not reaped yet: no memory left
            continue
        processes[int(name)] = (int(fields[1]), int(fields[2]), argv)
    return processes


def is_odoo(argv):
    return any("odoo" in a for a in argv[:3])


def is_longpolling(argv):
    return "gevent" in argv[1:3]


def odoo_processes(pgid=None, pids=()):
    """{pid: role} of the Odoo processes now: those in process group ``pgid``,
    and ``pids`` with their descendants. Roles: master, worker, longpolling."""
    processes = read_processes()
    chosen = set()
    if pgid:
        chosen |= {pid for pid, (_, group, argv) in processes.items() if group == pgid and is_odoo(argv)}
    if pids:
        children = collections.defaultdict(list)
        for pid, (ppid, _, _) in processes.items():
            children[ppid].append(pid)
        todo = [pid for pid in pids if pid in processes]
        while todo:
            pid = todo.pop()
            if pid not in chosen and is_odoo(processes[pid][2]):
                chosen.add(pid)
                todo.extend(children[pid])
    roles = {}
    for pid in chosen:
        ppid, _, argv = processes[pid]
        if is_longpolling(argv):
            roles[pid] = "longpolling"
        elif ppid in chosen:
            roles[pid] = "worker"
        else:
            roles[pid] = "master"
    return roles


def vm_rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def measure_rss(pgid, pids):
    """(total KiB of master + workers, {pid: (role, KiB)})."""
    detail = {}
    for pid, role in sorted(odoo_processes(pgid, pids).items()):
        rss = vm_rss_kib(pid)
        if rss is not None:
            detail[pid] = (role, rss)
    total = sum(rss for role, rss in detail.values() if role != "longpolling")
    return total, detail


def mib(kib):
    return kib / 1024.0


def describe_rss(label, total, detail):
    lines = [
        "%s: %.1f MiB over %d processes (master + workers)"
        % (label, mib(total), sum(1 for role, _ in detail.values() if role != "longpolling"))
    ]
    for pid, (role, rss) in sorted(detail.items()):
        lines.append("    %-11s %7d  %7.1f MiB" % (role, pid, mib(rss)))
    return lines


# --- the report -------------------------------------------------------------


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    rank = max(0, min(len(sorted_values) - 1, int(math.ceil(fraction * len(sorted_values))) - 1))
    return sorted_values[rank]


def kind_order(kind):
    order = [
        "login",
        "login_replacing",
        "login_bad",
        "info_header",
        "info_cookie",
        "info_query",
        "logout_header",
        "logout_cookie",
        "logout_query",
        "check_ended",
    ]
    return (order.index(kind) if kind in order else len(order), kind)


def report_requests(stats, elapsed, load_seconds):
    total = sum(sum(c.values()) for c in stats.statuses.values())
    by_status = collections.Counter()
    for counter in stats.statuses.values():
        by_status.update(counter)
    print(
        "Requests: %d in %.1f s: %.0f s of load, then %.1f s checking and logging out the sids left"
        " (%.1f/s overall)"
        % (total, elapsed, load_seconds, max(0.0, elapsed - load_seconds), total / elapsed if elapsed else 0)
    )
    print(
        "By status: "
        + ", ".join("%s: %d" % (status, n) for status, n in sorted(by_status.items(), key=lambda x: str(x[0])))
    )
    print()
    print("%-16s %7s %9s %9s %9s  %s" % ("kind", "n", "p50 ms", "p99 ms", "max ms", "statuses"))
    all_latencies = []
    for kind in sorted(stats.latencies, key=kind_order):
        values = sorted(stats.latencies[kind])
        all_latencies.extend(values)
        statuses = ", ".join(
            "%s: %d" % (s, n) for s, n in sorted(stats.statuses[kind].items(), key=lambda x: str(x[0]))
        )
        print(
            "%-16s %7d %9.1f %9.1f %9.1f  %s"
            % (
                kind,
                len(values),
                1000 * percentile(values, 0.50),
                1000 * percentile(values, 0.99),
                1000 * values[-1],
                statuses,
            )
        )
    all_latencies.sort()
    if all_latencies:
        print(
            "%-16s %7d %9.1f %9.1f %9.1f"
            % (
                "all",
                len(all_latencies),
                1000 * percentile(all_latencies, 0.50),
                1000 * percentile(all_latencies, 0.99),
                1000 * all_latencies[-1],
            )
        )
    return by_status


def report_sessions(stats):
    c = stats.counters
    print()
    print(
        "Sessions: %d issued, %d logged out, %d replaced by a login presenting them; "
        "%d live checks passed, %d checks of ended sids passed; "
        "%d failed logins presented a live sid; %d sids dropped without a verdict"
        % (
            c["sids_issued"],
            c["sids_logged_out"],
            c["sids_replaced"],
            c["live_checks_ok"],
            c["ended_checks_ok"],
            c["failed_logins_presenting_a_sid"],
            c["sids_without_verdict"],
        )
    )
    if c["valid_logins_throttled"]:
        print("NOTE %d valid logins answered 429 (throttled)" % c["valid_logins_throttled"])
    print("Lost sessions: %d" % len(stats.lost))
    for line in stats.lost[:ERROR_SAMPLES]:
        print("    " + line)
    print("Resurrected sessions: %d" % len(stats.resurrected))
    for line in stats.resurrected[:ERROR_SAMPLES]:
        print("    " + line)


def report_errors(stats):
    total = sum(stats.errors.values())
    print()
    print(
        "Errors: %d%s"
        % (total, (" (" + ", ".join("%s: %d" % item for item in sorted(stats.errors.items())) + ")") if total else "")
    )
    for line in stats.error_samples:
        print("    " + line)


# --- main -------------------------------------------------------------------


def first_login(args):
    """One login and logout before the run: the server answers, the
    credentials work, and the uid every sid must give."""
    body = {"login": args.login, "password": args.password}
    if args.db:
        body["db"] = args.db
    base = "http://127.0.0.1:%d" % args.port
    response = None
    try:
        response = requests.post(base + LOGIN, json=body, timeout=(10, args.timeout))
        reply = response.json()
        uid, sid = reply["uid"], reply["session"]["sid"]
        requests.post(base + LOGOUT, json={}, headers={"X-Openerp-Session-Id": sid}, timeout=(10, args.timeout))
        return uid
    except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
        answer = ""
        if response is not None:
            answer = " (%d%s %s)" % (
                response.status_code,
                ", Retry-After " + response.headers["Retry-After"] if "Retry-After" in response.headers else "",
                response.text[:200],
            )
        print(
            "error: cannot log in to http://127.0.0.1:%d as %s: %r%s" % (args.port, args.login, exc, answer),
            file=sys.stderr,
        )
        return None


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("PORT", 8069)), help="HTTP port on 127.0.0.1 (PORT, 8069)"
    )
    parser.add_argument("--db", default=os.environ.get("DB"), help="database sent in login bodies")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the run (60)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (16)")
    parser.add_argument(
        "--warmup", type=float, default=10.0, help="seconds of load before the first RSS measurement (10)"
    )
    parser.add_argument("--server-pgid", type=int, help="process group of the server: its Odoo processes are measured")
    parser.add_argument(
        "--server-pid",
        type=int,
        action="append",
        default=[],
        help="an Odoo master PID: it and its descendants are measured (repeatable)",
    )
    parser.add_argument(
        "--rss-tolerance", type=float, default=0.10, help="allowed relative RSS change, warm-up to end (0.10)"
    )
    parser.add_argument(
        "--check-after-logout", type=float, default=0.5, help="share of logouts checked right away (0.5)"
    )
    parser.add_argument(
        "--bad-login-names", type=int, default=1000, help="distinct non-existent logins used for wrong passwords (1000)"
    )
    parser.add_argument(
        "--bad-login-sources",
        type=int,
        default=64,
        help="loopback source addresses for wrong passwords, 0: 127.0.0.1 (64)",
    )
    parser.add_argument(
        "--bad-login-burst", type=int, default=4, help="consecutive wrong passwords sent from one source address (4)"
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="read timeout per request, s (30)")
    parser.add_argument("--max-requests-per-client", type=int, default=100000)
    parser.add_argument(
        "--final-seconds", type=float, default=60.0, help="time allowed for the checks after the run (60)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.clients < 1 or args.seconds <= 0:
        parser.error("--clients and --seconds must be positive")
    if not 0 < args.warmup < args.seconds:
        parser.error("--warmup must be shorter than --seconds")
    return args


def main(argv=None):
    args = parse_args(argv)
    measuring = bool(args.server_pgid or args.server_pid)
    print(
        "auth_rest_session load: http://127.0.0.1:%d, db %s, %d clients, %.0f s (RSS after %.0f s), "
        "wrong passwords from %s, server processes: %s"
        % (
            args.port,
            args.db or "(not sent)",
            args.clients,
            args.seconds,
            args.warmup,
            "%d other loopback addresses, %d in a row from each" % (args.bad_login_sources, args.bad_login_burst)
            if args.bad_login_sources > 0
            else "127.0.0.1",
            ("pgid %d" % args.server_pgid if args.server_pgid else "")
            + (" pids %s" % args.server_pid if args.server_pid else "")
            if measuring
            else "not given",
        )
    )
    uid = first_login(args)
    if uid is None:
        return 2
    if measuring:
        before_total, before_detail = measure_rss(args.server_pgid, args.server_pid)
        if not before_total:
            print("error: no Odoo process found for %s" % (args.server_pgid or args.server_pid), file=sys.stderr)
            return 2
        for line in describe_rss("RSS before the run", before_total, before_detail):
            print(line)
    sys.stdout.flush()

    stats = Stats()
    started = time.monotonic()
    deadline = started + args.seconds
    final_deadline = deadline + args.final_seconds
    clients = [Client(i, args, stats, uid, deadline, final_deadline) for i in range(args.clients)]
    for client in clients:
        client.start()

    warm_total = warm_detail = None
    time.sleep(max(0.0, started + args.warmup - time.monotonic()))
    if measuring:
        warm_total, warm_detail = measure_rss(args.server_pgid, args.server_pid)
    for client in clients:
        client.join(max(0.1, final_deadline + args.timeout + 15 - time.monotonic()))
    stuck = [client.name for client in clients if client.is_alive()]
    elapsed = time.monotonic() - started
    if measuring:
        end_total, end_detail = measure_rss(args.server_pgid, args.server_pid)

    print()
    by_status = report_requests(stats, elapsed, args.seconds)
    report_sessions(stats)
    report_errors(stats)
    if stuck:
        print("NOTE clients still running at the end: %s" % ", ".join(stuck))

    verdicts = []
    server_errors = sum(n for status, n in by_status.items() if isinstance(status, int) and status >= 500)
    rpc_errors = stats.errors["rpc_server_error"]
    verdicts.append(
        (
            server_errors + rpc_errors == 0,
            "no server errors: %d HTTP 5xx, %d JSON-RPC server exceptions" % (server_errors, rpc_errors),
        )
    )
    verdicts.append(
        (
            not stats.lost and not stats.resurrected,
            "no lost or resurrected sessions: %d lost, %d resurrected" % (len(stats.lost), len(stats.resurrected)),
        )
    )
    verdicts.append(
        (
            stats.counters["sids_issued"] > 0
            and stats.counters["live_checks_ok"] > 0
            and stats.counters["ended_checks_ok"] > 0
            and not stats.errors["client_crash"]
            and not stuck,
            "the load ran: %d sids issued, %d live and %d ended checks passed, "
            "%d clients crashed, %d stuck"
            % (
                stats.counters["sids_issued"],
                stats.counters["live_checks_ok"],
                stats.counters["ended_checks_ok"],
                stats.errors["client_crash"],
                len(stuck),
            ),
        )
    )
    print()
    if measuring:
        for line in describe_rss("RSS after %.0f s warm-up" % args.warmup, warm_total, warm_detail):
            print(line)
        for line in describe_rss("RSS after the run", end_total, end_detail):
            print(line)
        recycled = sorted(pid for pid, (role, _) in warm_detail.items() if role == "worker" and pid not in end_detail)
        if recycled:
            print("NOTE workers gone since the warm-up (recycled): %s" % recycled)
        change = (end_total - warm_total) / float(warm_total) if warm_total else float("inf")
        verdicts.append(
            (
                abs(change) <= args.rss_tolerance,
                "RSS after the run within %d%% of after the warm-up: %.1f -> %.1f MiB (%+.1f%%)"
                % (round(100 * args.rss_tolerance), mib(warm_total), mib(end_total), 100 * change),
            )
        )
    else:
        print("SKIP RSS: no --server-pgid or --server-pid given")
    print()
    for ok, text in verdicts:
        print("%s %s" % ("PASS" if ok else "FAIL", text))
    sys.stdout.flush()
    return 0 if all(ok for ok, _ in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
