# Kiểu Mẫu — everything a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)
DEMO_ADDR ?= 127.0.0.1:8000
export DJANGO_SETTINGS_MODULE := kieumau.settings

.PHONY: setup demo test lint typecheck translations messages lock serve worker clean

setup: $(STAMP) locale/vi/LC_MESSAGES/django.mo

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Kiểu Mẫu needs Python 3.11 or newer")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $@

# Compiled with polib (a locked Python package), so no system gettext is needed.
locale/vi/LC_MESSAGES/django.mo: locale/vi/LC_MESSAGES/django.po $(STAMP)
	$(PY) manage.py compile_catalog

var:
	@mkdir -p var

demo: setup var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_units --province 01
	$(PY) manage.py load_agencies --province 01
	$(PY) manage.py load_demo
	@echo "Task worker and web server starting on http://$(DEMO_ADDR) (Ctrl+C stops both)."
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py db_worker --no-reload & \
	  $(PY) manage.py runserver --noreload $(DEMO_ADDR)

test: setup lint translations
	$(VENV)/bin/pytest

lint: setup var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .
	$(PY) manage.py makemigrations --check --dry-run

# Fails when a message in the Vietnamese catalogue is missing, untranslated or fuzzy.
translations: setup
	$(PY) manage.py check_catalog

# Developers: refresh the catalogue after changing user-visible text (needs gettext).
messages: setup
	$(PY) manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=var --ignore=node_modules

# Developers: re-pin every dependency after editing pyproject.toml (needs uv).
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --universal --python-version 3.11 --no-header -o requirements.lock

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache
