# Outcome Scorecard: two commands do everything.
#   make build   environment (if needed) + demo data (if absent) + the whole pipeline:
#                dbt build, data-quality gate, docs (the glossary), reports, Parquet export
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
export DBT_SEND_ANONYMOUS_USAGE_STATS ?= false
DBT := $(BIN)/dbt
DBT_VARS := --vars '{raw_root: "$(RAW_ROOT)"}'
GX_ROOT ?= gx
REPORTS ?= reports
EXPORTS ?= exports/marts

.PHONY: build test lint env data dbt-build quality docs serve-docs reports export browser bench clean

build: env data dbt-build quality docs reports export
	@echo ""
	@echo "Outcome Scorecard built."
	@echo "  warehouse (DuckDB):    $(SCORECARD_DUCKDB_PATH)  (BI tools: open it read-only)"
	@echo "  raw data + manifest:   $(RAW_ROOT)/ ($(RAW_ROOT)/manifest.json)"
	@echo "  quarantine:            staging.quarantine_rows, staging.quarantine_reconciliation"
	@echo "  data-quality results:  dq.dq_validation_results; GX Data Docs:"
	@echo "                         $(GX_ROOT)/uncommitted/data_docs/local_site/index.html"
	@echo "  glossary (dbt docs):   target/static_index.html (one file; or: make serve-docs)"
	@echo "  reports:               $(REPORTS)/index.html"
	@echo "  Parquet marts:         $(EXPORTS)/"

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

# The Great Expectations gate: exits non-zero (and stops `make build`) on a critical failure.
quality: env
	$(BIN)/scorecard validate --database $(SCORECARD_DUCKDB_PATH) --gx-root $(GX_ROOT)

# The glossary: dbt docs, also as one self-contained file (target/static_index.html), then
# the glossary's own check: every resource described, the registry equal to its docs blocks.
docs: env
	$(DBT) docs generate --static --profiles-dir . $(DBT_VARS)
	$(BIN)/scorecard docs-check --target target --project .

serve-docs: env
	$(DBT) docs serve --profiles-dir . --port 8080

reports: env
	$(BIN)/scorecard report --database $(SCORECARD_DUCKDB_PATH) --out $(REPORTS)

export: env
	$(BIN)/scorecard export --database $(SCORECARD_DUCKDB_PATH) --out $(EXPORTS)

lint: env
	$(BIN)/ruff check python
	$(BIN)/ruff format --check python
	$(BIN)/sqlfluff lint models tests analyses snapshots --processes 2

# Headless Chromium (Debian's package) for the tests that open the docs and reports.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests (needs root)."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: env browser lint
	$(BIN)/python -m pytest python/tests

bench: env
	$(BIN)/scorecard bench

clean:
	rm -rf target logs
