"""What the bundled GeoPackage holds: one entry per theme (layer).

The catalogue is shared by the data build (table names, geometry types), the tests
(expected layers) and the QGIS side (layer names, styles, draw order).
"""
from __future__ import annotations

from dataclasses import dataclass

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


#: Themes in layer-tree order, top first (points above lines above polygons).
THEMES: tuple[Theme, ...] = (
    Theme("candidate_centres", "候选腹地中心", "Candidate hinterland centres", "Point"),
    Theme("computing_hubs", "东数西算枢纽与集群", "Computing hubs (East Data West Computing)", "Point"),
    Theme("arsenal_sites", "战略储备与产业备份基地", "Strategic reserve and industrial backup sites", "Point"),
    Theme("hubs", "通道节点与枢纽", "Corridor nodes and hubs", "Point"),
    Theme("policy_zones", "政策区(自贸区、新区、自创区、枢纽、风光基地)",
          "Policy zones (FTZ, new areas, innovation zones, hubs, wind/solar bases)", "Point", visible=False),
    Theme("cities", "城市(人口≥1.5万)", "Cities (population ≥ 15,000)", "Point", visible=False),
    Theme("corridors", "战略通道", "Strategic corridors", "LineString"),
    Theme("roads", "国家公路网", "National road network", "LineString"),
    Theme("key_industries", "关键产业备份(主集群→备份城市)", "Key-industry backup (primary → backup city)", "LineString",
          visible=False),
    Theme("policy_lines", "一带一路经济走廊与西电东送", "Belt and Road corridors and West–East power", "LineString",
          visible=False),
    Theme("corridor_segments", "通道区段", "Corridor segments", "LineString", visible=False),
    Theme("reference_lines", "参考线", "Reference lines", "LineString"),
    Theme("agglomerations", "国家级城市群", "National-level urban agglomerations", "MultiPolygon", visible=False),
    Theme("third_front", "三线地区", "Third Front region", "MultiPolygon"),
    Theme("maritime_boundary", "海上界线", "Maritime boundary", "MultiLineString"),
    Theme("provinces", "省级行政区", "Provinces", "MultiPolygon"),
    Theme("country", "中国", "China", "MultiPolygon"),
)

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

#: Legend labels of categorical values: value -> (Chinese, English).
CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    # candidate centres
    "national_central_city": ("国家中心城市", "National central city"),
    "provincial_capital": ("省会(首府)城市", "Provincial capital"),
    "national_new_area": ("国家级新区", "National new area"),
    "free_trade_zone": ("自由贸易试验区", "Pilot free trade zone"),
    "agglomeration_core": ("城市群核心/副中心", "Urban agglomeration core"),
    # computing
    "node": ("国家算力枢纽节点", "National computing hub node"),
    "cluster": ("国家数据中心集群", "National data-centre cluster"),
    # arsenal
    "third_front_base": ("三线建设工业基地", "Third Front industrial base"),
    "petroleum_reserve": ("国家石油储备基地", "National petroleum reserve base"),
    "strategic_mineral": ("战略性矿产基地", "Strategic mineral base"),
    "grain_base": ("粮食生产/储备基地", "Grain production / reserve base"),
    "emergency_reserve": ("应急物资储备调拨中心", "Emergency material reserve centre"),
    "industrial_backup": ("关键产业备份基地", "Key industry backup base"),
    # hubs
    "seaport": ("沿海港口", "Seaport"),
    "river_port": ("内河港口", "River port"),
    "border_crossing": ("边境口岸", "Border crossing"),
    "hub_city": ("综合交通枢纽城市", "Comprehensive transport hub city"),
    "dry_port": ("内陆港(无水港)", "Dry port"),
    # corridor families
    "western_land_sea": ("西部陆海新通道", "Western Land-Sea New Corridor"),
    "eurasian_land_bridge": ("新亚欧大陆桥", "New Eurasian Land Bridge"),
    "china_europe": ("中欧班列通道", "China–Europe rail channel"),
    "hsr_8v8h": ("八纵八横高铁", "8+8 high-speed rail grid"),
    "sichuan_tibet": ("川藏铁路", "Sichuan–Tibet railway"),
    "china_laos": ("中老铁路", "China–Laos railway"),
    "yangtze": ("长江黄金水道", "Yangtze waterway"),
    "energy": ("能源通道", "Energy corridor"),
    "fixed_link": ("跨海通道", "Sea-crossing link"),
    "hsr_regional": ("高铁区域连接线", "Regional high-speed link"),
    "rail_trunk": ("普速铁路干线", "Conventional trunk railway"),
    # corridor style classes (mode + operating or not)
    "hsr": ("高速铁路(运营)", "High-speed rail (operating)"),
    "hsr_planned": ("高速铁路(在建/规划)", "High-speed rail (building / planned)"),
    "rail": ("铁路(运营)", "Railway (operating)"),
    "rail_planned": ("铁路(在建/规划)", "Railway (building / planned)"),
    "water": ("水运航道", "Waterway"),
    "water_planned": ("水运航道(规划)", "Waterway (planned)"),
    "road": ("公路", "Road"),
    "road_planned": ("公路(在建/规划)", "Road (building / planned)"),
    "pipeline": ("油气管道(运营)", "Oil / gas pipeline (operating)"),
    "pipeline_planned": ("油气管道(在建/规划)", "Oil / gas pipeline (building / planned)"),
    "power": ("特高压输电(运营)", "UHV power line (operating)"),
    "power_planned": ("特高压输电(在建/规划)", "UHV power line (building / planned)"),
    # road classes
    "expressway": ("高速公路", "Expressway"),
    "trunk_highway": ("普通国道", "National trunk highway"),
    "sea_crossing": ("跨海桥隧", "Sea crossing"),
    "ferry": ("汽车轮渡", "Ro-ro ferry"),
    "expressway_planned": ("高速公路(在建/规划)", "Expressway (building / planned)"),
    "trunk_highway_planned": ("普通国道(在建/规划)", "National trunk highway (building / planned)"),
    "sea_crossing_planned": ("跨海桥隧(在建/规划)", "Sea crossing (building / planned)"),
    "ferry_planned": ("汽车轮渡(规划)", "Ro-ro ferry (planned)"),
    # regions
    "west": ("西部", "West"),
    "central": ("中部", "Central"),
    "northeast": ("东北", "Northeast"),
    "east": ("东部", "East"),
    # policy layers (issue 19)
    "innovation_zone": ("国家自主创新示范区", "National independent innovation demonstration zone"),
    "yangtze_hub": ("长江经济带综合交通枢纽", "Yangtze Economic Belt comprehensive transport hub"),
    "wind_solar_base": ("大型风电光伏/清洁能源基地", "Large wind / solar (clean energy) base"),
    "agglomeration": ("国家级城市群", "National-level urban agglomeration"),
    "bri_corridor": ("一带一路经济走廊", "Belt and Road economic corridor"),
    "west_east_power": ("西电东送通道", "West–East power transmission channel"),
    "semiconductors": ("半导体(集成电路)", "Semiconductors"),
    "nev": ("新能源汽车(含汽车)", "New energy vehicles (and automotive)"),
    "electronics": ("电子信息", "Electronics"),
    "equipment": ("装备制造", "Equipment manufacturing"),
    "new_materials": ("新材料", "New materials"),
    "energy_chemicals": ("能源化工", "Energy and chemicals"),
    "food": ("食品", "Food"),
    "textiles": ("纺织", "Textiles"),
    "backup": ("备份", "Backup"),
    "transfer": ("产业转移承接", "Transfer destination"),
    "alternative": ("替代路线(原料)", "Alternative (feedstock)"),
    # misc
    "population_divide": ("胡焕庸线", "Hu Huanyong line"),
    "city": ("城市", "City"),
}


def category_label(value: str, lang: str) -> str:
    zh, en = CATEGORY_LABELS.get(value, (value, value))
    return zh if lang == "zh" else en
