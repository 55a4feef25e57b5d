#!/usr/bin/env bash
# `make lint`: ruff (lint rules and formatting, ruff.toml) over the addon and
# harness, and pylint-odoo's Odoo checks (.pylintrc) over the addon; pinned,
# in .build/venv-lint.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=$ROOT/.build/venv-lint
REQUIREMENTS=("ruff==0.17.6" "pylint==4.0.10" "pylint-odoo==10.0.12")
stamp=$VENV/.requirements
if [[ ! -f $stamp || $(cat "$stamp") != "${REQUIREMENTS[*]}" ]]; then
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "${REQUIREMENTS[@]}"
    echo "${REQUIREMENTS[*]}" >"$stamp"
fi
cd "$ROOT"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
# The addon only: its Python packages and modules (the harness is not Odoo code).
mapfile -t addon_files < <(git ls-files -co --exclude-standard '*.py' | grep -v -E '^(dev|\.build)/|^setup\.py$')
"$VENV/bin/pylint" --rcfile=.pylintrc --disable=all --enable=odoolint --disable=manifest-superfluous-key,prefer-env-translation \
    "${addon_files[@]}"
echo "pylint-odoo: no findings"
