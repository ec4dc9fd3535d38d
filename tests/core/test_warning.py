"""Early-warning indicators: file validation, classification and evaluation."""
from __future__ import annotations

import json

import numpy as np
import pytest

from hinterland_plugin.core.engine.coverage import PointSet
from hinterland_plugin.core.engine.warning import IndicatorError, classify, evaluate, load_indicators


def test_default_file_loads():
    inds = load_indicators()
    assert {i["metric"] for i in inds} == {"population_share_within", "max_time_to", "segment_loss_points"}


def test_bad_files_refused():
    with pytest.raises(IndicatorError, match="metric"):
        load_indicators(json.dumps({"indicators": [{"id": "x", "metric": "magic", "direction": "low_is_bad",
                                                     "amber": 1, "red": 0}]}))
    with pytest.raises(IndicatorError, match="not an indicator file"):
        load_indicators("{not json")


def test_classify_both_directions():
    low = {"direction": "low_is_bad", "amber": 0.8, "red": 0.6}
    assert [classify(v, low) for v in (0.9, 0.7, 0.5)] == ["green", "amber", "red"]
    high = {"direction": "high_is_bad", "amber": 360, "red": 480}
    assert [classify(v, high) for v in (100, 400, 500, float("inf"))] == ["green", "amber", "red", "red"]


def test_evaluate():
    nearest = np.array([[30.0, 200.0], [np.nan, 100.0]], np.float32)
    cities = PointSet(np.array([0, 0, 1]), np.array([0, 1, 1]), ["a", "b", "c"], ["city"] * 3,
                      np.array([50.0, 30.0, 20.0]))
    hubs = PointSet(np.array([1]), np.array([0]), ["far hub"], ["node"], np.ones(1))
    inds = load_indicators()
    res = {s.id: s for s in evaluate(inds, nearest, cities, {"computing_hubs": hubs, "arsenal_sites": hubs},
                                     segment_loss=lambda minutes: 0.03)}
    assert res["pop3h"].value == pytest.approx(0.7) and res["pop3h"].status == "amber"
    assert res["hubs6h"].status == "red"  # the hub is unreachable
    assert res["segloss"].value == pytest.approx(3.0) and res["segloss"].status == "amber"
