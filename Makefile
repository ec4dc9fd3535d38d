# Hinterland — every target installs what it needs (scripts/bootstrap.sh is idempotent).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
OUT ?= out
# the Dask N-1 section at 1 km over every segment takes hours on 2 cores: a lighter default, override for the full run
BENCH_ARGS ?= --batch-res 2000 --batch-every 4
PROFILE_DIR ?=

export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1
# pyproj inside the venv looks for PROJ data under the venv prefix; point it at Debian's. Recursive (=), so it is
# decided when a recipe runs, after `setup` has installed PROJ on a fresh machine, not when make reads this file.
ifeq ($(origin PROJ_DATA),undefined)
export PROJ_DATA = $(if $(wildcard /usr/share/proj/proj.db),/usr/share/proj,)
endif

.PHONY: help setup data styles layout-template ts test test-core test-qgis package install demo qgis screenshot bench fuzz lint clean

help:
	@echo "make demo     - headless demo on the bundled data: layers + map into $(OUT)/"
	@echo "make test     - all tests (core with plain pytest, QGIS side with pytest-qgis/pytest-qt)"
	@echo "make qgis     - open real QGIS with the plugin installed in a throw-away profile"
	@echo "make package  - dist/hinterland_plugin.zip;  make install PROFILE_DIR=<QGIS profile dir>"
	@echo "make bench    - engine vs GRASS r.cost, scikit-image, scipy on the same input (times, memory, ratios)"
	@echo "make data     - rebuild resources/data/hinterland.gpkg from resources/data/src/*.csv"
	@echo "make styles   - regenerate resources/styles/*.qml;  make ts - pylupdate5 -> i18n/*.ts, lrelease -> .qm"

setup:
	@bash scripts/bootstrap.sh

data: setup
	$(PY) -m hinterland_build.data_build

styles: setup
	$(PY) scripts/make_styles.py

layout-template: setup
	$(PY) -c "import sys; sys.path.insert(0, '.'); from qgis.core import QgsApplication; a = QgsApplication([], False); a.initQgis(); from pathlib import Path; from hinterland_plugin.report import write_template; print(write_template(Path('resources/layouts/report_a4.qpt')))"

ts: setup
	$(PY) scripts/update_ts.py

test-core: setup
	$(PY) -m pytest tests/core -p no:pytest_qgis -p no:pytest-qt

test-qgis: setup
	$(PY) -m pytest tests/qgis

test: test-core test-qgis

package: setup
	$(PY) scripts/package.py zip

install: package
	@test -n "$(PROFILE_DIR)" || { echo "usage: make install PROFILE_DIR=~/.local/share/QGIS/QGIS3/profiles/default"; exit 2; }
	$(PY) scripts/package.py install --profile-dir "$(PROFILE_DIR)" --zip dist/hinterland_plugin.zip

demo: setup
	@test -f resources/data/hinterland.gpkg || $(PY) -m hinterland_build.data_build
	$(PY) scripts/demo.py --out $(OUT)

qgis: package
	bash scripts/run_qgis.sh

screenshot: package
	bash scripts/run_qgis.sh --screenshot docs/screenshot_strategic_layers.png
	bash scripts/run_qgis.sh --screenshot-dock docs/screenshot_dock.png
	bash scripts/run_qgis.sh --screenshot-scenario docs/screenshot_scenarios.png

bench: setup
	@command -v grass >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends grass-core >/dev/null; } || echo "GRASS GIS not installed: r.cost is skipped"
	@mkdir -p $(OUT)
	$(PY) scripts/bench.py --json $(OUT)/bench.json $(BENCH_ARGS)
	$(PY) scripts/bench_e2e.py --json $(OUT)/bench_e2e.json
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/qgis/bench_dock_rerun.py -s -q -p no:cacheprovider | grep DOCK_BENCH

fuzz: setup
	$(PY) scripts/fuzz.py --runs 100 --seed 1

lint: setup
	$(PY) -m ruff check hinterland_plugin hinterland_build scripts tests

clean:
	rm -rf dist $(OUT) .pytest_cache
