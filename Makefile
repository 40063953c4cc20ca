# legpain: `make run` starts the site on SQLite, `make test` runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# DEBUG=1 gives the development server a throwaway secret key and local hosts.
DEV_ENV := DEBUG=1 STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage
# How many processes `make test` uses: auto is one per CPU.
TEST_WORKERS ?= auto
# `make run PORT=8001` when 8000 is taken.
PORT ?= 8000
# The commissioning files that `make content-check` compares the library with.
CONTENT_DIR ?= ../shared/content

.PHONY: run test install migrate load editor lint format browser-test coverage ci clean serve content-check port-free mutate

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
	@$(DEV_ENV) $(PY) manage.py create_local_editor --port $(PORT)

# A taken port is one line of advice here, not runserver's error after the set-up.
port-free:
	@$(PYTHON) -c 'import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1])))' "$(PORT)" 2>/dev/null \
	  || { echo "Port $(PORT) is in use: stop the other server or run \`make run PORT=$$(( $(PORT) + 1 ))\`."; exit 1; }

run: port-free load editor
	@echo "Starting the site at http://127.0.0.1:$(PORT)/ (Ctrl+C stops it)."
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

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

# The library against the commissioning files (tests/content; not part of `make test`).
content-check: install
	@if [ -d "$(CONTENT_DIR)" ]; then \
	  LEGPAIN_CONTENT_DIR="$(CONTENT_DIR)" $(BIN)/pytest tests/content -q; \
	else \
	  echo "content-check: $(CONTENT_DIR) is not there, so there is nothing to compare the library with; skipped."; \
	fi

browser-test: install
	$(BIN)/pytest -m browser

# Line and branch coverage of the app (docs/testing.md says what is left out, and why).
coverage: install
	$(BIN)/pytest -n $(TEST_WORKERS) --cov --cov-report=term --cov-report=html:htmlcov

# Mutation testing with mutmut ([tool.mutmut] in pyproject.toml; docs/testing.md has the
# scores and what each survivor means). It works in ./mutants/ and keeps its results there,
# so a second run only retests what changed. One module: make mutate MODULE=conditions/caching.py
# MUTATION_TEST_DB turns on tests/mutation_support.py: a template database copied per
# mutant, and each module tested by its own test files, fastest first.
MUTATE_WORKERS ?= 2
MODULE ?=
mutate: export MUTATION_TEST_DB = $(CURDIR)/mutants/test-db.sqlite3
mutate: install
	@# Record which tests reach which function (the first time: all of them; later: only
	@# new tests) in a mutmut run of its own. The filter matches no mutant, so mutmut stops
	@# after recording; run in the same process as the mutants, the next pytest run can fail
	@# with a usage error ("not found") after it has recorded new tests.
	@mkdir -p mutants
	@test -f mutants/mutmut-stats.json || echo "Recording which tests reach which function (about 5 minutes)..."
	@# The tests that pass here are left out of mutmut's clean run (tests/mutation_support.py).
	@rm -f mutants/passed-while-recording.txt
	@$(BIN)/mutmut run --max-children $(MUTATE_WORKERS) record-tests-only >mutants/record.log 2>&1 || true
	@test -f mutants/mutmut-stats.json || { echo "Recording failed: see mutants/record.log"; exit 1; }
	@$(BIN)/python -m tests.mutation_support mutants/mutmut-stats.json
	@rm -f mutants/mutant-*.sqlite3
	$(BIN)/mutmut run --max-children $(MUTATE_WORKERS) $(if $(MODULE),"$(subst /,.,$(basename $(MODULE))).*")
	@echo "Mutants not killed, per module and status:"
	@$(BIN)/mutmut results | sed 's/^ *\(.*\)\.x[^.]*__mutmut_[0-9]*: /\1 /' | sort | uniq -c
	@echo "Each one (mutmut show NAME prints its diff):"
	@$(BIN)/mutmut results

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

ci:
	bash .ci/run
