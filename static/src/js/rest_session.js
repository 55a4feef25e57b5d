/**
 * A small client for auth_rest_session: REST login and logout on Odoo's own
 * session, from browser JavaScript (same origin, or another origin that the
 * server lists in `auth_rest_session.cors_allowed_origins`) or Node 20+.
 *
 * An ES module with no dependencies. The session travels in the
 * `X-Openerp-Session-Id` header only: requests are sent with
 * `credentials: "omit"`, so the browser neither stores nor sends Odoo's
 * `session_id` cookie and two clients never share a session by accident.
 *
 * @example
 * import {RestSession, InvalidCredentials} from "./rest_session.js";
 * const odoo = new RestSession({baseUrl: "https://erp.example.com", db: "prod"});
 * await odoo.login({login: "alice", password: "secret"});
 * const count = await odoo.rpc("/web/dataset/call_kw", {
 *     model: "res.partner", method: "search_count", args: [[]], kwargs: {},
 * });
 * await odoo.logout();
 *
 * @module rest_session
 */

const SESSION_HEADER = "X-Openerp-Session-Id";
const PREFIX = "/session/auth";

/**
 * Any error answered by the server (or a JSON-RPC error).
 * Branch on `code`; `message` is for people.
 */
export class RestSessionError extends Error {
    /**
     * @param {string} message
     * @param {object} details
     * @param {string} details.code    the server's `error` code (e.g. "invalid_body"),
     *                                 or the JSON-RPC error's `data.name`
     * @param {number} details.status  the HTTP status (200 for JSON-RPC errors)
     * @param {*} details.body         the decoded answer, as the server sent it
     */
    constructor(message, {code, status, body}) {
        super(message);
        this.name = new.target.name;
        this.code = code;
        this.status = status;
        this.body = body;
    }
}

/** 401 `invalid_credentials` (wrong login or password) or `invalid_code` (wrong TOTP code). */
export class InvalidCredentials extends RestSessionError {}

/**
 * 401 `mfa_required`: the password was right, the user has two-factor
 * authentication. Call `totp(code)` on the same RestSession to finish.
 */
export class MfaRequired extends RestSessionError {
    constructor(message, details) {
        super(message, details);
        /** @type {{type: string, url: string}} how to send the second factor */
        this.mfa = details.body.mfa;
        /** @type {string} the pending session, only good for `totp()` */
        this.pendingSid = details.body.session && details.body.session.sid;
    }
}

/** 429 `too_many_attempts`: wait `retryAfter` seconds before trying again. */
export class TooManyAttempts extends RestSessionError {
    constructor(message, details) {
        super(message, details);
        /** @type {number|null} seconds, from the `Retry-After` header */
        this.retryAfter = details.retryAfter;
    }
}

/** The session is gone (logged out, expired, or never valid): log in again. */
export class SessionExpired extends RestSessionError {}

const ERROR_CLASSES = {
    invalid_credentials: InvalidCredentials,
    invalid_code: InvalidCredentials,
    mfa_required: MfaRequired,
    too_many_attempts: TooManyAttempts,
    session_expired: SessionExpired,
};

/** "YYYY-MM-DD HH:MM:SS" (UTC, as the server sends it) to a Date; null stays null. */
function parseUtc(text) {
    return text ? new Date(text.replace(" ", "T") + "Z") : null;
}

/** The body of an answer: its JSON, or the start of its text when it is not JSON. */
async function readBody(response) {
    const text = await response.text();
    try {
        return JSON.parse(text);
    } catch {
        return {error: "invalid_response", message: `HTTP ${response.status}: ${text.slice(0, 200)}`};
    }
}

/** The typed error for a failed answer of one of the REST routes. */
function errorFor(response, body) {
    const code = (body && body.error) || "http_error";
    const message = (body && body.message) || `HTTP ${response.status}`;
    const retry = Number.parseInt(response.headers.get("Retry-After"), 10);
    const ErrorClass = ERROR_CLASSES[code] || RestSessionError;
    return new ErrorClass(message, {
        code,
        status: response.status,
        body,
        retryAfter: Number.isNaN(retry) ? null : retry,
    });
}

/** One Odoo session, held by its sid. */
export class RestSession {
    /**
     * @param {object} [options]
     * @param {string} [options.baseUrl]  the Odoo server, e.g. "https://erp.example.com";
     *                                    empty: the page's own origin (browsers only)
     * @param {string} [options.db]       the database, when the server serves several
     */
    constructor({baseUrl = "", db} = {}) {
        this.baseUrl = baseUrl.replace(/\/+$/, "");
        this.db = db;
        /**
         * The session id, or null when logged out. Settable, e.g. to resume a
         * session kept in storage.
         * @type {string|null}
         */
        this.sid = null;
        /** @type {Date|null} when the server drops the session if it stays unused */
        this.expiresAt = null;
        /** @type {string|null} a login's pending sid while it waits for `totp()` */
        this.pendingSid = null;
        /** @type {string} where the second factor goes, as the server said */
        this.totpPath = PREFIX + "/totp";
    }

    /**
     * `fetch()` on the Odoo server, with the session header when logged in.
     * Errors are not thrown here: the Response is returned as is.
     * @param {string} path  e.g. "/web/session/get_session_info" (absolute URLs are kept)
     * @param {RequestInit} [init]
     * @returns {Promise<Response>}
     */
    fetch(path, init = {}) {
        return this._fetch(path, init, this.sid);
    }

    _fetch(path, init, sid) {
        const headers = new Headers(init.headers);
        if (sid && !headers.has(SESSION_HEADER)) {
            headers.set(SESSION_HEADER, sid);
        }
        const url = /^[a-z][a-z0-9+.-]*:/i.test(path) ? path : this.baseUrl + path;
        return fetch(url, {credentials: "omit", ...init, headers});
    }

    /** POST a JSON body to one of the REST routes; the decoded answer, or a typed error. */
    async _post(path, payload, sid) {
        const response = await this._fetch(path, {
            method: "POST",
            headers: {"Content-Type": "application/json"},
            body: JSON.stringify(payload),
        }, sid);
        const body = await readBody(response);
        if (!response.ok) {
            throw errorFor(response, body);
        }
        return body;
    }

    _start(body) {
        this.sid = body.session.sid;
        this.expiresAt = parseUtc(body.session.expires_at);
        this.pendingSid = null;
        return body;
    }

    /**
     * Log in; on success `sid` and `expiresAt` are set.
     * @param {object} credentials
     * @param {string} [credentials.db]  defaults to the constructor's `db`
     * @param {string} credentials.login
     * @param {string} credentials.password
     * @returns {Promise<object>} Odoo's session information (uid, db, user_context, ..., session)
     * @throws {InvalidCredentials|MfaRequired|TooManyAttempts|RestSessionError}
     */
    async login({db = this.db, login, password}) {
        const payload = {login, password};
        if (db) {
            payload.db = db;
        }
        try {
            return this._start(await this._post(PREFIX + "/login", payload, null));
        } catch (error) {
            if (error instanceof MfaRequired) {
                this.pendingSid = error.pendingSid;
                this.totpPath = (error.mfa && error.mfa.url) || this.totpPath;
            }
            throw error;
        }
    }

    /**
     * Finish a login that threw MfaRequired, with the authenticator's code.
     * @param {string} code  e.g. "123456"
     * @returns {Promise<object>} the same answer as a login's
     * @throws {InvalidCredentials|TooManyAttempts|RestSessionError}
     */
    async totp(code) {
        if (!this.pendingSid) {
            throw new RestSessionError("No login is waiting for a code.", {
                code: "no_pending_login", status: 0, body: null,
            });
        }
        return this._start(await this._post(this.totpPath, {code: String(code)}, this.pendingSid));
    }

    /**
     * End the session on the server. The local session is forgotten even if
     * the request fails.
     * @returns {Promise<object>} `{message}`
     */
    async logout() {
        const sid = this.sid;
        this.sid = null;
        this.expiresAt = null;
        return this._post(PREFIX + "/logout", {}, sid);
    }

    /**
     * Who the session is, and until when; also refreshes `expiresAt`.
     * @returns {Promise<{uid: number, login: string, db: string, expires_at: string}>}
     * @throws {SessionExpired} when the session is gone (`sid` is then cleared)
     */
    async info() {
        const response = await this.fetch(PREFIX + "/info");
        const body = await readBody(response);
        if (!response.ok) {
            throw this._seen(errorFor(response, body));
        }
        this.expiresAt = parseUtc(body.expires_at);
        return body;
    }

    /**
     * Call a JSON-RPC route of Odoo (type="json"), e.g. "/web/dataset/call_kw".
     * @param {string} path
     * @param {object} [params]
     * @returns {Promise<*>} the answer's `result`
     * @throws {SessionExpired} when Odoo answers with a SessionExpiredException
     * @throws {RestSessionError} any other JSON-RPC error (`code` is its `data.name`)
     */
    async rpc(path, params = {}) {
        const response = await this.fetch(path, {
            method: "POST",
            headers: {"Content-Type": "application/json"},
            body: JSON.stringify({jsonrpc: "2.0", method: "call", id: Date.now(), params}),
        });
        const body = await readBody(response);
        if (body && body.error && typeof body.error === "object") {
            const data = body.error.data || {};
            const name = data.name || "rpc_error";
            const ErrorClass = name.includes("SessionExpired") ? SessionExpired : RestSessionError;
            throw this._seen(new ErrorClass(data.message || body.error.message || name, {
                code: name, status: response.status, body,
            }));
        }
        if (!response.ok) {
            throw this._seen(errorFor(response, body));
        }
        return body.result;
    }

    /** Forget a session that the server no longer knows; pass the error on. */
    _seen(error) {
        if (error instanceof SessionExpired) {
            this.sid = null;
            this.expiresAt = null;
        }
        return error;
    }
}
