#!/usr/bin/env bash
# Prove the packaging: `pip install .` into the Python that runs Odoo makes the
# addon installable with no addons-path entry for it. Installs into the
# embedded virtualenv, installs the module on a copy of the template database
# with an addons path that does not hold the repository, then uninstalls the
# package again. Prints one PASS/FAIL (or SKIP) line; called by dev/test.sh
# after setup_odoo, ensure_postgres and ensure_template_database.
PACKAGE=odoo-addon-$ADDON
PACKAGE_DB=${DB}_package
PACKAGE_LOG=$LOGS/package-$SLUG.log

if [[ -n ${ODOO_SRC:-} ]]; then
    echo "SKIP pip install into odoo.addons: checked on the embedded Odoo only (ODOO_SRC is a source tree)"
    return 0
fi
"$ODOO_PYTHON" -m pip install -q --no-deps --no-build-isolation "$ROOT" >"$PACKAGE_LOG" 2>&1 || {
    echo "FAIL pip install . into $ODOO_PYTHON: see $PACKAGE_LOG"
    return 0
}
# pip builds in a build/ folder next to setup.py; it is not ours to keep.
rm -rf "$ROOT/build" "$ROOT"/*.egg-info
installed_at=$("$ODOO_PYTHON" -c "import importlib.util as u; print(u.find_spec('odoo.addons.$ADDON').origin)")
copy_database "$TEMPLATE_DB" "$PACKAGE_DB"
"${ODOO_CMD[@]}" --addons-path="$ODOO_PACKAGE_DIR/addons" --data-dir="$DATA_DIR" \
    --db_host=127.0.0.1 --db_port="$PGPORT" --db_user=odoo --http-port="$PORT" \
    -d "$PACKAGE_DB" -i "$ADDON" --stop-after-init --log-level=warn >>"$PACKAGE_LOG" 2>&1 || true
state=$(module_state "$PACKAGE_DB" "$ADDON")
"$ODOO_PYTHON" -m pip uninstall -q -y "$PACKAGE" >>"$PACKAGE_LOG" 2>&1 || true
drop_database "$PACKAGE_DB"
if [[ $state == installed && $installed_at == *site-packages/odoo/addons/$ADDON/* ]]; then
    echo "PASS pip install . puts the addon in odoo.addons, and Odoo installs it from there"
else
    echo "FAIL pip install . then -i $ADDON without an addons path: state '$state', found at $installed_at (see $PACKAGE_LOG)"
fi
