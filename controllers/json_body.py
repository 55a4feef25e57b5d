"""Reading a small JSON object from a request body, with a clear error for each way it can be wrong."""

import json

from ..translation import _
from .errors import InvalidBody, InvalidField, PayloadTooLarge

#: A login body is well under 1 KiB; nothing legitimate comes near this.
MAX_BODY_BYTES = 16 * 1024


def read_json_object(httprequest, max_bytes=MAX_BODY_BYTES):
    if (httprequest.content_length or 0) > max_bytes:
        raise PayloadTooLarge()
    raw = httprequest.get_data()
    if len(raw) > max_bytes:  # a body sent without Content-Length
        raise PayloadTooLarge()
    try:
        body = json.loads(raw.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError and JSONDecodeError alike
        raise InvalidBody() from None
    if not isinstance(body, dict):
        raise InvalidBody()
    return body


def _is_text(value):
    # PostgreSQL cannot store a NUL character: such a value can match nothing.
    return isinstance(value, str) and value != "" and "\x00" not in value


def required_string(body, field):
    value = body.get(field)
    if not _is_text(value):
        raise InvalidField(field)
    return value


def optional_string(body, field):
    value = body.get(field)
    if value is None:
        return None
    if not _is_text(value):
        raise InvalidField(field, _("a non-empty string when present"))
    return value


def required_digits(body, field):
    value = required_string(body, field).replace(" ", "")
    if not value.isdigit():
        raise InvalidField(field, _("a string of digits"))
    return int(value)
