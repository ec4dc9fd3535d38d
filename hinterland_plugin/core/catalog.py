"""What the bundled GeoPackage holds: one entry per theme (layer).

The catalogue is shared by the data build (table names, geometry types), the tests
(expected layers) and the QGIS side (layer names, styles, draw order).
"""
from __future__ import annotations

from dataclasses import dataclass

from .texts import entries

#: Equal-area conic suited to China (Albers, standard parallels 25°/47°, central meridian 105°).
ALBERS_CHINA_PROJ = "+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
ALBERS_CHINA_NAME = "China Albers Equal Area (25/47/105)"
#: The same CRS as WKT2, with a name (so QGIS and GeoTIFFs show it instead of "unknown").
ALBERS_CHINA_WKT = (
    'PROJCRS["' + ALBERS_CHINA_NAME + '",'
    'BASEGEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563,'
    'LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4326]],'
    'CONVERSION["Albers 25/47/105",METHOD["Albers Equal Area",ID["EPSG",9822]],'
    'PARAMETER["Latitude of false origin",0,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8821]],'
    'PARAMETER["Longitude of false origin",105,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8822]],'
    'PARAMETER["Latitude of 1st standard parallel",25,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8823]],'
    'PARAMETER["Latitude of 2nd standard parallel",47,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8824]],'
    'PARAMETER["Easting at false origin",0,LENGTHUNIT["metre",1],ID["EPSG",8826]],'
    'PARAMETER["Northing at false origin",0,LENGTHUNIT["metre",1],ID["EPSG",8827]]],'
    'CS[Cartesian,2],AXIS["easting (X)",east,ORDER[1],LENGTHUNIT["metre",1]],'
    'AXIS["northing (Y)",north,ORDER[2],LENGTHUNIT["metre",1]]]'
)

#: lon/lat box that holds China including the South China Sea islands.
CHINA_BBOX = (73.0, 3.0, 135.5, 54.0)

CONFIDENCE_VALUES = ("verified", "partial", "unverified")

GROUP_NAME = "Strategic hinterland / 国家战略腹地"

GPKG_NAME = "hinterland.gpkg"


def name_field(lang: str) -> str:
    """The name column of the bundled layers for a language: ``name_zh`` for 'zh', else ``name_en``."""
    return "name_zh" if lang == "zh" else "name_en"


@dataclass(frozen=True)
class Theme:
    key: str  #: table name in the GeoPackage, QML style file stem
    name_zh: str
    name_en: str
    geometry: str  #: OGR geometry type name
    visible: bool = True

    def name(self, lang: str) -> str:
        return getattr(self, name_field(lang))


#: (table, OGR geometry type, visible when added) in layer-tree order, top first (points above lines above
#: polygons); the names come from the bilingual table (resources/texts.toml, [themes])
_THEME_SPECS = (
    ("candidate_centres", "Point", True),
    ("computing_hubs", "Point", True),
    ("arsenal_sites", "Point", True),
    ("hubs", "Point", True),
    ("policy_zones", "Point", False),
    ("cities", "Point", False),
    ("corridors", "LineString", True),
    ("roads", "LineString", True),
    ("key_industries", "LineString", False),
    ("policy_lines", "LineString", False),
    ("corridor_segments", "LineString", False),
    ("reference_lines", "LineString", True),
    ("agglomerations", "MultiPolygon", False),
    ("third_front", "MultiPolygon", True),
    ("maritime_boundary", "MultiLineString", True),
    ("provinces", "MultiPolygon", True),
    ("country", "MultiPolygon", True),
)
_THEME_NAMES = entries("themes")
THEMES: tuple[Theme, ...] = tuple(Theme(k, _THEME_NAMES[k]["zh"], _THEME_NAMES[k]["en"], g, visible=v)
                                  for k, g, v in _THEME_SPECS)

THEME_BY_KEY = {t.key: t for t in THEMES}

#: Allowed values of the categorical fields, by table and field.
DOMAINS: dict[str, dict[str, tuple[str, ...]]] = {
    "corridors": {
        "category": (
            "western_land_sea", "eurasian_land_bridge", "china_europe", "hsr_8v8h",
            "sichuan_tibet", "china_laos", "yangtze", "energy", "fixed_link", "hsr_regional", "rail_trunk",
        ),
        "mode": ("rail", "hsr", "road", "water", "pipeline", "power"),
        "status": ("operating", "under_construction", "planned"),
    },
    "roads": {
        "category": ("expressway", "trunk_highway", "sea_crossing", "ferry"),
        "status": ("operating", "under_construction", "planned"),
    },
    "hubs": {"category": ("seaport", "river_port", "border_crossing", "hub_city", "dry_port")},
    "arsenal_sites": {
        "category": (
            "third_front_base", "petroleum_reserve", "strategic_mineral", "grain_base",
            "emergency_reserve", "industrial_backup",
        )
    },
    "computing_hubs": {"category": ("node", "cluster")},
    "candidate_centres": {
        "category": (
            "national_central_city", "provincial_capital", "national_new_area",
            "free_trade_zone", "agglomeration_core",
        ),
        "region": ("west", "central", "northeast", "east"),
    },
}

#: Legend labels of categorical values: value -> (Chinese, English), from the ``categories`` of resources/texts.toml.
CATEGORY_LABELS: dict[str, tuple[str, str]] = {k: (v["zh"], v["en"]) for k, v in entries("categories").items()}


def category_label(value: str, lang: str) -> str:
    zh, en = CATEGORY_LABELS.get(value, (value, value))
    return zh if lang == "zh" else en
