# legpain: `make run` starts the site on SQLite, `make test` runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# DEBUG=1 gives the development server a throwaway secret key and local hosts.
DEV_ENV := DEBUG=1 STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage
# How many processes `make test` uses: auto is one per CPU.
TEST_WORKERS ?= auto

.PHONY: run test install migrate load editor lint format browser-test ci clean serve

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --no-input -v 0

load: migrate
	$(DEV_ENV) $(PY) manage.py load_library

editor: migrate
	@$(DEV_ENV) $(PY) manage.py create_local_editor

run: load editor
	@echo "Starting the site at http://127.0.0.1:8000/ (Ctrl+C stops it)."
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# Production-style: static files collected, migrations applied, gunicorn (gunicorn.conf.py).
# Needs SECRET_KEY, ALLOWED_HOSTS and usually DATABASE_URL and REDIS_URL (see README).
serve: install
	$(PY) manage.py collectstatic --no-input -v 0
	$(PY) manage.py migrate --no-input -v 0
	$(BIN)/gunicorn legpain.wsgi -c gunicorn.conf.py

# The suite runs in parallel worker processes (pytest-xdist), one per CPU by default; each
# worker has its own test database (and its own Redis database, see tests/conftest.py).
# TEST_WORKERS=0 runs it in this one process. A single test: .venv/bin/pytest tests/x.py::name
test: install
	$(BIN)/pytest -n $(TEST_WORKERS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

browser-test: install
	$(BIN)/pytest -m browser

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

ci:
	bash .ci/run
