# Seen and Heard. Two commands are the whole set-up (see README.md):
#   make demo   – install, migrate the embedded database, load synthetic data, serve, print logins
#   make test   – install, then run the whole suite (lint, unit, API, browser)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CSS := seenheard/web/static/seenheard/app.css

.PHONY: setup demo test lint typecheck format clean validator

setup: $(STAMP) $(CSS)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>/dev/null \
	  || $(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(CSS): node_modules/.package-lock.json seenheard/web/scss/app.scss
	npm run --silent build:css

# The DfE's SSDA903 validator in its own environment (it pins pandas<2 and numpy<1.25, which
# the application must not be held to): the return's test runs it (R-LEAD-6).
VALIDATOR_VENV := .venv-903

validator: $(VALIDATOR_VENV)/.installed

$(VALIDATOR_VENV)/.installed: requirements-903.txt
	$(PYTHON) -m venv $(VALIDATOR_VENV)
	$(VALIDATOR_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-903.txt
	@touch $@

demo: setup
	$(BIN)/seenheard demo

# The suite runs in one pytest process per core (pytest-xdist, ADR 031), each with its own test
# database. PYTEST_WORKERS=0 runs it in one process; PYTEST_ARGS are passed on after it.
PYTEST_WORKERS ?= auto

test: setup
	$(BIN)/ruff check .
	$(BIN)/mypy seenheard
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy seenheard

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) $(VALIDATOR_VENV) node_modules var/*.sqlite3* $(CSS)
