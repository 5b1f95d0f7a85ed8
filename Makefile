# Two commands on a fresh clone: `make run` and `make test`. `make check` is exactly what CI runs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test check lint typecheck messages demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/candela run

demo: $(VENV)/.installed
	$(BIN)/candela demo

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy candela

check: lint typecheck test

# Extract new strings into the catalogs and compile them (needs GNU gettext; the compiled
# .mo files are committed, so neither `make run` nor `make test` needs it).
messages: $(VENV)/.installed-dev
	cd candela && ../$(BIN)/django-admin makemessages --settings=candela.config.settings \
		--locale fr --locale it --locale de --locale fi --no-obsolete --no-location --ignore 'tests/*'
	cd candela && ../$(BIN)/django-admin compilemessages --settings=candela.config.settings

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
