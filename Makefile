# The two commands: `make run` and `make test`. Both create .venv and
# install what they need on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint format install install-dev lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installed from the locks: every package, direct or not, at the version and
# with the hashes pip-compile recorded (`make lock` writes them again).
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements.lock requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: serve the app on http://127.0.0.1:8000 with SQLite and the demo data
## (make run ADDRESS=127.0.0.1:8001 for another port).
ADDRESS ?= 127.0.0.1:8000
run: export DJANGO_DEBUG ?= 1
# The demo editor logs in without a second factor; the first line says so.
run: export DJANGO_OTP_REQUIRED ?= 0
run: export DJANGO_SECRET_KEY ?= $(shell cat .secret-key 2>/dev/null)
run: install .secret-key
	@if [ "$$DJANGO_OTP_REQUIRED" = 0 ]; then echo "make run: DJANGO_OTP_REQUIRED=0, staff log in without a second factor (for the demo only)."; fi
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py refresh_derived --verbosity 0
	$(BIN)/python manage.py create_demo_editor --address $(ADDRESS)
	$(BIN)/python manage.py create_demo_editor --role reviewer --address $(ADDRESS)
	$(BIN)/python manage.py runserver $(ADDRESS)

# make run's secret key: random, made once, readable only by its owner and
# never committed (.gitignore). No key is published with the code.
.secret-key: | $(BIN)/python
	@umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

## make test: lint, then the whole test suite (DATABASE_URL selects PostgreSQL).
# A new random secret key for each run, unless one is set.
test: export DJANGO_SECRET_KEY ?= $(shell $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')
# The test client and the live server speak plain HTTP.
test: export DJANGO_SECURE_SSL_REDIRECT ?= 0
test: install-dev lint | node_modules
	$(BIN)/python -m pytest

# The browser tests' tools from package.json (axe-core, the Nu HTML Checker),
# installed when npm is here; without them the HTML validity test skips.
# No install scripts: vnu-jar's would download a Java runtime, and the
# checker runs on the machine's own Java.
node_modules:
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --ignore-scripts; \
	else \
		echo "npm not found: skipping package.json (HTML validity test)."; \
	fi

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djhtml --check --tabwidth 2 templates

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml --tabwidth 2 templates

## make lock: write requirements.lock and requirements-dev.lock again from the
## direct pins in requirements*.txt, with pip-tools in a venv of its own.
## Run it with the oldest Python the app supports (on Debian 12,
## make lock PYTHON=/usr/bin/python3: 3.11.2): pip-compile leaves out what
## only an older Python needs (async-timeout for redis before 3.11.3).
LOCK_TOOLS := .venv-lock
lock:
	$(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/pip install --quiet pip-tools==7.6.2
	for name in requirements requirements-dev; do \
		PIP_CONFIG_FILE=/dev/null $(LOCK_TOOLS)/bin/pip-compile --quiet \
			--generate-hashes --strip-extras --no-emit-index-url \
			--no-emit-find-links --output-file $$name.lock $$name.txt; \
	done

clean:
	rm -rf $(VENV) $(LOCK_TOOLS) .pytest_cache .ruff_cache staticfiles
