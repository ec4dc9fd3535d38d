"""Where the plugin's files are, in the repository layout and in the installed layout (no qgis import).

Repository:  <repo>/hinterland_plugin/  <repo>/resources/  <repo>/i18n/  <repo>/metadata.txt
Installed:   <plugins>/hinterland_plugin/{resources,i18n,metadata.txt}  (made by ``make package``)

No ``qgis`` import here, so core code and scripts can use it too.
"""
from __future__ import annotations

import configparser
import os
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _first_existing(*candidates: Path) -> Path:
    for cand in candidates:
        if cand.exists():
            return cand
    return candidates[0]


def plugin_root() -> Path:
    """The folder that holds ``metadata.txt``: the package itself once installed, else the repo."""
    if (PACKAGE_DIR / "metadata.txt").exists():
        return PACKAGE_DIR
    return PACKAGE_DIR.parent


def resources_dir() -> Path:
    return _first_existing(PACKAGE_DIR / "resources", PACKAGE_DIR.parent / "resources")


def i18n_dir() -> Path:
    return _first_existing(PACKAGE_DIR / "i18n", PACKAGE_DIR.parent / "i18n")


def data_path(name: str = "hinterland.gpkg") -> Path:
    return resources_dir() / "data" / name


def style_path(key: str) -> Path:
    return resources_dir() / "styles" / f"{key}.qml"


def icon_path(name: str = "hinterland.svg") -> Path:
    return resources_dir() / "icons" / name


@lru_cache(maxsize=1)
def metadata() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(plugin_root() / "metadata.txt", encoding="utf-8")
    return dict(parser["general"]) if parser.has_section("general") else {}


def cache_dir() -> Path:
    """Where prepared grids, compiled kernels and other caches live: ``$HINTERLAND_CACHE_DIR``, else the user's
    cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``, ``%LOCALAPPDATA%`` on Windows) + ``hinterland``.
    Never inside the plugin folder (it may be read-only, and a reinstall must not carry stale caches)."""
    env = os.environ.get("HINTERLAND_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA") or str(Path.home() / ".cache")
    return Path(base) / "hinterland"
