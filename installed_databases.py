"""Whether this addon is installed on a database, for servers with several."""

import psycopg2

from odoo.modules.registry import Registry

from .compat import ADDON


def addon_installed(dbname):
    """True when ``dbname`` has this addon installed. Opens the database's
    registry, which the request serving it opens anyway."""
    try:
        registry = Registry(dbname)
    except (AttributeError, psycopg2.Error):
        return False
    return ADDON in registry._init_modules
