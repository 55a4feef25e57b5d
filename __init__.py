from . import compat
from . import controllers
from . import models
from . import plain_json_routes

plain_json_routes.install()
