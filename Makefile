# The development harness. Every target honours PORT, DB, ODOO_SRC, ODOO_PYTHON
# (as make variables or environment variables); see README.rst.
PORT ?= 8069
export PORT DB ODOO_SRC ODOO_PYTHON PGPORT

.PHONY: run test lint load bench readme i18n clean

## Serve Odoo with the addon installed on http://127.0.0.1:$(PORT)
run:
	@bash dev/run.sh

## Run the addon's tests on a fresh database; fails when any test fails
test:
	@bash dev/test.sh

## ruff: lint rules and formatting (ruff.toml)
lint:
	@bash dev/lint.sh

## 60 s of 16 concurrent clients against a --workers 2 server (LOAD_ARGS for dev/load.py)
load:
	@bash dev/load.sh $(LOAD_ARGS)

## Side-by-side ratios against Odoo's own endpoints (BENCH_ARGS for dev/bench.py)
bench:
	@bash dev/bench.sh $(BENCH_ARGS)

## Regenerate README.rst and static/description/index.html from readme/
readme:
	@bash dev/readme.sh

## Regenerate i18n/auth_rest_session.pot with Odoo's term export, and bring i18n/*.po in line
i18n:
	@bash dev/i18n.sh

## Remove everything the harness built (venvs, PostgreSQL cluster, logs)
clean:
	@bash dev/clean.sh
