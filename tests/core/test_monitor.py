"""Monitoring from observed data (core): parsing, status at a date, trend sign, response rules, alerts."""
from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from shapely.geometry import LineString, Point, box

from hinterland_plugin.core.engine import monitor as M
from hinterland_plugin.core.engine.warning import load_indicators
from hinterland_plugin.core.errors import HinterlandError, IndicatorError
from hinterland_plugin.core.resources import resources_dir

IND = {"stock": {"id": "stock", "metric": "observed", "name_zh": "库存", "name_en": "Stock", "amber": 80, "red": 60,
                 "direction": "low_is_bad"},
       "use": {"id": "use", "metric": "observed", "name_zh": "利用", "name_en": "Use", "amber": 85, "red": 95,
               "direction": "high_is_bad"}}


def _units():
    def read(layer):
        if layer == "provinces":
            return [({"adcode": "510000", "name_zh": "川", "name_en": "Sichuan"}, box(100, 26, 108, 34)),
                    ({"adcode": "500000", "name_zh": "渝", "name_en": "Chongqing"}, box(108, 26, 112, 34))]
        if layer == "prefectures":
            return [({"adcode": "510100", "name_zh": "蓉", "name_en": "Chengdu", "province_adcode": "510000"},
                     box(103, 30, 105, 31))]
        if layer == "arsenal_sites":
            return [({"site_id": "s1", "name_zh": "甲", "name_en": "S1"}, Point(104, 30.5)),
                    ({"site_id": "s2", "name_zh": "乙", "name_en": "S2"}, Point(109, 30)),
                    ({"site_id": "s3", "name_zh": "丙", "name_en": "S3"}, Point(110, 30))]
        if layer == "hubs":
            return [({"hub_id": "h1", "name_zh": "港", "name_en": "H1"}, Point(108.1, 26.1))]
        return [({"segment_id": "x:01", "name_zh": "线", "name_en": "X"}, LineString([(104, 29), (106, 29)]))]
    return M.unit_catalogue(read)


def _rows(spec):
    return [{"unit_id": u, "indicator": i, "date": d, "value": v} for u, i, d, v in spec]


def test_units_get_their_province():
    units = _units()
    assert {u: units[u].province for u in units} == {
        "510000": "510000", "500000": "500000", "510100": "510000", "s1": "510000", "s2": "500000",
        "s3": "500000", "h1": "500000", "x:01": "510000"}
    assert units["x:01"].kind == "segment" and units["h1"].kind == "hub"


def test_status_at_latest_and_at_a_date_and_trend_sign():
    units = _units()
    spec = [("s1", "stock", f"2026-0{m}-01", v) for m, v in zip(range(1, 7), (95, 90, 84, 78, 70, 55))]
    spec += [("h1", "use", f"2026-0{m}-15", v) for m, v in zip(range(1, 7), (99, 97, 93, 90, 88, 84))]
    spec += [("x:01", "use", "2026-03-01", 50), ("x:01", "use", "2026-04-01", 50.2)]
    feed = M.parse_feed(_rows(spec), units, IND)
    ans = M.evaluate_feed(feed, units, IND, list(M.DEFAULT_RULES))
    assert ans.as_of == dt.date(2026, 6, 15)
    st = {(r["unit_id"], r["indicator"]): r for r in ans.status_rows}
    assert st[("s1", "stock")]["status"] == "red" and st[("s1", "stock")]["trend"] == "worsening"
    assert st[("s1", "stock")]["slope_per_30d"] < 0
    assert st[("h1", "use")]["status"] == "green" and st[("h1", "use")]["trend"] == "improving"
    assert st[("h1", "use")]["slope_per_30d"] < 0  # high is bad: going down improves
    assert st[("x:01", "use")]["trend"] == "stable"
    # at an earlier date: the observation on or before it
    ans = M.evaluate_feed(feed, units, IND, list(M.DEFAULT_RULES), as_of=dt.date(2026, 4, 20), trend_n=3)
    st = {(r["unit_id"], r["indicator"]): r for r in ans.status_rows}
    assert st[("s1", "stock")]["value"] == 78 and st[("s1", "stock")]["status"] == "amber"
    assert st[("s1", "stock")]["date"] == "2026-04-01" and st[("s1", "stock")]["age_days"] == 19
    assert st[("s1", "stock")]["trend_n"] == 3 and st[("s1", "stock")]["days_to_red"] > 0
    assert st[("h1", "use")]["status"] == "amber"
    with pytest.raises(HinterlandError, match="no observation on or before 2025-01-01"):
        M.evaluate_feed(feed, units, IND, list(M.DEFAULT_RULES), as_of=dt.date(2025, 1, 1))


def test_trend():
    ind = IND["stock"]
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=30 * k) for k in range(4)]
    assert M.trend(days, [90, 85, 80, 75], ind)[0] == "worsening"
    assert M.trend(days, [75, 80, 85, 90], ind)[0] == "improving"
    assert M.trend(days, [80, 80.1, 80, 80.2], ind)[0] == "stable"
    assert M.trend(days[:1], [80], ind) == ("insufficient", None)
    assert M.trend(days, [90, 85, 80, 75], ind)[1] == pytest.approx(-5.0, rel=1e-6)


def test_response_rules_and_alert_order():
    units = _units()
    spec = [("s2", "stock", "2026-05-01", 78), ("s3", "stock", "2026-05-01", 75),  # two ambers in Chongqing
            ("s1", "stock", "2026-05-01", 50),  # red in Sichuan
            ("510100", "use", "2026-05-01", 90)]  # amber in Sichuan too
    feed = M.parse_feed(_rows(spec), units, IND)
    one_red = M.evaluate_feed(feed, units, IND, list(M.DEFAULT_RULES))
    prov = {r["adcode"]: r for r in one_red.province_rows}
    assert prov["510000"]["response"] == 1 and prov["510000"]["rules"] == "any_red"
    assert prov["500000"]["response"] == 0 and prov["500000"]["amber_n"] == 2
    rules = [M._rule(1, {"id": "r", "status": "red", "count": 1}), M._rule(2, {"id": "aa", "status": "amber", "count": 2})]
    both = {r["adcode"]: r for r in M.evaluate_feed(feed, units, IND, rules).province_rows}
    assert both["500000"]["response"] == 1 and both["500000"]["rules"] == "aa"
    assert both["510000"]["rules"] == "r; aa"  # a red unit counts as amber or worse too
    only_sites = [M._rule(1, {"id": "u", "status": "amber", "count": 1, "indicators": ["use"]})]
    rows = {r["adcode"]: r for r in M.evaluate_feed(feed, units, IND, only_sites).province_rows}
    assert rows["510000"]["response"] == 1 and rows["500000"]["response"] == 0
    alerts = one_red.alert_rows
    assert [a["unit_id"] for a in alerts][0] == "s1" and alerts[0]["rank"] == 1
    assert [a["status"] for a in alerts] == ["red", "amber", "amber", "amber"]
    # by how far past amber, in amber-red gaps: use 90 (0.5 of 85..95), stock 75 (0.25 of 80..60), stock 78 (0.1)
    assert [a["unit_id"] for a in alerts[1:]] == ["510100", "s3", "s2"]


def test_bad_feeds():
    units = _units()
    with pytest.raises(HinterlandError, match="empty"):
        M.parse_feed([], units, IND)
    with pytest.raises(HinterlandError, match=r"not numbers.*2: 'lots'"):
        M.parse_feed(_rows([("s1", "stock", "2026-01-01", 5), ("s1", "stock", "2026-02-01", "lots")]), units, IND)
    with pytest.raises(HinterlandError, match=r"cannot be read.*1: '31/02/2026'"):
        M.parse_feed(_rows([("s1", "stock", "31/02/2026", 5)]), units, IND)
    with pytest.raises(HinterlandError, match="nope"):
        M.parse_feed(_rows([("nope", "stock", "2026-01-01", 5)]), units, IND)
    feed = M.parse_feed(_rows([("nope", "stock", "2026-01-01", 5), ("s1", "zzz", "2026-01-01", 5),
                               ("s1", "stock", "2026-01", "1,234.5"), ("s1", "stock", "2026-02-01", ""),
                               (510100.0, "use", dt.date(2026, 1, 3), 7)]), units, IND)
    assert feed.unknown_units == ["nope"] and feed.unknown_indicators == ["zzz"] and feed.missing_values == 1
    assert [(o.unit_id, o.date, o.value) for o in feed.observations] == [
        ("s1", dt.date(2026, 1, 1), 1234.5), ("510100", dt.date(2026, 1, 3), 7.0)]
    with pytest.raises(HinterlandError, match="not a date"):
        M.check_date("yesterday")
    assert M.check_date("") is None and M.check_date("2026-03-04") == dt.date(2026, 3, 4)


def test_indicator_file(tmp_path):
    inds, rules = M.load_observed()
    assert set(inds) == {"reserve_stock_pct", "hub_throughput_pct", "segment_capacity_use_pct",
                         "key_industry_capacity_use_pct"}
    assert [r["id"] for r in rules] == ["any_red", "two_amber"]
    mixed = {"indicators": [{"id": "pop3h", "metric": "population_share_within", "minutes": 180, "amber": 0.8,
                             "red": 0.6, "direction": "low_is_bad"}, dict(IND["stock"])]}
    inds, rules = M.load_observed(json.dumps(mixed))
    assert list(inds) == ["stock"] and rules[0]["id"] == "any_red"
    with pytest.raises(HinterlandError, match="no observed indicator"):
        M.load_observed(json.dumps({"indicators": mixed["indicators"][:1]}))
    with pytest.raises(IndicatorError, match="direction"):
        M.load_observed(json.dumps({"indicators": [dict(IND["stock"], direction="sideways")]}))
    with pytest.raises(HinterlandError, match="rule 1"):
        M.load_observed(json.dumps({"indicators": [IND["stock"]], "response": {"rules": [{"status": "pink"}]}}))
    with pytest.raises(HinterlandError, match="unknown kinds sites"):
        M.load_observed(json.dumps({"indicators": [IND["stock"]],
                                    "response": {"rules": [{"status": "red", "kinds": ["sites"]}]}}))


def test_sample_feed_is_labelled_synthetic_and_known():
    path = resources_dir() / "data" / "sample_feed_synthetic.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all("SYNTHETIC" in r["note"] for r in rows)
    inds, _rules = M.load_observed()
    assert {r["indicator"] for r in rows} <= set(inds)
    assert "SYNTHETIC" in json.loads(M.MONITOR_FILE.read_text(encoding="utf-8"))["_comment"]


def test_one_file_for_both_kinds_of_indicator():
    """warning.load_indicators leaves the observed entries to the monitor, the monitor the accessibility ones."""
    mixed = {"indicators": [{"id": "pop3h", "metric": "population_share_within", "minutes": 180, "amber": 0.8,
                             "red": 0.6, "direction": "low_is_bad"}, dict(IND["stock"])]}
    assert [i["id"] for i in load_indicators(json.dumps(mixed))] == ["pop3h"]
    assert list(M.load_observed(json.dumps(mixed))[0]) == ["stock"]
    with pytest.raises(IndicatorError, match="no indicators"):
        load_indicators(M.MONITOR_FILE)


def test_unit_summary_in_chinese_has_no_english_codes():
    """The units layer's indicator summary: ids and English codes in ``indicators``, names and Chinese words in
    ``indicators_zh`` (real QGIS showed 'reserve_stock_pct=57 (red, worsening)' in a Chinese project)."""
    units = _units()
    spec = [("s1", "stock", f"2026-0{m}-01", v) for m, v in zip(range(1, 7), (95, 90, 84, 78, 70, 55))]
    spec += [("s1", "use", "2026-06-01", 50), ("h1", "use", "2026-05-01", 90), ("h1", "use", "2026-06-01", 80)]
    ans = M.evaluate_feed(M.parse_feed(_rows(spec), units, IND), units, IND, list(M.DEFAULT_RULES))
    rows = {u["unit_id"]: u for u in ans.unit_rows}
    assert rows["s1"]["indicators"] == "stock=55 (red, worsening); use=50 (green, insufficient)"
    assert rows["s1"]["indicators_zh"] == "库存=55（红，恶化）；利用=50（绿，观测不足）"
    assert rows["h1"]["indicators_zh"] == "利用=80（绿，好转）"
    for r in rows.values():
        assert not any(w in r["indicators_zh"] for w in ("red", "amber", "green", "worsening", "improving", "stable"))
