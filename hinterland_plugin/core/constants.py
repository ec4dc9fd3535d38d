"""Names shared by core, the Processing provider and the GUI (no qgis import).

One place for the strings that several modules must agree on: bundled layer names, site sets, the
project-file scope and keys, layer custom properties, status colours and the WGS84 code.
"""
from __future__ import annotations

WGS84 = "EPSG:4326"

#: bundled point layers counted as "sites" in coverage and disruption tables
SITE_SETS = ("arsenal_sites", "computing_hubs", "hubs")

#: the project-file scope of every entry the plugin writes (QgsProject.writeEntry)
PROJECT_SCOPE = "hinterland"
PROJECT_KEY_CENTRES = "centres"
PROJECT_KEY_SCENARIOS = "scenarios"
PROJECT_KEY_INDICATORS = "indicators"
PROJECT_KEY_INDICATOR_RESULTS = "indicator_results"
PROJECT_KEY_RESULTS_FOLDER = "results_folder"

#: custom properties set on the layers the plugin adds
KIND_PROPERTY = "hinterland/kind"
RESULT_PROPERTY = "hinterland/result"
SCENARIO_PROPERTY = "hinterland/scenario"
THEME_PROPERTY = "hinterland/theme"

#: QgsSettings prefix of the dock
SETTINGS_PREFIX = "hinterland/dock/"

#: early-warning status colours (dock table and report)
STATUS_COLOURS = {"green": "#a6d96a", "amber": "#fdae61", "red": "#d7191c"}

#: the cell value that marks "cut off" in a minutes-added raster
CUT_OFF_MINUTES = 1e6

MINUTES_PER_DAY = 24 * 60
