"""A small synthetic study area (a 6°x4° 'country' around Sichuan, one HSR segment) for engine tests."""
from __future__ import annotations

from pathlib import Path

from shapely.geometry import LineString, MultiPolygon, box

from hinterland_plugin.core.data_build import SEGMENT_FIELDS, Layer, write_gpkg

LAND_BOX = (101.0, 28.0, 107.0, 32.0)


def synthetic_gpkg(path: Path) -> Path:
    land = MultiPolygon([box(*LAND_BOX)])
    country = Layer("country", "MultiPolygon", [("name_en", "str")], [({"name_en": "test"}, land)])
    seg = {"segment_id": "t:01", "corridor_id": "t", "seq": 1, "from_place": "west", "to_place": "east",
           "name_zh": "西—东", "name_en": "W–E", "category": "hsr_8v8h", "mode": "hsr", "status": "operating",
           "design_speed_kmh": 350, "operating_speed_kmh": 300, "length_km": 500.0, "source": "test",
           "confidence": "verified"}
    planned = dict(seg, segment_id="t:02", from_place="east", to_place="north", status="planned")
    segs = Layer("corridor_segments", "LineString", SEGMENT_FIELDS, [
        (seg, LineString([(101.5, 30.0), (106.5, 30.0)])),
        (planned, LineString([(106.5, 30.0), (106.5, 31.8)])),
    ])
    return write_gpkg([country, segs], path)
