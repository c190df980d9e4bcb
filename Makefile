# storyline: every task goes through make. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
SHARED ?= ../shared
SEED := $(firstword $(wildcard $(SHARED)/seed/article.txt) examples/sample-article.txt)
# the reference article's publication date, as its expectations give it
SEED_DATE := $(if $(wildcard $(SHARED)/seed/expected.json),$(shell python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['published'])" $(SHARED)/seed/expected.json),2024-03-18)
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: help install gazetteer demo test test-fast lint fuzz audit bench eval train-attribution lock pg-dev clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install storyline from the lock (exact versions)
	@$(BIN)/storyline gazetteer build --if-missing

gazetteer: $(STAMP) ## (Re)build the offline gazetteer index
	$(BIN)/storyline gazetteer build

demo: install ## Analyse the reference article: readable summary + JSON in out/
	@mkdir -p out
	$(BIN)/storyline analyze $(SEED) --published $(SEED_DATE) --format json --output out/demo.json
	$(BIN)/storyline analyze $(SEED) --published $(SEED_DATE) --format text
	@echo "JSON written to out/demo.json"

test: install ## Run the test suite (starts PostgreSQL, Ray local mode, Chromium where tests need them)
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: install ## Tests without the slow, postgres, ray and browser ones
	$(BIN)/pytest -m "not slow and not postgres and not ray and not browser" $(PYTEST_ARGS)

lint: install ## ruff check, ruff format --check, mypy, room sizes (modules <= 500 lines, classes <= 300)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy src
	$(PY) scripts/sizes.py

fuzz: install ## Long property-based runs: any text analysed with offsets right, any bytes read (slow)
	STORYLINE_FUZZ_EXAMPLES=$${STORYLINE_FUZZ_EXAMPLES:-2000} $(BIN)/pytest tests/test_fuzz.py -q

audit: ## pip-audit of requirements.lock (skips with a message when the advisory database is unreachable)
	bash scripts/audit.sh

bench: install ## Throughput against bare spaCy; local workers and Ray against one process; knowledge base and page p95s at 10,000 articles (slow; not in test)
	$(PY) scripts/bench.py
	$(PY) scripts/bench_gazetteer.py
	mkdir -p out
	$(PY) scripts/bench_scale.py --out out/bench_scale.json
	$(PY) scripts/bench_store.py --n 10000 --cache out/bench_store_10000.pkl \
		--db sqlite:///out/bench_store.db --postgres

eval: install ## The development table over every split, the seed check, MEANTIME and GeoVirus tables (outputs in out/)
	@mkdir -p out
	python3 $(SHARED)/eval/dev_report.py --storyline $(BIN)/storyline --out out/eval_dev \
		--json out/dev_metrics.json | tee out/dev_table.txt
	$(BIN)/storyline analyze $(SEED) --published $(SEED_DATE) --format json --output out/seed.json
	python3 $(SHARED)/eval/seed_check.py out/seed.json --quiet
	$(PY) scripts/eval.py --shared $(SHARED)
	$(PY) scripts/eval_events.py --shared $(SHARED) --storyline $(BIN)/storyline --json out/event_gold.json

train-attribution: install ## Retrain the attribution CRF taggers from ../shared/data/polnear_train into src/storyline/data (fixed order and parameters: the same files; parses cached in out/)
	@mkdir -p out/attribution
	$(PY) scripts/train_attribution.py --data $(SHARED)/data/polnear_train --out src/storyline/data \
		--cache out/attribution
	@git diff --stat -- src/storyline/data/attribution_content.crfsuite src/storyline/data/attribution_cue.crfsuite 2>/dev/null || true

pg-dev: install ## A throwaway PostgreSQL server with a migrated knowledge base (Ctrl-C ends it)
	$(BIN)/storyline db dev-server

lock: ## Recompile requirements.lock from requirements.in (needs network)
	$(PYTHON) -m pip install -q uv
	$(PYTHON) -m uv pip compile requirements.in -o requirements.lock --python-version 3.11 -q --no-header
	sed -i '1i # Exact versions: made by `make lock` (uv pip compile requirements.in) for Python 3.11.' requirements.lock

clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache out build src/*.egg-info
