from . import compat
from . import controllers
from . import models
from . import plain_json_routes
from . import transport

plain_json_routes.install()
transport.install()
