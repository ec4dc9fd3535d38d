"""Early-warning indicators: a value per indicator and a green / amber / red status.

Indicators are plain data (``resources/profiles/indicators.json`` or a user file / project entry):
``metric`` one of population_share_within, max_time_to, segment_loss_points; ``amber``/``red`` thresholds;
``direction`` low_is_bad or high_is_bad.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from ..errors import Cancelled, IndicatorError
from ..resources import resources_dir
from .scenarios import criticality, without_segments

DEFAULT_FILE = resources_dir() / "profiles" / "indicators.json"
METRICS = ("population_share_within", "max_time_to", "segment_loss_points")


@dataclass
class Status:
    id: str  # noqa: A003 - the indicator's id as in the JSON file
    name_zh: str
    name_en: str
    value: float
    status: str  #: green | amber | red


def _read_text(text_or_path) -> str:
    if text_or_path is None:
        return DEFAULT_FILE.read_text(encoding="utf-8-sig")
    if isinstance(text_or_path, Path) or (isinstance(text_or_path, str)
                                          and not text_or_path.lstrip("\ufeff \t\r\n").startswith("{")):
        try:
            return Path(text_or_path).read_text(encoding="utf-8-sig")  # a UTF-8 BOM is fine
        except UnicodeDecodeError as exc:
            raise IndicatorError("indicator_file", detail="the file is not UTF-8 text") from exc
        except OSError as exc:
            raise IndicatorError("indicator_file", detail=exc.strerror or str(exc)) from exc
    return str(text_or_path).lstrip("\ufeff")


def load_indicators(text_or_path=None) -> list[dict]:
    """Indicator definitions from JSON text or a file (default: the bundled file); refuses wrong shapes."""
    text = _read_text(text_or_path)
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise IndicatorError("indicator_file", detail=str(exc)) from exc
    items = doc.get("indicators") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise IndicatorError("indicator_file", detail="no list named 'indicators'")
    # observed indicators (values from a table) are hinterland:monitor's (core/engine/monitor.py): one file may hold both
    items = [it for it in items if not (isinstance(it, dict) and it.get("metric") == "observed")]
    if not items:
        raise IndicatorError("indicator_empty")
    for k, it in enumerate(items, start=1):
        if not isinstance(it, dict):
            raise IndicatorError("indicator_file", detail=f"entry {k} is not an object")
        for key in ("id", "metric", "direction", "amber", "red"):
            if key not in it:
                raise IndicatorError("indicator_field", index=str(it.get("id", k)), key=key)
        it.setdefault("name_zh", str(it["id"]))
        it.setdefault("name_en", str(it["id"]))
        if it["metric"] not in METRICS:
            raise IndicatorError("indicator_metric", id=it["id"], metric=it["metric"])
        if it["direction"] not in ("low_is_bad", "high_is_bad"):
            raise IndicatorError("indicator_direction", id=it["id"])
        for key in ("amber", "red") + (("minutes",) if it["metric"] != "max_time_to" else ()):
            if key not in it and key == "minutes":
                raise IndicatorError("indicator_field", index=str(it["id"]), key=key)
            if isinstance(it.get(key), bool) or not isinstance(it.get(key), (int, float)) \
                    or not np.isfinite(it[key]):
                raise IndicatorError("indicator_number", id=it["id"], key=key)
        if it["metric"] == "max_time_to" and not isinstance(it.get("layer"), str):
            raise IndicatorError("indicator_field", index=str(it["id"]), key="layer")
    return items


def classify(value: float, ind: dict) -> str:
    if not np.isfinite(value):
        return "red"
    if ind["direction"] == "low_is_bad":
        return "red" if value < ind["red"] else "amber" if value < ind["amber"] else "green"
    return "red" if value > ind["red"] else "amber" if value > ind["amber"] else "green"


def evaluate(indicators: list[dict], nearest: np.ndarray, cities, point_sets: dict,
             segment_loss: Callable[[float], float] | None = None) -> list[Status]:
    """``nearest``: minutes to the nearest centre per cell; ``cities``/``point_sets``: PointSets on the grid;
    ``segment_loss(minutes)`` returns the largest population-share drop (0..1) of one failed segment."""
    total = float(cities.weights.sum()) or 1.0
    out = []
    for ind in indicators:
        m = ind["metric"]
        if m == "population_share_within":
            t = cities.times(nearest)
            with np.errstate(invalid="ignore"):
                value = float(cities.weights[t <= ind["minutes"]].sum()) / total
        elif m == "max_time_to":
            pts = point_sets.get(ind["layer"])
            if pts is None:
                raise IndicatorError("indicator_layer", id=ind["id"], layer=ind["layer"])
            t = pts.times(nearest)
            value = float(np.max(np.where(np.isfinite(t), t, np.inf))) if len(t) else 0.0
        else:
            if segment_loss is None:
                raise IndicatorError("indicator_needs_n1", id=ind["id"])
            value = 100.0 * segment_loss(ind["minutes"])
        out.append(Status(ind["id"], ind["name_zh"], ind["name_en"], value, classify(value, ind)))
    return out


def format_value(row: dict) -> str:
    """An indicator value in its unit (``row`` has ``metric`` and ``value``): shares in %, times in minutes,
    coverage losses in percentage points; an unreachable point gives ∞."""
    v = row.get("value")
    if v is None:
        return ""
    v = float(v)
    metric = row.get("metric", "")
    if metric == "population_share_within":
        return f"{100 * v:.1f}%"
    if metric == "max_time_to":
        return f"{v:,.0f} min" if np.isfinite(v) and v < 1e8 else "∞"
    if metric == "segment_loss_points":
        return f"{v:.1f} pt"
    return f"{v:.3g}"


def _share_within(nearest: np.ndarray, people, minutes: float) -> float:
    total = float(people.weights.sum()) or 1.0
    t = people.times(nearest)
    with np.errstate(invalid="ignore"):
        return float(people.weights[t <= minutes].sum()) / total


def evaluate_scenarios(engine, prepared, centres, indicators: list[dict], scenarios: list[tuple[str, list[str]]],
                       people, point_sets: dict, cancel=None, progress=None, n1=None) -> list[dict]:
    """Every indicator for the baseline and each named scenario (label, disrupted segment ids).

    The N-1 indicator in a scenario is the coverage lost against the intact network when one more segment
    fails: (baseline share − scenario share) + the largest further drop of one segment in the scenario. It is
    never smaller than the baseline's value, so a disruption never turns it greener.
    Rows: scenario, id, name_zh, name_en, metric, value, status, amber, red, direction."""
    runs = [("baseline", prepared, [])] + [(label, without_segments(prepared, ids), ids) for label, ids in scenarios]
    base_nearest = engine.solve(prepared, centres, backup=False, cancel=cancel).time
    rows = []
    share = 100.0 / len(runs)
    for k, (label, prep, _ids) in enumerate(runs):
        if cancel is not None and cancel[0]:
            raise Cancelled()
        nearest = base_nearest if k == 0 else engine.solve(prep, centres, backup=False, cancel=cancel).time

        def loss(minutes, prep=prep, k=k, nearest=nearest):
            def step(p, k=k):
                if progress is not None:
                    progress(share * (k + p / 100.0))
            ranking = (n1 or criticality)(engine, prep, centres, minutes, people,  # n1: e.g. batch.criticality_batch
                                  cancel=(lambda: bool(cancel[0])) if cancel is not None else None, progress=step)
            total = float(people.weights.sum()) or 1.0
            further = max((s.pop_lost for s in ranking), default=0.0) / total
            already = _share_within(base_nearest, people, minutes) - _share_within(nearest, people, minutes)
            return max(0.0, already) + further

        for st in evaluate(indicators, nearest, people, point_sets, loss):
            ind = next(i for i in indicators if i["id"] == st.id)
            rows.append({"scenario": label, "id": st.id, "name_zh": st.name_zh, "name_en": st.name_en,
                         "metric": ind["metric"], "value": round(st.value, 4), "status": st.status,
                         "amber": float(ind["amber"]), "red": float(ind["red"]), "direction": ind["direction"]})
        if progress is not None:
            progress(share * (k + 1))
    return rows
