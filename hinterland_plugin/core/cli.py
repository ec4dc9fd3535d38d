"""The command line of the Hinterland core: ``hinterland <subcommand>`` or ``python -m hinterland_plugin.core``.

Runs the engine without QGIS on files (points and polygons as GeoJSON / GeoPackage / Shapefile / CSV, any CRS;
rasters out as GeoTIFF, tables as CSV), in this process or on a Dask cluster (``--scheduler``). Errors are one
line on stderr and exit code 2; Ctrl-C cancels (the cluster work too) with exit code 130.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Sequence

import numpy as np
import shapely
from osgeo import ogr, osr
from pyproj import CRS, Transformer

from .batch import (
    HAZARD_COLUMNS,
    SCHEDULER_HELP,
    SEGMENT_STAT_COLUMNS,
    BatchError,
    Scheduler,
    candidate_columns,
    coverage_sets,
    criticality_batch,
    hazard_ensemble,
    optional_module,
    segments_crossing_each,
)
from .catalog import ALBERS_CHINA_WKT
from .constants import SITE_SETS
from .engine.grid import check_resolution
from .engine.model import Centre, Engine, bundled_points
from .engine.outputs import write_geotiff
from .engine.params import parse_thresholds
from .engine.profiles import load_profiles
from .engine.siting import choose
from .errors import Cancelled, EngineError, HinterlandError
from .gpkg import read_layer
from .resources import data_path

PROG = "hinterland"
NAME_FIELDS = ("name", "name_en", "name_zh", "NAME", "Name", "id")
EPILOG = """examples (centres.geojson: points in any CRS with a 'name' field):
  hinterland solve --centres centres.geojson --output-time time.tif --resolution 5000
  hinterland criticality --centres centres.geojson --threshold 180 --output n1.csv --scheduler local:2
  hinterland scenarios --centres centres.geojson --hazards floods.gpkg --output floods.csv \\
      --output-segments floods_segments.csv
  hinterland coverage --centres setA.geojson --centres setB.geojson --thresholds 60,120,180 --output cov.csv
  hinterland siting --centres centres.geojson -k 2 --objective coverage --output chosen.csv
Run 'hinterland <subcommand> --help' for the options of one subcommand."""


class CliError(HinterlandError):
    """A command-line input that cannot be used (file, field, option)."""


# ============================================================================ terminal
class Progress:
    """A progress bar on stderr: tqdm when installed, else a plain text bar; silent when stderr is not a
    terminal (or with --quiet), so logs and pipes stay clean."""

    def __init__(self, label: str, quiet: bool = False):
        self.label = label
        self.on = not quiet and sys.stderr.isatty()
        self._bar = None
        self._last = -1

    def __call__(self, done: float, total: float) -> None:
        if not self.on:
            return
        tq = optional_module("tqdm")
        if tq is not None:
            if self._bar is None:
                self._bar = tq.tqdm(total=total, desc=self.label, file=sys.stderr, leave=True)
            self._bar.update(done - self._bar.n)
            return
        pct = int(100 * done / max(total, 1))
        if pct != self._last:
            self._last = pct
            filled = pct * 30 // 100
            sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {pct:3d}%")
            if pct >= 100:
                sys.stderr.write("\n")
            sys.stderr.flush()

    def percent(self, p: float) -> None:
        self(p, 100.0)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def info(args, text: str) -> None:
    if not getattr(args, "quiet", False):
        print(text, file=sys.stderr)


# ============================================================================ inputs
def _transformer(srs_wkt: str | None, crs_option: str | None, path: Path) -> Transformer:
    if crs_option:
        src = CRS.from_user_input(crs_option)
    elif srs_wkt:
        src = CRS.from_wkt(srs_wkt)
    else:
        raise CliError(f"{path} has no coordinate reference system: give it with --crs (e.g. --crs EPSG:4326)")
    return Transformer.from_crs(src, CRS.from_wkt(ALBERS_CHINA_WKT), always_xy=True)


def read_features(path: Path | str, layer: str | None = None, crs: str | None = None):
    """(attributes, shapely geometry in China Albers) of every feature of a vector file (OGR: GeoJSON, GPKG,
    Shapefile...). A CSV is read as points from lon/lat (or longitude/latitude, x/y) columns."""
    path = Path(path)
    if not path.exists():
        raise CliError(f"the file {path} does not exist")
    if path.suffix.lower() in (".csv", ".txt"):
        return _csv_points(path, crs)
    ds = ogr.Open(str(path), 0)
    if ds is None:
        raise CliError(f"{path} is not a vector file OGR can read (GeoJSON, GeoPackage, Shapefile, CSV)")
    lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    if lyr is None:
        raise CliError(f"{path} has no layer '{layer}'")
    srs = lyr.GetSpatialRef()
    if srs is not None:
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    tr = _transformer(srs.ExportToWkt() if srs is not None else None, crs, path)
    out = []
    for feat in lyr:
        g = feat.GetGeometryRef()
        if g is None or g.IsEmpty():
            continue
        g = g.Clone()
        g.FlattenTo2D()
        shp = shapely.from_wkb(bytes(g.ExportToWkb()))
        out.append((feat.items(), _to_albers(shp, tr)))
    return out


def _to_albers(shp, tr: Transformer):
    return shapely.transform(shp, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def _csv_points(path: Path, crs: str | None):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        raise CliError(f"{path} has no rows")
    cols = {c.lower(): c for c in rows[0]}
    pair = next(((cols[a], cols[b]) for a, b in (("lon", "lat"), ("longitude", "latitude"), ("x", "y"))
                 if a in cols and b in cols), None)
    if pair is None:
        raise CliError(f"{path}: needs columns lon,lat (WGS84) or x,y (with --crs)")
    tr = _transformer(None, crs or "EPSG:4326", path)
    out = []
    for k, r in enumerate(rows, start=2):
        try:
            x, y = float(r[pair[0]]), float(r[pair[1]])
        except (TypeError, ValueError) as exc:
            raise CliError(f"{path} line {k}: '{r[pair[0]]}', '{r[pair[1]]}' are not coordinates") from exc
        out.append((r, shapely.Point(*tr.transform(x, y))))
    return out


def _field(rows, wanted: str | None, path, candidates=NAME_FIELDS) -> str | None:
    keys = set(rows[0][0]) if rows else set()
    if wanted:
        if wanted not in keys:
            raise CliError(f"{path} has no field '{wanted}' (fields: {', '.join(sorted(keys)) or 'none'})")
        return wanted
    return next((f for f in candidates if f in keys), None)


def read_centres(path, name_field=None, delay_field=None, layer=None, crs=None, set_field=None):
    """Centres from a point file; with ``set_field`` a dict set name -> centres."""
    rows = read_features(path, layer, crs)
    if not rows:
        raise CliError(f"{path} has no points")
    nf = _field(rows, name_field, path)
    df = _field(rows, delay_field, path, ()) if delay_field else None
    sf = _field(rows, set_field, path, ()) if set_field else None
    sets: dict[str, list[Centre]] = {}
    for k, (attrs, geom) in enumerate(rows):
        if geom.geom_type not in ("Point", "MultiPoint"):
            raise CliError(f"{path}: centres must be points, not {geom.geom_type}")
        name = str(attrs.get(nf) if nf and attrs.get(nf) not in (None, "") else k + 1)
        delay = 0.0
        if df and attrs.get(df) not in (None, ""):
            try:
                delay = float(attrs[df])
            except (TypeError, ValueError) as exc:
                raise CliError(f"centre '{name}': the delay '{attrs[df]}' is not a number of minutes") from exc
        parts = list(geom.geoms) if geom.geom_type == "MultiPoint" else [geom]
        for j, p in enumerate(parts):
            label = name if len(parts) == 1 else f"{name}/{j + 1}"
            sets.setdefault(str(attrs.get(sf)) if sf else "", []).append(Centre(label, p.x, p.y, delay))
    return sets if sf else sets[""]


def read_disruptions(path) -> list[tuple[str, list[str]]]:
    """Named disruptions: CSV (columns scenario|name, segments: ids separated by ',' ';' or spaces) or JSON
    ({"name": [ids]} or [{"name": ..., "segments": [...]}])."""
    path = Path(path)
    if not path.exists():
        raise CliError(f"the file {path} does not exist")

    def ids(value) -> list[str]:
        if isinstance(value, str):
            value = value.replace(";", ",").replace(" ", ",").split(",")
        return [str(v).strip() for v in value if str(v).strip()]

    if path.suffix.lower() == ".json":
        try:
            doc = json.loads(path.read_text(encoding="utf-8-sig"))
        except ValueError as exc:
            raise CliError(f"{path} is not valid JSON: {exc}") from exc
        if isinstance(doc, dict):
            return [(str(k), ids(v)) for k, v in doc.items()]
        if isinstance(doc, list) and all(isinstance(d, dict) for d in doc):
            return [(str(d.get("name") or d.get("scenario") or k + 1), ids(d.get("segments", [])))
                    for k, d in enumerate(doc)]
        raise CliError(f"{path}: expected {{\"name\": [segment ids]}} or a list of {{\"name\", \"segments\"}}")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        raise CliError(f"{path} has no rows")
    cols = {c.lower(): c for c in rows[0]}
    name_col = cols.get("scenario") or cols.get("name")
    seg_col = cols.get("segments") or cols.get("segment_ids") or cols.get("segment_id")
    if not (name_col and seg_col):
        raise CliError(f"{path}: needs columns 'scenario' (or 'name') and 'segments'")
    out: dict[str, list[str]] = {}
    for r in rows:  # several rows of the same scenario add up
        out.setdefault(str(r[name_col]), []).extend(ids(r[seg_col] or ""))
    return list(out.items())


# ============================================================================ outputs
def write_csv(path, rows: Sequence[dict], columns: Sequence[str]) -> Path:
    """A CSV written to a temporary file and renamed: an interrupted run leaves no half-written table."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".partial")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# ============================================================================ subcommands
def _engine(args):
    dem = None if str(args.dem).lower() == "none" else args.dem
    return Engine(args.data, dem)


def _prepare(args, engine):
    check_resolution(args.resolution)  # refused before any message or work
    available = load_profiles(engine.profiles)
    if args.profile not in available:
        raise EngineError("unknown_profile", name=args.profile, available=", ".join(sorted(available)))
    info(args, f"preparing the {args.profile} grid at {args.resolution:g} m (cached after the first run)…")
    prep = engine.prepare(args.profile, args.resolution, knight=args.knight)
    info(args, f"{prep.grid.nrows} x {prep.grid.ncols} cells, {int(prep.land.sum())} land cells, "
               f"{prep.network.n_extra} network nodes")
    return prep


def _centres(args):
    return read_centres(args.centres[0] if isinstance(args.centres, list) else args.centres, args.name_field,
                        args.delay_field, args.layer, args.crs)


def cmd_solve(args) -> int:
    if not (args.output_time or args.output_allocation or args.output_backup):
        raise CliError("give at least one of --output-time, --output-allocation, --output-backup")
    centres = _centres(args)
    engine = _engine(args)
    prep = _prepare(args, engine)
    res = engine.solve(prep, centres, backup=bool(args.output_backup))
    if args.output_time:
        info(args, f"wrote {write_geotiff(args.output_time, res.time, prep.grid)}")
    if args.output_allocation:
        info(args, f"wrote {write_geotiff(args.output_allocation, res.allocation, prep.grid, nodata=-1)}")
    if args.output_backup:
        info(args, f"wrote {write_geotiff(args.output_backup, res.backup, prep.grid)}")
    reached = np.isfinite(res.time)
    info(args, f"{len(res.centres)} centres; {reached.sum()} of {int(prep.land.sum())} land cells reached; "
               f"median {np.nanmedian(res.time):.0f} min")
    return 0


def _segment_attrs(engine) -> dict[str, dict]:
    return {a["segment_id"]: a for a, _g in read_layer(engine.gpkg, "corridor_segments")}


def cmd_criticality(args) -> int:
    centres = _centres(args)
    engine = _engine(args)
    prep = _prepare(args, engine)
    cities = engine.people(prep)
    attrs = _segment_attrs(engine)
    modes = {m.strip() for m in (args.modes or "").split(",") if m.strip()}
    only = [s for s, a in attrs.items() if a.get("mode") in modes] if modes else None
    bar = Progress("N-1", args.quiet)
    try:
        with Scheduler(args.scheduler) as sched:
            ranking = criticality_batch(engine, prep, centres, args.threshold, cities, progress=bar.percent,
                                        only=only, scheduler=sched)
    finally:
        bar.close()
    rows = [{"rank": k, "segment_id": s.segment_id, "corridor_id": attrs.get(s.segment_id, {}).get("corridor_id"),
             "name_zh": attrs.get(s.segment_id, {}).get("name_zh"), "name_en": attrs.get(s.segment_id, {}).get("name_en"),
             "mode": attrs.get(s.segment_id, {}).get("mode"), "pop_minutes": s.pop_minutes,
             "population_lost": s.pop_lost, "solved": int(s.resolved)} for k, s in enumerate(ranking, start=1)]
    write_csv(args.output, rows, list(rows[0]) if rows else ["rank", "segment_id"])
    info(args, f"wrote {args.output}: {len(rows)} segments ranked, {sum(r['solved'] for r in rows)} re-solved")
    return 0


def _hazard_input(args):
    """Named disruptions [(name, ids)] or hazard polygons [(name, polygon)], read before any work starts."""
    if bool(args.hazards) == bool(args.disruptions):
        raise CliError("give either --hazards (a polygon file) or --disruptions (a CSV/JSON file of named disruptions)")
    if args.disruptions:
        return read_disruptions(args.disruptions), None
    feats = read_features(args.hazards, args.hazard_layer, args.crs)
    polys = [(a, g) for a, g in feats if g.geom_type in ("Polygon", "MultiPolygon")]
    if not polys:
        raise CliError(f"{args.hazards} has no polygon features: one hazard per polygon is expected")
    nf = _field(polys, args.hazard_name_field, args.hazards)
    names = [str(a.get(nf)) if nf and a.get(nf) not in (None, "") else f"hazard {k + 1}" for k, (a, _g) in enumerate(polys)]
    return None, list(zip(names, [g for _a, g in polys]))


def cmd_scenarios(args) -> int:
    centres = _centres(args)
    hazards, polygons = _hazard_input(args)
    engine = _engine(args)
    prep = _prepare(args, engine)
    if polygons is not None:
        hazards = list(zip([n for n, _g in polygons], segments_crossing_each(prep, engine, [g for _n, g in polygons])))
    cities = engine.people(prep)
    bar = Progress("scenarios", args.quiet)
    try:
        with Scheduler(args.scheduler) as sched:
            res = hazard_ensemble(engine, prep, centres, hazards, args.threshold, cities, scheduler=sched,
                                  progress=bar, deltas=bool(args.delta_dir))
    finally:
        bar.close()
    write_csv(args.output, res.rows, [c for c, _ in HAZARD_COLUMNS])
    info(args, f"wrote {args.output}: {len(res.rows)} scenarios")
    if args.output_segments:
        write_csv(args.output_segments, res.segments, [c for c, _ in SEGMENT_STAT_COLUMNS])
        info(args, f"wrote {args.output_segments}: {len(res.segments)} segments cut by at least one scenario")
    if args.delta_dir:
        for k, (row, delta) in enumerate(zip(res.rows, res.deltas), start=1):
            if delta is not None:
                safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in row["hazard"])[:60]
                write_geotiff(Path(args.delta_dir) / f"{k:04d}_{safe}.tif", delta, prep.grid)
        info(args, f"wrote the minutes-added rasters into {args.delta_dir} (1,000,000 = cut off)")
    return 0


def cmd_coverage(args) -> int:
    if args.set_field:
        if len(args.centres) != 1:
            raise CliError("--set-field splits one --centres file into sets: give one file")
        sets = list(read_centres(args.centres[0], args.name_field, args.delay_field, args.layer, args.crs,
                                 args.set_field).items())
    else:
        sets = [(Path(p).stem, read_centres(p, args.name_field, args.delay_field, args.layer, args.crs))
                for p in args.centres]
    thresholds = parse_thresholds(args.thresholds)
    engine = _engine(args)
    prep = _prepare(args, engine)
    cities = engine.people(prep)
    sites = {k: bundled_points(engine, prep, k) for k in SITE_SETS}
    bar = Progress("coverage", args.quiet)
    try:
        with Scheduler(args.scheduler) as sched:
            rows = coverage_sets(engine, prep, sets, thresholds, cities, sites, scheduler=sched, progress=bar)
    finally:
        bar.close()
    cols = list(dict.fromkeys(k for r in rows for k in r))
    write_csv(args.output, rows, cols)
    info(args, f"wrote {args.output}: {len(sets)} centre sets x {len(thresholds)} thresholds")
    return 0


def cmd_siting(args) -> int:
    existing = _centres(args)
    engine = _engine(args)
    prep = _prepare(args, engine)
    if args.candidates:
        candidates = read_centres(args.candidates, args.candidate_name_field, None, None, args.crs)
    else:
        candidates = read_centres(engine.gpkg, "name_en", None, "candidate_centres")
    cities = engine.people(prep)
    bar = Progress("candidates", args.quiet)
    try:
        with Scheduler(args.scheduler) as sched:
            base, cand, usable = candidate_columns(engine, prep, existing, candidates, cities, scheduler=sched,
                                                   progress=bar, warn=lambda t: info(args, f"warning: {t}"))
    finally:
        bar.close()
    if not 1 <= args.k <= len(usable):
        raise CliError(f"-k {args.k}: must be between 1 and the number of usable candidates ({len(usable)})")
    res = choose(base, cand, cities.weights, args.k, args.objective, args.threshold)
    to_ll = Transformer.from_crs(CRS.from_wkt(ALBERS_CHINA_WKT), "EPSG:4326", always_xy=True)
    rows = []
    for rank, j in enumerate(res.chosen, start=1):
        c = usable[j]
        lon, lat = to_ll.transform(c.x, c.y)
        rows.append({"rank": rank, "name": c.name, "lon": round(lon, 6), "lat": round(lat, 6),
                     "objective": args.objective, "value_after": res.objective, "value_before": res.baseline,
                     "method": res.method})
    write_csv(args.output, rows, list(rows[0]))
    info(args, f"wrote {args.output}: {res.method}; {args.objective} {res.baseline:,.0f} -> {res.objective:,.0f}")
    return 0


# ============================================================================ parser
class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit code 2 (argparse's own convention too)
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _common(p: argparse.ArgumentParser, centres: bool = True) -> None:
    g = p.add_argument_group("data and grid")
    g.add_argument("--data", type=Path, default=data_path(), metavar="GPKG",
                   help="the Hinterland GeoPackage (default: the bundled one)")
    g.add_argument("--dem", default=str(data_path("dem_china.tif")), metavar="TIF",
                   help="elevation model for the slope/altitude slowdown, or 'none' (default: the bundled DEM)")
    g.add_argument("--profile", default="multimodal",
                   help="travel profile of resources/profiles/profiles.toml: multimodal, road or rail (default: multimodal)")
    g.add_argument("--resolution", type=float, default=5000.0, metavar="METRES",
                   help="grid cell size in metres, 100 to 100000 (default: 5000; 1000 takes minutes and ~1 GB)")
    g.add_argument("--knight", action="store_true",
                   help="16 neighbours (the knight's moves of GRASS r.cost -k): less metrication error, ~2x the time")
    g.add_argument("--scheduler", default="inprocess", metavar="WHERE", help=f"where the batch runs: {SCHEDULER_HELP}")
    g.add_argument("--quiet", action="store_true", help="no progress bar and no messages (errors still go to stderr)")
    g.add_argument("--crs", help="CRS of input files that have none (e.g. EPSG:4326); CSV points default to WGS84 lon/lat")
    if centres:
        c = p.add_argument_group("centres")
        c.add_argument("--centres", required=True, metavar="FILE", action="append" if p.prog.endswith("coverage") else None,
                       help="point file of the centres (GeoJSON, GeoPackage, Shapefile, or CSV with lon,lat), any CRS")
        c.add_argument("--layer", help="layer of a multi-layer file such as a GeoPackage (default: the first)")
        c.add_argument("--name-field", help="field with the centre names (default: name, name_en, name_zh or id)")
        c.add_argument("--delay-field", help="field with a readiness delay in minutes added at the centre (default: none)")


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog=PROG, description="Hinterland without QGIS: travel times to hinterland centres, coverage, "
                 "N-1 corridor criticality, hazard scenario ensembles and backup siting on the China grid, from files "
                 "to files, in this process or on a Dask cluster.", epilog=EPILOG,
                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND", parser_class=_Parser)

    p = sub.add_parser("solve", help="travel time to the nearest centre per cell (GeoTIFF rasters)",
                       description="Minutes to the nearest centre per grid cell (China Albers), the nearest centre's "
                       "index and optionally the second-nearest (backup) time, as GeoTIFF.")
    _common(p)
    p.add_argument("--output-time", metavar="TIF", help="minutes to the nearest centre (NaN off land)")
    p.add_argument("--output-allocation", metavar="TIF", help="index (0, 1, …, in file order) of the nearest centre, -1 none")
    p.add_argument("--output-backup", metavar="TIF", help="minutes to the second-nearest centre")
    p.set_defaults(func=cmd_solve)

    p = sub.add_parser("coverage", help="coverage table of one or many centre sets (CSV)",
                       description="Per centre set, centre and threshold: land area, population (2020 census), "
                       "reserve sites and hubs within the threshold; rows 'ALL' and 'without:<centre>'. Each set is one "
                       "batch task: repeat --centres (one set per file) or split one file with --set-field.")
    _common(p)
    p.add_argument("--set-field", help="field naming the set each point belongs to (one file, many sets)")
    p.add_argument("--thresholds", default="60,120,180,240", help="minutes, comma-separated (default: 60,120,180,240)")
    p.add_argument("--output", required=True, metavar="CSV")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("criticality", help="N-1: rank corridor segments by the loss when each fails (CSV)",
                       description="Removes each operating corridor segment in turn (one batch task per segment on some "
                       "shortest path; the others cannot change any time) and ranks them by population-minutes added "
                       "(a cell cut off counts 24 h) and population losing coverage within --threshold.")
    _common(p)
    p.add_argument("--threshold", type=float, default=180.0, help="coverage threshold in minutes (default: 180)")
    p.add_argument("--modes", help="only segments of these modes, e.g. hsr,rail or road (default: all)")
    p.add_argument("--output", required=True, metavar="CSV")
    p.set_defaults(func=cmd_criticality)

    p = sub.add_parser("scenarios", help="many disruptions: named segment sets or one hazard per polygon (CSV)",
                       description="One disruption per scenario: the segments listed in --disruptions (CSV columns "
                       "scenario,segments or JSON {\"name\": [ids]}) or the segments crossing each polygon of --hazards "
                       "(e.g. every flood or earthquake footprint). Writes a row per scenario and, with "
                       "--output-segments, how often each segment is cut and the mean/max population-minutes.")
    _common(p)
    p.add_argument("--hazards", metavar="FILE", help="polygon file (GeoJSON, GeoPackage, Shapefile), any CRS: one hazard per feature")
    p.add_argument("--hazard-layer", help="layer of --hazards in a multi-layer file")
    p.add_argument("--hazard-name-field", help="field naming each hazard (default: name…, else 'hazard N')")
    p.add_argument("--disruptions", metavar="FILE", help="CSV or JSON file of named disruptions (segment ids)")
    p.add_argument("--threshold", type=float, default=180.0, help="coverage threshold in minutes (default: 180)")
    p.add_argument("--output", required=True, metavar="CSV", help="one row per scenario")
    p.add_argument("--output-segments", metavar="CSV", help="per-segment loss statistics over the scenarios")
    p.add_argument("--delta-dir", metavar="DIR", help="also write a minutes-added GeoTIFF per scenario into DIR")
    p.set_defaults(func=cmd_scenarios)

    p = sub.add_parser("siting", help="choose the next k backup centres from candidates (CSV)",
                       description="Adds -k centres from --candidates (default: the bundled candidate hinterland "
                       "centres) to --centres: coverage maximises the population within --threshold, pmedian minimises "
                       "the population-weighted time. One batch task per candidate solve.")
    _common(p)
    p.add_argument("--candidates", metavar="FILE", help="point file of candidates (default: bundled candidate_centres)")
    p.add_argument("--candidate-name-field", help="field with the candidate names")
    p.add_argument("-k", type=int, default=1, help="number of centres to add (default: 1)")
    p.add_argument("--threshold", type=float, default=180.0, help="coverage threshold in minutes (default: 180)")
    p.add_argument("--objective", choices=("coverage", "pmedian"), default="coverage")
    p.add_argument("--output", required=True, metavar="CSV")
    p.set_defaults(func=cmd_siting)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (HinterlandError, BatchError) as exc:
        print(f"{PROG} {args.command}: error: {exc}", file=sys.stderr)
    except (OSError, RuntimeError) as exc:  # unreadable / unwritable files, GDAL
        print(f"{PROG} {args.command}: error: {exc}", file=sys.stderr)
    except (KeyboardInterrupt, Cancelled):
        print(f"{PROG} {args.command}: cancelled", file=sys.stderr)
        return 130
    return 2
