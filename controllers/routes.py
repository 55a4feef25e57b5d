"""Where the addon's routes live, for the controllers and for the WSGI wrappers
that treat those routes differently from the rest of Odoo."""

ROUTE_PREFIX = "/session/auth"


def is_rest_path(path):
    """Whether ``path`` is one of this addon's routes."""
    return path.startswith(ROUTE_PREFIX + "/")
