from odoo.http import request

from .. import compat
from ..installed_databases import addon_installed
from .errors import DatabaseRequired, UnknownDatabase


def database_for_login(requested):
    """The database a login goes to: the one asked for if this server serves it
    to this request (``dbfilter``) and has the addon installed on it, else the
    one the core picked alone."""
    if requested is None:
        if not request.db:
            raise DatabaseRequired()
        return request.db
    if requested != request.db and requested not in compat.selectable_databases():
        raise UnknownDatabase()
    if not addon_installed(requested):
        raise UnknownDatabase()
    return requested
