# Two commands for a fresh machine with Python 3.11:
#   make demo   set up .venv, install l10n, run the pipeline on this sample workspace
#   make test   set up .venv with the test dependencies, run the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install clean bench constraints

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	# (editable as a plain path: setuptools' default import hook costs every command 12 ms to start)
	$(BIN)/python -m pip install --quiet -e '.[test]' -c constraints.txt --config-settings editable_mode=compat
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	./scripts/demo.sh

test: $(STAMP)
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_compile.py
	$(BIN)/python benchmarks/bench_translate.py
	$(BIN)/python benchmarks/bench_ray.py
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf $(VENV) build

# The newest releases pyproject.toml allows, in a scratch venv: written to constraints.txt
# (then run make test before committing it).
constraints:
	rm -rf .venv-constraints
	$(PYTHON) -m venv .venv-constraints
	.venv-constraints/bin/python -m pip install --quiet --upgrade pip
	.venv-constraints/bin/python -m pip install --quiet -e '.[test]'
	{ sed -n '/^#/p' constraints.txt; .venv-constraints/bin/python -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf .venv-constraints
