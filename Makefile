# Kasane. `make demo` serves the demo city; `make test` runs lint and the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Every dependency, runtime and dev, pinned with hashes (`make lock` writes it from pyproject.toml).
LOCK := requirements.lock
# Reinstall only when the pins or the project's own metadata change.
STAMP := $(VENV)/.installed-$(shell cat $(LOCK) pyproject.toml | cksum | cut -d' ' -f1)
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
# `make lock UPGRADE=django` moves one pin (several: UPGRADE="django weasyprint"), UPGRADE=all all.
UPGRADE ?=
UPGRADE_FLAGS := $(if $(filter all,$(UPGRADE)),--upgrade,$(addprefix --upgrade-package ,$(UPGRADE)))

# `make bench-data` / `make bench` (docs/performance.md): the city-scale PostgreSQL database
# and the load test against it; the other BENCH_* variables are read by bin/bench and bench/.
SCALE ?= 1
BENCH_DB ?= kasane_bench
BENCH_PORT ?= 8100
BENCH_WORKERS ?= 2
BENCH_WORKER_CLASS ?= sync
BENCH_THREADS ?= 1
BENCH_ENV = SCALE=$(SCALE) BENCH_DB=$(BENCH_DB) BENCH_PORT=$(BENCH_PORT) \
	BENCH_WORKERS=$(BENCH_WORKERS) BENCH_WORKER_CLASS=$(BENCH_WORKER_CLASS) \
	BENCH_THREADS=$(BENCH_THREADS)

.PHONY: install lock system-packages demo run migrate lint format migrations-check test test-fast ci clean \
	bench-data bench

$(STAMP): $(LOCK) pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes -r $(LOCK)
	$(PIP) install --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

# Keeps every pin that still fits pyproject.toml (uv reads the old lock), so adding a dependency
# moves nothing else; an unchanged lock is left untouched, so nothing is reinstalled.
lock: install
	@cp $(LOCK) $(LOCK).new
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --no-header --quiet $(UPGRADE_FLAGS) --output-file $(LOCK).new
	@if cmp -s $(LOCK).new $(LOCK); then rm $(LOCK).new; else mv $(LOCK).new $(LOCK); fi
	@$(MAKE) --no-print-directory install

# Chromium, Pango and the Japanese fonts for the browser and PDF tests: installed once when
# running as root (or with passwordless sudo), else named, and those tests are skipped loudly.
system-packages:
	@bash bin/system-packages

migrate: install
	$(BIN)/python manage.py migrate --noinput

# The background worker (chat messages, daily summary, clean-up) runs beside the server and
# stops with it (Ctrl-C); in production it is a service of its own (docs/operations.md).
WITH_WORKER = $(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM;

demo: migrate
	$(BIN)/python manage.py load_demo --port $(PORT)
	$(WITH_WORKER) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

run: migrate
	$(WITH_WORKER) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Style, then the import rules (pyproject.toml [tool.importlinter]), then the types (mypy).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

test: system-packages lint migrations-check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The suite without the browser tests, for a quick loop while developing.
test-fast: install
	$(BIN)/python -m pytest -m "not browser"

ci:
	bash .ci/run

# Creates $(BENCH_DB) if missing, migrates it, tops it up to the city of issue 20 at $(SCALE).
bench-data: install
	$(BENCH_ENV) bash bin/bench data

# gunicorn on 127.0.0.1:$(BENCH_PORT) against $(BENCH_DB), the Locust driver, a report in var/bench/.
bench: install
	$(BENCH_ENV) bash bin/bench run

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
