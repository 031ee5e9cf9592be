# Two commands: `make run` serves the archive with the sample works; `make test` runs every test.
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
FICARCHIVE_DATA ?= $(CURDIR)/var
export FICARCHIVE_DATA

.PHONY: run test test-fast system-deps lint clean

$(BIN)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/ficarchive migrate --noinput
	$(BIN)/ficarchive import samples/ --permission-granted "sample works, written for this archive by its developers"
	$(BIN)/ficarchive serve --port $(PORT)

# Page tests need Debian's chromium; EPUB tests need Debian's epubcheck.
system-deps:
	@bash scripts/system-deps

test: $(BIN)/.installed system-deps
	$(BIN)/pytest

# The quick loop while you work: everything but the browser and slow tests (under a minute).
test-fast: $(BIN)/.installed
	$(BIN)/pytest -q -m "not browser and not slow"

# The same gates as CI and .pre-commit-config.yaml: ruff (lint and format) and mypy.
lint: $(BIN)/.installed
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var
