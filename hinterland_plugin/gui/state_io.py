"""Reading the plugin's project entries back (damaged entries dropped) and turning the dock's own-data choice
(layer ids and field names, as stored in the project) into the Processing parameters every algorithm takes."""
from __future__ import annotations

import json

from qgis.core import QgsProject

from ..core.constants import PROJECT_SCOPE

PROJECT_KEY_INPUTS = "inputs"
_LIST_KEYS = ("NETWORK", "SITES")  # multiple-layer parameters
_LAYER_KEYS = ("STUDY_AREA", "NETWORK", "FRICTION", "POPULATION", "POPULATION_POLYGONS", "SITES")


def scenarios_entry(data) -> dict:
    """Stored scenarios as {name: {"ids": [...], "rows": [...]}}; damaged entries are dropped."""
    if not isinstance(data, dict):
        return {}
    out = {}
    for name, scn in data.items():
        if isinstance(scn, dict) and isinstance(scn.get("ids", []), list) and isinstance(scn.get("rows", []), list):
            out[str(name)] = {"ids": [str(i) for i in scn.get("ids", [])],
                              "rows": [r for r in scn.get("rows", []) if isinstance(r, dict) and "threshold_min" in r]}
    return out


def json_entry(project: QgsProject, key: str, default):
    text, ok = project.readEntry(PROJECT_SCOPE, key, "")
    try:
        return json.loads(text) if ok and text else default
    except ValueError:
        return default


def inputs_entry(data) -> dict:
    """The stored own-data choice: only str / number values, lists of layer ids for NETWORK and SITES (a single
    id, as older projects stored it, becomes a list of one)."""
    if not isinstance(data, dict):
        return {}
    out = {}
    for k, v in data.items():
        if str(k) in _LIST_KEYS:
            ids = [v] if isinstance(v, str) else v if isinstance(v, list) else []
            ids = [str(i) for i in ids if isinstance(i, str) and i]
            if ids:
                out[str(k)] = ids
        elif isinstance(v, (str, int, float)) and v != "":
            out[str(k)] = v
    return out


def input_parameters(inputs: dict, project: QgsProject | None = None) -> dict:
    """Processing values of the own-data choice: layers of the project (lists for NETWORK / SITES); a layer no
    longer in the project is left out, and with the last of them the fields that belong to it."""
    project = project or QgsProject.instance()
    out = {}
    for key, value in inputs.items():
        if key in _LIST_KEYS:
            layers = [lyr for lyr in (project.mapLayer(str(i)) for i in value) if lyr is not None]
            if layers:
                out[key] = layers
        elif key in _LAYER_KEYS:
            layer = project.mapLayer(str(value))
            if layer is not None:
                out[key] = layer
        else:
            out[key] = value
    owners = {"NETWORK_": "NETWORK", "POPULATION_FIELD": "POPULATION_POLYGONS", "SITE_": "SITES",
              "FRICTION_UNITS": "FRICTION"}
    for prefix, owner in owners.items():
        if owner not in out:
            for key in [k for k in out if k.startswith(prefix)]:
                del out[key]
    return out
