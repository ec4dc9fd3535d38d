"""hinterland:gatewayhinterland and hinterland:monitor through Processing (bundled data, coarse grids)."""
from __future__ import annotations

import csv

import numpy as np
import pytest
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsPalettedRasterRenderer,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsRasterLayer,
    QgsVectorLayer,
)

from hinterland_plugin.core.engine.outputs import read_geotiff
from hinterland_plugin.core.resources import resources_dir
from hinterland_plugin.styling import (
    style_gateway_allocation,
    style_gateway_points,
    style_gateway_prefectures,
    style_monitor_status,
    style_province_response,
)

SAMPLE = resources_dir() / "data" / "sample_feed_synthetic.csv"
RES = 50000


@pytest.fixture()
def provider(real_provider):
    return real_provider


class Recorder(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.warnings: list[str] = []

    def pushWarning(self, text):
        self.warnings.append(text)
        super().pushWarning(text)


def _gateway_run(tmp_path, **extra):
    import processing

    n = len(list(tmp_path.glob("alloc_*.tif")))  # a new file each run: an existing file counts as an input
    params = {"RESOLUTION": RES, "OUTPUT_ALLOCATION": str(tmp_path / f"alloc_{n}.tif"), "OUTPUT": "memory:",
              "OUTPUT_PREFECTURES": "memory:"}
    params.update(extra)
    return processing.run("hinterland:gatewayhinterland", params)


def test_gateway_hinterlands_and_closure(provider, tmp_path):
    out = _gateway_run(tmp_path, CLOSE="sp_shanghai", OUTPUT_TIME=str(tmp_path / "t.tif"),
                       OUTPUT_BACKUP=str(tmp_path / "b.tif"), OUTPUT_CLOSURE="memory:",
                       OUTPUT_CLOSURE_ALLOCATION=str(tmp_path / "moved.tif"))
    gws = {f["gateway"]: f for f in out["OUTPUT"].getFeatures()}
    assert len(gws) == 33  # seaports, river ports, border crossings, dry ports of the bundled hubs
    assert {f["type"] for f in gws.values()} == {"seaport", "river_port", "border_crossing", "dry_port"}
    assert 0.9 < sum(f["population_share"] for f in gws.values()) <= 1.0001
    alloc = read_geotiff(out["OUTPUT_ALLOCATION"])
    time, backup = read_geotiff(out["OUTPUT_TIME"]), read_geotiff(out["OUTPUT_BACKUP"])
    ok = np.isfinite(backup)
    assert (backup[ok] >= time[ok]).all() and alloc.max() == len(gws) - 1
    shanghai = gws["Port of Shanghai"]
    assert shanghai["closed"] == 1 and shanghai["population"] > 0 and shanghai["population_after"] == 0
    shifted = list(out["OUTPUT_CLOSURE"].getFeatures())
    assert shifted and sum(f["population"] for f in shifted) == pytest.approx(shanghai["population"], rel=1e-6)
    assert all(f["mean_added_min"] >= 0 for f in shifted if f["mean_added_min"] is not None)
    gainers = {f["to_gateway"] for f in shifted}
    for name in gainers:
        assert gws[name]["population_after"] > gws[name]["population"]
    moved = read_geotiff(out["OUTPUT_CLOSURE_ALLOCATION"])
    assert (moved[alloc == alloc[moved >= 0][0]] >= -1).all() and (moved >= 0).sum() > 0
    prefs = {f["adcode"]: f for f in out["OUTPUT_PREFECTURES"].getFeatures()}
    assert len(prefs) > 300
    sh = prefs["310100"]
    assert sh["gateway"] == "Port of Shanghai" and sh["gateway_after"] not in ("", "Port of Shanghai")
    assert sh["time_after_min"] >= sh["time_min"] and sh["backup_gateway"] == sh["gateway_after"]
    assert sum(gws[g]["prefectures_n"] for g in gws) == sum(1 for p in prefs.values() if p["gateway"])
    lyr = QgsRasterLayer(out["OUTPUT_ALLOCATION"], "alloc")
    style_gateway_allocation(lyr, list(gws))
    assert isinstance(lyr.renderer(), QgsPalettedRasterRenderer) and len(lyr.renderer().classes()) == 33
    assert len({c.color.name() for c in lyr.renderer().classes()}) == 33
    style_gateway_points(out["OUTPUT"], list(gws))
    style_gateway_prefectures(out["OUTPUT_PREFECTURES"], list(gws))
    for vl in (out["OUTPUT"], out["OUTPUT_PREFECTURES"]):
        assert vl.renderer().type() == "categorizedSymbol" and len(vl.renderer().categories()) >= 33


def test_user_gateways_and_bad_closure(provider, tmp_path):
    lyr = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string&field=kind:string&field=minutes:double", "g", "memory")
    feats = []
    for name, kind, minutes, x, y in (("Chengdu rail port", "dry_port", 120.0, 104.07, 30.67),
                                      ("Shanghai", "seaport", None, 121.46, 31.22)):
        f = QgsFeature(lyr.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        f.setAttributes([name, kind, minutes])
        feats.append(f)
    lyr.dataProvider().addFeatures(feats)
    out = _gateway_run(tmp_path, GATEWAYS=lyr, NAME_FIELD="name", TYPE_FIELD="kind")
    rows = {f["gateway"]: f for f in out["OUTPUT"].getFeatures()}
    assert set(rows) == {"Chengdu rail port", "Shanghai"} and rows["Shanghai"]["penalty_min"] == 480
    assert all(r["population"] > 1e8 for r in rows.values())
    out = _gateway_run(tmp_path, GATEWAYS=lyr, NAME_FIELD="name", PENALTY_FIELD="minutes")
    rows = {f["gateway"]: f for f in out["OUTPUT"].getFeatures()}
    assert rows["Chengdu rail port"]["penalty_min"] == 120 and rows["Shanghai"]["penalty_min"] == 0
    with pytest.raises(QgsProcessingException, match="Unknown gateway.*Atlantis"):
        _gateway_run(tmp_path, GATEWAYS=lyr, NAME_FIELD="name", CLOSE="Atlantis")
    with pytest.raises(QgsProcessingException, match="nowhere"):
        _gateway_run(tmp_path, GATEWAYS=lyr, NAME_FIELD="name", CLOSE="Shanghai;Chengdu rail port")


def _monitor(feed, feedback=None, **extra):
    import processing

    params = {"FEED": str(feed), "OUTPUT": "memory:", "OUTPUT_ALERTS": "memory:", "OUTPUT_PROVINCES": "memory:",
              "OUTPUT_AREAS": "memory:", "OUTPUT_POINTS": "memory:", "OUTPUT_LINES": "memory:"}
    params.update(extra)
    return processing.run("hinterland:monitor", params, feedback=feedback)


def test_monitor_on_the_synthetic_sample(provider):
    out = _monitor(SAMPLE, OUTPUT_SERIES="memory:")
    status = list(out["OUTPUT"].getFeatures())
    assert len(status) == 14 and {f["date"] for f in status} == {"2026-06-30"}
    alerts = [f for f in out["OUTPUT_ALERTS"].getFeatures()]
    assert [f["rank"] for f in alerts] == list(range(1, len(alerts) + 1))
    sev = [{"red": 2, "amber": 1}[f["status"]] for f in alerts]
    assert sev == sorted(sev, reverse=True) and alerts[0]["status"] == "red"
    prov = {f["adcode"]: f for f in out["OUTPUT_PROVINCES"].getFeatures()}
    assert len(prov) == 34
    responding = {a for a, f in prov.items() if f["response"]}
    assert responding == {"510000", "500000", "650000"}  # Sichuan (red), Chongqing (two ambers), Xinjiang (red)
    assert prov["500000"]["rules"] == "two_amber" and prov["450000"]["state"] == "watch"
    assert prov["110000"]["state"] == "no_data" and prov["620000"]["state"] == "normal"
    assert out["OUTPUT_POINTS"].featureCount() == 12 and out["OUTPUT_LINES"].featureCount() == 1
    assert out["OUTPUT_AREAS"].featureCount() == 1
    assert out["OUTPUT_SERIES"].featureCount() == 83
    # an earlier date: Sichuan's reserve was still amber in March, nobody red
    early = _monitor(SAMPLE, DATE="2026-03-31")
    prov = {f["adcode"]: f for f in early["OUTPUT_PROVINCES"].getFeatures()}
    assert not prov["510000"]["response"] and prov["510000"]["state"] == "watch"
    for key, style in (("OUTPUT_POINTS", style_monitor_status), ("OUTPUT_PROVINCES", style_province_response)):
        lyr = out[key]
        style(lyr)
        assert lyr.renderer().type() == "categorizedSymbol"


def _csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["unit_id", "indicator", "date", "value"])
        w.writerows(rows)
    return path


def test_monitor_bad_inputs(provider, tmp_path):
    rec = Recorder()
    out = _monitor(_csv(tmp_path / "u.csv", [("er_wuhan", "reserve_stock_pct", "2026-01-31", 50),
                                             ("atlantis_1", "reserve_stock_pct", "2026-01-31", 50),
                                             ("er_wuhan", "mood", "2026-01-31", 1)]), rec)
    assert out["OUTPUT"].featureCount() == 1
    assert any("atlantis_1" in w for w in rec.warnings) and any("mood" in w for w in rec.warnings)
    assert any("Hubei" in w for w in rec.warnings)  # the responding province is reported
    with pytest.raises(QgsProcessingException, match=r"not numbers.*'many'"):
        _monitor(_csv(tmp_path / "v.csv", [("er_wuhan", "reserve_stock_pct", "2026-01-31", "many")]))
    with pytest.raises(QgsProcessingException, match=r"cannot be read.*'next week'"):
        _monitor(_csv(tmp_path / "d.csv", [("er_wuhan", "reserve_stock_pct", "next week", 5)]))
    with pytest.raises(QgsProcessingException, match="empty"):
        _monitor(_csv(tmp_path / "e.csv", []))
    with pytest.raises(QgsProcessingException, match="no field 'site'"):
        _monitor(SAMPLE, UNIT_FIELD="site")
    with pytest.raises(QgsProcessingException, match="not a date"):
        _monitor(SAMPLE, DATE="2026-13-45")
    with pytest.raises(QgsProcessingException, match="no observation on or before"):
        _monitor(SAMPLE, DATE="2020-01-01")
    with pytest.raises(QgsProcessingException, match="only unknown|known unit id"):
        _monitor(_csv(tmp_path / "n.csv", [("nowhere", "reserve_stock_pct", "2026-01-31", 5)]))
    assert SAMPLE.read_text(encoding="utf-8").count("SYNTHETIC") > 50  # the input is left as it was
