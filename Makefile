# The build graph of defectorkg. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DKG := $(VENV)/bin/defectorkg
SOURCES := $(shell find src -name '*.py') $(wildcard ontology/*.ttl shapes/*.ttl queries/*.rq data/*.txt data/gazetteers/*)

.PHONY: help build test test-fast lint golden output bench clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

build: $(VENV)/.installed ## set up .venv and build output/ from the bundled article
	$(DKG) build --out output

output: build ## alias of build

test: $(VENV)/.installed ## set up .venv and run the whole test suite
	$(PY) -m pytest -q

test-fast: $(VENV)/.installed ## the suite without the slow and store-marked tests
	$(PY) -m pytest -q -m "not slow and not store"

golden: $(VENV)/.installed ## rebuild output/ and the golden files after an intended change
	$(DKG) build --out output
	$(PY) -m pytest -q tests/test_golden.py --update-golden
	$(PY) -m pytest -q tests/test_query.py -k readme --update-golden

bench: $(VENV)/.installed ## fresh-process builds of the bundled article and 1,000-31,093 synthetic entries, with the floor; writes benchmarks/results.md
	$(PY) benchmarks/bench_build.py

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache build dist
