#!/usr/bin/env bash
# Property-based run of the OpenAPI contract against a running server:
# schemathesis generates requests from /session/auth/openapi.json and checks
# every answer (no 5xx, status and body as documented, valid data accepted).
# Installs schemathesis (pinned) into .build/venv-fuzz with the machine's
# python3 (3.9+). Environment: PORT of the running server; SCHEMATHESIS_ARGS
# for more options (e.g. "-n 200"). Exit status: schemathesis's.
source "$(dirname "$0")/harness.sh"
VENV=$BUILD/venv-fuzz
SCHEMATHESIS_VERSION=4.32.5
if [[ ! -x $VENV/bin/schemathesis ]] ||
    [[ $("$VENV/bin/schemathesis" --version) != *" $SCHEMATHESIS_VERSION" ]]; then
    say "installing schemathesis $SCHEMATHESIS_VERSION into $VENV (once)"
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" \
        >"$LOGS/fuzz-install.log" 2>&1 || die "could not install schemathesis; see $LOGS/fuzz-install.log"
fi
# Loopback only; a bounded number of examples per operation.
read -r -a extra <<<"${SCHEMATHESIS_ARGS:-}"
cd "$BUILD"  # schemathesis keeps a cache in the working directory
"$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/session/auth/openapi.json" \
    --checks all --max-examples 60 --request-timeout 20 --seed 20261204 "${extra[@]}"
