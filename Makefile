# Rugpoli assistant. `make` lists the targets; `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MODEL := models/rugpoli.tar.gz
WIDGET_BUILT := widget/dist/rugpoli-chat.js
LOGS := var/log
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name "*.yml" 2>/dev/null) $(wildcard rugpoli/nlu/*.py) rugpoli/text.py

# Rasa phones home and TensorFlow talks a lot; neither helps a person reading the output.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONWARNINGS := ignore
export RUGPOLI_MODEL := $(abspath $(MODEL))

# Runs a command with its output in var/log/<name>.log; on failure shows the end of that log.
logged = mkdir -p $(LOGS) && ( $(2) ) > $(LOGS)/$(1).log 2>&1 || { echo "FAILED: $(1) (last lines of $(LOGS)/$(1).log):"; tail -n 40 $(LOGS)/$(1).log; exit 1; }

.PHONY: help install widget browser engines model run reload shell test test-unit validate test-conversations test-stories evaluate gate bench coverage review-answers review-mark review-conversations labels-export labels-merge retention lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

$(INSTALLED): requirements.in requirements.lock scripts/install_nl_model.py
	@python310="$$(scripts/find_python310.sh)" || exit 1; \
	  echo "Installing into $(VENV) with $$python310 (a few minutes the first time)..."; \
	  [ -x $(BIN)/python ] || $$python310 -m venv $(VENV)
	@$(call logged,install,$(BIN)/pip install --upgrade pip==24.0 && $(BIN)/pip install -r requirements.in -c requirements.lock)
	@$(BIN)/python scripts/install_nl_model.py
	@touch $@

install: $(INSTALLED) ## Create .venv with the pinned dependencies and the Dutch spaCy pipeline

$(MODEL): $(INSTALLED) $(TRAINING_INPUTS)
	@echo "Training the model (log: $(LOGS)/train.log)..."
	@$(call logged,train,$(BIN)/rasa train --force --fixed-model-name rugpoli --out models)
	@touch $@

model: $(MODEL) ## Train the model, only when data, config or domain changed

run: $(MODEL) $(WIDGET_BUILT) ## Start the action server, the Rasa server and the demo page with the chat widget; Ctrl-C stops all
	@scripts/run.sh server

RASA_URL ?= http://localhost:5005
reload: $(MODEL) ## Put the current model live in a running assistant (needs RASA_AUTH_TOKEN, no restart)
	@[ -n "$$RASA_AUTH_TOKEN" ] || { echo "Set RASA_AUTH_TOKEN (the token the assistant was started with)"; exit 1; }
	@$(BIN)/python scripts/reload_model.py --url "$(RASA_URL)" --model "$(abspath $(MODEL))"

shell: $(MODEL) ## Chat with the assistant in this terminal
	@scripts/run.sh shell

test-unit: $(INSTALLED) ## Fast checks: actions, content, grounding, data overlap (no model needed)
	@$(BIN)/python -m pytest -q -m "not model"

validate: $(INSTALLED) ## rasa data validate: domain, data and stories agree
	@$(call logged,validate,$(BIN)/rasa data validate --fail-on-warnings)
	@echo "rasa data validate: no errors, no warnings"

$(WIDGET_BUILT): widget/package.json widget/package-lock.json widget/build.mjs $(wildcard widget/src/* widget/demo/*)
	@command -v npm > /dev/null || { echo "The chat widget needs Node.js and npm (https://nodejs.org)"; exit 1; }
	@$(call logged,widget,cd widget && npm ci --no-audit --no-fund && npm run build)
	@touch $@

widget: $(WIDGET_BUILT) ## Build the chat widget (npm ci + esbuild): widget/dist/, served by make run

browser: ## Chromium for the widget's browser tests (Debian package; installs only as root)
	@scripts/install_debian.sh chromium

engines: ## PostgreSQL and Redis programs for the scale-out test (Debian packages; installs only as root)
	@scripts/install_debian.sh postgresql redis-server

test-conversations: $(MODEL) engines browser $(WIDGET_BUILT) ## End to end: conversations, faults, bad input, two instances, the widget in Chromium
	@$(BIN)/python -m pytest -q -m model

test-stories: $(MODEL) ## rasa test on the test stories (tests/stories)
	@$(call logged,test-stories,$(BIN)/rasa test core --e2e --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out results/stories)
	@echo "rasa test: all test stories passed"

test: test-unit validate test-conversations test-stories gate ## Everything CI runs, cheapest first

evaluate: $(MODEL) ## Held-out and blind-set figures beside the baseline, reports/ (HTML, PNG)
	@$(BIN)/python scripts/evaluate.py --model $(MODEL)

gate: $(MODEL) ## Like evaluate, but fails below the thresholds in quality_gate.yml
	@$(BIN)/python scripts/evaluate.py --model $(MODEL) --gate

BENCH_ARGS ?= --adversarial
bench: $(MODEL) ## This assistant beside Rasa's example bot (built by rasa init): training, size, replies/s, latency, errors (BENCHMARKS.md)
	@$(BIN)/python bench/bench.py --model $(MODEL) $(BENCH_ARGS)

review-answers: $(INSTALLED) ## Nurses' answer review book: reports/review/answers.html
	@$(BIN)/python scripts/review_answers.py

review-mark: $(INSTALLED) ## Record a review: make review-mark ANSWER=imaging/scan_needed BY="naam"
	@$(BIN)/python scripts/review_answers.py --mark "$(ANSWER)" --by "$(BY)"

review-conversations: $(INSTALLED) ## Conversations worth a look, personal data masked: reports/review/conversations.html
	@$(BIN)/python scripts/review_conversations.py

labels-export: $(INSTALLED) ## Messages from the conversation review to reports/labelling.csv, to label
	@$(BIN)/python scripts/labelling.py export

LABELS ?= reports/labelling.csv
labels-merge: $(INSTALLED) ## Merge a labelled file (LABELS=...) into data/nlu, then validate, retrain and gate
	@$(BIN)/python scripts/labelling.py merge --file "$(LABELS)"
	@$(MAKE) --no-print-directory validate gate

DAYS ?= 90
retention: $(INSTALLED) ## Delete conversations older than DAYS (default 90) from the tracker store
	@$(BIN)/python scripts/retention.py --days $(DAYS)

coverage: $(INSTALLED) ## Rewrite docs/COVERAGE.md (source sections -> answers)
	@$(BIN)/python scripts/coverage.py

lock: $(INSTALLED) ## Regenerate requirements.lock from the current .venv
	@$(BIN)/pip freeze --exclude nl-core-news-sm > requirements.lock

clean: ## Remove trained models, results and logs (keeps .venv and conversations)
	rm -rf models results reports $(LOGS)
