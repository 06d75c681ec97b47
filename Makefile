# Everything a developer needs starts here; every target builds .venv itself.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo lint test bench eval faults clean

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

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m zhnews.bench

# Twenty trials of each fault (SIGKILL of the crawl, of a worker; SIGINT; SIGTERM) at
# random moments of a crawl, each resumed once: articles lost, duplicated, slow stops,
# processes left behind. About half a minute a trial.
faults: $(STAMP)
	$(BIN)/python -m zhnews.faults

eval: $(STAMP)
	$(BIN)/zhnews eval

clean:
	rm -rf $(VENV) output
