"""Policy layers of issue 19 (part 3): the tables, their validation and the layers in the bundled GeoPackage."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from shapely.geometry import Point, box

from hinterland_build import data_build as db
from hinterland_build import policy_build as pb
from hinterland_plugin.core.catalog import CONFIDENCE_VALUES, THEME_BY_KEY, category_label
from hinterland_plugin.core.centre_sets import CENTRE_SETS, centre_sets
from hinterland_plugin.core.gpkg import read_layer

pytest.importorskip("osgeo.ogr")

SRC = db.SRC_DIR
BUNDLED = db.DEFAULT_OUTPUT
SEED_YANGTZE_HUBS = {"shanghai", "nanjing", "lianyungang", "xuzhou", "hangzhou", "ningbo", "hefei", "nanchang",
                     "changsha", "wuhan", "chongqing", "chengdu", "guiyang", "kunming"}


def table(name: str) -> list[dict[str, str]]:
    with open(SRC / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def places():
    return db.load_places(SRC)


@pytest.fixture(scope="module")
def layers():
    return {name: read_layer(BUNDLED, name) for name in ("policy_zones", "agglomerations", "policy_lines",
                                                          "key_industries")}


# --------------------------------------------------------------------------- the tables


def test_counts_of_the_designations():
    zones = table(pb.ZONES_FILE)
    by_kind: dict[str, set[str]] = {}
    for r in zones:
        by_kind.setdefault(r["kind"], set()).add(r["zone_id"])
    assert len(by_kind["free_trade_zone"]) == 22
    assert len(by_kind["national_new_area"]) == 19
    assert len(by_kind["yangtze_hub"]) == 14
    assert {r["place"] for r in zones if r["kind"] == "yangtze_hub"} == SEED_YANGTZE_HUBS
    assert len(by_kind["innovation_zone"]) >= 20
    assert len(by_kind["agglomeration"]) >= 17
    # FTZ batches: 1 (2013) + 3 (2015) + 7 (2017) + 1 (2018) + 6 (2019) + 3 (2020) + 1 (2023)
    years = Counter()
    for zid in by_kind["free_trade_zone"]:
        years[min(int(r["year"]) for r in zones if r["zone_id"] == zid)] += 1
    assert years == {2013: 1, 2015: 3, 2017: 7, 2018: 1, 2019: 6, 2020: 3, 2023: 1}
    corridors = {r["name_zh"].split("(")[0] for r in table(pb.LINES_FILE) if r["kind"] == "bri_corridor"}
    assert len(corridors) == 6


def test_ftz_pian_qu_cities():
    ftz = {}
    for r in table(pb.ZONES_FILE):
        if r["kind"] == "free_trade_zone":
            ftz.setdefault(r["zone_id"], set()).add(r["place"])
    assert ftz["ftz_sichuan"] == {"chengdu", "luzhou"}
    assert ftz["ftz_hubei"] == {"wuhan", "xiangyang", "yichang"}
    assert ftz["ftz_yunnan"] == {"kunming", "mengzi", "ruili"}
    assert ftz["ftz_hunan"] == {"changsha", "yueyang", "chenzhou"}
    assert ftz["ftz_zhejiang"] == {"zhoushan", "ningbo", "hangzhou", "jinhua"}


def test_agglomeration_membership():
    members: dict[str, set[str]] = {}
    partial: dict[str, set[str]] = {}
    for r in table(pb.ZONES_FILE):
        if r["kind"] == "agglomeration":
            members.setdefault(r["zone_id"], set()).add(r["member_adcode"])
            if r["member_part"] == "part":
                partial.setdefault(r["zone_id"], set()).add(r["member_adcode"])
    cy = members["ua_chengyu"]
    assert len(cy) == 44 and {"510100", "500103", "500101", "511500"} <= cy  # Chengdu, Yuzhong, Wanzhou, Yibin
    assert "500229" not in cy and "510800" not in cy  # Chengkou, Guangyuan are outside
    assert partial["ua_chengyu"] == {"500154", "500235", "510700", "511700", "511800"}
    my = members["ua_middle_yangtze"]
    assert len(my) == 31 and {"420100", "430100", "360100", "429004"} <= my  # + Xiantao
    assert partial["ua_middle_yangtze"] == {"361000", "360800"}  # Fuzhou (JX), Ji'an
    assert len(members["ua_zhongyuan"]) == 30 and {"410100", "140400", "130500", "371700", "340300"} <= members["ua_zhongyuan"]
    assert len(members["ua_lanxi"]) == 21 and {"620100", "630100", "630200"} <= members["ua_lanxi"]
    assert len(members["ua_beibu_gulf"]) == 15 and {"450100", "440800", "460100"} <= members["ua_beibu_gulf"]
    assert len(members["ua_guanzhong"]) == 11 and "140800" in members["ua_guanzhong"]  # Yuncheng (Shanxi)
    assert len(members["ua_yangtze_delta"]) == 26 and "340800" in members["ua_yangtze_delta"]  # Anqing
    assert members["ua_greater_bay"] >= {"810000", "820000", "440100", "440300"}


def test_every_row_is_sourced_and_bilingual():
    for name, id_field in ((pb.ZONES_FILE, "zone_id"), (pb.LINES_FILE, "line_id"), (pb.INDUSTRIES_FILE, "pair_id"),
                           ("places_policy.csv", "key")):
        for r in table(name):
            assert r["source"].strip(), f"{name} {r[id_field]}: no source"
            assert r["confidence"] in CONFIDENCE_VALUES, f"{name} {r[id_field]}"
            if "name_en" in r:
                assert r["name_zh"].strip() and r["name_en"].strip(), f"{name} {r[id_field]}"
    for r in table("places_policy.csv"):
        assert r["geonameid"] and r["source"] == "GeoNames"


def test_key_industries_cover_the_seeds_industries():
    rows = table(pb.INDUSTRIES_FILE)
    assert {r["industry"] for r in rows} == set(pb.INDUSTRIES)
    # the textile bases the 2018 catalogue names
    assert {r["backup_place"] for r in rows if r["industry"] == "textiles"} >= {
        "zhengzhou", "xiangyang", "jingzhou", "zhuzhou", "anqing", "ganzhou", "jiujiang", "nanchang"}
    for r in rows:
        assert r["primary_place"] != r["backup_place"]


def test_candidate_centre_tags_agree_with_the_policy_zones():
    zones = table(pb.ZONES_FILE)
    places_of = {k: {r["place"] for r in zones if r["kind"] == k} for k in ("free_trade_zone", "national_new_area")}
    for c in table("candidate_centres.csv"):
        cats = {c["category"], *filter(None, c["tags"].split(";"))}
        for kind, where in places_of.items():
            if kind in cats:
                assert c["place"] in where, f"candidate {c['centre_id']} is tagged {kind} but no {kind} row has it"


# --------------------------------------------------------------------------- validation


def _zone(**kw) -> dict[str, str]:
    row = {"zone_id": "ftz_x", "kind": "free_trade_zone", "name_zh": "甲", "name_en": "A", "place": "chengdu",
           "member_adcode": "", "member_part": "", "unit_zh": "", "year": "2017", "source": "doc",
           "confidence": "verified", "notes": "", "_where": "policy_zones.csv line 7"}
    row.update(kw)
    return row


@pytest.mark.parametrize(("kw", "message"), [
    ({"place": "atlantis"}, "place 'atlantis'"),
    ({"source": ""}, "empty 'source'"),
    ({"confidence": "sure"}, "confidence 'sure'"),
    ({"kind": "spaceport"}, "kind 'spaceport'"),
    ({"year": "17"}, "year '17'"),
    ({"name_en": ""}, "name_zh and name_en"),
    ({"kind": "agglomeration", "place": "", "member_adcode": "999999"}, "member_adcode '999999'"),
    ({"kind": "agglomeration", "place": "chengdu", "member_adcode": "510100"}, "not place"),
    ({"member_adcode": "510100"}, "only for agglomeration rows"),
])
def test_bad_zone_row_names_the_row(places, kw, message):
    with pytest.raises(pb.BuildError, match="policy_zones.csv line 7 \\(ftz_x\\)") as err:
        pb.zones_layers([_zone(**kw)], places, {"510100": box(103, 30, 105, 31)})
    assert message in str(err.value)


def test_duplicate_and_inconsistent_agglomeration_rows(places):
    shapes = {"510100": box(103, 30, 105, 31), "510600": box(104, 31, 105, 32)}
    a = _zone(zone_id="ua_x", kind="agglomeration", place="", member_adcode="510100")
    with pytest.raises(pb.BuildError, match="duplicate"):
        pb.zones_layers([a, dict(a, _where="policy_zones.csv line 8")], places, shapes)
    b = dict(a, member_adcode="510600", source="other", _where="policy_zones.csv line 8")
    with pytest.raises(pb.BuildError, match="line 8 \\(ua_x\\): source 'other' differs"):
        pb.zones_layers([a, b], places, shapes)
    points, polys = pb.zones_layers([a, dict(b, source="doc", member_part="part")], places, shapes)
    assert not points.features
    (attrs, geom), = polys.features
    assert attrs["n_members"] == 2 and attrs["n_partial"] == 1 and attrs["member_adcodes"] == "510100;510600"
    assert geom.geom_type == "MultiPolygon" and abs(geom.area - 3.0) < 0.01


def test_bad_line_and_industry_rows(places):
    line = {"line_id": "bri_x", "kind": "bri_corridor", "name_zh": "甲", "name_en": "A", "nodes": "kashgar;atlantis",
            "source": "doc", "confidence": "partial", "notes": "", "_where": "policy_lines.csv line 3"}
    with pytest.raises(pb.BuildError, match="policy_lines.csv line 3 \\(bri_x\\): place 'atlantis'"):
        pb.lines_layer([line], places)
    with pytest.raises(pb.BuildError, match="at least two nodes"):
        pb.lines_layer([dict(line, nodes="kashgar")], places)
    pair = {"pair_id": "p1", "industry": "semiconductors", "primary_place": "shanghai", "primary_zh": "",
            "backup_place": "chengdu", "backup_zh": "", "relation": "backup", "source": "doc",
            "confidence": "unverified", "notes": "", "_where": "key_industries.csv line 4"}
    assert len(pb.industries_layer([pair], places).features) == 1
    for kw, msg in (({"industry": "toys"}, "industry 'toys'"), ({"relation": "friend"}, "relation 'friend'"),
                    ({"backup_place": "shanghai"}, "same place"), ({"backup_place": "atlantis"}, "place 'atlantis'")):
        with pytest.raises(pb.BuildError, match="key_industries.csv line 4 \\(p1\\)") as err:
            pb.industries_layer([dict(pair, **kw)], places)
        assert msg in str(err.value)


def test_missing_column_and_a_bad_table_stop_the_build(tmp_path, places):
    (tmp_path / pb.ZONES_FILE).write_text("zone_id,kind\nx,free_trade_zone\n", encoding="utf-8")
    with pytest.raises(pb.BuildError, match="policy_zones.csv: missing column"):
        pb.read_table(tmp_path / pb.ZONES_FILE, pb.ZONE_COLUMNS)
    assert issubclass(pb.BuildError, db.admin_build.BuildError)  # 'make data' prints it as a build failure
    with pytest.raises(pb.BuildError, match="is missing"):
        pb.read_table(Path(tmp_path / "nothing.csv"), pb.ZONE_COLUMNS)


# --------------------------------------------------------------------------- the bundled layers


def test_layers_in_the_bundled_geopackage(layers):
    zones = layers["policy_zones"]
    cats = Counter(a["category"] for a, _ in zones)
    assert cats["yangtze_hub"] == 14 and cats["national_new_area"] == 19
    assert len({a["zone_id"] for a, _ in zones if a["category"] == "free_trade_zone"}) == 22
    assert len(layers["agglomerations"]) == len({r["zone_id"] for r in table(pb.ZONES_FILE) if r["kind"] == "agglomeration"})
    bri = [a for a, _ in layers["policy_lines"] if a["category"] == "bri_corridor"]
    assert len({a["name_zh"].split("(")[0] for a in bri}) == 6
    assert {a["category"] for a, _ in layers["key_industries"]} == set(pb.INDUSTRIES)
    for name, feats in layers.items():
        assert THEME_BY_KEY[name].geometry in {"Point", "LineString", "MultiPolygon"}
        for attrs, geom in feats:
            assert attrs["source"] and attrs["confidence"] in CONFIDENCE_VALUES, name
            assert attrs["name_zh"] and attrs["name_en"], name
            assert geom.is_valid and not geom.is_empty, name
            assert category_label(attrs["category"], "en") != attrs["category"], f"{name}: no label for {attrs['category']}"


def test_agglomeration_polygons(layers):
    by_id = {a["zone_id"]: (a, g) for a, g in layers["agglomerations"]}
    attrs, geom = by_id["ua_chengyu"]
    assert attrs["n_members"] == 44 and attrs["n_partial"] == 5
    assert geom.contains(Point(104.07, 30.67)) and geom.contains(Point(106.55, 29.56))  # Chengdu, Chongqing
    assert not geom.contains(Point(105.84, 32.44))  # Guangyuan
    attrs, geom = by_id["ua_middle_yangtze"]
    assert all(geom.contains(Point(x, y)) for x, y in ((114.30, 30.59), (112.94, 28.23), (115.86, 28.68)))
    assert by_id["ua_greater_bay"][1].contains(Point(114.17, 22.32))  # Hong Kong (Kowloon)
    # closed: no slivers left between the members
    assert len(by_id["ua_zhongyuan"][1].geoms) == 1 and not list(by_id["ua_zhongyuan"][1].geoms[0].interiors)


def test_centre_sets_pick_all_ftz_cities_in_one_go():
    sets = centre_sets(BUNDLED)
    assert set(sets) == set(CENTRE_SETS)
    ftz = {m.place for m in sets["free_trade_zone"]}
    assert len(ftz) == len({r["place"] for r in table(pb.ZONES_FILE) if r["kind"] == "free_trade_zone"})
    assert {"chengdu", "luzhou", "chongzuo", "horgos", "shanghai"} <= ftz
    assert len(sets["national_new_area"]) == 19 and len(sets["yangtze_hub"]) == 14
    cores = {m.place for m in sets["agglomeration_core"]}
    assert {"chengdu", "wuhan", "baoji", "lanzhou", "urumqi"} <= cores
    lz = next(m for m in sets["free_trade_zone"] if m.place == "luzhou")
    assert (lz.name_zh, lz.name_en) == ("泸州", "Luzhou") and abs(lz.lon - 105.44) < 0.1
    for key in sets:
        assert category_label(key, "zh") != key
