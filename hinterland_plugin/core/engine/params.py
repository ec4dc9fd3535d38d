"""Parsing of user parameters (thresholds, ...) with messages meant for the user."""
from __future__ import annotations

import math


class ParameterError(ValueError):
    pass


def parse_thresholds(text: str | list | tuple, max_minutes: float = 7 * 24 * 60) -> list[float]:
    """'60, 120,180' -> [60.0, 120.0, 180.0]; refuses non-numbers, <= 0, duplicates, absurd values."""
    items = text if isinstance(text, (list, tuple)) else str(text or "").replace(";", ",").split(",")
    out: list[float] = []
    for raw in items:
        s = str(raw).strip()
        if not s:
            continue
        try:
            v = float(s)
        except ValueError as exc:
            raise ParameterError(f"threshold '{s}' is not a number of minutes") from exc
        if not math.isfinite(v) or v <= 0:
            raise ParameterError(f"threshold {s} must be a positive number of minutes")
        if v > max_minutes:
            raise ParameterError(f"threshold {s} min is longer than a week")
        out.append(v)
    if not out:
        raise ParameterError("give at least one threshold in minutes, e.g. 60,120,180,240")
    return sorted(set(out))
