# Outcome Scorecard: two commands do everything.
#   make build   environment (if needed) + demo data (if absent) + the whole pipeline
#   make test    every test and lint
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RAW_ROOT ?= data/raw
# Size of the demo data set `make build` generates when $(RAW_ROOT) has none.
ACCOUNTS ?= 300
MONTHS ?= 24
EVENTS ?= 2000000
SEED ?= 42
export SCORECARD_DUCKDB_PATH ?= data/warehouse.duckdb
DBT := $(BIN)/dbt
DBT_VARS := --vars '{raw_root: "$(RAW_ROOT)"}'

.PHONY: build test lint env data dbt-build bench clean

build: env data dbt-build
	@echo ""
	@echo "Outcome Scorecard built."
	@echo "  warehouse (DuckDB):   $(SCORECARD_DUCKDB_PATH)"
	@echo "  raw data + manifest:  $(RAW_ROOT)/ ($(RAW_ROOT)/manifest.json)"
	@echo "  quarantine:           table staging.quarantine_rows, staging.quarantine_reconciliation"
	@echo "  dbt artifacts:        target/"

env: $(VENV)/.installed

$(VENV)/.installed: requirements.txt python/pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e python
	@touch $@

data: env
	@if [ -f "$(RAW_ROOT)/manifest.json" ]; then \
		echo "Raw data present in $(RAW_ROOT) (delete it to regenerate)."; \
	else \
		$(BIN)/scorecard generate --accounts $(ACCOUNTS) --months $(MONTHS) \
			--events-target $(EVENTS) --seed $(SEED) --out $(RAW_ROOT); \
	fi

dbt-build: env
	@mkdir -p "$$(dirname "$(SCORECARD_DUCKDB_PATH)")"
	$(DBT) build --profiles-dir . $(DBT_VARS)

lint: env
	$(BIN)/ruff check python
	$(BIN)/sqlfluff lint models tests analyses snapshots --processes 2

test: env lint
	$(BIN)/python -m pytest python/tests

bench: env
	$(BIN)/scorecard bench

clean:
	rm -rf target logs
