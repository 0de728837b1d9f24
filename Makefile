# Two commands on a fresh machine: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# The Turkish pack; its translations (content/en) come with it.
CONTENT ?= content/tr
export PUSULA_PLAYWRIGHT_CHROMIUM ?= /usr/bin/chromium
# pytest-xdist processes for the suite (one per core); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto

.PHONY: run worker setup test test-sqlite test-postgres test-install browser-deps serve bench lint format messages lock lock-upgrade clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Every install takes the exact, hash-checked versions of the lock files (see README, "Dependencies").
$(VENV)/.base: $(BIN)/python requirements/lock.txt pyproject.toml
	$(BIN)/pip install -q --require-hashes -r requirements/lock.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base requirements/lock-dev.txt
	$(BIN)/pip install -q --require-hashes -r requirements/lock-dev.txt
	touch $@

# Regenerate the lock files from pyproject.toml, keeping every pin that still fits (lock-upgrade: newest versions).
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" -q
lock: $(BIN)/python
	@[ -x $(BIN)/uv ] || $(BIN)/pip install -q uv
	$(UV_COMPILE) $(UV_FLAGS) -o requirements/lock.txt
	$(UV_COMPILE) $(UV_FLAGS) --extra dev -o requirements/lock-dev.txt

lock-upgrade: UV_FLAGS = --upgrade
lock-upgrade: lock

# Debian's Chromium for the real-browser tests (never a downloaded browser), axe-core from npm.
# Under CI=true a missing tool stops the run here (and the tests fail, never skip).
browser-deps:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || { echo "chromium not installed: browser tests will be skipped"; [ "$$CI" != true ]; }
	@[ -f node_modules/axe-core/axe.min.js ] || npm install --silent --no-audit --no-fund >/dev/null || { echo "npm install failed: accessibility checks will be skipped"; [ "$$CI" != true ]; }

setup: $(VENV)/.base
	$(BIN)/pusula migrate --noinput -v0
	$(BIN)/pusula collectstatic --noinput -v0
	$(BIN)/pusula content load $(CONTENT)

# The server and one background worker (PDFs, e-mail); Ctrl-C stops both.
run: setup
	@echo "Pusula on http://127.0.0.1:8000 (with one background worker)"
	scripts/with-worker.sh $(BIN)/pusula runserver --noreload 127.0.0.1:8000

# One more background worker for this database (e.g. on another machine); see docs/deploy.md.
worker: $(VENV)/.base
	$(BIN)/pusula db_worker --queue-name '*' --no-reload

# Production profile: gunicorn + whitenoise; DATABASE_URL and SECRET_KEY from the environment.
serve: export PUSULA_MANIFEST_STATIC = 1
serve: $(VENV)/.base
	$(BIN)/pusula migrate --noinput -v0
	$(BIN)/pusula collectstatic --noinput -v0
	$(BIN)/pusula content load $(CONTENT)
	scripts/with-worker.sh $(BIN)/gunicorn pusula.wsgi --bind $${BIND:-127.0.0.1:8000} --workers $${WORKERS:-3} --access-logfile - --forwarded-allow-ips="$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

test: $(VENV)/.dev browser-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pusula makemigrations --check --dry-run -v0
	$(BIN)/pusula content check $(CONTENT)
	$(MAKE) test-install
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

test-sqlite: $(VENV)/.dev
	@echo "== test suite on SQLite"
	env -u DATABASE_URL $(BIN)/pytest -n $(TEST_WORKERS)

# `pip install .` into a clean venv, outside the checkout, must give a working `pusula` from the
# dependencies pyproject.toml declares (at the locked versions; pip's cache keeps this quick).
test-install:
	scripts/check-install.sh

test-postgres: $(VENV)/.dev
	@if [ "$$CI" = "true" ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "== test suite on PostgreSQL"; \
		scripts/with-postgres.sh $(BIN)/pytest -n $(TEST_WORKERS); \
	else \
		echo "== PostgreSQL not available here: skipped (mandatory under CI=true)"; \
	fi

bench: $(VENV)/.dev
	$(BIN)/python bench/run.py
	$(BIN)/python bench/dashboard.py

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Turkish is the source language; this refreshes the English catalogue, then compiles it.
messages: $(VENV)/.dev
	$(BIN)/pusula makemessages -l en -v0 --ignore ".venv/*" --ignore "node_modules/*" --ignore "bench/*" \
		--ignore "tests/*" --ignore "*/tests/*" --ignore "staticfiles/*"
	$(BIN)/pusula compilemessages -l en -v0

clean:
	rm -rf $(VENV) staticfiles node_modules pusula.sqlite3*
