#!/usr/bin/env bash
# `make i18n`: i18n/auth_rest_session.pot from Odoo's own term export, and
# every i18n/*.po brought in line with it (translations kept).
source "$(dirname "$0")/harness.sh"
# Each series writes its .pot a little differently (model terms, comments);
# the shipped one comes from the embedded Odoo, and every series reads it.
[[ -z ${ODOO_SRC:-} ]] || die "make i18n exports with the embedded Odoo 11: unset ODOO_SRC"
setup_odoo
ensure_postgres
trap stop_postgres_if_started_here EXIT
I18N_DB=${DB}_i18n
say "installing $ADDON on $I18N_DB and exporting its terms"
create_database_with_addon "$I18N_DB"
export_terms "$I18N_DB" "$BUILD/$ADDON-terms.po" || die "Odoo exported no terms; see $LOGS/i18n-export-$I18N_DB.log"
drop_database "$I18N_DB"
"$ODOO_PYTHON" "$ROOT/dev/i18n.py" "$BUILD/$ADDON-terms.po"
