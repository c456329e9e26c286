# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench package screenshots clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,postgres]"
	@touch $(STAMP)

run: $(STAMP)
	$(PY) -m clinic_app $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check clinic_app tests database tools
	$(PY) -m mypy clinic_app

# Benchmarks (not part of `make test`): prints the figures against their goals and writes
# bench-results.json. Generated databases are cached in .bench-data/ (the first run builds them).
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -o addopts="--strict-markers" --timeout=3600 \
		tests/benchmarks -q -s $(PYTEST_ARGS)

# One-folder PyInstaller build in dist/stride-clinic/ (see packaging/). Installs the `package`
# extra (PyInstaller) into .venv when it is missing; prints the build time and folder size.
package: $(STAMP)
	@$(PY) -c "import PyInstaller" 2>/dev/null || $(PY) -m pip install --quiet -e ".[package]"
	@start=$$(date +%s); \
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build \
		packaging/stride-clinic.spec || exit 1; \
	echo "Built dist/stride-clinic/ in $$(( $$(date +%s) - start )) s; size $$(du -sh dist/stride-clinic | cut -f1)"

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m clinic_app.tools.screenshots docs/screenshots
	QT_QPA_PLATFORM=offscreen $(PY) -m clinic_app.tools.screenshots --pseudo build/pseudo-screens

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
