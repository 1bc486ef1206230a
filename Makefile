PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint model sources bench clean

# The runtime alone for `make run`; the test and dask extras for everything else.
$(BIN)/credibility: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(BIN)/credibility
	$(BIN)/pip install --quiet -e '.[test,dask]'
	touch $@

HOST ?= 127.0.0.1
PORT ?= 8000

run: $(BIN)/credibility
	$(BIN)/credibility serve --host $(HOST) --port $(PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest -q -rs

model: $(VENV)/.dev
	$(BIN)/python -m credibility.training.build_default
	$(BIN)/python -m credibility.training.sites --cached

sources: $(VENV)/.dev
	$(BIN)/python -m credibility.training.sources

bench: $(VENV)/.dev
	$(BIN)/python benchmarks/score_speed.py
	$(BIN)/python benchmarks/accuracy.py --leave-topic-out --pages
	$(BIN)/python benchmarks/source_signals.py
	$(BIN)/python benchmarks/web_latency.py
	$(BIN)/python benchmarks/batch_throughput.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
