from . import compat
from . import controllers
from . import models
from . import access_log
from . import cors
from . import outage_guard
from . import plain_json_routes
from . import session_cookie
from . import session_lookup

access_log.install()
plain_json_routes.install()
session_lookup.install()
# WSGI wrappers, innermost first: CORS headers go on every answer, 503s included.
outage_guard.install()
session_cookie.install()
cors.install()
