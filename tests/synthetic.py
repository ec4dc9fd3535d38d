"""A small synthetic study area (a 6°x4° 'country' around Sichuan, one HSR segment) for engine tests."""
from __future__ import annotations

from pathlib import Path

from shapely.geometry import LineString, MultiPolygon, Point, box

from hinterland_build.admin_build import COUNTY_FIELDS, PREFECTURE_FIELDS
from hinterland_build.data_build import SEGMENT_FIELDS, Layer, write_gpkg

LAND_BOX = (101.0, 28.0, 107.0, 32.0)


ISLAND_BOX = (107.6, 29.4, 108.8, 30.6)


def synthetic_gpkg(path: Path, island: bool = False) -> Path:
    """``island``: adds an island east of the box, reached over water only by an operating HSR segment t:03
    (a bridge / train ferry), to test a disruption that disconnects a centre."""
    land = MultiPolygon([box(*LAND_BOX)] + ([box(*ISLAND_BOX)] if island else []))
    country = Layer("country", "MultiPolygon", [("name_en", "str")], [({"name_en": "test"}, land)])
    seg = {"segment_id": "t:01", "corridor_id": "t", "seq": 1, "from_place": "west", "to_place": "east",
           "name_zh": "西—东", "name_en": "W–E", "category": "hsr_8v8h", "mode": "hsr", "status": "operating",
           "design_speed_kmh": 350, "operating_speed_kmh": 300, "length_km": 500.0, "source": "test",
           "confidence": "verified"}
    planned = dict(seg, segment_id="t:02", from_place="east", to_place="north", status="planned")
    segs = Layer("corridor_segments", "LineString", SEGMENT_FIELDS, [
        (seg, LineString([(101.5, 30.0), (106.5, 30.0)])),
        (planned, LineString([(106.5, 30.0), (106.5, 31.8)])),
    ] + ([(dict(seg, segment_id="t:03", from_place="east", to_place="island", length_km=150.0),
           LineString([(106.5, 30.0), (108.2, 30.0)]))] if island else []))
    pt_fields = [("name_zh", "str"), ("name_en", "str"), ("category", "str"), ("population", "int")]
    cities = Layer("cities", "Point", pt_fields, [
        ({"name_zh": "甲", "name_en": "Alpha", "category": "city", "population": 1_000_000}, Point(102.1, 29.1)),
        ({"name_zh": "乙", "name_en": "Beta", "category": "city", "population": 500_000}, Point(105.4, 31.1)),
        ({"name_zh": "丙", "name_en": "Gamma", "category": "city", "population": 200_000}, Point(106.8, 28.3)),
    ])
    sites = Layer("arsenal_sites", "Point", pt_fields, [
        ({"name_zh": "粮", "name_en": "Grain base", "category": "grain_base"}, Point(102.3, 29.2))])
    comp = Layer("computing_hubs", "Point", pt_fields, [
        ({"name_zh": "算", "name_en": "Cluster", "category": "cluster"}, Point(105.6, 30.9))])
    hubs = Layer("hubs", "Point", pt_fields, [
        ({"name_zh": "港", "name_en": "Dry port", "category": "dry_port"}, Point(101.5, 30.0))])
    return write_gpkg([country, segs, cities, sites, comp, hubs] + admin_layers(island), path)


#: synthetic census: two counties of one prefecture and province (and the island as a third county)
COUNTIES = (("510101", "西县", (101.0, 28.0, 104.0, 32.0), 3_000_000, 1_000_000),
            ("510102", "东县", (104.0, 28.0, 107.0, 32.0), 2_000_000, 1_500_000))
ISLAND_COUNTY = ("510103", "岛县", ISLAND_BOX, 100_000, 20_000)


def admin_layers(island: bool = False) -> list[Layer]:
    """counties / prefectures / provinces layers shaped as the bundled ones (core/admin_build.py)."""
    rows = []
    for code, name, bbox, total, urban in COUNTIES + ((ISLAND_COUNTY,) if island else ()):
        rows.append(({"adcode": code, "name_zh": name, "province": "试省", "province_adcode": "510000",
                      "prefecture_adcode": "510100", "area": "mainland", "pop_total": total, "pop_urban": urban,
                      "pop_rural": total - urban, "kind": "county", "merged": None, "source": "test",
                      "confidence": "verified"}, MultiPolygon([box(*bbox)])))
    counties = Layer("counties", "MultiPolygon", COUNTY_FIELDS, rows)
    pop = sum(r[0]["pop_total"] for r in rows)
    pref = Layer("prefectures", "MultiPolygon", PREFECTURE_FIELDS, [(
        {"adcode": "510100", "name_zh": "试市", "name_en": "Testcity", "province_adcode": "510000", "area": "mainland",
         "population": pop, "pop_urban": sum(r[0]["pop_urban"] for r in rows),
         "pop_rural": sum(r[0]["pop_rural"] for r in rows), "source": "test", "confidence": "verified"},
        MultiPolygon([box(*LAND_BOX)]))])
    prov = Layer("provinces", "MultiPolygon", [("adcode", "str"), ("name_zh", "str"), ("name_en", "str")],
                 [({"adcode": "510000", "name_zh": "试省", "name_en": "Testprovince"}, MultiPolygon([box(*LAND_BOX)]))])
    return [counties, pref, prov]


def hsr_ride_min(length_km: float = 500.0, speed_kmh: float = 300.0, profile: str = "multimodal") -> float:
    """Ride time of the synthetic HSR segment under the profile file's hsr parameters."""
    from hinterland_plugin.core.engine.profiles import get_profile

    m = next(m for m in get_profile(profile).modes if m.name == "hsr")
    return length_km * m.detour / (speed_kmh * m.schedule_factor) * 60.0 + m.stop_min


def hsr_board_alight(profile: str = "multimodal") -> tuple[float, float]:
    from hinterland_plugin.core.engine.profiles import get_profile

    m = next(m for m in get_profile(profile).modes if m.name == "hsr")
    return m.board_min, m.alight_min
