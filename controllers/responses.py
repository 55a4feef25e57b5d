import json

from odoo.http import Response


def json_response(payload, status=200, headers=None):
    return Response(
        json.dumps(payload, default=str),
        status=status,
        headers=headers,
        content_type="application/json; charset=utf-8",
    )


def message_response(translate, message, **fields):
    """A message for people, in the language ``translate`` chose, with ``fields``."""
    payload = dict(fields, message=translate(message))
    return json_response(payload, headers={"Content-Language": translate.content_language()})
