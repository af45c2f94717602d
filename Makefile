# The two commands of the README: `make run` and `make test`. Each creates .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint unit integration tooling e2e browser screenshot bench package deploy catch-up clean
STAGE ?= dev

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Luminora needs Python 3.11 (set PYTHON=...)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)  ## Run Luminora locally on http://127.0.0.1:$${PORT:-8000}
	$(BIN)/python -m scripts.stack

test: lint $(STAMP) browser  ## Lint, type-check and run every test tier, then again with the clock 400 days ahead
	$(BIN)/python -m pytest
	LUMINORA_TEST_TRAVEL_DAYS=400 LUMINORA_SKIP_PACKAGE=1 $(BIN)/python -m pytest tests/unit tests/integration

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

integration: $(STAMP)
	$(BIN)/python -m pytest tests/integration

tooling: $(STAMP)  ## The benches' instruments, packaging, deploy steps and the browser guard
	$(BIN)/python -m pytest tests/tooling

e2e: $(STAMP) browser
	$(BIN)/python -m pytest tests/e2e

browser:  ## Chromium and chromedriver for the playground's browser tests (apt-get, when missing and root)
	@sh scripts/browser.sh

screenshot: $(STAMP) browser  ## Refresh docs/playground.png, the README's picture of the playground
	LUMINORA_SCREENSHOT=docs/playground.png $(BIN)/python -m pytest tests/e2e/test_playground.py -k two_turns

bench: $(STAMP)  ## Measure the budgets of DESIGN.md (a few minutes; figures also in build/bench/results.json)
	$(BIN)/python -m bench

package: $(STAMP)  ## Build build/deploy/$(STAGE)/ (template and zip) offline, without deploying
	$(BIN)/python -m scripts.deploy --stage $(STAGE) --region $${AWS_REGION:-us-east-1} --package-only

deploy: $(STAMP)  ## Package and deploy the stack luminora-$(STAGE); prints the API URL (AWS CLI and credentials)
	$(BIN)/python -m scripts.deploy --stage $(STAGE) $(if $(ALARM_EMAIL),--alarm-email $(ALARM_EMAIL),)

catch-up:  ## Run the pending-analysis catch-up of luminora-$(STAGE) now, up to 200 sessions (AWS CLI)
	aws lambda invoke --function-name luminora-$(STAGE)-catch-up --cli-binary-format raw-in-base64-out \
	  --payload '{"limit": 200}' /dev/stdout

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
