import json

from odoo.http import Response


def json_response(payload, status=200, headers=None):
    return Response(
        json.dumps(payload, default=str),
        status=status,
        headers=headers,
        content_type="application/json; charset=utf-8",
    )
