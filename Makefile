# Two commands: `make run` (set up, migrate, seed demo data, serve) and `make test` (set up, run the suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
HOST ?= 127.0.0.1
PORT ?= 5000
# The suite runs on SQLite, and again on PostgreSQL when a server answers here.
PG_HOST ?= 127.0.0.1
PG_PORT ?= 5432
PG_TEST_DB ?= pishkhan_test

.PHONY: messages run test setup python assets translations migrate seed test-sqlite test-postgres bench clean

run: setup migrate seed  # the worker runs beside the web server and stops with it
	$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(FLASK) run --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/lint-imports --no-cache
	$(MAKE) --no-print-directory test-sqlite
	@if $(BIN)/python scripts/pg_ready.py $(PG_HOST) $(PG_PORT); then \
		$(MAKE) --no-print-directory test-postgres; \
	else echo "PostgreSQL does not answer at $(PG_HOST):$(PG_PORT): PostgreSQL run skipped"; fi

test-sqlite:
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres:
	$(BIN)/python scripts/pg_create_db.py "postgresql+psycopg://postgres@$(PG_HOST):$(PG_PORT)/$(PG_TEST_DB)"
	PORTAL_TEST_DATABASE_URL="postgresql+psycopg://postgres@$(PG_HOST):$(PG_PORT)/$(PG_TEST_DB)" \
		$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

setup: python assets translations

python: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

assets: portal/static/vendor/.installed
portal/static/vendor/.installed: package.json package-lock.json scripts/vendor.sh
	npm ci --no-audit --no-fund --loglevel=error
	scripts/vendor.sh
	touch $@

translations: python
	$(BIN)/pybabel compile --statistics -d translations

migrate: python
	$(FLASK) db upgrade

seed: python
	PORTAL_BASE_URL=http://$(HOST):$(PORT) $(FLASK) seed-demo --if-empty

bench: setup  # BENCH_ARGS=--quick for a short run
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules portal/static/vendor

# Extract every translatable string and merge it into the fa and en catalogs.
messages: python
	$(BIN)/pybabel -q extract -F babel.cfg --ignore-dirs=".*" -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output portal
	$(BIN)/pybabel -q update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
