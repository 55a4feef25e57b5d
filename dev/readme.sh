#!/usr/bin/env bash
# `make readme`: README.rst and static/description/index.html from readme/.
source "$(dirname "$0")/harness.sh"
setup_odoo >/dev/null 2>&1
"$ODOO_PYTHON" "$ROOT/dev/readme.py" "$@"
