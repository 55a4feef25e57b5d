from . import compat
from . import controllers
from . import models
from . import access_log
from . import outage_guard
from . import plain_json_routes
from . import session_lookup

access_log.install()
outage_guard.install()
plain_json_routes.install()
session_lookup.install()
