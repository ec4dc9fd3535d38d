"""Which Python packages the engine needs, and which are missing or too old (no qgis import)."""
from __future__ import annotations

import importlib

#: module -> (minimum version, pip name)
REQUIREMENTS = {"numpy": ("1.21", "numpy"), "scipy": ("1.7", "scipy"), "shapely": ("2.0", "shapely"),
                "pyproj": ("3.0", "pyproj"), "osgeo": ("3.4", "GDAL")}


def version_tuple(text: str) -> tuple[int, ...]:
    out = []
    for part in str(text).split(".")[:3]:
        digits = "".join(ch for ch in part if ch.isdigit())
        out.append(int(digits) if digits else 0)
    return tuple(out)


def missing_dependencies() -> list[str]:
    """Packages the engine needs that are missing or too old, e.g. 'shapely >= 2.0 (found 1.8.5)'.

    numba is optional: without it the scipy solver gives the same results, more slowly."""
    missing = []
    for mod, (minimum, pip_name) in REQUIREMENTS.items():
        try:
            module = importlib.import_module(mod)
        except ImportError:
            missing.append(f"{pip_name} >= {minimum}")
            continue
        found = getattr(module, "__version__", "0")
        if version_tuple(found) < version_tuple(minimum):
            missing.append(f"{pip_name} >= {minimum} (found {found})")
    return missing
