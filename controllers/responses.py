import json

from odoo.http import Response


def json_response(payload, status=200, headers=None):
    return Response(
        json.dumps(payload, default=str),
        status=status,
        headers=headers,
        content_type="application/json; charset=utf-8",
    )


def translated_response(payload, translate, status=200, headers=None):
    """A JSON answer whose messages went through ``translate``; ``Content-Language`` says into what."""
    headers = dict(headers or {}, **{"Content-Language": translate.content_language()})
    return json_response(payload, status=status, headers=headers)


def message_response(translate, message, **fields):
    """A message for people, in the language ``translate`` chose, with ``fields``."""
    return translated_response(dict(fields, message=translate(message)), translate)
