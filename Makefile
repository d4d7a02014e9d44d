# council-reports: `make reports` builds every report, `make test` runs the tests.
# Both create the pinned virtual environment (.venv) on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LA ?= 800

.DEFAULT_GOAL := help
.PHONY: help install reports reports-changed review test lint format bench validate-903 clean

help: ## Show the make targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "error: Python 3.11 or newer is needed ($(PYTHON) is older)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

install: $(STAMP) ## Create .venv with the pinned packages

reports: $(STAMP) ## Build every report from the bundled data (LA=800 by default)
	$(BIN)/council-reports build all --la $(LA)

reports-changed: $(STAMP) ## Rebuild only reports whose inputs changed since BASE (a git ref)
	$(BIN)/council-reports build all --la $(LA) --changed-since $(BASE)

review: $(STAMP) ## Build BASE (a git ref) in a worktree and diff it against build/ (build/review.md)
	rm -rf .review-base && git worktree prune
	git worktree add --detach .review-base $(BASE)
	cd .review-base && make reports LA=$(LA) PYTHON=$(PYTHON)  # its own pinned .venv
	$(BIN)/council-reports diff .review-base/build build --output build/review.md || true
	git worktree remove --force .review-base

test: $(STAMP) .venv-903/.installed ## Run the test suite (the DfE 903 rules included)
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff, and notebooks stored without outputs
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/nbstripout --verify notebooks/*.ipynb

format: $(STAMP) ## Format the code and strip notebook outputs
	$(BIN)/ruff format src tests bench
	$(BIN)/nbstripout notebooks/*.ipynb

bench: $(STAMP) ## Time each report's cold build against the naive baseline
	$(BIN)/python bench/bench_build.py attendance 800 2023-24
	$(BIN)/python bench/bench_build.py iro 800 2024-25
	$(BIN)/python bench/bench_build.py bcssp 800 2023-24

.venv-903/.installed: requirements-903.lock
	$(PYTHON) -m venv .venv-903
	.venv-903/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-903.lock
	@touch $@

validate-903: .venv-903/.installed ## Run the DfE's 903 rules on the synthetic return (own venv)
	.venv-903/bin/python src/council_reports/validate/dfe903.py data/iro/ssda903

clean: ## Remove build output (the .venvs stay)
	rm -rf build
