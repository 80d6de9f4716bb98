# The documented commands: `make run` serves the demo site, `make test` passes the suite.
# Both set up everything they need first (a virtualenv in .venv and its packages).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# RESET_PASSWORDS=1 makes a new demo editor password (kept in .env) instead of the old one.
RESET_PASSWORDS ?=
# `make run` is a local demo server: DEBUG on, so no secret key or allowed hosts are needed.
RUN_ENV := DJANGO_DEBUG=true

.PHONY: run test lint check-migrations pytest install install-dev clean bench bench-frameworks

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) requirements.txt
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	@$(PY) -c "import socket; socket.create_server(('$(HOST)', $(PORT))).close()" 2>/dev/null \
		|| { echo "$(HOST):$(PORT) is in use (another make run?). Pick another port: make run PORT=8001"; exit 1; }
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py setup_demo --site-url http://$(HOST):$(PORT) $(if $(RESET_PASSWORDS),--reset-passwords)
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

check-migrations: install-dev
	$(RUN_ENV) $(PY) manage.py makemigrations --check --dry-run

pytest: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

test: lint check-migrations pytest

# Load and scale benchmarks on loopback; writes bench/RESULTS.md (see bench/run).
bench:
	bash bench/run

# Measure every framework in the demo on this machine (bench/frameworks/README.md).
bench-frameworks: install
	$(RUN_ENV) $(PY) manage.py run_benchmarks --setup-env

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis staticfiles
