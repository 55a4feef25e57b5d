"""Start the embedded Odoo as odoo-bin does: ``python dev/odoo_launcher.py [options]``.

A file rather than ``python -c``: with ``--workers``, Odoo starts its
long-polling process by running ``sys.argv[0]`` again.
"""

import odoo

odoo.cli.main()
