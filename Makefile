# openedx-spoc: `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# What `make venv` installs: the pinned development requirements and the package (editable).
# The stamp's name changes with their content, so editing any of them reinstalls.
REQUIREMENTS := requirements/dev.txt
STAMP := $(VENV)/.installed-$(shell cat setup.py requirements/*.in requirements/*.txt | cksum | cut -d' ' -f1)
PYTEST := $(BIN)/python -m pytest
MANAGE := $(BIN)/python demo/manage.py

.PHONY: help system-deps venv demo test test-mysql quality lint bench fuzz translations clean upgrade

help:
	@echo "make demo        serve the demo on http://127.0.0.1:8000/"
	@echo "make test        run the whole suite on SQLite"
	@echo "make test-mysql  run the whole suite on MariaDB/MySQL (127.0.0.1:3306, root)"
	@echo "make quality     ruff and makemigrations --check"
	@echo "make bench       benchmarks (query counts and timings)"
	@echo "make fuzz        a long fuzzing run of every block handler and REST endpoint (Hypothesis)"
	@echo "make upgrade     recompile requirements/*.txt from requirements/*.in (pip-tools)"

# Debian packages: mysqlclient's build needs, Chromium for the browser tests, gettext for catalogues.
system-deps:
	@missing=""; \
	pkg-config --exists mysqlclient 2>/dev/null || pkg-config --exists libmariadb 2>/dev/null || missing="$$missing default-libmysqlclient-dev pkg-config"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(STAMP): setup.py $(wildcard requirements/*.in requirements/*.txt)
	$(MAKE) system-deps
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q "$$(grep '^pip==' requirements/pip-tools.txt)"
	$(BIN)/pip install -q -r $(REQUIREMENTS) -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

venv: $(STAMP)

demo: venv
	$(MANAGE) migrate --run-syncdb -v 0
	$(MANAGE) seed_demo
	@echo ""
	@echo "SPOC demo: http://127.0.0.1:8000/  (sign in: http://127.0.0.1:8000/demo/login/, password 'demo')"
	@echo "  learners alice, bob, carla (Acme) and dan, erin, farid (Globex); course staff: tutor; admin: admin"
	@echo "  Django admin: http://127.0.0.1:8000/admin/   REST API: http://127.0.0.1:8000/spoc/api/v1/"
	$(MANAGE) runserver 127.0.0.1:8000

test: venv
	$(PYTEST) $(ARGS)

# Browser tests drive the demo server, which runs on its own SQLite file: `make test` runs them.
test-mysql: venv
	SPOC_DB=mysql $(PYTEST) -m "not bench and not browser" $(ARGS)

quality: venv lint

# The checks themselves (tox's quality env runs them with its own BIN).
lint:
	$(BIN)/ruff check --line-length 120 --target-version py311 --select E,W,F,I,B,UP,DJ \
	  --extend-exclude '*/migrations/*' spoc_plugin spoc_xblocks demo tests setup.py
	DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=. $(BIN)/django-admin makemigrations spoc_plugin demo --check --dry-run

bench: venv
	$(PYTEST) -m bench -s -p no:randomly $(ARGS)

# `make test` fuzzes a few examples per handler or endpoint and role; this run tries many more.
FUZZ_EXAMPLES ?= 150
fuzz: venv
	SPOC_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PYTEST) tests/fuzz -p no:randomly $(ARGS)

translations: venv
	cd spoc_xblocks && for po in translations/*/LC_MESSAGES/text.po; do msgfmt -o $${po%.po}.mo $$po; done
	cd spoc_plugin && ../$(BIN)/django-admin compilemessages

# Recompile the pinned requirements from requirements/*.in: the newest versions within constraints.txt.
# tox installs Django per environment (django42, django52), so test.txt leaves Django out.
PIP_COMPILE = $(BIN)/pip-compile --upgrade --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
upgrade: export CUSTOM_COMPILE_COMMAND=make upgrade
upgrade:
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements/pip-tools.txt
	$(PIP_COMPILE) -o requirements/pip-tools.txt requirements/pip-tools.in
	$(PIP_COMPILE) -o requirements/base.txt requirements/base.in
	$(PIP_COMPILE) -o requirements/test.txt requirements/test.in
	$(PIP_COMPILE) -o requirements/quality.txt requirements/quality.in
	$(PIP_COMPILE) -o requirements/dev.txt requirements/dev.in
	sed -i '/^[dD]jango==/d' requirements/test.txt

clean:
	rm -rf $(VENV) var build dist *.egg-info
