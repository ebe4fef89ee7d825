# soumnet: the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RUN_DIR := var
RUN_CONFIG := $(CURDIR)/$(RUN_DIR)/soumnet.toml

.PHONY: run test lint check bench clean venv wheelhouse

venv: $(STAMP)

# The venv is (re)built when it is missing or pyproject.toml is newer than the last install.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "soumnet needs Python 3.11 or newer ($(PYTHON) is older)" >&2; exit 1; }
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -qq python3-venv >/dev/null; \
	  else echo "Python's venv module is missing: run 'sudo apt-get install python3-venv'" >&2; exit 1; fi; }
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q -e '.[tui,test]'
	@touch $(STAMP)

# Embedded default: the hub store in ./var, `serve` and an agent for this machine in the
# background (stopped when the TUI exits), the TUI in front.
run: $(STAMP)
	@$(BIN)/soumnet-hub --config $(RUN_CONFIG) init --local
	@SOUMNET_CONFIG=$(RUN_CONFIG) $(BIN)/python -m tui.embedded

lint: $(STAMP)
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/mypy
	@$(BIN)/lint-imports

test: $(STAMP) lint
	@$(BIN)/python -m pytest -q -n auto --dist loadfile --durations=15 tests

bench: $(STAMP)
	@for f in tests/perf/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

# The agent's wheels for an office PC without internet, Windows and Linux, each supported Python:
# `pip install --no-index --find-links dist/wheelhouse soumnet` installs from this folder alone.
WHEELHOUSE := dist/wheelhouse
WHEEL_PLATFORMS := win_amd64 manylinux2014_x86_64
WHEEL_PYTHONS := 3.11 3.12 3.13
WHEEL_PYTHON ?= $(BIN)/python
wheelhouse: $(if $(filter $(BIN)/python,$(WHEEL_PYTHON)),$(STAMP))
	@rm -rf $(WHEELHOUSE) && mkdir -p $(WHEELHOUSE)
	@$(WHEEL_PYTHON) -m pip wheel -q --no-deps -w $(WHEELHOUSE) .
	@for py in $(WHEEL_PYTHONS); do for plat in $(WHEEL_PLATFORMS); do \
	  $(WHEEL_PYTHON) -m pip download -q -d $(WHEELHOUSE) --only-binary=:all: \
	    --python-version $$py --platform $$plat $(WHEELHOUSE)/soumnet-*.whl || exit 1; \
	done; done
	@rm -rf build
	@echo "$(WHEELHOUSE): $$(ls $(WHEELHOUSE) | wc -l) wheels"

clean:
	rm -rf $(VENV) $(RUN_DIR) dist .mypy_cache .ruff_cache .pytest_cache
