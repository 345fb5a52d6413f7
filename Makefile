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

.PHONY: help system-deps venv demo test test-mysql quality lint bench load fuzz clean upgrade \
	extract_translations dummy_translations compile_translations validate_translations pull_translations

help:
	@echo "make demo        serve the demo on http://127.0.0.1:8000/"
	@echo "make test        run the whole suite on SQLite"
	@echo "make test-mysql  run the whole suite on MariaDB/MySQL (127.0.0.1:3306, root)"
	@echo "make quality     ruff and makemigrations --check"
	@echo "make bench       benchmarks (query counts and timings)"
	@echo "make load        Locust load scenarios against gunicorn + MariaDB (about 10 minutes)"
	@echo "make fuzz        a long fuzzing run of every block handler and REST endpoint (Hypothesis)"
	@echo "make upgrade     recompile requirements/*.txt from requirements/*.in (pip-tools)"
	@echo "make extract_translations / dummy_translations / compile_translations / validate_translations"
	@echo "                 English source catalogues, dummy (eo, rtl), .mo files, checks (OEP-58)"

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
	  --extend-exclude '*/migrations/*' spoc_plugin spoc_xblocks demo loadtests tests setup.py
	DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=. $(BIN)/django-admin makemigrations spoc_plugin demo --check --dry-run

bench: venv
	$(PYTEST) -m bench -s -p no:randomly $(ARGS)

# Locust scenarios against the demo under gunicorn on MariaDB (database spoc_load, dropped and re-created):
# loadtests/run.py seeds, starts and always stops gunicorn, checks the invariants and prints the table.
# Parameters: LOAD_LEARNERS, LOAD_USERS, LOAD_RUN_TIME, LOAD_WORKERS... (loadtests/README.md).
load: venv
	PYTHONPATH=. $(BIN)/python -m loadtests.run

# `make test` fuzzes a few examples per handler or endpoint and role; this run tries many more.
FUZZ_EXAMPLES ?= 150
fuzz: venv
	SPOC_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PYTEST) tests/fuzz -p no:randomly $(ARGS)

## Translations (OEP-58). The package ships its catalogues where they are read at run time:
##   blocks  spoc_xblocks/translations/<lang>/LC_MESSAGES/text.po (domain `text`, read by XBlockI18nService)
##   plugin  spoc_plugin/locale/<lang>/LC_MESSAGES/django.po (Django reads an app's locale/)
## and the English source catalogues that openedx-translations reads, one per Python module:
##   spoc_xblocks/conf/locale/en/LC_MESSAGES/django.po, spoc_plugin/conf/locale/en/LC_MESSAGES/django.po
## edx-i18n-tools runs inside each module with its conf/locale/config.yaml (an absolute path: i18n_tool
## resolves the catalogues against it, and would take spoc_plugin/locale for the config folder otherwise).
I18N_MODULES := spoc_xblocks spoc_plugin
I18N_TOOL = PATH="$(CURDIR)/$(BIN):$$PATH" i18n_tool
I18N_CONFIG = --config "$(CURDIR)/$$module/conf/locale/config.yaml"
ATLAS_OPTIONS ?= --repository=openedx/openedx-translations --revision=main

# The English source catalogues, from the Python code and templates (Django's makemessages, through
# i18n_tool). The blocks' templates live in the top-level static/ (installed as spoc_xblocks/static):
# a copy sits there while the strings are extracted.
extract_translations: venv
	rm -rf spoc_xblocks/static && cp -r static spoc_xblocks/static
	for module in $(I18N_MODULES); do \
	  (cd $$module && $(I18N_TOOL) extract --no-segment $(I18N_CONFIG)) || { rm -rf spoc_xblocks/static; exit 1; }; \
	done
	rm -rf spoc_xblocks/static

# Dummy catalogues (eo, rtl; git-ignored) made from the English sources: every string visibly rewritten.
dummy_translations: venv
	for module in $(I18N_MODULES); do (cd $$module && $(I18N_TOOL) dummy $(I18N_CONFIG)) || exit 1; done

# The .mo files the package ships, from the bundled .po catalogues (msgfmt checks their format strings).
compile_translations: system-deps
	for po in spoc_xblocks/translations/*/LC_MESSAGES/text.po spoc_plugin/locale/*/LC_MESSAGES/django.po; do \
	  msgfmt --check-format -o $${po%.po}.mo $$po || exit 1; \
	done

# Extract, make the dummies, compile, check every catalogue (edx-i18n-tools' validate), and fail if the
# committed English sources differ from the code's strings: then run `make extract_translations` and commit.
validate_translations: extract_translations dummy_translations compile_translations
	for module in $(I18N_MODULES); do (cd $$module && $(I18N_TOOL) validate $(I18N_CONFIG)) || exit 1; done
	git diff --exit-code -G '^(msgid|msgstr)' -- $(foreach m,$(I18N_MODULES),$(m)/conf/locale/en) || { \
	  echo "The English source catalogues differ from the code's strings: commit what make extract_translations wrote."; \
	  exit 1; }

# For maintainers (needs github.com): replace the bundled catalogues by the translations of
# openedx-translations (or the fork and revision ATLAS_OPTIONS names), then compile them.
# The platform's own `pull_xblock_translations` / `pull_plugin_translations` pull the same files by
# module name into conf/plugins-locale; this target brings them into the package.
pull_translations: venv
	rm -rf build/atlas && mkdir -p build/atlas
	cd build/atlas && PATH="$(CURDIR)/$(BIN):$$PATH" atlas pull $(ATLAS_OPTIONS) --expand-glob \
	  $(foreach m,$(I18N_MODULES),'translations/*/$(m)/conf/locale:$(m)')
	for po in build/atlas/spoc_xblocks/*/LC_MESSAGES/django.po; do \
	  [ -f $$po ] || continue; lang=$$(basename $$(dirname $$(dirname $$po))); [ $$lang = en ] && continue; \
	  mkdir -p spoc_xblocks/translations/$$lang/LC_MESSAGES && cp $$po spoc_xblocks/translations/$$lang/LC_MESSAGES/text.po; \
	done
	for po in build/atlas/spoc_plugin/*/LC_MESSAGES/django.po; do \
	  [ -f $$po ] || continue; lang=$$(basename $$(dirname $$(dirname $$po))); [ $$lang = en ] && continue; \
	  mkdir -p spoc_plugin/locale/$$lang/LC_MESSAGES && cp $$po spoc_plugin/locale/$$lang/LC_MESSAGES/django.po; \
	done
	$(MAKE) compile_translations

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
	$(PIP_COMPILE) -o requirements/load.txt requirements/load.in
	$(PIP_COMPILE) -o requirements/dev.txt requirements/dev.in
	sed -i '/^[dD]jango==/d' requirements/test.txt

clean:
	rm -rf $(VENV) var build dist *.egg-info
