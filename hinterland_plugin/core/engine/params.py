"""Parsing of user parameters (thresholds, ...) with messages meant for the user."""
from __future__ import annotations

import math

from ..errors import ParameterError

__all__ = ["ParameterError", "parse_thresholds"]

#: the longest threshold accepted (a week)
MAX_THRESHOLD_MIN = 7 * 24 * 60


def parse_thresholds(text: str | list | tuple, max_minutes: float = MAX_THRESHOLD_MIN) -> list[float]:
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
            raise ParameterError("threshold_nan", value=s) from exc
        if not math.isfinite(v) or v <= 0:
            raise ParameterError("threshold_positive", value=s)
        if v > max_minutes:
            raise ParameterError("threshold_week", value=s)
        out.append(v)
    if not out:
        raise ParameterError("threshold_none")
    return sorted(set(out))


def check_threshold(value: float) -> float:
    """One threshold (a number, not a list), with the same limits as ``parse_thresholds``."""
    return parse_thresholds([value])[0]
