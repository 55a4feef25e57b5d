"""Let this addon's routes read their own JSON body on 11.0 - 15.0.

Up to 15.0, ``odoo.http.Root.get_request`` makes every request whose body is
``application/json`` a JSON-RPC request, before any route is matched. Our
routes are plain REST: they would then get JSON-RPC envelopes instead of
status codes, and a body that is not valid JSON would be logged verbatim by the
core (``Invalid JSON data: ...``), password included. No hook exists before
that decision, so the method is wrapped once per process: requests under our
prefix become ordinary HTTP requests, everything else goes to the original.
16.0+ picks the dispatcher from the route's declared type and needs nothing.
"""

from odoo import http

from . import compat
from .controllers.routes import is_rest_path
from .core_patch import wrap_once


def install():
    if not compat.MODERN_HTTP:
        wrap_once(http.Root, "get_request", "plain_json_routes", _plain_for_our_routes)


def _plain_for_our_routes(original):
    def get_request(self, httprequest):
        if is_rest_path(httprequest.path):
            return http.HttpRequest(httprequest)
        return original(self, httprequest)

    return get_request
