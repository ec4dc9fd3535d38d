"""Ready-made candidate-centre sets from the bundled data ("all FTZ cities" in one click); no qgis import."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .gpkg import read_layer

#: candidate-centre sets offered from the bundled layers: set key -> (layer, category)
CENTRE_SETS: dict[str, tuple[str, str]] = {
    "free_trade_zone": ("policy_zones", "free_trade_zone"),
    "national_new_area": ("policy_zones", "national_new_area"),
    "innovation_zone": ("policy_zones", "innovation_zone"),
    "yangtze_hub": ("policy_zones", "yangtze_hub"),
    "agglomeration_core": ("candidate_centres", "agglomeration_core"),
}


@dataclass(frozen=True)
class SetMember:
    place: str
    name_zh: str
    name_en: str
    lon: float
    lat: float


def centre_sets(gpkg: Path | str) -> dict[str, list[SetMember]]:
    """Ready-made candidate-centre sets from a built GeoPackage ("all FTZ cities" in one click): set key ->
    one member per city, sorted by place key. FTZ, new-area, innovation-zone and Yangtze-hub cities come from
    ``policy_zones``; agglomeration cores are the ``candidate_centres`` whose category or tags say so.
    Labels: :func:`catalog.category_label` of the key."""
    layers: dict[str, list] = {}
    out: dict[str, list[SetMember]] = {}
    for key, (layer, category) in CENTRE_SETS.items():
        if layer not in layers:
            layers[layer] = read_layer(gpkg, layer)
        members: dict[str, SetMember] = {}
        for attrs, geom in layers[layer]:
            cats = {attrs.get("category") or "", *filter(None, (attrs.get("tags") or "").split(";"))}
            if category in cats and attrs["place"] not in members:
                zh = attrs.get("place_zh") or attrs["name_zh"]
                en = attrs.get("place_en") or attrs["name_en"]
                members[attrs["place"]] = SetMember(attrs["place"], zh, en, round(geom.x, 5), round(geom.y, 5))
        out[key] = [members[k] for k in sorted(members)]
    return out
