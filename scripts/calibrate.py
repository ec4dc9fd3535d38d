"""Calibrate the few global travel parameters on half of the published pairs, report on the other half.

    .venv/bin/python scripts/calibrate.py [--road] [--rail] [--resolution 5000] [--check-resolution 2000]

Road (``tests/data/road_times.csv``, door to door over the ``road`` profile): the off-network land
speed, the factor on every road class speed and the access minutes at interchanges are chosen by
exhaustive search on a small grid of values. Rail (``tests/data/rail_times.csv``, station to
station over the ``rail`` profile): ``schedule_factor`` and ``stop_min`` (hsr and rail together).

The split is ``validation.halves`` (ids ranked by a hash, alternately fit / check: blind to the times). The
score minimised on the fit half is median APE + 0.5 x P90 APE. Nothing is tuned per pair. The script
prints the fitted values and both halves' figures; copy the values into resources/profiles/profiles.toml.
Deterministic: same tables, data and grids give the same output.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hinterland_build.data_build import DEFAULT_DEM, DEFAULT_OUTPUT, SRC_DIR  # noqa: E402
from hinterland_plugin.core.engine import validation as v  # noqa: E402
from hinterland_plugin.core.engine.friction import dem_on_grid  # noqa: E402
from hinterland_plugin.core.engine.model import Engine  # noqa: E402

TESTS_DATA = Path(__file__).resolve().parents[1] / "tests" / "data"

ROAD_GRID = {
    "land_speed_kmh": [30.0, 35.0, 40.0, 45.0, 50.0, 55.0, 60.0],
    "speed_factor": [1.0, 1.05, 1.1, 1.15, 1.2],
    "access_min": [0.0, 3.0, 6.0],
}
RAIL_GRID = {
    "schedule_factor": [0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0],
    "stop_min": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
}


def _fmt(s: dict) -> str:
    return (f"n={s['pairs']:2d}  median APE {100 * s['median_ape']:5.1f} %  P90 {100 * s['p90_ape']:5.1f} %  "
            f"mean {100 * s['mean_ape']:5.1f} %  median signed {100 * s['median_signed']:+5.1f} %")


def report(results: list[v.PairResult], label: str, every: bool = False) -> None:
    parts = v.split_summary(results, v.halves(r.pair_id for r in results))
    print(f"  {label}")
    for half in ("fit", "check", "all"):
        print(f"    {half:5s} {_fmt(parts[half])}")
    print("    worst (check half):")
    for r in parts["check"]["worst"]:
        print(f"      {r.pair_id:24s} {r.origin}–{r.destination}: model {r.model_min:6.0f} min, "
              f"published {r.published_min:6.0f} min ({100 * r.signed:+.0f} %)")
    if every:
        split = v.halves(r.pair_id for r in results)
        for r in sorted(results, key=lambda r: r.signed):
            print(f"      {split[r.pair_id]:5s} {r.pair_id:24s} {r.origin}–{r.destination}: model {r.model_min:6.0f}, "
                  f"published {r.published_min:6.0f} ({100 * r.signed:+.0f} %)")
    print("    worst (fit half):")
    for r in parts["fit"]["worst"][:3]:
        print(f"      {r.pair_id:24s} {r.origin}–{r.destination}: model {r.model_min:6.0f} min, "
              f"published {r.published_min:6.0f} min ({100 * r.signed:+.0f} %)")


def calibrate_road(eng: Engine, table: Path, src: Path, res: float, check_res: float | None) -> dict:
    xy, names = v.gazetteer(src)
    rows = v.read_pairs(table)
    split = v.halves(r["pair_id"] for r in rows)
    fit_rows = [r for r in rows if split[r["pair_id"]] == "fit"]
    t0 = time.perf_counter()
    base = eng.prepare("road", res)
    dem = dem_on_grid(base.grid, eng.dem) if eng.dem else None
    segments = eng._segments(base.grid)
    print(f"road: {len(rows)} pairs, {len(fit_rows)} in the fit half; grid {res / 1000:g} km "
          f"({base.grid.size / 1e6:.2f} M cells, {base.network.n_extra} network nodes), prepared in "
          f"{time.perf_counter() - t0:.1f} s")

    def evaluate(land_speed_kmh, speed_factor, access_min, which=fit_rows, prep_base=base, dem_=dem, segs=segments):
        prof = v.with_road_params(base.profile, land_speed_kmh, speed_factor, access_min)
        res_, skipped = v.compare_door_to_door(v.reprepare(prep_base, prof, dem_, segs), table, xy, names, which)
        if skipped:
            print("    skipped:", "; ".join(skipped))
        return res_

    t0 = time.perf_counter()
    best, score, tried = v.grid_search(evaluate, ROAD_GRID)
    print(f"  searched {len(tried)} combinations in {time.perf_counter() - t0:.0f} s; "
          f"best score {score:.3f}: {best}")
    for land in ROAD_GRID["land_speed_kmh"]:  # sensitivity: the best score at each land speed
        sc, prm = min((t[1], t[0]) for t in tried if t[0]["land_speed_kmh"] == land)
        print(f"    land {land:4.0f} km/h: best fit-half score {sc:.3f} at speed_factor {prm['speed_factor']:.2f}, "
              f"access {prm['access_min']:.0f} min")
    print(f"  prior (profiles.toml as it is): {v.summary(evaluate(base.profile.land_speed_kmh, base.profile.modes[0].speed_factor, base.profile.modes[0].board_min, rows))['median_ape']:.3f} median APE, all pairs")
    report(evaluate(**best, which=rows), f"fitted, {res / 1000:g} km grid", every=True)
    if check_res:
        fine = eng.prepare("road", check_res)
        fdem = dem_on_grid(fine.grid, eng.dem) if eng.dem else None
        report(evaluate(**best, which=rows, prep_base=fine, dem_=fdem, segs=eng._segments(fine.grid)),
               f"same values, {check_res / 1000:g} km grid")
    return best


def calibrate_rail(eng: Engine, table: Path, src: Path) -> dict:
    _, names = v.gazetteer(src)
    by_en = {k: val for k, val in names.items() if k.isascii()}
    base = eng.prepare("rail", 20000.0)  # station-to-station times do not depend on the grid
    segments = eng._segments(base.grid)
    rows = v.read_pairs(table)
    split = v.halves(r["pair_id"] for r in rows)
    fit_ids = {p for p, h in split.items() if h == "fit"}
    print(f"rail: {len(rows)} pairs, {len(fit_ids)} in the fit half")
    cache: dict = {}

    def evaluate(schedule_factor, stop_min, fit_only=True):
        key = (schedule_factor, stop_min)
        if key not in cache:
            prep = v.reprepare(base, v.with_rail_params(base.profile, schedule_factor, stop_min), None, segments)
            res_, skipped = v.compare(prep, table, by_en)
            if skipped:
                print("    skipped:", "; ".join(skipped))
            cache[key] = res_
        return [r for r in cache[key] if r.pair_id in fit_ids] if fit_only else cache[key]

    best, score, tried = v.grid_search(evaluate, RAIL_GRID)
    print(f"  searched {len(tried)} combinations; best score {score:.3f}: {best}")
    report(evaluate(**best, fit_only=False), "fitted")
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--road", action="store_true")
    ap.add_argument("--rail", action="store_true")
    ap.add_argument("--resolution", type=float, default=5000.0)
    ap.add_argument("--check-resolution", type=float, default=None, help="also report the fitted road values here")
    ap.add_argument("--gpkg", type=Path, default=DEFAULT_OUTPUT)
    ap.add_argument("--src", type=Path, default=SRC_DIR, help="places_*.csv for the city names")
    ap.add_argument("--road-table", type=Path, default=TESTS_DATA / "road_times.csv")
    ap.add_argument("--rail-table", type=Path, default=TESTS_DATA / "rail_times.csv")
    args = ap.parse_args(argv)
    both = not (args.road or args.rail)
    eng = Engine(args.gpkg, DEFAULT_DEM)
    if args.road or both:
        calibrate_road(eng, args.road_table, args.src, args.resolution, args.check_resolution)
    if args.rail or both:
        calibrate_rail(eng, args.rail_table, args.src)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
