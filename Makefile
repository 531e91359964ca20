# Two commands matter: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-browser test-semantic lint types install serve clean

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
	$(BIN)/pytest -n 2 -m "not browser and not semantic"

test-browser: $(STAMP)
	$(BIN)/pytest -m browser

# The optional semantic grouping: a CPU build of PyTorch first (the pin takes the build on this
# machine's disk; elsewhere see README), then the extra, then its tests.
test-semantic: $(STAMP)
	$(BIN)/pip install --quiet "torch==2.13.0"
	$(BIN)/pip install --quiet -e ".[semantic]"
	HF_HUB_OFFLINE=1 $(BIN)/pytest -m semantic

clean:
	rm -rf $(VENV) build *.egg-info
