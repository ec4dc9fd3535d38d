"""Validation of network travel times against published fastest scheduled rail times.

The model time of a pair is the shortest path between any station of the origin city and any
station of the destination city over the corridor network of a profile (rides plus, where a
journey changes mode, alighting and boarding through the city): in-vehicle time as timetables
report it, without access to the first station.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import kernel
from .model import Prepared


@dataclass
class PairResult:
    pair_id: str
    origin: str
    destination: str
    published_min: float
    model_min: float

    @property
    def ape(self) -> float:
        return abs(self.model_min - self.published_min) / self.published_min


def station_times(prepared: Prepared, place: str) -> np.ndarray:
    """Minutes from the stations of ``place`` to every node (cells and stations)."""
    net = prepared.network
    n = prepared.grid.size
    src = [n + j for j, (p, _m) in enumerate(net.stations) if p == place]
    if not src:
        raise KeyError(place)
    sol = kernel.solve_scipy(prepared.cost, prepared.grid.res, src, np.zeros(len(src)), net.edges,
                             backup=False) if not kernel.numba_available() else \
        kernel.solve_numba(prepared.cost, prepared.grid.res, src, np.zeros(len(src)), net.edges, backup=False)
    return sol.time


def compare(prepared: Prepared, table: Path | str, places_by_en: dict[str, str]) -> tuple[list[PairResult], list[str]]:
    """Model vs published for each row of ``table``; returns results and the pairs that were skipped."""
    net = prepared.network
    n = prepared.grid.size
    results, skipped = [], []
    cache: dict[str, np.ndarray] = {}
    with open(table, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        a = places_by_en.get(row["from_en"].strip().lower())
        b = places_by_en.get(row["to_en"].strip().lower())
        if a is None or b is None:
            skipped.append(f"{row['pair_id']}: city not in the gazetteer")
            continue
        try:
            if a not in cache:
                cache[a] = station_times(prepared, a)
        except KeyError:
            skipped.append(f"{row['pair_id']}: {a} has no station in this profile")
            continue
        dst = [n + j for j, (p, _m) in enumerate(net.stations) if p == b]
        if not dst:
            skipped.append(f"{row['pair_id']}: {b} has no station in this profile")
            continue
        t = float(np.min(cache[a][dst]))
        if not np.isfinite(t):
            skipped.append(f"{row['pair_id']}: not connected")
            continue
        results.append(PairResult(row["pair_id"], row["from_en"], row["to_en"], float(row["minutes"]), t))
    return results, skipped


def summary(results: list[PairResult]) -> dict:
    apes = np.array([r.ape for r in results])
    signed = np.array([(r.model_min - r.published_min) / r.published_min for r in results])
    return {"pairs": len(results), "median_ape": float(np.median(apes)) if len(apes) else float("nan"),
            "mean_ape": float(np.mean(apes)) if len(apes) else float("nan"),
            "median_signed": float(np.median(signed)) if len(signed) else float("nan"),
            "worst": sorted(results, key=lambda r: -r.ape)[:5]}
