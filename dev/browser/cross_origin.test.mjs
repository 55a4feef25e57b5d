// The client (static/src/js/rest_session.js) in a real headless Chromium, on
// another origin than Odoo: login, a core JSON-RPC call and info() through
// CORS with the X-Openerp-Session-Id header, logout, and the old sid refused.
//
// Run with `node --test` (dev/browser.sh does it) against a running server
// whose database lists this page's origin in the system parameter
// auth_rest_session.cors_allowed_origins. Environment:
//   ODOO_URL        the Odoo server (http://127.0.0.1:8069)
//   ODOO_DB         the database (optional when the server serves only one)
//   ODOO_LOGIN      a user without two-factor authentication (admin)
//   ODOO_PASSWORD   its password (admin)
//   PAGE_PORT       where this test serves its page on 127.0.0.1 (the port of
//                   ODOO_URL + 1): the origin http://127.0.0.1:PAGE_PORT must be
//                   listed; a second, unlisted origin (a free port) checks that
//                   the browser really enforces CORS
//   CHROMIUM        the browser (/usr/bin/chromium); never downloaded

import assert from "node:assert/strict";
import {mkdtemp, readFile, rm} from "node:fs/promises";
import http from "node:http";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {after, before, test} from "node:test";
import {fileURLToPath} from "node:url";

import {chromium} from "playwright-core";

const HERE = dirname(fileURLToPath(import.meta.url));
const ODOO_URL = (process.env.ODOO_URL || "http://127.0.0.1:8069").replace(/\/+$/, "");
const ODOO_ORIGIN = new URL(ODOO_URL).origin;
const ODOO_DB = process.env.ODOO_DB || undefined;
const LOGIN = process.env.ODOO_LOGIN || "admin";
const PASSWORD = process.env.ODOO_PASSWORD || "admin";
const PAGE_PORT = Number(process.env.PAGE_PORT || Number(new URL(ODOO_URL).port || 80) + 1);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const STEP_TIMEOUT = 30_000;

// What the page server serves: the page, and the client from the addon.
const FILES = {
    "/": ["text/html", join(HERE, "page.html")],
    "/rest_session.js": ["text/javascript", join(HERE, "../../static/src/js/rest_session.js")],
};

function log(message) {
    process.stdout.write(`[browser] ${message}\n`);
}

let pageServer, controlServer, context, page, userDataDir;
let pageOrigin, controlOrigin;
const odooAnswers = []; // [method, url, status, Access-Control-Allow-Origin] of every answer from Odoo
let failed = false;

function serveFiles() {
    return http.createServer(async (request, response) => {
        const entry = FILES[new URL(request.url, "http://x").pathname];
        if (!entry) {
            response.writeHead(request.url === "/favicon.ico" ? 204 : 404).end();
            return;
        }
        response.writeHead(200, {"Content-Type": entry[0], "Cache-Control": "no-store"});
        response.end(await readFile(entry[1]));
    });
}

function listen(server, port) {
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => resolve(`http://127.0.0.1:${server.address().port}`));
    });
}

async function openPage(origin) {
    const opened = await context.newPage();
    opened.on("console", (message) => log(`  page console (${message.type()}): ${message.text()}`));
    opened.on("pageerror", (error) => log(`  page error: ${error.message}`));
    opened.on("response", (answer) => {
        if (answer.url().startsWith(ODOO_ORIGIN + "/")) {
            const allowOrigin = answer.headers()["access-control-allow-origin"] || "-";
            odooAnswers.push([answer.request().method(), answer.url(), answer.status(), allowOrigin]);
        }
    });
    await opened.goto(origin + "/");
    await opened.waitForFunction(() => window.restSessionClient, null, {timeout: 10_000});
    return opened;
}

// Runs `body(client, args)` inside `target` (source text, so no closures) and
// brings back either its value or the error it threw, with the client's fields.
async function inPage(body, args = {}, target = page) {
    return target.evaluate(async ({source, args}) => {
        const body = (0, eval)(`(${source})`);
        try {
            return {ok: true, value: await body(window.restSessionClient, args)};
        } catch (error) {
            const {name, message, code, status, retryAfter} = error;
            return {ok: false, error: {name, message, code, status, retryAfter}};
        }
    }, {source: body.toString(), args});
}

function succeeded(result) {
    if (!result.ok) {
        assert.fail(`the page threw ${describe(result.error)}`);
    }
    return result.value;
}

function describe(error) {
    const text = `${error.name}: ${error.message}` + (error.code ? ` (${error.status} ${error.code})` : "");
    // fetch() only says "Failed to fetch" when the browser blocked the answer.
    return error.name === "TypeError"
        ? `${text}: blocked by CORS or unreachable; is ${pageOrigin} listed in ` +
          "auth_rest_session.cors_allowed_origins, and is Odoo running?"
        : text;
}

// One step of the scenario: logged, and skipped once an earlier step failed.
function step(name, body) {
    test(name, {timeout: STEP_TIMEOUT}, async (t) => {
        if (failed) {
            log(`SKIP ${name} (an earlier step failed)`);
            t.skip("an earlier step failed");
            return;
        }
        log(`---- ${name}`);
        const started = Date.now();
        try {
            await body();
        } catch (error) {
            failed = true;
            log(`FAIL ${name}: ${error.message}`);
            throw error;
        }
        log(`ok   ${name} (${Date.now() - started} ms)`);
    });
}

before(async () => {
    pageServer = serveFiles();
    controlServer = serveFiles();
    pageOrigin = await listen(pageServer, PAGE_PORT);
    controlOrigin = await listen(controlServer, 0);
    log(`Odoo at ${ODOO_URL} (db ${ODOO_DB || "the server's only one"}, login ${LOGIN})`);
    log(`page served from ${pageOrigin} (listed origin), control page from ${controlOrigin} (unlisted)`);
    userDataDir = await mkdtemp(join(tmpdir(), "rest-session-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ],
    });
    log(`Chromium ${context.browser()?.version() ?? ""} started (${CHROMIUM}, profile ${userDataDir})`);
    page = await openPage(pageOrigin);
});

after(async () => {
    await context?.close();
    await Promise.all([pageServer, controlServer].map(
        (server) => server && new Promise((resolve) => server.close(resolve))));
    if (userDataDir) {
        await rm(userDataDir, {recursive: true, force: true});
    }
    for (const [method, url, status, allowOrigin] of odooAnswers) {
        log(`  seen: ${method} ${url.slice(ODOO_ORIGIN.length)} -> ${status}, Access-Control-Allow-Origin: ${allowOrigin}`);
    }
});

let uid, oldSid;

step("the page runs on another origin than Odoo and has loaded the client", async () => {
    const origin = await page.evaluate(() => location.origin);
    assert.equal(origin, pageOrigin);
    assert.notEqual(origin, ODOO_ORIGIN);
    const exported = succeeded(await inPage((client) => Object.keys(client).sort()));
    log(`  client exports: ${exported.join(", ")}`);
    for (const name of ["RestSession", "RestSessionError", "InvalidCredentials", "MfaRequired",
        "TooManyAttempts", "SessionExpired"]) {
        assert.ok(exported.includes(name), `rest_session.js does not export ${name}`);
    }
});

step("a wrong password is refused with InvalidCredentials (401, through CORS)", async () => {
    const result = await inPage(async (client, {url, db, login}) => {
        window.odoo = new client.RestSession({baseUrl: url, db});
        await window.odoo.login({login, password: "not the password"});
    }, {url: ODOO_URL, db: ODOO_DB, login: LOGIN});
    assert.equal(result.ok, false, "the login with a wrong password succeeded");
    log(`  thrown: ${describe(result.error)}`);
    assert.deepEqual(
        [result.error.name, result.error.status, result.error.code],
        ["InvalidCredentials", 401, "invalid_credentials"],
        `expected InvalidCredentials, got ${describe(result.error)}`);
});

step("login through CORS gives a sid, its expiry, and no cookie", async () => {
    const answer = succeeded(await inPage(async (client, {login, password}) => {
        const body = await window.odoo.login({login, password});
        return {uid: body.uid, db: body.db, sid: window.odoo.sid, expiresAt: window.odoo.expiresAt.toISOString()};
    }, {login: LOGIN, password: PASSWORD}));
    log(`  uid ${answer.uid}, db ${answer.db}, sid ${answer.sid.slice(0, 8)}..., expires ${answer.expiresAt}`);
    assert.equal(typeof answer.uid, "number");
    assert.match(answer.sid, /^[\w-]{20,}$/);
    assert.ok(new Date(answer.expiresAt) > new Date(), "expiresAt is not in the future");
    if (ODOO_DB) {
        assert.equal(answer.db, ODOO_DB);
    }
    const login = odooAnswers.filter(([method, url]) => method === "POST" && url.endsWith("/session/auth/login")).at(-1);
    assert.equal(login[3], pageOrigin, "the login answer has no Access-Control-Allow-Origin for the page");
    const cookies = await context.cookies(ODOO_URL);
    assert.deepEqual(cookies.map((cookie) => cookie.name), [], "the browser kept a cookie from Odoo");
    uid = answer.uid;
    oldSid = answer.sid;
});

step("core JSON-RPC (res.users search_count) through CORS with the sid header", async () => {
    const count = succeeded(await inPage(() => window.odoo.rpc("/web/dataset/call_kw", {
        model: "res.users", method: "search_count", args: [[]], kwargs: {},
    })));
    log(`  res.users search_count = ${count}`);
    assert.ok(Number.isInteger(count) && count >= 1, `unexpected result ${count}`);
});

step("info() says who the session is", async () => {
    const info = succeeded(await inPage(() => window.odoo.info()));
    log(`  info: ${JSON.stringify(info)}`);
    assert.equal(info.uid, uid);
    assert.equal(info.login, LOGIN);
    if (ODOO_DB) {
        assert.equal(info.db, ODOO_DB);
    }
    assert.ok(new Date(info.expires_at.replace(" ", "T") + "Z") > new Date(), "expires_at is not in the future");
});

step("logout ends the session", async () => {
    const answer = succeeded(await inPage(async () => {
        const body = await window.odoo.logout();
        return {message: body.message, sid: window.odoo.sid};
    }));
    log(`  logout: ${JSON.stringify(answer)}`);
    assert.equal(typeof answer.message, "string");
    assert.equal(answer.sid, null);
});

step("the old sid no longer works (info() and JSON-RPC throw SessionExpired)", async () => {
    const results = succeeded(await inPage(async (client, {url, sid}) => {
        const stale = new client.RestSession({baseUrl: url});
        const outcome = async (call) => {
            stale.sid = sid;
            try {
                return {value: await call()};
            } catch (error) {
                return {name: error.name, status: error.status, code: error.code, sidAfter: stale.sid};
            }
        };
        return {
            info: await outcome(() => stale.info()),
            rpc: await outcome(() => stale.rpc("/web/dataset/call_kw", {
                model: "res.users", method: "search_count", args: [[]], kwargs: {},
            })),
        };
    }, {url: ODOO_URL, sid: oldSid}));
    log(`  info(): ${JSON.stringify(results.info)}`);
    log(`  rpc():  ${JSON.stringify(results.rpc)}`);
    assert.deepEqual([results.info.name, results.info.status, results.info.code],
        ["SessionExpired", 401, "session_expired"]);
    assert.equal(results.info.sidAfter, null);
    // Without a live session a server with several databases does not know
    // which one to serve, and answers core routes with a 404 instead (JSON on
    // some versions, a page on others): the call must fail either way.
    assert.ok(["SessionExpired", "RestSessionError"].includes(results.rpc.name), results.rpc.name);
    if (results.rpc.name === "RestSessionError") assert.equal(results.rpc.status, 404);
});

step("an unlisted origin is refused by the browser (CORS is really enforced)", async () => {
    const control = await openPage(controlOrigin);
    try {
        const result = await inPage(async (client, {url, db, login, password}) => {
            await new client.RestSession({baseUrl: url, db}).login({login, password});
        }, {url: ODOO_URL, db: ODOO_DB, login: LOGIN, password: PASSWORD}, control);
        log(`  from ${controlOrigin}: ${result.ok ? "logged in!" : `${result.error.name}: ${result.error.message}`}`);
        assert.equal(result.ok, false, "a login from an unlisted origin succeeded");
        assert.equal(result.error.name, "TypeError", "expected a network (CORS) failure");
    } finally {
        await control.close();
    }
});
