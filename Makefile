# Kasane. `make demo` serves the demo city; `make test` runs lint and the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install demo run migrate lint format migrations-check test test-fast ci clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo --port $(PORT)
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

run: migrate
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

test: lint migrations-check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The suite without the browser tests, for a quick loop while developing.
test-fast: install
	$(BIN)/python -m pytest -m "not browser"

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
