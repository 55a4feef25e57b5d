# Copyright 2026 The auth_rest_session authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "REST Authentication Service",
    "summary": "Log in and out of an Odoo session with one REST call",
    "version": "1.0.0",
    "category": "Tools",
    "license": "LGPL-3",
    "author": "auth_rest_session authors",
    "website": "https://github.com/auth-rest-session/auth_rest_session",
    "maintainers": [],
    "depends": ["web"],
    "data": ["security/ir.model.access.csv"],
    "installable": True,
    "development_status": "Beta",
}
