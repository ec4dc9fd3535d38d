"""What the fields of the plugin's result layers are called, and what their coded values mean, in Chinese and
English (no qgis import; ``styling.label_fields`` applies them as field aliases and value maps).

A table as a person reads it (issue 16 point 11): every field a result layer carries has a label, and a coded
value (``ALL``, ``without:Xi'an``, ``nearest``, ``hsr``, ``border_crossing``, ``amber``...) is shown as words in
the attribute table and forms; the stored value stays the code (scripts and joins keep working).
"""
from __future__ import annotations

from .catalog import CATEGORY_LABELS
from .engine.warning import format_value
from .texts import entries, text


def _pairs(prefix: str) -> dict[str, tuple[str, str]]:
    """code -> (Chinese, English) of the entries under ``prefix`` in resources/texts.toml."""
    return {k: (v["zh"], v["en"]) for k, v in entries(prefix).items()}


#: field -> (Chinese, English), for every result layer
FIELDS: dict[str, tuple[str, str]] = _pairs("fields")

#: the bundled strategic layers' own fields (kind "strategic"; name, source, confidence... are in texts.toml
#: ``layer_fields``)
STRATEGIC_FIELDS: dict[str, tuple[str, str]] = _pairs("fields_kind.strategic")

#: per layer kind, where a field means something else there
KIND_FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "coverage": _pairs("fields_kind.coverage"),
    "gateways": _pairs("fields_kind.gateways"),
    "backup_reach": _pairs("fields_kind.backup_reach"),
    "strategic": STRATEGIC_FIELDS,
}

_YES_NO = _pairs("values.yes_no")
_STATUS = _pairs("values.status")
_MODES = _pairs("values.modes")
_GATEWAY_TYPES = {k: CATEGORY_LABELS[k] for k in ("seaport", "river_port", "border_crossing", "dry_port",
                                                   "hub_city")}

#: field -> {stored code -> (Chinese, English)}
VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "level": _pairs("values.level"),
    "status": _STATUS,
    "worst": {**_STATUS, **_pairs("values.worst_extra")},
    "kind": _pairs("values.kind"),
    "state": _pairs("values.state"),
    "type": _GATEWAY_TYPES,
    "gateway_type": _GATEWAY_TYPES,
    "solved": _YES_NO,
    "closed": _YES_NO,
    "response": _YES_NO,
    "trend": _pairs("values.trend"),
}

#: per layer kind, a field's codes there (``mode`` of isochrones is a method, of segments a transport mode)
KIND_VALUES: dict[str, dict[str, dict[str, tuple[str, str]]]] = {
    "isochrones": {"mode": _pairs("values.isochrone_mode")},
    "criticality": {"mode": _MODES},
    "disrupted": {"mode": _MODES},
}

KIND_VALUES["backup_reach"] = {
    "industry": {k: CATEGORY_LABELS[k] for k in ("semiconductors", "nev", "electronics", "equipment", "new_materials",
                                                 "energy_chemicals", "food", "textiles")},
    "relation": {k: CATEGORY_LABELS[k] for k in ("backup", "transfer", "alternative")},
    "confidence": _pairs("values.confidence"),
    "critical_cut_off": _YES_NO,
}

KIND_VALUES["strategic"] = {
    "category": {**CATEGORY_LABELS, **_pairs("values.strategic_category_extra")},
    "region": {k: CATEGORY_LABELS[k] for k in ("west", "central", "northeast", "east")},
    "relation": {k: CATEGORY_LABELS[k] for k in ("backup", "transfer", "alternative")},
    "mode": _MODES,
    "status": _pairs("values.strategic_status"),
    "confidence": _pairs("values.confidence"),
}

#: the coverage table's rows that are not one centre
ALL_CENTRES = _pairs("centre_rows")["all"]
WITHOUT = _pairs("centre_rows")["without"]


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
        return _pick(_pairs("fields_per_threshold")[head], lang).format(minutes=tail.replace("_", "."))
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
            return text("report.indicator_minutes", lang).format(v=v) if v < 1e8 else "∞"
        if metric == "segment_loss_points":
            return text("report.points", lang).format(v=v)
    return format_value(row)
