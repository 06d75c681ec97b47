# Everything a developer needs starts here; every target builds .venv itself.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo lint test bench eval eval-clean faults clean services

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m zhnews.demo

# Pyflakes and the layering bans (pyproject.toml, */ruff.toml); checks, never rewrites.
lint: $(STAMP)
	$(BIN)/ruff check .

# Two pytest processes: most tests wait on crawls paced by download delays, so two halve
# the time on two cores. A test file stays in one process (--dist loadfile): its fixtures
# (a served site, one crawl shared by its tests) are built once.
test: lint services
	$(BIN)/pytest -n 2 --dist loadfile

# redis-server (distributed crawls) and headless Chromium (the report), for the tests
services:
	scripts/install-services.sh

bench: $(STAMP)
	$(BIN)/python -m zhnews.bench
	$(BIN)/python -m zhnews.bench_dataset

# Twenty trials of each fault (SIGKILL of the crawl, of a worker; SIGINT; SIGTERM) at
# random moments of a crawl, each resumed once: articles lost, duplicated, slow stops,
# processes left behind. About half a minute a trial.
faults: $(STAMP)
	$(BIN)/python -m zhnews.faults

eval: $(STAMP)
	$(BIN)/zhnews eval

# Cleaning on ../shared/cleaning-dev, per noise kind, tuned and held-out pages apart.
eval-clean: $(STAMP)
	$(BIN)/python -m zhnews.eval_clean

clean:
	rm -rf $(VENV) output
