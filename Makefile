# Every target sets itself up on a fresh machine: a .venv with the package and its test
# extras, the npm packages for the interoperability tests, and the Debian packages the
# browser and database tests use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test test-fast lint bench fuzz setup clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)
	bash tools/setup-system.sh
	bash tests/interop/setup.sh

demo: $(STAMP)
	$(PY) examples/jmg/run_demo.py --out demo-output

test: setup
	$(PY) -m pytest tests
	$(MAKE) lint

test-fast: $(STAMP)
	$(PY) -m pytest tests -m "not interop and not browser and not postgres and not slow and not fuzz"

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks examples tools
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) benchmarks/run.py

fuzz: $(STAMP)
	$(PY) -m pytest tests/fuzz -m fuzz -p no:cacheprovider --timeout=1800

clean:
	rm -rf $(VENV) demo-output test-artifacts .pytest_cache .mypy_cache .ruff_cache tests/interop/node_modules
