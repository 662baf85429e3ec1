# Two set-up commands for a fresh machine: `make run` and `make test`. Each creates the
# virtual environment it needs (.venv) and installs what it needs into it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: run test test-fast test-installed test-newest-python lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.app: pyproject.toml | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(PIP) -e '.[test,dev]'
	@touch $@ $(VENV)/.app

# Compiled once here, as pip does for an installed wheel: with PYTHONDONTWRITEBYTECODE set (as on
# our shared servers) Python would otherwise compile the app at every start (~20 ms).
run: $(VENV)/.app
	@$(BIN)/python -m compileall -q tui
	@$(BIN)/hiring-clarity $(ARGS)

test: $(VENV)/.test
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# The inner loop, under a minute on 2 cores: the unit tier, without the system tier (real
# PTYs, SSH, git, app processes) or the long fault-injection loops. `make test` and CI run all.
test-fast: $(VENV)/.test
	$(BIN)/python -m pytest -q -m "not slow and not system" tests/unit $(PYTEST_ARGS)

# What users install: the wheel and the sdist, each in a fresh venv with [ssh,web], run from
# outside the checkout (tests/installed).
test-installed: $(VENV)/.test
	PYTHON=$(PYTHON) .ci/test-installed

# requires-python's other end: the unit tier on the newest Python this machine has.
NEWEST_PYTHON ?= $(shell .ci/newest-python)
test-newest-python:
	@test -n "$(NEWEST_PYTHON)"
	$(MAKE) test PYTHON=$(NEWEST_PYTHON) VENV=.venv-newest PYTEST_ARGS="tests/unit"

lint: $(VENV)/.test
	$(BIN)/ruff check tui tests bench
	$(BIN)/ruff format --check tui tests bench
	$(BIN)/mypy

bench: $(VENV)/.test
	@$(BIN)/python -m compileall -q tui
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .venv-newest build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
