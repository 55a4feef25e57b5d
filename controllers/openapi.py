"""The OpenAPI 3.1 contract of the addon's routes, served at /session/auth/openapi.json."""

from . import errors

SID_DESCRIPTION = "The sid from a login answer's session.sid."


def _error_codes():
    """Every (status, code) an error type of the addon can answer with."""
    return sorted({(error_type.code, error_type.error) for error_type in errors.rest_error_types()})


def _error_response(description, statuses):
    codes = sorted({code for status, code in _error_codes() if status in statuses})
    return {
        "description": description,
        "content": {
            "application/json": {
                "schema": {
                    "allOf": [{"$ref": "#/components/schemas/Error"}],
                    "properties": {"error": {"enum": codes}},
                }
            }
        },
    }


def _errors(*statuses):
    descriptions = {
        400: "Malformed request",
        401: "Not authenticated",
        404: "Unknown database",
        405: "Method not allowed",
        413: "Body too large",
        429: "Too many failed logins",
        500: "Server error",
        503: "PostgreSQL unreachable",
    }
    return {str(status): _error_response(descriptions[status], {status}) for status in statuses}


def _json_body(schema_name):
    return {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/" + schema_name}}},
    }


def _ok(schema_name, description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/" + schema_name}}},
    }


SESSION_SECURITY = [{"sidHeader": []}, {"sidCookie": []}, {"sidQuery": []}]

#: Every route that answers a message for people takes the client's languages.
LANGUAGE = [{"$ref": "#/components/parameters/AcceptLanguage"}]
MESSAGE = {
    "type": "string",
    "description": "For people, in the best language of Accept-Language that the database has "
    "installed, else the user's; the Content-Language header names it.",
}


def openapi_document(server_version):
    login_errors = _errors(400, 401, 404, 405, 413, 429, 500, 503)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "REST Authentication Service (auth_rest_session)",
            "version": "1.0.0",
            "description": "Log in and out of an Odoo session with one REST call. Odoo %s." % server_version,
        },
        "paths": {
            "/session/auth/login": {
                "post": {
                    "summary": "Log in; answers Odoo's session information and the session",
                    "parameters": LANGUAGE,
                    "requestBody": _json_body("LoginRequest"),
                    "responses": dict({"200": _ok("LoginAnswer", "Logged in")}, **login_errors),
                }
            },
            "/session/auth/totp": {
                "post": {
                    "summary": "Complete a two-factor login with the pending sid",
                    "parameters": LANGUAGE,
                    "security": SESSION_SECURITY,
                    "requestBody": _json_body("TotpRequest"),
                    "responses": dict({"200": _ok("LoginAnswer", "Logged in")}, **login_errors),
                }
            },
            "/session/auth/logout": {
                "post": {
                    "summary": "End the session the request carries (idempotent)",
                    "parameters": LANGUAGE,
                    "security": SESSION_SECURITY + [{}],
                    "responses": dict({"200": _ok("Message", "Logged out")}, **_errors(405, 500, 503)),
                }
            },
            "/session/auth/logout_all": {
                "post": {
                    "summary": "End every session of the calling user on its database",
                    "parameters": LANGUAGE,
                    "security": SESSION_SECURITY,
                    "responses": dict(
                        {"200": _ok("LogoutAll", "Logged out everywhere")}, **_errors(401, 405, 500, 503)
                    ),
                }
            },
            "/session/auth/info": {
                "get": {
                    "summary": "The session's user, database and expiry (keeps it alive)",
                    "parameters": LANGUAGE,
                    "security": SESSION_SECURITY,
                    "responses": dict({"200": _ok("SessionInfo", "A valid session")}, **_errors(401, 405, 500, 503)),
                }
            },
            "/session/auth/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}},
                }
            },
        },
        "components": {
            "parameters": {
                "AcceptLanguage": {
                    "name": "Accept-Language",
                    "in": "header",
                    "required": False,
                    "description": "The languages the client reads, e.g. fr-FR,fr;q=0.9: messages are "
                    "translated into the first one the database has installed.",
                    "schema": {"type": "string"},
                }
            },
            "securitySchemes": {
                "sidHeader": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-Openerp-Session-Id",
                    "description": SID_DESCRIPTION,
                },
                "sidCookie": {"type": "apiKey", "in": "cookie", "name": "session_id", "description": SID_DESCRIPTION},
                "sidQuery": {"type": "apiKey", "in": "query", "name": "session_id", "description": SID_DESCRIPTION},
            },
            "schemas": {
                "LoginRequest": {
                    "type": "object",
                    "required": ["login", "password"],
                    "properties": {
                        "db": {"$ref": "#/components/schemas/Text"},
                        "login": {"$ref": "#/components/schemas/Text"},
                        "password": {"$ref": "#/components/schemas/Text"},
                    },
                },
                "Text": {
                    "type": "string",
                    "minLength": 1,
                    "pattern": "^[^\\u0000]+$",
                    "description": "Not empty; no NUL character (PostgreSQL cannot store one).",
                },
                "TotpRequest": {
                    "type": "object",
                    "required": ["code"],
                    "properties": {"code": {"type": "string", "pattern": "^[0-9 ]*[0-9][0-9 ]*$"}},
                },
                "Session": {
                    "type": "object",
                    "required": ["sid", "expires_at"],
                    "properties": {
                        "sid": {"type": "string"},
                        "expires_at": {
                            "type": "string",
                            "description": "UTC, YYYY-MM-DD HH:MM:SS",
                            "pattern": "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$",
                        },
                    },
                },
                "LoginAnswer": {
                    "type": "object",
                    "required": ["uid", "db", "session"],
                    "description": "What Odoo's /web/session/authenticate answers, plus session.",
                    "properties": {
                        "uid": {"type": "integer"},
                        "db": {"type": "string"},
                        "session": {"$ref": "#/components/schemas/Session"},
                    },
                    "additionalProperties": True,
                },
                "SessionInfo": {
                    "type": "object",
                    "required": ["uid", "login", "db", "expires_at"],
                    "properties": {
                        "uid": {"type": "integer"},
                        "login": {"type": "string"},
                        "db": {"type": "string"},
                        "expires_at": {"$ref": "#/components/schemas/Session/properties/expires_at"},
                    },
                },
                "Message": {"type": "object", "required": ["message"], "properties": {"message": MESSAGE}},
                "LogoutAll": {
                    "type": "object",
                    "required": ["message", "ended"],
                    "properties": {"message": MESSAGE, "ended": {"type": "integer", "minimum": 0}},
                },
                "Error": {
                    "type": "object",
                    "required": ["error", "message"],
                    "properties": {
                        "error": {"type": "string", "enum": sorted({code for _status, code in _error_codes()})},
                        "message": MESSAGE,
                        "mfa": {"type": "object", "properties": {"type": {"const": "totp"}, "url": {"type": "string"}}},
                        "session": {"type": "object", "properties": {"sid": {"type": "string"}}},
                    },
                },
            },
        },
    }
