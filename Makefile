# council-reports: `make reports` builds every report, `make test` runs the tests.
# Both create the pinned virtual environment (.venv) on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
LA ?= 800

.DEFAULT_GOAL := help
.PHONY: help install reports reports-changed collect review test readers lint format bench lab \
	lock validate-903 national clean

help: ## Show the make targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "error: Python 3.11 or newer is needed ($(PYTHON) is older)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.lock
	$(PIP) --no-deps -e .
	$(BIN)/python -m compileall -q src  # bytecode even where PYTHONDONTWRITEBYTECODE is set
	@touch $(STAMP)

$(TEST_STAMP): $(STAMP) requirements-test.lock
	$(PIP) -r requirements.lock -r requirements-test.lock
	@touch $(TEST_STAMP)

install: $(STAMP) ## Create .venv with the pinned packages a build needs

reports: $(STAMP) ## Build every report from the bundled data (LA=800 by default)
	$(BIN)/council-reports build all --la $(LA)

reports-changed: $(STAMP) ## Rebuild only reports whose inputs changed since BASE (SHARD=i/n: a share)
	$(BIN)/council-reports build all --la $(LA) --changed-since $(BASE) $(if $(SHARD),--shard $(SHARD))

collect: $(STAMP) ## Merge the build folders named in SHARDS into build/
	$(if $(strip $(SHARDS)),$(BIN)/council-reports collect $(SHARDS) --out build,@echo "no shards to collect")

review: reports ## Rebuild this branch, build BASE (a git ref) in a worktree, compare every target of both
	$(if $(BASE),,$(error BASE is not set: make review BASE=origin/main))
	rm -rf .review-base build/review && git worktree prune
	git worktree add --detach .review-base $(BASE)
	cd .review-base && make reports LA=$(LA) PYTHON=$(PYTHON)  # its own pinned .venv
	mkdir -p build/review && cp -R .review-base/build build/review/base  # kept to be opened
	git worktree remove --force .review-base
	$(BIN)/council-reports diff build/review/base build --fail-on none --max-chars 60000 \
		--output build/review.md --output build/review.html

test: $(TEST_STAMP) .venv-903/.installed readers ## Run the test suite (the DfE 903 rules included)
	$(BIN)/python -m pytest -n auto --dist loadfile --no-loadscope-reorder

readers: ## Install the readers the tests read outputs with (Chromium, LibreOffice, poppler, qpdf)
	@.ci/install-readers

lint: $(TEST_STAMP) ## ruff on code and notebooks, notebooks stored without outputs, layers, prose
	$(BIN)/ruff check src tests bench templates notebooks
	$(BIN)/ruff format --check src tests bench templates notebooks
	$(BIN)/nbstripout --verify notebooks/*.ipynb
	$(BIN)/lint-imports
	$(BIN)/council-reports lint

format: $(TEST_STAMP) ## Format the code and notebooks, and strip notebook outputs
	$(BIN)/ruff format src tests bench templates notebooks
	$(BIN)/nbstripout notebooks/*.ipynb

lab: $(STAMP) ## Open JupyterLab on the notebooks, or on NOTEBOOK= (installs the lab extra)
	$(PIP) -c requirements.lock -e '.[lab]'
	$(BIN)/jupyter lab $(or $(NOTEBOOK),notebooks)

lock: ## Regenerate requirements.lock and requirements-test.lock in a scratch venv
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check -e .
	.venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > .lock-runtime
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check \
		-c .lock-runtime -e '.[test]'
	.venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > .lock-all
	{ sed -n '1,2p' requirements.lock; cat .lock-runtime; } > requirements.lock.new
	{ sed -n '1,2p' requirements-test.lock; grep -vxFf .lock-runtime .lock-all; } \
		> requirements-test.lock.new
	mv requirements.lock.new requirements.lock
	mv requirements-test.lock.new requirements-test.lock
	rm -rf .venv-lock .lock-runtime .lock-all

bench: $(TEST_STAMP) ## Time builds against a naive papermill loop (bench/bench_build.py)
	$(BIN)/python -m compileall -q src  # as make install: no build pays for compiling the package
	$(BIN)/python bench/bench_build.py --sample 6

.venv-903/.installed: requirements-903.lock
	$(PYTHON) -m venv .venv-903
	.venv-903/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-903.lock
	@touch $@

validate-903: .venv-903/.installed ## Run the DfE's 903 rules on the synthetic return (own venv)
	.venv-903/bin/python src/council_reports/validate/dfe903.py data/iro/ssda903

national: $(STAMP) ## Re-extract data/national/ from clones of the DfE's repositories (LAIT=dir CSC=dir)
	$(if $(and $(LAIT),$(CSC)),,$(error give LAIT=<clone of local-authority-interactive-tool> CSC=<clone of CSC_outcomes_and_enablers>))
	$(PIP) -c requirements.lock -e '.[national]'
	$(BIN)/python -m council_reports.national.extract --lait $(LAIT) --csc $(CSC) data/national \
		--reference data/reference

clean: ## Remove build output (the .venvs stay)
	rm -rf build
