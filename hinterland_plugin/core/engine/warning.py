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

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "resources" / "profiles" / "indicators.json"
if not DEFAULT_FILE.exists():  # repository layout
    DEFAULT_FILE = Path(__file__).resolve().parents[3] / "resources" / "profiles" / "indicators.json"
METRICS = ("population_share_within", "max_time_to", "segment_loss_points")


class IndicatorError(ValueError):
    pass


@dataclass
class Status:
    id: str
    name_zh: str
    name_en: str
    value: float
    status: str  #: green | amber | red


def load_indicators(text_or_path=None) -> list[dict]:
    if text_or_path is None:
        text = DEFAULT_FILE.read_text(encoding="utf-8")
    elif isinstance(text_or_path, Path) or (isinstance(text_or_path, str) and not text_or_path.lstrip().startswith("{")):
        text = Path(text_or_path).read_text(encoding="utf-8")
    else:
        text = text_or_path
    try:
        items = json.loads(text)["indicators"]
    except (ValueError, KeyError, TypeError) as exc:
        raise IndicatorError(f"not an indicator file: {exc}") from exc
    for it in items:
        if it.get("metric") not in METRICS:
            raise IndicatorError(f"indicator {it.get('id')}: unknown metric {it.get('metric')!r}")
        if it.get("direction") not in ("low_is_bad", "high_is_bad"):
            raise IndicatorError(f"indicator {it.get('id')}: direction must be low_is_bad or high_is_bad")
        for key in ("amber", "red"):
            if not isinstance(it.get(key), (int, float)):
                raise IndicatorError(f"indicator {it.get('id')}: '{key}' must be a number")
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
                raise IndicatorError(f"indicator {ind['id']}: unknown layer {ind['layer']!r}")
            t = pts.times(nearest)
            value = float(np.max(np.where(np.isfinite(t), t, np.inf))) if len(t) else 0.0
        else:
            if segment_loss is None:
                raise IndicatorError(f"indicator {ind['id']}: needs the N-1 analysis")
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
