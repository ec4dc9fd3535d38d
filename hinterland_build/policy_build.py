"""Policy layers of issue 19: ``policy_zones``, ``agglomerations``, ``policy_lines`` and ``key_industries``.

Inputs (``resources/data/src/``, schema in ``SCHEMA.md``):

* ``policy_zones.csv`` — one row per city of a designation: pilot free-trade zones (one row per 片区 city),
  national new areas, national independent innovation demonstration zones, the Yangtze comprehensive transport
  hubs of the seed article, large wind/solar bases (points at a city, ``place``), and the members of the
  national-level urban agglomerations (``kind`` ``agglomeration``, one row per member, ``member_adcode`` of a
  prefecture or a county of the built ``prefectures`` / ``counties`` layers);
* ``policy_lines.csv`` — schematic lines through ordered place keys: the six Belt and Road economic corridors
  (international) and the 西电东送 channels;
* ``key_industries.csv`` — key industries: primary cluster city → documented backup / transfer city.

Agglomeration polygons are the union of their members' boundaries (the census units of ``admin_build``).
Every row is checked (source, confidence, domain values, place keys, adcodes); a bad row raises
:class:`BuildError` naming the file, the line and the row. No ``qgis`` import, no import of ``data_build``
(which calls :func:`policy_layers` from ``build_layers``).
"""
from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any, Iterable

from shapely import set_precision
from shapely.geometry import LineString, MultiPolygon, Point, Polygon
from shapely.ops import unary_union
from shapely.validation import make_valid

from hinterland_plugin.core.catalog import CONFIDENCE_VALUES, category_label

from . import admin_build

ZONES_FILE = "policy_zones.csv"
LINES_FILE = "policy_lines.csv"
INDUSTRIES_FILE = "key_industries.csv"

ZONE_COLUMNS = ("zone_id", "kind", "name_zh", "name_en", "place", "member_adcode", "member_part", "unit_zh", "year",
                "source", "confidence", "notes")
LINE_COLUMNS = ("line_id", "kind", "name_zh", "name_en", "nodes", "source", "confidence", "notes")
INDUSTRY_COLUMNS = ("pair_id", "industry", "primary_place", "primary_zh", "backup_place", "backup_zh", "relation",
                    "source", "confidence", "notes")

#: point kinds of policy_zones.csv (drawn at ``place``)
POINT_KINDS = ("free_trade_zone", "national_new_area", "innovation_zone", "yangtze_hub", "wind_solar_base")
#: the polygon kind (members by adcode)
AGGLOMERATION = "agglomeration"
LINE_KINDS = ("bri_corridor", "west_east_power")
INDUSTRIES = ("semiconductors", "nev", "electronics", "equipment", "new_materials", "energy_chemicals", "food",
              "textiles")
RELATIONS = ("backup", "transfer", "alternative")
COORD_DECIMALS = 5
#: closing distance for the agglomeration union, degrees (the admin outlines are simplified by 0.02°)
CLOSE_DEG = 0.02
#: agglomeration parts and holes smaller than these (square degrees; 1e-4 ≈ 1 km²) are dropped
MIN_PART_DEG2 = 1e-4
MIN_HOLE_DEG2 = 1e-3


class BuildError(admin_build.BuildError):
    """A policy table is inconsistent; the message names the file, line and row."""


#: a layer of the build, the same shape as ``data_build.Layer`` (one class, shared with the census layers)
PolicyLayer = admin_build.AdminLayer


# --------------------------------------------------------------------------- reading and checks


def read_table(path: Path, columns: Iterable[str]) -> list[dict[str, str]]:
    """Rows of a policy table with ``_where`` ('file line N') added; missing columns are a BuildError."""
    if not path.exists():
        raise BuildError(f"{path.name} is missing (expected in {path.parent})")
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in columns if c not in header]
        if missing:
            raise BuildError(f"{path.name}: missing column(s) {', '.join(missing)}")
        rows = []
        for i, row in enumerate(reader, start=2):
            rec = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
            rec["_where"] = f"{path.name} line {i}"
            rows.append(rec)
    return rows


def _fail(row: dict[str, str], rid: str, msg: str) -> BuildError:
    return BuildError(f"{row['_where']} ({rid}): {msg}")


def _check_row(row: dict[str, str], rid: str, kind_field: str, kinds: tuple[str, ...]) -> None:
    if not row.get("source"):
        raise _fail(row, rid, "empty 'source'")
    if row.get("confidence") not in CONFIDENCE_VALUES:
        raise _fail(row, rid, f"confidence {row.get('confidence')!r} is not one of {CONFIDENCE_VALUES}")
    if row.get(kind_field) not in kinds:
        raise _fail(row, rid, f"{kind_field} {row.get(kind_field)!r} not in {kinds}")


def _year(row: dict[str, str], rid: str) -> int | None:
    raw = row.get("year", "")
    if not raw:
        return None
    if not raw.isdigit() or not 1949 <= int(raw) <= 2100:
        raise _fail(row, rid, f"year {raw!r} is not a year")
    return int(raw)


def _place(places: dict[str, dict[str, Any]], key: str, row: dict[str, str], rid: str) -> dict[str, Any]:
    if key not in places:
        raise _fail(row, rid, f"place {key!r} is not in any places_*.csv")
    return places[key]


def geodesic_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance, mean Earth radius (as ``data_build.geodesic_km``)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def _line(pts: list[dict[str, Any]]) -> tuple[LineString, float]:
    km = sum(geodesic_km(a["lon"], a["lat"], b["lon"], b["lat"]) for a, b in zip(pts, pts[1:]))
    return LineString([(p["lon"], p["lat"]) for p in pts]), round(km, 1)


# --------------------------------------------------------------------------- layers


ZONE_FIELDS = [
    ("zone_id", "str"), ("name_zh", "str"), ("name_en", "str"), ("category", "str"), ("place", "str"),
    ("place_zh", "str"), ("place_en", "str"), ("unit_zh", "str"), ("year", "int"), ("province_zh", "str"),
    ("source", "str"), ("confidence", "str"), ("notes", "str"),
]
AGGLOMERATION_FIELDS = [
    ("zone_id", "str"), ("name_zh", "str"), ("name_en", "str"), ("category", "str"), ("year", "int"),
    ("n_members", "int"), ("n_partial", "int"), ("members", "str"), ("member_adcodes", "str"),
    ("source", "str"), ("confidence", "str"), ("notes", "str"),
]
LINE_FIELDS = [
    ("line_id", "str"), ("name_zh", "str"), ("name_en", "str"), ("category", "str"), ("nodes", "str"),
    ("n_nodes", "int"), ("length_km", "float"), ("source", "str"), ("confidence", "str"), ("notes", "str"),
]
INDUSTRY_FIELDS = [
    ("pair_id", "str"), ("name_zh", "str"), ("name_en", "str"), ("category", "str"), ("relation", "str"),
    ("primary_place", "str"), ("primary_zh", "str"), ("backup_place", "str"), ("backup_zh", "str"),
    ("length_km", "float"), ("source", "str"), ("confidence", "str"), ("notes", "str"),
    ("primary_name_zh", "str"), ("primary_name_en", "str"), ("backup_name_zh", "str"), ("backup_name_en", "str"),
]


def _names(row: dict[str, str], rid: str) -> None:
    if not row.get("name_zh") or not row.get("name_en"):
        raise _fail(row, rid, "name_zh and name_en are required")


def zones_layers(rows: list[dict[str, str]], places: dict[str, dict[str, Any]],
                 boundaries: dict[str, Any]) -> tuple[PolicyLayer, PolicyLayer]:
    """``policy_zones.csv`` -> the ``policy_zones`` points and the ``agglomerations`` polygons.
    ``boundaries``: adcode -> polygon of the prefectures and counties layers."""
    points = PolicyLayer("policy_zones", "Point", ZONE_FIELDS,
                         description="Policy designations at city level: pilot free-trade zones (per 片区 city), "
                                     "national new areas, innovation demonstration zones, Yangtze comprehensive "
                                     "transport hubs, large wind/solar bases")
    polys = PolicyLayer("agglomerations", "MultiPolygon", AGGLOMERATION_FIELDS,
                        description="National-level urban agglomerations: union of the member prefectures / "
                                    "counties of the approved plans")
    seen: dict[tuple[str, str], str] = {}
    members: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        zid = row.get("zone_id", "")
        if not zid or not zid.isascii() or zid != zid.lower():
            raise _fail(row, zid or "?", "zone_id must be a lowercase ASCII id")
        _check_row(row, zid, "kind", POINT_KINDS + (AGGLOMERATION,))
        _names(row, zid)
        year = _year(row, zid)
        if row["kind"] == AGGLOMERATION:
            code = row.get("member_adcode", "")
            if row.get("place"):
                raise _fail(row, zid, "an agglomeration member is given by member_adcode, not place")
            if code not in boundaries:
                raise _fail(row, zid, f"member_adcode {code!r} is not a prefecture or county of the "
                                      f"prefectures / counties layers")
            if row.get("member_part") not in ("", "part"):
                raise _fail(row, zid, f"member_part {row.get('member_part')!r} is neither empty nor 'part'")
            key = (zid, code)
        else:
            if row.get("member_adcode") or row.get("member_part"):
                raise _fail(row, zid, "member_adcode / member_part are only for agglomeration rows")
            p = _place(places, row.get("place", ""), row, zid)
            key = (zid, row["place"])
        if key in seen:
            raise _fail(row, zid, f"duplicate of {seen[key]}")
        seen[key] = row["_where"]
        if row["kind"] == AGGLOMERATION:
            members.setdefault(zid, []).append(row)
            continue
        points.features.append(({
            "zone_id": zid, "name_zh": row["name_zh"], "name_en": row["name_en"], "category": row["kind"],
            "place": row["place"], "place_zh": p["name_zh"], "place_en": p["name_en"], "unit_zh": row.get("unit_zh", ""),
            "year": year, "province_zh": p.get("province_zh", ""), "source": row["source"],
            "confidence": row["confidence"], "notes": row.get("notes", ""),
        }, Point(p["lon"], p["lat"])))
    points.features.sort(key=lambda f: (f[0]["category"], f[0]["zone_id"], f[0]["place"]))
    for zid in sorted(members):
        polys.features.append(_agglomeration(zid, members[zid], boundaries))
    return points, polys


def _agglomeration(zid: str, rows: list[dict[str, str]], boundaries: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    first = rows[0]
    for row in rows[1:]:
        for fld in ("name_zh", "name_en", "year", "source", "confidence"):
            if row.get(fld) != first.get(fld):
                raise _fail(row, zid, f"{fld} {row.get(fld)!r} differs from the zone's first row "
                                      f"({first['_where']}: {first.get(fld)!r})")
    rows = sorted(rows, key=lambda r: r["member_adcode"])
    geom = unary_union([boundaries[r["member_adcode"]] for r in rows])
    # close the slivers between independently simplified member outlines (about 2 km), then drop the
    # specks and pinholes that remain; real holes (non-member enclaves) and islands stay
    geom = make_valid(geom.buffer(CLOSE_DEG, quad_segs=2).buffer(-CLOSE_DEG, quad_segs=2))
    parts = []
    for g in getattr(geom, "geoms", [geom]):
        if isinstance(g, Polygon) and g.area >= MIN_PART_DEG2:
            holes = [h for h in g.interiors if Polygon(h).area >= MIN_HOLE_DEG2]
            parts.append(Polygon(g.exterior, holes))
    geom = set_precision(make_valid(MultiPolygon(parts)), 10 ** -COORD_DECIMALS)
    parts = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, Polygon) and not g.is_empty]
    partial = [r for r in rows if r.get("member_part") == "part"]
    note = next((r["notes"] for r in rows if r.get("notes")), "")
    return ({
        "zone_id": zid, "name_zh": first["name_zh"], "name_en": first["name_en"], "category": AGGLOMERATION,
        "year": _year(first, zid), "n_members": len(rows), "n_partial": len(partial),
        "members": ";".join(r.get("unit_zh", "") for r in rows),
        "member_adcodes": ";".join(r["member_adcode"] for r in rows), "source": first["source"],
        "confidence": first["confidence"],
        "notes": ("whole units drawn for members only partly included: "
                  + ";".join(r.get("unit_zh", "") for r in partial) + ". " if partial else "") + note,
    }, MultiPolygon(parts))


def lines_layer(rows: list[dict[str, str]], places: dict[str, dict[str, Any]]) -> PolicyLayer:
    layer = PolicyLayer("policy_lines", "LineString", LINE_FIELDS,
                        description="Schematic policy lines: Belt and Road economic corridors, West–East power "
                                    "transmission channels (straight lines between the named cities)")
    seen: dict[str, str] = {}
    for row in rows:
        lid = row.get("line_id", "")
        if not lid:
            raise _fail(row, "?", "no line_id")
        if lid in seen:
            raise _fail(row, lid, f"duplicate line_id (also {seen[lid]})")
        seen[lid] = row["_where"]
        _check_row(row, lid, "kind", LINE_KINDS)
        _names(row, lid)
        keys = [k.strip() for k in row.get("nodes", "").split(";") if k.strip()]
        if len(keys) < 2:
            raise _fail(row, lid, f"needs at least two nodes, has {keys}")
        for a, b in zip(keys, keys[1:]):
            if a == b:
                raise _fail(row, lid, f"node {a} repeated consecutively")
        geom, km = _line([_place(places, k, row, lid) for k in keys])
        layer.features.append(({
            "line_id": lid, "name_zh": row["name_zh"], "name_en": row["name_en"], "category": row["kind"],
            "nodes": ";".join(keys), "n_nodes": len(keys), "length_km": km, "source": row["source"],
            "confidence": row["confidence"], "notes": row.get("notes", ""),
        }, geom))
    layer.features.sort(key=lambda f: f[0]["line_id"])
    return layer


def industries_layer(rows: list[dict[str, str]], places: dict[str, dict[str, Any]]) -> PolicyLayer:
    layer = PolicyLayer("key_industries", "LineString", INDUSTRY_FIELDS,
                        description="Key-industry backup list: primary cluster city -> documented backup or "
                                    "transfer city (one line per pair; category = industry)")
    seen: dict[str, str] = {}
    for row in rows:
        pid = row.get("pair_id", "")
        if not pid:
            raise _fail(row, "?", "no pair_id")
        if pid in seen:
            raise _fail(row, pid, f"duplicate pair_id (also {seen[pid]})")
        seen[pid] = row["_where"]
        _check_row(row, pid, "industry", INDUSTRIES)
        if row.get("relation") not in RELATIONS:
            raise _fail(row, pid, f"relation {row.get('relation')!r} not in {RELATIONS}")
        a = _place(places, row.get("primary_place", ""), row, pid)
        b = _place(places, row.get("backup_place", ""), row, pid)
        if row["primary_place"] == row["backup_place"]:
            raise _fail(row, pid, "primary and backup are the same place")
        geom, km = _line([a, b])
        ind = row["industry"]
        layer.features.append(({
            "pair_id": pid,
            "name_zh": f"{category_label(ind, 'zh')}: {a['name_zh']}→{b['name_zh']}",
            "name_en": f"{category_label(ind, 'en')}: {a['name_en']} → {b['name_en']}",
            "category": ind, "relation": row["relation"], "primary_place": row["primary_place"],
            "primary_zh": row.get("primary_zh", ""), "backup_place": row["backup_place"],
            "backup_zh": row.get("backup_zh", ""), "length_km": km, "source": row["source"],
            "confidence": row["confidence"], "notes": row.get("notes", ""),
            "primary_name_zh": a["name_zh"], "primary_name_en": a["name_en"], "backup_name_zh": b["name_zh"],
            "backup_name_en": b["name_en"],
        }, geom))
    layer.features.sort(key=lambda f: (f[0]["category"], f[0]["pair_id"]))
    return layer


def boundary_map(admin: Iterable[Any]) -> dict[str, Any]:
    """adcode -> polygon from the ``prefectures`` and ``counties`` layers (prefecture wins; 'unlocated'
    county rows, which repeat their prefecture's outline, are skipped)."""
    by_name = {lyr.name: lyr for lyr in admin}
    out: dict[str, Any] = {}
    for name in ("prefectures", "counties"):
        lyr = by_name.get(name)
        if lyr is None:
            raise BuildError(f"the '{name}' layer is needed to draw the agglomerations")
        for attrs, geom in lyr.features:
            code = attrs.get("adcode") or ""
            if code and code not in out and attrs.get("kind") != "unlocated":
                out[code] = geom
    return out


def policy_layers(src: Path, places: dict[str, dict[str, Any]], admin: Iterable[Any]) -> list[PolicyLayer]:
    """The four policy layers from the tables in ``src`` (``admin``: the prefectures and counties layers)."""
    zones, aggl = zones_layers(read_table(src / ZONES_FILE, ZONE_COLUMNS), places, boundary_map(admin))
    lines = lines_layer(read_table(src / LINES_FILE, LINE_COLUMNS), places)
    industries = industries_layer(read_table(src / INDUSTRIES_FILE, INDUSTRY_COLUMNS), places)
    return [zones, aggl, lines, industries]


# --------------------------------------------------------------------------- centre sets (runtime)

