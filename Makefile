# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PO := locale/fr/LC_MESSAGES/django.po
# Tests run on PostgreSQL; override DATABASE_URL to point elsewhere.
TEST_DATABASE_URL ?= $(if $(DATABASE_URL),$(DATABASE_URL),postgres://postgres@127.0.0.1:5432/ccas_visits)

.PHONY: install demo serve test test-instants lint format check-migrations check-messages messages compilemessages e2e bench bench-test clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

compilemessages: install
	@command -v msgfmt >/dev/null || { echo "gettext is missing: sudo apt-get install gettext"; exit 1; }
	$(PY) manage.py compilemessages --ignore=.venv -v0

demo: compilemessages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo --if-empty
	@echo "Open http://127.0.0.1:8000 and log in as coordinator, volunteer or manager (password: demo)."
	$(PY) manage.py runserver 127.0.0.1:8000

# Regenerate the French catalogue after changing user-facing strings, then translate.
messages: install
	$(PY) manage.py makemessages -l fr --no-location --no-obsolete -v0
	sed -i '/^"POT-Creation-Date:/d' $(PO)

check-messages: messages
	@if [ -n "$$(msgattrib --untranslated $(PO))" ]; then \
		echo "Untranslated French strings in $(PO):"; msgattrib --untranslated $(PO); exit 1; fi
	@if [ -n "$$(msgattrib --only-fuzzy $(PO))" ]; then \
		echo "Fuzzy French strings in $(PO):"; msgattrib --only-fuzzy $(PO); exit 1; fi
	@echo "French catalogue complete."

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-migrations: install
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) manage.py check --fail-level WARNING

# The whole suite at the fixed "today" of tests/conftest.py, then the tests marked `clock` at each boundary instant.
test: lint check-migrations check-messages compilemessages
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) -m pytest
	$(MAKE) --no-print-directory test-instants

# "Today" at 1 January 00:30, the 1st of a month before noon, 29 February, the DST changes... (tests/conftest.py).
test-instants: compilemessages
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) -m pytest -m clock --instants=all -q

e2e: compilemessages
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) -m pytest tests/e2e

# Latency and SQL queries of the key pages under load (tests/bench/, not part of `make test`; see
# docs/performance.md). BENCH_SCALE=large for ten years of a big town; BENCH_SECONDS per page and
# level (default 10). The benchmark's own tests run first (`make bench-test` runs them alone).
BENCH_DATABASE_URL ?= $(if $(DATABASE_URL),$(DATABASE_URL),postgres://postgres@127.0.0.1:5432/ccas_bench)
bench: bench-test
	@psql "$(dir $(BENCH_DATABASE_URL))postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$(notdir $(BENCH_DATABASE_URL))'" | grep -q 1 \
		|| psql "$(dir $(BENCH_DATABASE_URL))postgres" -c "CREATE DATABASE $(notdir $(BENCH_DATABASE_URL))"
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m tests.bench --scale $(or $(BENCH_SCALE),demo)

bench-test: compilemessages
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m pytest tests/bench -q

clean:
	rm -rf $(VENV) staticfiles test-artifacts
