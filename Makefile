# The build graph of defectorkg. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DKG := $(VENV)/bin/defectorkg
EVAL ?= ../shared/eval
# What output/ is built from: the code, the ontology, shapes and queries, the bundled article and
# the gazetteers (the rule for output/defectors.ttl below).
SOURCES := $(shell find src -name '*.py') $(wildcard ontology/*.ttl shapes/*.ttl queries/*.rq data/*.txt data/gazetteers/*)

# The versions that built output/ (see the file); `.ci/run` also tests the lowest allowed ones.
PINS := .ci/golden-versions.txt

.PHONY: help build test test-fast lint golden output bench eval clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-10s %s\n", $$1, $$2}'

# One stamp per extra: `make build` installs the package alone, `make test` adds the test
# extras, `make lint` the lint extras.
$(VENV)/.installed: pyproject.toml $(PINS)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c $(PINS) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -c $(PINS) -e '.[test]'
	touch $@

$(VENV)/.installed-lint: $(VENV)/.installed
	$(PY) -m pip install --quiet -c $(PINS) -e '.[lint]'
	touch $@

build: $(VENV)/.installed output/defectors.ttl ## set up .venv and build output/ from the bundled article

# defectors.ttl stands for the whole of output/: built again when a source or the install is
# newer (`make golden` always builds).
output/defectors.ttl: $(VENV)/.installed $(SOURCES)
	$(DKG) build --out output

output: build ## alias of build

test: $(VENV)/.installed-test ## set up .venv with the test extras and run the whole test suite
	$(PY) -m pytest -q

test-fast: $(VENV)/.installed-test ## the suite without the slow and store-marked tests
	$(PY) -m pytest -q -m "not slow and not store"

lint: $(VENV)/.installed-lint ## ruff (format check and lint) and mypy --strict over src/
	$(VENV)/bin/ruff format --check src
	$(VENV)/bin/ruff check src
	$(VENV)/bin/mypy

golden: $(VENV)/.installed-test ## rebuild output/ and the golden files after an intended change
	$(DKG) build --out output
	$(PY) -m pytest -q tests/test_golden.py --update-golden
	$(PY) -m pytest -q tests/test_query.py -k readme --update-golden

bench: $(VENV)/.installed ## fresh-process builds of the bundled article and 1,000-31,093 synthetic entries, with the floor; writes benchmarks/results.md
	$(PY) benchmarks/bench_build.py

eval: $(VENV)/.installed ## score the extraction on every gold file of $(EVAL)/gold/ into benchmarks/eval.md (a measurement: exit 0)
	$(PY) benchmarks/eval.py --eval $(EVAL) --cli $(DKG) --out benchmarks/eval.md

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache build dist
