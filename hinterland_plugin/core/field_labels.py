"""What the fields of the plugin's result layers are called, and what their coded values mean, in Chinese and
English (no qgis import; ``styling.label_fields`` applies them as field aliases and value maps).

A table as a person reads it (issue 16 point 11): every field a result layer carries has a label, and a coded
value (``ALL``, ``without:Xi'an``, ``nearest``, ``hsr``, ``border_crossing``, ``amber``...) is shown as words in
the attribute table and forms; the stored value stays the code (scripts and joins keep working).
"""
from __future__ import annotations

from .catalog import CATEGORY_LABELS
from .engine.warning import format_value

#: field -> (Chinese, English), for every result layer
FIELDS: dict[str, tuple[str, str]] = {
    "centre": ("中心", "Centre"),
    "threshold_min": ("时间阈值(分钟)", "Within (min)"),
    "area_km2": ("面积(平方千米)", "Area (km²)"),
    "area_share": ("面积占比", "Share of area"),
    "population": ("人口", "Population"),
    "population_share": ("人口占比", "Share of population"),
    "mean_time_min": ("人均出行时间(分钟)", "Mean time per resident (min)"),
    "pop_weighted_time_min": ("人均出行时间(分钟)", "Mean time per person (min)"),
    "arsenal_sites_n": ("战略储备基地(个)", "Reserve sites"),
    "arsenal_sites_names": ("战略储备基地名称", "Reserve sites (names)"),
    "computing_hubs_n": ("算力枢纽(个)", "Computing hubs"),
    "computing_hubs_names": ("算力枢纽名称", "Computing hubs (names)"),
    "hubs_n": ("通道枢纽(个)", "Corridor hubs"),
    "hubs_names": ("通道枢纽名称", "Corridor hubs (names)"),
    "backup_area_km2": ("两个以上中心覆盖的面积(平方千米)", "Area reached by two or more centres (km²)"),
    "backup_population": ("两个以上中心覆盖的人口", "People reached by two or more centres"),
    "uncovered_area_km2": ("未覆盖面积(平方千米)", "Area not reached (km²)"),
    "uncovered_population": ("未覆盖人口", "People not reached"),
    "mode": ("方式", "Mode"),
    "level": ("层级", "Level"),
    "code": ("行政区划代码", "Code"),
    "adcode": ("行政区划代码", "Code"),
    "province_adcode": ("所属省份代码", "Province code"),
    "name": ("名称", "Name"),
    "name_zh": ("中文名称", "Name (Chinese)"),
    "name_en": ("英文名称", "Name (English)"),
    "reached": ("覆盖人口", "Residents reached"),
    "nearest_centre": ("最近中心", "Nearest centre"),
    "time_min": ("时间(分钟)", "Time (min)"),
    "gravity": ("重力可达性", "Gravity accessibility"),
    "sfca2_per_100k": ("两步移动搜索法(每十万人)", "2SFCA per 100,000"),
    "e2sfca_per_100k": ("增强两步移动搜索法(每十万人)", "E2SFCA per 100,000"),
    "rank": ("排名", "Rank"),
    "segment_id": ("区段编号", "Segment id"),
    "corridor_id": ("通道编号", "Corridor id"),
    "pop_minutes": ("增加的人口·分钟", "Population-minutes added"),
    "population_lost": ("失去覆盖的人口", "People no longer reached"),
    "solved": ("已计算", "Solved"),
    "unit_id": ("单元", "Unit"),
    "kind": ("单元类型", "Kind of unit"),
    "status": ("状态", "Status"),
    "date": ("日期", "Date"),
    "worsening_n": ("恶化的指标数", "Indicators worsening"),
    "indicators": ("指标摘要", "Indicators"),
    "state": ("省级状态", "State"),
    "response": ("启动响应", "Response"),
    "rules": ("触发的规则", "Rules that hold"),
    "rules_zh": ("触发的规则(中文)", "Rules that hold (Chinese)"),
    "rules_en": ("触发的规则(英文)", "Rules that hold (English)"),
    "units_n": ("单元数", "Units"),
    "red_n": ("红色单元数", "Red units"),
    "amber_n": ("黄色单元数", "Amber units"),
    "green_n": ("绿色单元数", "Green units"),
    "worst": ("最差状态", "Worst status"),
    "red_units": ("红色单元", "Red units (names)"),
    "red_units_zh": ("红色单元(中文)", "Red units (Chinese names)"),
    "amber_units": ("黄色单元", "Amber units (names)"),
    "gateway": ("门户", "Gateway"),
    "type": ("类型", "Type"),
    "gateway_type": ("门户类型", "Gateway type"),
    "hub_id": ("枢纽编号", "Hub id"),
    "penalty_min": ("门户作业时间(分钟)", "Time at the gateway (min)"),
    "prefectures_n": ("地级单元(个)", "Prefectures"),
    "prefectures": ("地级单元名称", "Prefectures (names)"),
    "closed": ("已关闭", "Closed"),
    "area_after_km2": ("关闭后面积(平方千米)", "Area after the closure (km²)"),
    "population_after": ("关闭后人口", "Population after the closure"),
    "backup_gateway": ("次优门户", "Second-best gateway"),
    "backup_time_min": ("到次优门户时间(分钟)", "Time to the second-best gateway (min)"),
    "gateway_after": ("关闭后的门户", "Gateway after the closure"),
    "time_after_min": ("关闭后时间(分钟)", "Time after the closure (min)"),
    "added_min": ("增加的时间(分钟)", "Minutes added"),
}

#: the bundled strategic layers' own fields (kind "strategic"; name, source, confidence... are in layers.py)
STRATEGIC_FIELDS: dict[str, tuple[str, str]] = {
    "code": ("路线编号", "Route number"), "line_id": ("编号", "Id"), "route_id": ("编号", "Id"),
    "centre_id": ("编号", "Id"), "zone_id": ("编号", "Id"), "site_id": ("编号", "Id"), "pair_id": ("编号", "Id"),
    "geonameid": ("GeoNames 编号", "GeoNames id"), "country": ("国家代码", "Country code"),
    "province_zh": ("所属省份", "Province"), "units": ("所含单元", "Units"), "nodes": ("途经节点", "Nodes"),
    "n_segments": ("区段数", "Segments"), "n_nodes": ("节点数", "Nodes (count)"), "place": ("所在地", "Place"),
    "place_zh": ("所在地(中文)", "Place (Chinese)"), "place_en": ("所在地(英文)", "Place (English)"),
    "unit_zh": ("片区", "Area"), "tags": ("其他身份", "Also"), "region": ("地区", "Region"),
    "year": ("年份", "Year"), "n_members": ("成员数", "Members"), "n_partial": ("部分纳入的成员数", "Members in part"),
    "members": ("成员", "Member units"), "member_adcodes": ("成员代码", "Member codes"),
    "parent": ("所属枢纽", "Hub node"), "relation": ("关系", "Relation"),
    "primary_place": ("主集群所在地", "Primary place"), "primary_zh": ("主集群", "Primary cluster"),
    "backup_place": ("备份城市所在地", "Backup place"), "backup_zh": ("备份承接地", "Backup site"),
    "seq": ("序号", "Order"), "from_place": ("起点", "From"), "to_place": ("终点", "To"),
    "primary_name_zh": ("主集群城市", "Primary city (Chinese)"), "primary_name_en": ("主集群城市(英文)", "Primary city"),
    "backup_name_zh": ("备份城市", "Backup city (Chinese)"), "backup_name_en": ("备份城市(英文)", "Backup city"),
}

#: per layer kind, where a field means something else there
KIND_FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "coverage": {"mean_time_min": ("面积平均出行时间(分钟)", "Mean time over the area (min)")},
    "gateways": {"backup_population": ("以其为次优门户的人口", "People with it as second-best gateway")},
    "strategic": STRATEGIC_FIELDS,
}

_YES_NO = {"1": ("是", "yes"), "0": ("否", "no")}
_STATUS = {"red": ("红", "red"), "amber": ("黄", "amber"), "green": ("绿", "green")}
_MODES = {"hsr": ("高铁", "high-speed rail"), "rail": ("铁路", "rail"), "road": ("公路", "road"),
          "water": ("水运", "waterway"), "pipeline": ("管道", "pipeline"), "power": ("输电", "power line"),
          "expressway": ("高速公路", "expressway"), "trunk_highway": ("普通国道", "national trunk highway"),
          "sea_crossing": ("跨海桥隧", "sea crossing"), "ferry": ("汽车轮渡", "ro-ro ferry")}
_GATEWAY_TYPES = {k: CATEGORY_LABELS[k] for k in ("seaport", "river_port", "border_crossing", "dry_port",
                                                   "hub_city")}

#: field -> {stored code -> (Chinese, English)}
VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "level": {"province": ("省级", "province"), "prefecture": ("地级", "prefecture")},
    "status": _STATUS,
    "worst": {**_STATUS, "none": ("无", "none")},
    "kind": {"province": ("省", "province"), "prefecture": ("地级单元", "prefecture"),
             "site": ("储备基地", "reserve site"), "hub": ("枢纽", "hub"), "segment": ("通道区段", "segment")},
    "state": {"respond": ("省级响应", "provincial response"), "watch": ("关注(有黄色单元)", "watch (amber units)"),
              "normal": ("正常", "normal"), "no_data": ("无数据", "no data")},
    "type": _GATEWAY_TYPES,
    "gateway_type": _GATEWAY_TYPES,
    "solved": _YES_NO,
    "closed": _YES_NO,
    "response": _YES_NO,
}

#: per layer kind, a field's codes there (``mode`` of isochrones is a method, of segments a transport mode)
KIND_VALUES: dict[str, dict[str, dict[str, tuple[str, str]]]] = {
    "isochrones": {"mode": {"nearest": ("最近中心", "nearest centre"), "per_centre": ("每个中心", "each centre")}},
    "criticality": {"mode": _MODES},
    "disrupted": {"mode": _MODES},
}

KIND_VALUES["strategic"] = {
    "category": {**CATEGORY_LABELS, "country": ("国家", "country"), "third_front": ("三线地区", "Third Front region"),
                 "maritime_boundary": ("海上界线", "maritime boundary")},
    "region": {k: CATEGORY_LABELS[k] for k in ("west", "central", "northeast", "east")},
    "relation": {k: CATEGORY_LABELS[k] for k in ("backup", "transfer", "alternative")},
    "mode": _MODES,
    "status": {"operating": ("运营", "operating"), "under_construction": ("在建", "under construction"),
               "planned": ("规划", "planned")},
    "confidence": {"verified": ("已核实", "verified"), "partial": ("部分核实", "partly verified"),
                   "unverified": ("未核实", "unverified")},
}

#: the coverage table's rows that are not one centre
ALL_CENTRES = ("全部中心", "All centres")
WITHOUT = ("缺少 {0}", "Without {0}")


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def field_label(field: str, lang: str, kind: str | None = None) -> str | None:
    """The label of ``field`` in ``lang`` ('zh' or 'en'), or None for a field this module does not know.

    ``within_60`` / ``share_60`` (per threshold columns) are "60 分钟内" / "Within 60 min" and so on."""
    pair = KIND_FIELDS.get(kind or "", {}).get(field) or FIELDS.get(field)
    if pair is not None:
        return _pick(pair, lang)
    head, _, tail = field.partition("_")
    if head in ("within", "share") and tail.replace("_", "").isdigit():
        minutes = tail.replace("_", ".")
        if head == "within":
            return f"{minutes}分钟内人口" if lang == "zh" else f"Within {minutes} min"
        return f"{minutes}分钟内人口占比" if lang == "zh" else f"Share within {minutes} min"
    return None


def centre_value_label(value: str, lang: str) -> str:
    """``ALL`` -> all centres, ``without:X`` -> without X, a centre's own name unchanged."""
    value = str(value)
    if value == "ALL":
        return _pick(ALL_CENTRES, lang)
    if value.startswith("without:"):
        return _pick(WITHOUT, lang).format(value[len("without:"):])
    return value


def value_labels(field: str, lang: str, kind: str | None = None, present=()) -> dict[str, str]:
    """{stored code: label} for ``field`` of a layer of ``kind``; ``present``: the values the layer holds
    (the coverage table's centre rows are labelled from them)."""
    if field == "centre":
        out = {str(v): centre_value_label(v, lang) for v in present if v is not None}
        return out if any(k != v for k, v in out.items()) else {}
    codes = KIND_VALUES.get(kind or "", {}).get(field)
    if codes is None and kind != "strategic":
        codes = VALUES.get(field)
    if not codes:
        return {}
    out = {code: _pick(pair, lang) for code, pair in codes.items()}
    # a value the table does not know is shown as itself (a value map would put it in parentheses)
    out.update({str(v): str(v) for v in present if v is not None and str(v) not in out})
    return out


def indicator_text(row: dict, lang: str) -> str:
    """An early-warning value in its unit in ``lang``: "208 分钟" / "3.0 个百分点" in Chinese (the table and the
    report read the same), ``warning.format_value`` in English."""
    metric, v = row.get("metric", ""), row.get("value")
    if lang == "zh" and v is not None:
        v = float(v)
        if metric == "max_time_to":
            return f"{v:,.0f} 分钟" if v < 1e8 else "∞"
        if metric == "segment_loss_points":
            return f"{v:.1f} 个百分点"
    return format_value(row)
