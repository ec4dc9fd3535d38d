"""Monitoring and early warning from observed data: status, trend, alerts and provincial response.

Input: observations ``unit_id, indicator, date, value`` (a CSV refreshed by another system, or any table),
where a unit is a province or prefecture (adcode), a reserve site (``site_id`` of ``arsenal_sites``), a hub
(``hub_id`` of ``hubs``) or a corridor segment (``segment_id``) — ids as in the bundled layers — and an
indicator file of the same JSON form as ``resources/profiles/indicators.json`` whose entries with
``"metric": "observed"`` give each observed indicator's ``amber``/``red`` thresholds and ``direction``
(low_is_bad / high_is_bad). Other entries (accessibility indicators) are ignored here.

* **status** of a (unit, indicator) at a date: the latest observation on or before the date (default: the
  latest date in the table), classified as in ``warning.classify``; a unit's status is its worst;
* **trend**: least-squares slope of the last ``n`` observations (value per 30 days); "worsening" when it
  moves towards the bad side (down for low_is_bad), "improving" the other way, "stable" when the fitted
  change over the window is under 5 % of the amber–red gap; with ``days_to_red`` the linear projection of
  when a worsening unit crosses red;
* **provincial response**: a province responds when one of the file's ``response.rules`` holds — each rule
  ``{"status": "red"|"amber", "count": n}`` (optionally ``"indicators"``, ``"kinds"``) counts the province's
  units at that status or worse; default: one red unit;
* **alerts**: amber and red statuses, red first, worsening first, then by how far past the threshold.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import numpy as np
import shapely

from ..errors import HinterlandError, IndicatorError
from ..resources import resources_dir
from ..texts import text
from .warning import _read_text, classify

KINDS = ("province", "prefecture", "site", "hub", "segment")
#: unit kind -> (bundled layer, id field)
LAYERS = {"province": ("provinces", "adcode"), "prefecture": ("prefectures", "adcode"),
          "site": ("arsenal_sites", "site_id"), "hub": ("hubs", "hub_id"), "segment": ("corridor_segments", "segment_id")}
SEVERITY = {"green": 0, "amber": 1, "red": 2}
DEFAULT_RULES = ({"id": "any_red", "status": "red", "count": 1, "name_zh": "任一单元红色", "name_en": "any red unit"},)
#: "stable" when the fitted change over the trend window is under this share of the amber–red gap
STABLE_SHARE = 0.05
DEFAULT_TREND_N = 6
_MAX_LISTED = 5
#: the bundled indicator file of the synthetic sample feed
MONITOR_FILE = resources_dir() / "profiles" / "monitor_indicators_synthetic.json"


class MonitorError(HinterlandError):
    """An observation table or monitoring parameter that cannot be used."""


@dataclass
class Unit:
    id: str  # noqa: A003 - the unit id as in the bundled layers
    kind: str
    name_zh: str
    name_en: str
    province: str  #: province adcode ('' when outside China's provinces, e.g. a foreign corridor segment)
    geometry: Any = None  #: shapely, WGS84


@dataclass
class Observation:
    unit_id: str
    indicator: str
    date: dt.date
    value: float
    row: int  #: 1-based position in the table


@dataclass
class Feed:
    observations: list[Observation]
    unknown_units: list[str]  #: ids in the table that no bundled layer has (their rows are skipped)
    unknown_indicators: list[str]  #: indicators with no observed entry in the indicator file (skipped)
    missing_values: int  #: rows with an empty value (skipped)


@dataclass
class MonitorAnswer:
    as_of: dt.date
    status_rows: list[dict]
    unit_rows: list[dict]  #: one per unit with a status: worst status and indicator summary
    province_rows: list[dict]
    alert_rows: list[dict]
    series_rows: list[dict] = field(default_factory=list)


# ----------------------------------------------------------------------------- parsing


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y-%m", "%Y/%m", "%Y.%m.%d", "%Y-%m-%d %H:%M:%S",
                 "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S")


def parse_date(value) -> dt.date | None:
    """A date from a date/datetime or text (ISO YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, YYYY-MM = the 1st); None if
    it cannot be read."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        return None
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_value(value) -> float | None:
    """A finite number from a number or text (``1234.5``, ``1,234.5``); None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    text = str(value).strip()
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    try:
        v = float(text)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or \
        (isinstance(value, float) and math.isnan(value))


def unit_key(value) -> str:
    """A unit id as text: 510100.0 (a number read from a spreadsheet) -> '510100'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value is not None else ""


def _listed(items: Sequence) -> str:
    items = list(items)
    more = f" … (+{len(items) - _MAX_LISTED})" if len(items) > _MAX_LISTED else ""
    return ", ".join(str(i) for i in items[:_MAX_LISTED]) + more


def parse_feed(records: Iterable[dict], units: dict[str, Unit], indicators: dict[str, dict]) -> Feed:
    """Observations from rows with keys unit_id, indicator, date, value (any order of rows).

    Refuses an empty table, values that are not numbers and dates that cannot be read (listing the rows);
    rows of unknown units or indicators are skipped and listed in ``Feed``; empty values are skipped."""
    obs, bad_values, bad_dates = [], [], []
    unknown_u: dict[str, None] = {}
    unknown_i: dict[str, None] = {}
    missing = n = 0
    for n, rec in enumerate(records, start=1):
        raw_v, raw_d = rec.get("value"), rec.get("date")
        uid, ind = unit_key(rec.get("unit_id")), str(rec.get("indicator") or "").strip()
        if _is_empty(raw_v):
            missing += 1
            continue
        value = parse_value(raw_v)
        if value is None:
            bad_values.append(f"{n}: '{raw_v}'")
            continue
        date = parse_date(raw_d)
        if date is None:
            bad_dates.append(f"{n}: '{'' if raw_d is None else raw_d}'")
            continue
        if uid not in units:
            unknown_u.setdefault(uid)
            continue
        if ind not in indicators:
            unknown_i.setdefault(ind)
            continue
        obs.append(Observation(uid, ind, date, value, n))
    if n == 0:
        raise MonitorError("feed_empty")
    if bad_values:
        raise MonitorError("feed_values", n=str(len(bad_values)), rows=_listed(bad_values))
    if bad_dates:
        raise MonitorError("feed_dates", n=str(len(bad_dates)), rows=_listed(bad_dates))
    if not obs:
        raise MonitorError("feed_nothing_known", units=_listed(unknown_u) or "-", indicators=_listed(unknown_i) or "-")
    return Feed(obs, list(unknown_u), list(unknown_i), missing)


def _rule(k: int, r) -> dict:
    if not isinstance(r, dict):
        raise MonitorError("monitor_rule", index=str(k), detail="not an object")
    if r.get("status") not in ("red", "amber"):
        raise MonitorError("monitor_rule", index=str(k), detail="'status' must be red or amber")
    count = r.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise MonitorError("monitor_rule", index=str(k), detail="'count' must be a whole number >= 1")
    for key in ("indicators", "kinds"):
        if key in r and not (isinstance(r[key], list) and all(isinstance(x, str) for x in r[key])):
            raise MonitorError("monitor_rule", index=str(k), detail=f"'{key}' must be a list of names")
    bad = sorted(set(r.get("kinds") or ()) - set(KINDS))
    if bad:
        raise MonitorError("monitor_rule", index=str(k), detail=f"unknown kinds {', '.join(bad)} (kinds: {', '.join(KINDS)})")
    rid = str(r.get("id") or f"rule{k}")
    return dict(r, id=rid, count=count, name_zh=str(r.get("name_zh") or rid), name_en=str(r.get("name_en") or rid))


def load_observed(text_or_path=None) -> tuple[dict[str, dict], list[dict]]:
    """Observed indicators (id -> definition) and response rules of an indicator file (JSON text or path;
    default: the bundled synthetic monitoring file)."""
    from_file = text_or_path if text_or_path is not None else MONITOR_FILE
    text = _read_text(from_file)
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise IndicatorError("indicator_file", detail=str(exc)) from exc
    items = doc.get("indicators") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise IndicatorError("indicator_file", detail="no list named 'indicators'")
    out = {}
    for k, it in enumerate(items, start=1):
        if not isinstance(it, dict) or it.get("metric") != "observed":
            continue
        for key in ("id", "direction", "amber", "red"):
            if key not in it:
                raise IndicatorError("indicator_field", index=str(it.get("id", k)), key=key)
        if it["direction"] not in ("low_is_bad", "high_is_bad"):
            raise IndicatorError("indicator_direction", id=it["id"])
        for key in ("amber", "red"):
            if isinstance(it[key], bool) or not isinstance(it[key], (int, float)) or not math.isfinite(it[key]):
                raise IndicatorError("indicator_number", id=it["id"], key=key)
        iid = str(it["id"])
        out[iid] = dict(it, id=iid, name_zh=str(it.get("name_zh") or iid), name_en=str(it.get("name_en") or iid))
    if not out:
        raise MonitorError("monitor_no_observed")
    response = doc.get("response", {}) if isinstance(doc, dict) else {}
    raw_rules = response.get("rules") if isinstance(response, dict) else None
    if raw_rules is None:
        rules = [dict(r) for r in DEFAULT_RULES]
    elif not isinstance(raw_rules, list) or not raw_rules:
        raise MonitorError("monitor_rule", index="-", detail="'response.rules' must be a non-empty list")
    else:
        rules = [_rule(k, r) for k, r in enumerate(raw_rules, start=1)]
    return out, rules


def check_date(text: str | None) -> dt.date | None:
    """The DATE parameter: empty -> None (latest date of the table); unreadable -> MonitorError."""
    if text is None or not str(text).strip():
        return None
    d = parse_date(text)
    if d is None:
        raise MonitorError("monitor_date", value=str(text))
    return d


# ----------------------------------------------------------------------------- units


def unit_catalogue(read) -> dict[str, Unit]:
    """Every unit of the bundled layers by id; ``read(layer)`` returns (attributes, shapely geometry) rows.
    Points and lines get the province they lie in (a line: its midpoint; nearest province within ~0.3°)."""
    provinces = read("provinces")
    geoms = [g for _a, g in provinces]
    codes = [str(a["adcode"]) for a, _g in provinces]
    tree = shapely.STRtree(geoms)

    def province_of(pt) -> str:
        hits = tree.query(pt, predicate="intersects")
        if len(hits):
            return codes[int(hits[0])]
        near = tree.query_nearest(pt, max_distance=0.3)
        return codes[int(near[0])] if len(near) else ""

    out: dict[str, Unit] = {}
    for kind in KINDS:
        layer, key = LAYERS[kind]
        for a, g in read(layer):
            uid = unit_key(a.get(key))
            if not uid or uid in out:
                continue
            if kind == "province":
                prov = uid
            elif kind == "prefecture":
                prov = str(a.get("province_adcode") or "")
            elif g is None:
                prov = ""
            else:
                pt = g if g.geom_type == "Point" else g.interpolate(0.5, normalized=True)
                prov = province_of(pt)
            out[uid] = Unit(uid, kind, str(a.get("name_zh") or uid), str(a.get("name_en") or a.get("name_zh") or uid),
                            prov, g)
    return out


# ----------------------------------------------------------------------------- evaluation


def trend(dates: Sequence[dt.date], values: Sequence[float], ind: dict) -> tuple[str, float | None]:
    """('worsening' | 'improving' | 'stable' | 'insufficient', slope per 30 days)."""
    if len(dates) < 2 or len(set(dates)) < 2:
        return "insufficient", None
    x = np.array([(d - dates[0]).days for d in dates], np.float64)
    y = np.asarray(values, np.float64)
    slope = float(np.polyfit(x, y, 1)[0])  # per day
    change = slope * (x.max() - x.min())
    scale = abs(float(ind["amber"]) - float(ind["red"])) or abs(float(np.mean(y))) or 1.0
    if abs(change) < STABLE_SHARE * scale:
        return "stable", slope * 30.0
    bad_up = ind["direction"] == "high_is_bad"
    return ("worsening" if (slope > 0) == bad_up else "improving"), slope * 30.0


def _exceedance(value: float, ind: dict) -> float:
    """How far past the amber threshold, in amber–red gaps (>= 0 beyond amber)."""
    gap = abs(float(ind["amber"]) - float(ind["red"])) or 1.0
    d = (value - float(ind["amber"])) if ind["direction"] == "high_is_bad" else (float(ind["amber"]) - value)
    return d / gap


def _status_row(unit: Unit, ind: dict, series: list[Observation], as_of: dt.date, trend_n: int) -> dict:
    last = series[-1]
    window = series[-trend_n:]
    direction, slope = trend([o.date for o in window], [o.value for o in window], ind)
    status = classify(last.value, ind)
    days_to_red = None
    if direction == "worsening" and status != "red" and slope:
        days = (float(ind["red"]) - last.value) / (slope / 30.0)
        days_to_red = round(days) if days >= 0 else None
    return {"unit_id": unit.id, "kind": unit.kind, "name_zh": unit.name_zh, "name_en": unit.name_en,
            "province_adcode": unit.province, "indicator": ind["id"], "indicator_zh": ind["name_zh"],
            "indicator_en": ind["name_en"], "date": last.date.isoformat(), "age_days": (as_of - last.date).days,
            "value": last.value, "status": status, "amber": float(ind["amber"]), "red": float(ind["red"]),
            "direction": ind["direction"], "n_obs": len(series), "trend_n": len(window), "trend": direction,
            "slope_per_30d": round(slope, 6) if slope is not None else None, "days_to_red": days_to_red,
            "exceedance": round(_exceedance(last.value, ind), 4)}


def _counts(units_status: dict[str, dict[str, str]], units: dict[str, Unit], rule: dict) -> dict[str, int]:
    """Province adcode -> units at the rule's status or worse (over the rule's indicators / kinds)."""
    need = SEVERITY[rule["status"]]
    inds, kinds = rule.get("indicators"), rule.get("kinds")
    out: dict[str, int] = {}
    for uid, by_ind in units_status.items():
        u = units[uid]
        if kinds and u.kind not in kinds:
            continue
        sev = max((SEVERITY[s] for i, s in by_ind.items() if not inds or i in inds), default=-1)
        if sev >= need and u.province:
            out[u.province] = out.get(u.province, 0) + 1
    return out


def _province_rows(status_rows, units: dict[str, Unit], rules: list[dict]) -> list[dict]:
    by_unit: dict[str, dict[str, str]] = {}
    for r in status_rows:
        by_unit.setdefault(r["unit_id"], {})[r["indicator"]] = r["status"]
    counts = [_counts(by_unit, units, rule) for rule in rules]
    rows = []
    for p in sorted((u for u in units.values() if u.kind == "province"), key=lambda u: u.id):
        mine = [uid for uid in by_unit if units[uid].province == p.id]
        worst = [max(SEVERITY[s] for s in by_unit[uid].values()) for uid in mine]
        fired = [rule for rule, c in zip(rules, counts) if c.get(p.id, 0) >= rule["count"]]
        reds = [units[uid].name_en for uid, w in zip(mine, worst) if w == 2]
        ambers = [units[uid].name_en for uid, w in zip(mine, worst) if w == 1]
        reds_zh = [units[uid].name_zh for uid, w in zip(mine, worst) if w == 2]
        rows.append({"adcode": p.id, "name_zh": p.name_zh, "name_en": p.name_en, "units_n": len(mine),
                     "red_n": worst.count(2), "amber_n": worst.count(1), "green_n": worst.count(0),
                     "worst": ({2: "red", 1: "amber", 0: "green"}[max(worst)] if worst else "none"),
                     "response": int(bool(fired)), "rules": "; ".join(r["id"] for r in fired),
                     "rules_en": "; ".join(r["name_en"] for r in fired), "rules_zh": "；".join(r["name_zh"] for r in fired),
                     "red_units": "; ".join(reds), "red_units_zh": "；".join(reds_zh), "amber_units": "; ".join(ambers)})
    return rows


def _unit_rows(status_rows) -> list[dict]:
    out: dict[str, dict] = {}
    for r in status_rows:
        u = out.setdefault(r["unit_id"], {k: r[k] for k in ("unit_id", "kind", "name_zh", "name_en", "province_adcode")}
                           | {"status": "green", "indicators": [], "indicators_zh": [], "worsening_n": 0,
                              "date": r["date"]})
        if SEVERITY[r["status"]] > SEVERITY[u["status"]]:
            u["status"] = r["status"]
        u["indicators"].append(f"{r['indicator']}={r['value']:g} ({r['status']}, {r['trend']})")
        u["indicators_zh"].append(f"{r['indicator_zh']}={r['value']:g}（{text('values.status.' + r['status'], 'zh')}，"
                                  f"{text('values.trend.' + r['trend'], 'zh')}）")
        u["worsening_n"] += int(r["trend"] == "worsening")
        u["date"] = max(u["date"], r["date"])
    for u in out.values():
        u["indicators"] = "; ".join(u["indicators"])
        u["indicators_zh"] = "；".join(u["indicators_zh"])
    return list(out.values())


def alert_order(row: dict) -> tuple:
    return (-SEVERITY[row["status"]], row["trend"] != "worsening", -row["exceedance"], row["unit_id"], row["indicator"])


def evaluate_feed(feed: Feed, units: dict[str, Unit], indicators: dict[str, dict], rules: Sequence[dict],
                  as_of: dt.date | None = None, trend_n: int = DEFAULT_TREND_N) -> MonitorAnswer:
    """Status, trend, alerts and provincial response at ``as_of`` (default: the latest date of the feed)."""
    if trend_n < 2:
        raise MonitorError("monitor_trend_n")
    first = min(o.date for o in feed.observations)
    as_of = as_of or max(o.date for o in feed.observations)
    if as_of < first:
        raise MonitorError("feed_date_early", date=as_of.isoformat(), first=first.isoformat())
    series: dict[tuple[str, str], dict[dt.date, Observation]] = {}
    for o in sorted(feed.observations, key=lambda o: (o.date, o.row)):
        if o.date <= as_of:
            series.setdefault((o.unit_id, o.indicator), {})[o.date] = o  # the later row of a date wins
    status_rows, series_rows = [], []
    for (uid, iid), by_date in sorted(series.items()):
        obs = [by_date[d] for d in sorted(by_date)]
        ind = indicators[iid]
        status_rows.append(_status_row(units[uid], ind, obs, as_of, trend_n))
        series_rows += [{"unit_id": uid, "indicator": iid, "date": o.date.isoformat(), "value": o.value,
                         "status": classify(o.value, ind)} for o in obs]
    alerts = sorted((r for r in status_rows if r["status"] != "green"), key=alert_order)
    alert_rows = [dict(r, rank=k) for k, r in enumerate(alerts, start=1)]
    return MonitorAnswer(as_of, status_rows, _unit_rows(status_rows), _province_rows(status_rows, units, list(rules)),
                         alert_rows, series_rows)
