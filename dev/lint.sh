#!/usr/bin/env bash
# `make lint`: ruff (pinned, in .build/venv-lint) over the addon and harness,
# configured in ruff.toml: lint rules and formatting.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=$ROOT/.build/venv-lint
RUFF_VERSION=0.17.6
if [[ ! -x $VENV/bin/ruff || $("$VENV/bin/ruff" --version) != "ruff $RUFF_VERSION" ]]; then
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "ruff==$RUFF_VERSION"
fi
cd "$ROOT"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
