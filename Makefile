# Rugpoli assistant. `make` lists the targets; `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MODEL := models/rugpoli.tar.gz
LOGS := var/log
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null)

# Rasa phones home and TensorFlow talks a lot; neither helps a person reading the output.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONWARNINGS := ignore
export RUGPOLI_MODEL := $(abspath $(MODEL))

# Runs a command with its output in var/log/<name>.log; on failure shows the end of that log.
logged = mkdir -p $(LOGS) && ( $(2) ) > $(LOGS)/$(1).log 2>&1 || { echo "FAILED: $(1) (last lines of $(LOGS)/$(1).log):"; tail -n 40 $(LOGS)/$(1).log; exit 1; }

.PHONY: help install model run shell test test-unit validate test-conversations test-stories evaluate gate coverage lock clean

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
	@$(call logged,train,$(BIN)/rasa train --fixed-model-name rugpoli --out models)
	@touch $@

model: $(MODEL) ## Train the model, only when data, config or domain changed

run: $(MODEL) ## Start the action server and the Rasa server (REST + socket.io); Ctrl-C stops both
	@scripts/run.sh server

shell: $(MODEL) ## Chat with the assistant in this terminal
	@scripts/run.sh shell

test-unit: $(INSTALLED) ## Fast checks: actions, content, grounding, data overlap (no model needed)
	@$(BIN)/python -m pytest -q -m "not model"

validate: $(INSTALLED) ## rasa data validate: domain, data and stories agree
	@$(call logged,validate,$(BIN)/rasa data validate --fail-on-warnings)
	@echo "rasa data validate: no errors, no warnings"

test-conversations: $(MODEL) ## End-to-end pytest against the trained model and a real action server
	@$(BIN)/python -m pytest -q -m model

test-stories: $(MODEL) ## rasa test on the test stories (tests/stories)
	@$(call logged,test-stories,$(BIN)/rasa test core --e2e --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out results/stories)
	@echo "rasa test: all test stories passed"

test: test-unit validate test-conversations test-stories ## Everything CI runs, cheapest first

evaluate: $(MODEL) ## Held-out figures: intents, response selection, red flags, fallback sweep
	@$(BIN)/python scripts/evaluate.py --model $(MODEL)

gate: $(MODEL) ## Like evaluate, but fails below the thresholds in quality_gate.yml
	@$(BIN)/python scripts/evaluate.py --model $(MODEL) --gate

coverage: $(INSTALLED) ## Rewrite docs/COVERAGE.md (source sections -> answers)
	@$(BIN)/python scripts/coverage.py

lock: $(INSTALLED) ## Regenerate requirements.lock from the current .venv
	@$(BIN)/pip freeze --exclude nl-core-news-sm > requirements.lock

clean: ## Remove trained models, results and logs (keeps .venv and conversations)
	rm -rf models results reports $(LOGS)
