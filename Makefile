# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for `make test` and CI (the machine has 2 cores).
TEST_WORKERS ?= 2
export DJANGO_SETTINGS_MODULE ?= haidian.settings.dev

.PHONY: run test test-slow install system-deps lint migrations-check bench soak faults mutants backup restore restore-drill clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstalled whenever the dependency list or the lock changes.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Debian chromium and Chinese fonts for the browser tests, gettext for translations.
# Installed only where we run as root; elsewhere the browser tests skip with a reason.
system-deps:
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null && \
	   { [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || ! command -v msgfmt >/dev/null; }; then \
		echo "Installing chromium, fonts-wqy-microhei and gettext with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei gettext >/dev/null; \
	fi

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py export_open_data
	$(BIN)/python manage.py ensure_admin
	@# The background worker (e-mails) runs beside the server and stops with it.
	@$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

migrations-check: install
	DJANGO_SETTINGS_MODULE=haidian.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# The test settings named on the command line: pytest-django prefers DJANGO_SETTINGS_MODULE from the
# environment (dev, exported above) to the one in pyproject.toml. xdist's default distribution keeps
# pytest-django's order on each worker: the transactional tests, which flush the database, come last.
PYTEST := DJANGO_SETTINGS_MODULE=haidian.settings.test $(BIN)/pytest -n $(TEST_WORKERS)

# The suite but the browser tests, the migration round trips and the sweeps of every URL with hostile
# input (markers in pyproject.toml, docs/testing.md): four minutes, for every change. CI runs
# `make test` and then `make test-slow`.
test: install system-deps lint migrations-check
	$(PYTEST) -m "not browser and not migrations and not sweep"

# The browser tests (Debian chromium, installed by system-deps where we run as root), the migrations
# taken to zero and back, and the sweeps.
test-slow: install system-deps
	$(PYTEST) -m "browser or migrations or sweep"

# Mutation testing of the modules that hold the rules ([tool.mutmut] in pyproject.toml,
# docs/testing.md). Not in `make test` or CI: weekly, or after a change to a rule module. On
# PostgreSQL so that the test database is kept between mutants; one child, niced, for a shared machine.
# One module: make mutants MUTANTS='haidian.core.web.*'. Results stay in ./mutants (`mutmut results`).
# The databases are created when missing, with the UTF-8 ctype pg_trgm needs; MUTANTS_TEMPLATE_DB is
# migrated here and copied to the test database before each mutant's session (tests/mutants_db.py).
MUTANTS_DB ?= hd_mutants
MUTANTS_TEMPLATE_DB ?= $(MUTANTS_DB)_template
MUTANTS_PG ?= -h 127.0.0.1 -p 5432 -U postgres
MUTANTS_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/$(MUTANTS_DB)
MUTANTS ?=
MUTANTS_CHILDREN ?= 2
mutants: install
	for db in $(MUTANTS_DB) $(MUTANTS_TEMPLATE_DB); do \
		psql $(MUTANTS_PG) -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$$db'" | grep -q 1 \
		|| createdb $(MUTANTS_PG) -T template0 -E UTF8 --lc-collate=C.UTF-8 --lc-ctype=C.UTF-8 $$db \
		|| exit 1; \
	done
	for db in $$(psql $(MUTANTS_PG) -d postgres -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'test\\_$(MUTANTS_DB)\\_%'"); do \
		dropdb $(MUTANTS_PG) --force "$$db" || exit 1; \
	done
	DJANGO_SETTINGS_MODULE=haidian.settings.test \
		DATABASE_URL=$(patsubst %/$(MUTANTS_DB),%/$(MUTANTS_TEMPLATE_DB),$(MUTANTS_DATABASE_URL)) \
		nice -n 19 $(BIN)/python manage.py migrate -v0
	DJANGO_SETTINGS_MODULE=haidian.settings.test DATABASE_URL=$(MUTANTS_DATABASE_URL) \
		MUTANTS_TEMPLATE_DB=$(MUTANTS_TEMPLATE_DB) PYTHONPATH=. PYTEST_ADDOPTS="-p tests.mutants_db" \
		nice -n 19 $(BIN)/mutmut run --max-children $(MUTANTS_CHILDREN) $(MUTANTS)
	$(BIN)/mutmut results

# make bench [BENCH_ARGS="--quick --no-http"]; PostgreSQL too when DATABASE_URL points to it.
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

# Mixed traffic under gunicorn on a temporary seeded database (SQLite; PostgreSQL with DATABASE_URL).
soak: install
	$(BIN)/python -m bench.soak

# Redis killed, PostgreSQL connections dropped, a lock held, under the soak's traffic (bench/faults.py).
# Needs PostgreSQL (DATABASE_URL: it makes its own temporary database) and redis-server.
faults: install
	$(BIN)/python -m bench.faults

# Database (pg_dump / SQLite backup API) and media into BACKUP_DIR (./backups), SHA-256 checked.
backup: install
	$(BIN)/python manage.py backup

# make restore BACKUP=backups/haidian-<time>: checks the checksums, asks, saves the current state first.
restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/haidian-<time>"; exit 2; }
	$(BIN)/python manage.py restore "$(BACKUP)"

# Back up, wipe and restore a temporary seeded database; compare every table and file.
restore-drill: install
	$(BIN)/python manage.py restore_drill

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles artifacts
