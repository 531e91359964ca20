# Two commands matter: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-browser lint types install serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/murmur migrate --noinput
	$(BIN)/murmur demo
	$(BIN)/murmur serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy murmuration

test: lint types
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n 2 -m "not browser"

test-browser: $(STAMP)
	$(BIN)/pytest -m browser

clean:
	rm -rf $(VENV) build *.egg-info
