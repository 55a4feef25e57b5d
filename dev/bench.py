"""`make bench`: auth_rest_session side by side with Odoo's own session endpoints.

Every timed comparison interleaves its variants request by request in the same
run (A B, B A, A B, ... : the order turns every round), so that drift of the
machine hits both alike; the answer is the ratio of the medians, B/A, with a
95% bootstrap interval over the rounds. Throughput runs A and B in slices
ordered A B B A. Nothing here is a test: the script always exits 0 once the
server answered, and prints PASS/FAIL against the targets.

1. login: POST /session/auth/login (B) vs JSON-RPC /web/session/authenticate (A)
2. /web/session/get_session_info with the sid as X-Openerp-Session-Id header
   or ?session_id= (B) vs the session_id cookie (A)
3. POST /session/auth/logout (B) vs JSON-RPC /web/session/destroy (A), each on a
   fresh session made by an untimed login; the sid goes as a cookie to both
4. throughput and p99 latency at 1, 4 and 16 concurrent clients (threads,
   each with its own requests.Session): login B vs A, header vs cookie
5. counted, not timed, per get_session_info request, header or query vs cookie
   (they must be equal), and per login and logout (for information): SQL
   statements, transactions and PostgreSQL connections opened, read from
   PostgreSQL's own log (log_statement = 'all' and log_connections = on, set
   with ALTER SYSTEM for the count only and put back afterwards; needs --pg-log
   and a superuser --pg-user), and writes to the session store (files created,
   removed or rewritten in --sessions-dir, seen by comparing the folder before
   and after each request)

The counts assume nothing else uses the PostgreSQL cluster or the session
folder meanwhile: dev/bench.sh starts its own Odoo with --max-cron-threads=0.

Every sid is sent explicitly and the client never parses a Set-Cookie (see
below), so that all variants cost the client the same. Python 3.7+, standard
library and requests only (it runs with Odoo's Python). The sessions it logs in
are logged out again at the end.
"""

import argparse
import functools
import json
import math
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid

import requests
import requests.adapters
import requests.sessions

JSON_HEADERS = {"Content-Type": "application/json"}
RPC_EMPTY = json.dumps({"jsonrpc": "2.0", "method": "call", "params": {}})
REST_LOGIN = "/session/auth/login"
REST_LOGOUT = "/session/auth/logout"
CORE_LOGIN = "/web/session/authenticate"
CORE_INFO = "/web/session/get_session_info"
CORE_DESTROY = "/web/session/destroy"


class BenchError(Exception):
    """The server answered something a comparison cannot be built on."""


def say(message):
    print("==> " + message, file=sys.stderr, flush=True)


# --- HTTP -------------------------------------------------------------------


def _parse_no_cookie(*_args, **_kwargs):
    pass


# This client never parses Set-Cookie: every sid is sent explicitly, and Odoo
# 11 - 15 answer a cookie-authenticated request with a Set-Cookie that a
# header or query sid does not get; parsing it (about 0.1 ms, twice, in
# requests) would be charged to the cookie and hide that much of a slower
# header path on the server.
requests.adapters.extract_cookies_to_jar = _parse_no_cookie
requests.sessions.extract_cookies_to_jar = _parse_no_cookie
SESSION_COOKIE = re.compile(r"(?:^|[,;]\s*)session_id=([^;,\s]+)")


def new_http():
    """A client with an always empty cookie jar, and no proxies from the environment."""
    http = requests.Session()
    http.trust_env = False
    return http


class Server:
    def __init__(self, url, db, login, password, timeout):
        self.url = url.rstrip("/")
        self.db = db
        self.login = login
        self.password = password
        self.timeout = timeout
        self.uid = None
        self.version = "?"
        self.sids = set()  # the sessions logged in and not out, to log out at the end
        self._sids_lock = threading.Lock()

    def post(self, http, path, data=None, headers=None, params=None):
        """One timed request: (seconds, response). The body is read inside the timing."""
        started = time.perf_counter()
        response = http.post(self.url + path, data=data, headers=headers, params=params, timeout=self.timeout)
        return time.perf_counter() - started, response

    def _remember(self, sid):
        with self._sids_lock:
            self.sids.add(sid)

    def _forget(self, sid):
        with self._sids_lock:
            self.sids.discard(sid)

    # The requests, each checked after its timing; each returns (seconds, value).

    def rest_login(self, http):
        body = json.dumps({"db": self.db, "login": self.login, "password": self.password})
        seconds, response = self.post(http, REST_LOGIN, body, JSON_HEADERS)
        if response.status_code != 200:
            raise BenchError("%s answered %s: %s" % (REST_LOGIN, response.status_code, response.text[:300]))
        answer = response.json()
        sid = answer["session"]["sid"]
        self._remember(sid)
        self.uid = answer.get("uid")
        self.version = answer.get("server_version", self.version)
        return seconds, sid

    def core_login(self, http):
        params = {"db": self.db, "login": self.login, "password": self.password}
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
        seconds, response = self.post(http, CORE_LOGIN, body, JSON_HEADERS)
        result = rpc_result(response, CORE_LOGIN)
        found = SESSION_COOKIE.search(response.headers.get("Set-Cookie", ""))
        sid = found and found.group(1)
        if not (result and result.get("uid") and sid):
            raise BenchError("%s did not log in: %s" % (CORE_LOGIN, response.text[:300]))
        self._remember(sid)
        return seconds, sid

    def info(self, http, sid, how):
        """get_session_info with the sid as 'cookie', 'header' or 'query'."""
        headers = dict(JSON_HEADERS)
        params = None
        if how == "cookie":
            headers["Cookie"] = "session_id=" + sid
        elif how == "header":
            headers["X-Openerp-Session-Id"] = sid
        else:
            params = {"session_id": sid}
        seconds, response = self.post(http, CORE_INFO, RPC_EMPTY, headers, params)
        result = rpc_result(response, CORE_INFO)
        if not result or result.get("uid") != self.uid:
            raise BenchError("%s with the sid as %s is not logged in: %s" % (CORE_INFO, how, response.text[:300]))
        return seconds, result

    def rest_logout(self, http, sid):
        headers = {"Cookie": "session_id=" + sid}
        seconds, response = self.post(http, REST_LOGOUT, None, headers)
        if response.status_code != 200:
            raise BenchError("%s answered %s: %s" % (REST_LOGOUT, response.status_code, response.text[:300]))
        self._forget(sid)
        return seconds, None

    def core_destroy(self, http, sid):
        headers = dict(JSON_HEADERS, Cookie="session_id=" + sid)
        seconds, response = self.post(http, CORE_DESTROY, RPC_EMPTY, headers)
        rpc_result(response, CORE_DESTROY)
        self._forget(sid)
        return seconds, None

    def logged_in(self, http, sid):
        headers = dict(JSON_HEADERS, Cookie="session_id=" + sid)
        _seconds, response = self.post(http, CORE_INFO, RPC_EMPTY, headers)
        try:
            result = rpc_result(response, CORE_INFO)
        except BenchError:  # 11.0 - 15.0 answer "Session expired"
            return False
        return bool(result and result.get("uid"))


def rpc_result(response, path):
    if response.status_code != 200:
        raise BenchError("%s answered %s: %s" % (path, response.status_code, response.text[:300]))
    answer = response.json()
    if "error" in answer:
        raise BenchError("%s answered an error: %s" % (path, json.dumps(answer["error"])[:300]))
    return answer.get("result")


# --- statistics ---------------------------------------------------------------


def percentile(values, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, int(math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def ratio_interval(a, b, resamples=500, seed=1):
    """95% bootstrap interval of median(b)/median(a), resampling whole rounds."""
    rounds = min(len(a), len(b))
    draw = random.Random(seed)
    ratios = []
    for _ in range(resamples):
        picked = [draw.randrange(rounds) for _ in range(rounds)]
        ratios.append(statistics.median([b[i] for i in picked]) / statistics.median([a[i] for i in picked]))
    ratios.sort()
    return ratios[int(0.025 * resamples)], ratios[int(0.975 * resamples) - 1]


def blocks_interval(done_a, done_b, resamples=500, seed=1):
    """95% bootstrap interval of sum(b)/sum(a), resampling whole A B B A blocks."""
    draw = random.Random(seed)
    ratios = []
    for _ in range(resamples):
        picked = [draw.randrange(len(done_a)) for _ in done_a]
        total_a = sum(done_a[i] for i in picked)
        if total_a:
            ratios.append(sum(done_b[i] for i in picked) / total_a)
    if len(ratios) < resamples:
        return None
    ratios.sort()
    return ratios[int(0.025 * resamples)], ratios[int(0.975 * resamples) - 1]


def interleave(variants, rounds, warmup):
    """Run the variants (name, fn -> seconds) round after round, turning the order
    each round; the first `warmup` rounds are not kept."""
    samples = {name: [] for name, _fn in variants}
    for index in range(warmup + rounds):
        turn = index % len(variants)
        for name, fn in variants[turn:] + variants[:turn]:
            seconds = fn()
            if index >= warmup:
                samples[name].append(seconds)
    return samples


# --- throughput ---------------------------------------------------------------

TAIL_SECONDS = 1.0  # load after the last slice, so that its requests end under load too


def drive(a, b, clients, plan, slice_seconds, timeout, ramp_seconds):
    """`clients` threads, each with its own requests.Session, send requests back to
    back without pause: during slice i of `plan` (a list of a/b), that variant;
    for `ramp_seconds` before the plan and a while after it, a and b in turn, uncounted. A request
    counts for the slice it started in.
    Returns ({slice index: [latency]}, {variant name: errors}, ramp latencies)."""
    start_line = threading.Barrier(clients + 1)
    clock = {}
    kept = [[] for _ in range(clients)]  # per client: (slice index or None, seconds)
    errors = [{a[0]: 0, b[0]: 0} for _ in range(clients)]

    def client(index):
        http = new_http()
        start_line.wait()
        begin = clock["begin"]
        stop = begin + (len(plan) * slice_seconds + TAIL_SECONDS if plan else 0)
        turn = index % 2
        while True:
            now = time.perf_counter()
            if now >= stop:
                break
            number = int(math.floor((now - begin) / slice_seconds))
            if 0 <= number < len(plan):
                name, request = plan[number]
            else:
                number = None
                turn ^= 1
                name, request = (a, b)[turn]
            try:
                took = request(http)
            except (requests.RequestException, BenchError, ValueError, KeyError):
                if number is not None:
                    errors[index][name] += 1
                continue
            kept[index].append((number, took))
        http.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    clock["begin"] = time.perf_counter() + ramp_seconds
    start_line.wait()
    for thread in threads:
        thread.join(ramp_seconds + len(plan) * slice_seconds + TAIL_SECONDS + timeout + 5)
    per_slice = {}
    ramp = []
    for per_client in kept:
        for number, took in per_client:
            if number is None:
                ramp.append(took)
            else:
                per_slice.setdefault(number, []).append(took)
    failed = {a[0]: sum(e[a[0]] for e in errors), b[0]: sum(e[b[0]] for e in errors)}
    return per_slice, failed, ramp


def throughput(a, b, clients, seconds, min_slice, timeout):
    """(name, request) a and b under `clients` clients, about `seconds` each, in
    slices A B B A, at least two blocks; a slice lasts at least three typical
    requests at that load.
    Also a 95% bootstrap interval of B/A over the A B B A blocks."""
    # Warm-up, and how long one request takes at this load.
    _per_slice, _failed, ramp = drive(a, b, clients, [], min_slice, timeout, ramp_seconds=1.0)
    typical = statistics.median(ramp) if ramp else 0.0
    slice_seconds = max(min_slice, 3 * typical)
    blocks = max(2, int(round(seconds / (2 * slice_seconds))))
    plan = [a, b, b, a] * blocks
    per_slice, failed, _ramp = drive(a, b, clients, plan, slice_seconds, timeout, ramp_seconds=0.5)
    per_variant = 2 * blocks * slice_seconds
    result = {"slice": slice_seconds, "blocks": blocks}
    done_a, done_b = [], []  # requests per block
    for block in range(blocks):
        numbers = range(4 * block, 4 * block + 4)
        done_a.append(sum(len(per_slice.get(n, [])) for n in numbers if plan[n] is a))
        done_b.append(sum(len(per_slice.get(n, [])) for n in numbers if plan[n] is b))
    result["spread"] = blocks_interval(done_a, done_b)
    for name in (a[0], b[0]):
        latencies = [took for number, values in per_slice.items() if plan[number][0] == name for took in values]
        result[name] = {
            "rps": len(latencies) / per_variant,
            "p99": percentile(latencies, 0.99) if latencies else float("nan"),
            "n": len(latencies),
            "errors": failed[name],
        }
    return result


# --- counting: SQL through PostgreSQL's log, writes through the session folder --


class PostgresLog:
    """What PostgreSQL logs with log_statement = 'all' and log_connections = on:
    SQL statements, transactions, and the connections opened."""

    SETTINGS = (("log_statement", "all"), ("log_connections", "on"))
    APPLICATION = "auth_rest_session_bench"  # our own psql calls, not counted
    STATEMENT = re.compile(r"LOG:  (?:statement|execute [^:]*): (.*)$")
    CONNECTION = "LOG:  connection authorized:"

    def __init__(self, log_path, host, port, user):
        self.log_path = log_path
        self.psql_args = [
            "psql",
            "-X",
            "-h",
            host,
            "-p",
            str(port),
            "-U",
            user,
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-qtAc",
        ]
        self.restore = []

    def psql(self, sql):
        env = dict(os.environ, PGCONNECT_TIMEOUT="5", PGAPPNAME=self.APPLICATION)
        done = subprocess.run(
            self.psql_args + [sql],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            timeout=30,
            universal_newlines=True,
        )
        if done.returncode:
            raise BenchError("psql: %s" % done.stderr.strip())
        return done.stdout.strip()

    def enable(self):
        for name, wanted in self.SETTINGS:
            setting, sourcefile = self.psql(
                "SELECT setting || '|' || coalesce(sourcefile, '') FROM pg_settings WHERE name = '%s'" % name
            ).split("|", 1)
            if setting == wanted:
                continue
            # What to put back: the earlier ALTER SYSTEM value, or none at all.
            if sourcefile.endswith("postgresql.auto.conf"):
                self.restore.append("ALTER SYSTEM SET %s = '%s'" % (name, setting))
            else:
                self.restore.append("ALTER SYSTEM RESET %s" % name)
            self.psql("ALTER SYSTEM SET %s = '%s'" % (name, wanted))
        if not self.restore:
            return
        self.psql("SELECT pg_reload_conf()")
        deadline = time.time() + 10
        while any(self.psql("SHOW %s" % name) != wanted for name, wanted in self.SETTINGS):
            if time.time() > deadline:
                raise BenchError("the log settings did not apply after pg_reload_conf()")
            time.sleep(0.2)
        # Running backends take the new values before their next command.
        time.sleep(0.5)

    def disable(self):
        if self.restore:
            restore, self.restore = self.restore, []
            for sql in restore:
                self.psql(sql)
            self.psql("SELECT pg_reload_conf()")

    def count(self, action):
        """{statements, transactions, connections} PostgreSQL logged while `action()` ran."""
        token = uuid.uuid4().hex
        offset = os.path.getsize(self.log_path)
        self.psql("SELECT 'bench-start-%s'" % token)
        action()
        self.psql("SELECT 'bench-end-%s'" % token)
        with open(self.log_path, "rb") as log:
            log.seek(offset)
            text = log.read().decode("utf-8", "replace")
        inside = False
        counted = {"statements": 0, "transactions": 0, "connections": 0}
        for line in text.splitlines():
            if "bench-start-" + token in line:
                inside = True
                continue
            if not inside:
                continue
            if "bench-end-" + token in line:
                return counted
            if self.CONNECTION in line:
                if "application_name=" + self.APPLICATION not in line:
                    counted["connections"] += 1
                continue
            match = self.STATEMENT.search(line)
            if not match:
                continue
            sql = match.group(1).strip().upper()
            if sql.startswith(("BEGIN", "START TRANSACTION")):
                continue
            if sql.startswith(("COMMIT", "END", "ABORT")) or (
                sql.startswith("ROLLBACK") and not sql.startswith("ROLLBACK TO")
            ):
                counted["transactions"] += 1
                continue
            counted["statements"] += 1
        raise BenchError("the end marker never reached %s" % self.log_path)


def session_files(folder):
    """{path: (inode, mtime_ns, size)} of every file of the session store."""
    files = {}
    for directory, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(directory, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            files[path] = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    return files


def store_writes(before, after):
    """Files created, removed or rewritten (new inode, mtime or size)."""
    created = len(after.keys() - before.keys())
    removed = len(before.keys() - after.keys())
    rewritten = sum(1 for path in before.keys() & after.keys() if before[path] != after[path])
    return created + removed + rewritten


# --- the report -----------------------------------------------------------------


class Table:
    def __init__(self):
        self.rows = []

    def add(self, metric, a, b, ratio, interval, target, verdict):
        self.rows.append((metric, a, b, ratio, interval, target, verdict))

    def compare(
        self,
        metric,
        name_a,
        value_a,
        name_b,
        value_b,
        target,
        unit_format="%.2f",
        interval=None,
        extra_a="",
        extra_b="",
    ):
        """target: ('<=', x), ('>=', x), ('==', None) or None (reported only)."""
        if value_a and not math.isnan(value_a) and not math.isnan(value_b):
            ratio = value_b / value_a
            ratio_text = "%.3f" % ratio
        else:
            ratio = None
            ratio_text = "-" if value_a == value_b else "n/a"
        if target is None:
            target_text, verdict = "info", ""
        elif target[0] == "==":
            target_text = "equal"
            verdict = "PASS" if value_a == value_b else "FAIL"
        else:
            target_text = "%s %.2f" % target
            if ratio is None:
                verdict = "n/a"
            elif target[0] == "<=":
                verdict = "PASS" if ratio <= target[1] else "FAIL"
            else:
                verdict = "PASS" if ratio >= target[1] else "FAIL"
        interval_text = "[%.3f, %.3f]" % interval if interval else ""
        self.add(
            metric,
            "%s %s%s" % (name_a, unit_format % value_a, extra_a),
            "%s %s%s" % (name_b, unit_format % value_b, extra_b),
            ratio_text,
            interval_text,
            target_text,
            verdict,
        )

    def note(self, metric, text):
        self.add(metric, text, "", "", "", "", "")

    def render(self):
        header = ("metric", "A", "B", "B/A", "95% CI of B/A", "target", "verdict")
        # In the order of the numbered metrics, whatever order they ran in.
        rows = [header] + sorted(self.rows, key=lambda row: row[0].split()[0])
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        lines = []
        for index, row in enumerate(rows):
            lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
            if index == 0:
                lines.append("  ".join("-" * width for width in widths))
        return "\n".join(lines)


def latency_rows(table, metric, name_a, samples_a, name_b, samples_b, target):
    median_a = statistics.median(samples_a) * 1000
    median_b = statistics.median(samples_b) * 1000
    table.compare(metric, name_a, median_a, name_b, median_b, target, interval=ratio_interval(samples_a, samples_b))


# --- the measurements ---------------------------------------------------------------


def measure(server, options, table):
    http = new_http()
    sid = server.rest_login(http)[1]  # for the authenticated requests
    # 5 runs before the concurrent parts, while nothing else is in flight.
    for phase, run in (
        (1, measure_login),
        (2, measure_info),
        (5, count_requests),
        (3, measure_logout),
        (4, measure_throughput),
    ):
        if phase in options.phases:
            run(server, options, table, http, sid)


def timing(call):
    return call[0]


def measure_login(server, options, table, http, _sid):
    say("1/5 login: %d rounds (+%d warm-up), REST vs core" % (options.login_rounds, options.warmup))
    samples = interleave(
        [("core", lambda: timing(server.core_login(http))), ("rest", lambda: timing(server.rest_login(http)))],
        options.login_rounds,
        options.warmup,
    )
    latency_rows(table, "1 login, median ms", "core", samples["core"], "rest", samples["rest"], ("<=", 1.05))


def measure_info(server, options, table, http, sid):
    warmup = options.warmup * 4  # cheap requests
    say("2/5 get_session_info: %d rounds (+%d warm-up), cookie / header / query" % (options.info_rounds, warmup))
    samples = interleave(
        [(how, (lambda how=how: timing(server.info(http, sid, how)))) for how in ("cookie", "header", "query")],
        options.info_rounds,
        warmup,
    )
    for how in ("header", "query"):
        latency_rows(
            table, "2 get_session_info, median ms", "cookie", samples["cookie"], how, samples[how], ("<=", 1.03)
        )


def measure_logout(server, options, table, http, _sid):
    say("3/5 logout: %d rounds (+%d warm-up), each after an untimed login" % (options.logout_rounds, options.warmup))
    # Both really end the session (checked once, untimed).
    for end in (server.rest_logout, server.core_destroy):
        fresh = server.rest_login(http)[1]
        end(http, fresh)
        if server.logged_in(http, fresh):
            raise BenchError("%s left the session logged in" % end.__name__)

    def ended_by(end):
        def run():
            fresh = server.rest_login(http)[1]
            return timing(end(http, fresh))

        return run

    samples = interleave(
        [("destroy", ended_by(server.core_destroy)), ("logout", ended_by(server.rest_logout))],
        options.logout_rounds,
        options.warmup,
    )
    latency_rows(table, "3 logout, median ms", "destroy", samples["destroy"], "logout", samples["logout"], ("<=", 1.05))


def measure_throughput(server, options, table, _http, sid):
    levels = options.concurrency
    say(
        "4/5 throughput: %s clients, about %.1f s per variant and level, slices A B B A of %.2f s or more"
        % (", ".join(map(str, levels)), options.duration, options.slice)
    )
    login_requests = (
        ("core", lambda h: timing(server.core_login(h))),
        ("rest", lambda h: timing(server.rest_login(h))),
    )
    info_requests = (
        ("cookie", lambda h: timing(server.info(h, sid, "cookie"))),
        ("header", lambda h: timing(server.info(h, sid, "header"))),
    )
    for title, (a, b), target in (("login", login_requests, None), ("get_session_info", info_requests, (">=", 0.95))):
        for clients in levels:
            result = throughput(a, b, clients, options.duration, options.slice, options.timeout)
            ra, rb = result[a[0]], result[b[0]]
            label = "4 %s, %d client%s" % (title, clients, "s" if clients > 1 else "")
            table.compare(
                label + ", req/s (%d x %.2f s)" % (2 * result["blocks"], result["slice"]),
                a[0],
                ra["rps"],
                b[0],
                rb["rps"],
                target,
                "%.1f",
                interval=result["spread"],
            )
            table.compare(label + ", p99 ms", a[0], ra["p99"] * 1000, b[0], rb["p99"] * 1000, None, "%.1f")
            if ra["errors"] or rb["errors"]:
                table.note("4   errors", "%s %d, %s %d" % (a[0], ra["errors"], b[0], rb["errors"]))


COUNTED = (
    ("statements", "SQL statements"),
    ("transactions", "transactions"),
    ("connections", "PostgreSQL connections opened"),
    ("writes", "session-store writes"),
)


def count_requests(server, options, table, http, sid):
    """5: what one request costs, counted: SQL statements, transactions and
    connections (from PostgreSQL's log), session-store writes (from the folder).
    get_session_info by transport must cost the same; login and logout are
    reported for information."""
    rounds = options.count_rounds
    say("5/5 counting SQL and session-store writes: %d of each request (+1 warm-up)" % rounds)
    log = None
    if options.pg_log and os.path.exists(options.pg_log):
        log = PostgresLog(options.pg_log, options.pg_host, options.pg_port, options.pg_user)
        try:
            log.enable()
        except (BenchError, OSError, subprocess.SubprocessError) as error:
            say("cannot count SQL: %s" % error)
            log = None
    folder = options.sessions_dir if options.sessions_dir and os.path.isdir(options.sessions_dir) else None

    def fresh_session():
        return server.rest_login(http)[1]

    # (what, target, variants): a variant is (name, prepare, request(prepared)); prepare is not counted.
    comparisons = (
        (
            "get_session_info",
            ("==", None),
            [
                (how, lambda: sid, (lambda _sid, how=how: server.info(http, _sid, how)))
                for how in ("cookie", "header", "query")
            ],
        ),
        (
            "login",
            None,
            [
                ("core", lambda: None, lambda _none: server.core_login(http)),
                ("rest", lambda: None, lambda _none: server.rest_login(http)),
            ],
        ),
        (
            "logout",
            None,
            [
                ("destroy", fresh_session, lambda fresh: server.core_destroy(http, fresh)),
                ("logout", fresh_session, lambda fresh: server.rest_logout(http, fresh)),
            ],
        ),
    )
    per_request = {}  # (what, variant, key): [count of each request]
    try:
        for what, _target, variants in comparisons:
            for index in range(rounds + 1):  # the first round is a warm-up
                turn = index % len(variants)
                for name, prepare, request in variants[turn:] + variants[:turn]:
                    prepared = prepare()
                    before = session_files(folder) if folder else None
                    if log:
                        counted = log.count(functools.partial(request, prepared))
                    else:
                        request(prepared)
                        counted = {}
                    if folder:
                        counted["writes"] = store_writes(before, session_files(folder))
                    if index == 0:
                        if log and not counted["statements"]:
                            say("PostgreSQL logged no statement for a request: not counting SQL")
                            log.disable()
                            log = None
                        continue
                    for key, value in counted.items():
                        per_request.setdefault((what, name, key), []).append(value)
    finally:
        if log:
            log.disable()
    # The median request: a cache the server refreshes now and then (every
    # few seconds, on whichever request comes) must not decide the verdict.
    for what, target, variants in comparisons:
        base = variants[0][0]
        for other, _prepare, _request in variants[1:]:
            for key, label in COUNTED:
                metric = "5 %s / %s" % (label, what)
                if (what, base, key) not in per_request:
                    table.note(
                        metric,
                        "not counted (needs --sessions-dir)"
                        if key == "writes"
                        else "not counted (needs --pg-log, psql and a superuser)",
                    )
                    continue
                counts_a, counts_b = per_request[what, base, key], per_request[what, other, key]
                table.compare(
                    metric,
                    base,
                    statistics.median(counts_a),
                    other,
                    statistics.median(counts_b),
                    target,
                    "%g",
                    extra_a=count_range(counts_a),
                    extra_b=count_range(counts_b),
                )


def count_range(counts):
    """' (lowest-highest)' when the requests did not all count the same."""
    return "" if min(counts) == max(counts) else " (%g-%g)" % (min(counts), max(counts))


def log_out_everything(server, options):
    """Log out every session this run logged in (untimed, bounded)."""
    sids = sorted(server.sids)
    say("logging out the %d sessions this run made" % len(sids))
    deadline = time.time() + options.cleanup_seconds
    lock = threading.Lock()

    def worker():
        http = new_http()
        while time.time() < deadline:
            with lock:
                if not sids:
                    return
                sid = sids.pop()
            try:
                server.rest_logout(http, sid)
            except (requests.RequestException, BenchError):
                pass

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(options.cleanup_seconds + options.timeout)
    if sids:
        say("%d sessions left logged in (time ran out)" % len(sids))


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--login-rounds", type=int, default=60)
    parser.add_argument("--info-rounds", type=int, default=300)
    parser.add_argument("--logout-rounds", type=int, default=60)
    parser.add_argument("--count-rounds", type=int, default=10, help="requests counted per transport")
    parser.add_argument("--warmup", type=int, default=5, help="warm-up rounds before each comparison")
    parser.add_argument("--concurrency", default="1,4,16", help="client counts for the throughput runs")
    parser.add_argument(
        "--duration", type=float, default=5.0, help="seconds per variant and client count in the throughput runs"
    )
    parser.add_argument(
        "--slice", type=float, default=0.25, help="shortest throughput slice in seconds (longer for slow requests)"
    )
    parser.add_argument("--phases", default="1,2,3,4,5", help="which of the five measurements to run")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    parser.add_argument("--cleanup-seconds", type=float, default=30.0)
    parser.add_argument("--sessions-dir", help="the server's session folder, to count session-store writes")
    parser.add_argument("--pg-log", help="PostgreSQL's log file, to count SQL statements")
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--pg-user", default="odoo")
    options = parser.parse_args(argv)
    options.concurrency = [int(level) for level in options.concurrency.split(",") if level.strip()]
    options.phases = {int(phase) for phase in options.phases.split(",") if phase.strip()}
    return options


def main(argv=None):
    options = parse_arguments(argv)
    # SIGTERM too runs the clean-up (log_statement put back, sessions logged out).
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    server = Server(options.url, options.db, options.login, options.password, options.timeout)
    try:
        requests.get(server.url + "/web/login", timeout=10, proxies={"http": None, "https": None})
        server.rest_login(new_http())
    except (requests.RequestException, BenchError, ValueError, KeyError) as error:
        print("error: cannot benchmark %s: %s" % (server.url, error), file=sys.stderr)
        return 2
    started = time.time()
    load_before = os.getloadavg()[0]
    table = Table()
    try:
        measure(server, options, table)
    except (requests.RequestException, BenchError) as error:
        print("error: the benchmark stopped: %s" % error, file=sys.stderr)
        if not table.rows:
            return 2
        print("(partial results)", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        log_out_everything(server, options)
    print()
    print("auth_rest_session benchmark: Odoo %s at %s, database %s" % (server.version, server.url, options.db))
    print(
        "%.0f s on %d CPUs; load average %.1f at the start, %.1f at the end (the client runs here too)"
        % (time.time() - started, os.cpu_count() or 0, load_before, os.getloadavg()[0])
    )
    print("Latency: A and B interleaved request by request, the order turning each round; the median of")
    print("one request as the client sees it; B/A = ratio of the medians; CI by bootstrap over the rounds.")
    print("Throughput: clients send without pause, the variant switching by slices A B B A (n x s: slices per")
    print("variant x their length); a request counts for the slice it started in; CI by bootstrap over")
    print("the A B B A blocks; p99 over the counted requests.")
    print()
    print(table.render())
    print()
    print(
        "Counts (5): per request, the median of %d requests (lowest-highest when they differ)." % options.count_rounds
    )
    print("From PostgreSQL's log between two markers, with log_statement = 'all' and log_connections = on:")
    print("SQL statements (BEGIN/COMMIT/ROLLBACK excepted), transactions (COMMIT + ROLLBACK), connections")
    print("authorized (the markers' own excepted). Session-store writes: files of the session folder")
    print("created, removed or rewritten. Nothing else may use the cluster meanwhile (bench.sh: no cron).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
