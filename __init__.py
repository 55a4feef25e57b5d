from . import (
    access_log,
    compat,
    controllers,
    cors,
    models,
    outage_guard,
    plain_json_routes,
    session_cookie,
    session_lookup,
)

access_log.install()
plain_json_routes.install()
session_lookup.install()
# WSGI wrappers, innermost first: CORS headers go on every answer, 503s included.
outage_guard.install()
session_cookie.install()
cors.install()
