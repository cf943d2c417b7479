# newsledger — the two commands a new user needs are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SERVE ?= 1
PORT ?= 8000
DB ?= newsledger.duckdb
ARTICLES ?= 10000

.PHONY: demo test eval bench install install-test lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## demo: install, ingest the demo corpus into the default ledger (./newsledger.duckdb), show what it holds,
##       then serve the explorer on http://127.0.0.1:$(PORT)/ until Ctrl-C (SERVE=0 stops after the summary)
demo: install
	$(BIN)/newsledger ingest demo/corpus --db $(DB) --quiet
	$(BIN)/newsledger stats --db $(DB)
	$(BIN)/newsledger articles --db $(DB)
	$(BIN)/newsledger entities --db $(DB) --limit 20
	$(BIN)/newsledger events --db $(DB) --limit 25
	$(BIN)/newsledger outlets --db $(DB)
	@if ls demo/out/screenshots/*.png >/dev/null 2>&1; then \
	  echo "Screenshots of every page: $(CURDIR)/demo/out/screenshots/"; \
	else echo "Screenshots of every page: $(CURDIR)/demo/out/screenshots/ (none yet: \`make test\` takes them)"; fi
	@if [ "$(SERVE)" != "0" ]; then $(BIN)/newsledger serve --db $(DB) --port $(PORT); fi

## test: install with test extras and run the whole suite (pytest's "no tests collected", exit 5, is a failure)
test: install-test
	$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$status

## eval: the evaluations against the peers' gold sets (slow; outside the default test run)
eval: install-test
	$(BIN)/python evaluation/run.py

## bench: throughput, memory, query latency and Dask benchmarks in one table (slow: hours at 10,000 articles)
bench: install-test
	$(BIN)/python benchmarks/run.py --articles $(ARTICLES)

## lock: refresh constraints.txt from a clean install of pyproject's pins
lock:
	rm -rf /tmp/newsledger-lock && $(PYTHON) -m venv /tmp/newsledger-lock
	/tmp/newsledger-lock/bin/python -m pip install --quiet --upgrade pip
	/tmp/newsledger-lock/bin/python -m pip install --quiet '.[test]'
	/tmp/newsledger-lock/bin/python -m pip freeze --exclude newsledger | sort -f > constraints.txt

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
