# Boston Civic QGIS. `make demo` installs what is missing, builds the data package and runs the
# analysis; `make test` runs the tests. Both are idempotent.
SHELL := /bin/bash
SYSTEM_PYTHON := /usr/bin/python3.11
VENV := .venv
PY := $(VENV)/bin/python
DATA := data/build/boston.gpkg
OUT := out
export QT_QPA_PLATFORM ?= offscreen
export XDG_RUNTIME_DIR ?= /tmp/runtime-$(shell id -u)

.PHONY: demo test data install system venv run bench package clean

demo: install data run

install: system venv

system:
	@scripts/install-system.sh

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt | system
	@test -x $(PY) || $(SYSTEM_PYTHON) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@$(PY) -c "import qgis.core, geopandas, statsmodels, mapclassify, numpy; \
	  print('venv ready: QGIS', qgis.core.Qgis.QGIS_VERSION, '| numpy', numpy.__version__)"
	@touch $@

data: $(DATA)

$(DATA): data/build.py data/manifest.json boston_civic_qgis/core/sources.py | $(VENV)/.installed
	$(PY) data/build.py --out $(DATA)

run: $(VENV)/.installed $(DATA)
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(PY) -m boston_civic_qgis run --out $(OUT) --atlas

test: install data
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(PY) -m pytest -q tests

bench: install data
	$(PY) bench/bench.py --sizes $(or $(SIZES),58251,280000,3000000,35000000)

package:
	$(PY) scripts/package.py

clean:
	rm -rf $(OUT) data/build dist
