"""Build-time tools of Hinterland (not shipped with the plugin): the deterministic GeoPackage build from the
curated text tables (``python -m hinterland_build.data_build``, ``make data``)."""
