"""The peer implementations in tests/peers.py agree with a brute-force Dijkstra on the same model.

Model: move between 8-neighbours a, b costs (cost[a] + cost[b]) / 2 * d, d = res or res * sqrt 2;
NaN cells are barriers; result NaN where impassable or unreachable.

Tolerance: rtol=1e-6 means |peer - reference| <= 1e-6 * |reference| in every cell (atol 0, so the
sources must be exactly 0), and NaN in exactly the same cells. All three are exact shortest-path
searches on the same graph in float64, so they differ only by rounding of the summation order
(~1e-15 relative); any model difference (knight's moves, a wrong diagonal factor, a units factor,
barriers leaking) shows up at the percent level or more.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from tests import peers

RTOL = 1e-6


def _grid(seed, shape=(40, 55), barrier=0.1, nsrc=1, dtype=np.float64):
    """Random minutes-per-metre grid with scattered NaN barriers and a closed NaN ring around a
    pocket of passable but unreachable cells."""
    rng = np.random.default_rng(seed)
    cost = (rng.uniform(0.2, 3.0, shape) / 1000.0).astype(dtype)
    cost[rng.random(shape) < barrier] = np.nan
    cost[5:10, 5] = cost[5:10, 9] = cost[5, 5:10] = cost[9, 5:10] = np.nan  # ring; inside 6..8 stays
    cost[6:9, 6:9] = 0.001
    cost[0, :] = np.where(rng.random(shape[1]) < 0.5, np.inf, cost[0, :])  # inf is impassable too
    ok = np.argwhere(np.isfinite(cost))
    ok = ok[~((ok[:, 0] >= 5) & (ok[:, 0] <= 9) & (ok[:, 1] >= 5) & (ok[:, 1] <= 9))]
    src = [tuple(int(v) for v in ok[i]) for i in rng.choice(len(ok), nsrc, replace=False)]
    return cost, src


CASES = [(0, 1000.0, 1, np.float64), (1, 1000.0, 3, np.float32),
         (2, 250.0, 1, np.float32), (3, 250.0, 3, np.float64)]


def _check(got, ref, cost):
    assert got.shape == ref.shape and got.dtype == np.float64
    assert np.isnan(ref[7, 7]), "pocket inside the barrier ring must be unreachable"
    assert np.isnan(ref[~np.isfinite(cost)]).all()
    assert np.isfinite(ref).sum() > 0.7 * ref.size
    np.testing.assert_allclose(got, ref, rtol=RTOL, atol=0, equal_nan=True)


def test_dijkstra_reference_by_hand():
    c = np.array([[1.0, 2.0, np.nan],
                  [3.0, 4.0, 1.0]])
    out = peers.dijkstra_reference(c, 10.0, [(0, 0)])
    s2 = math.sqrt(2)
    expect = np.array([[0.0, 15.0, np.nan],
                       [20.0, min(25 * s2, 15 + 30, 20 + 35), min(25 * s2 + 25, 15 + 15 * s2)]])
    np.testing.assert_allclose(out, expect, rtol=1e-14, equal_nan=True)
    # several sources: the minimum over them; unreachable -> NaN
    c2 = np.array([[1.0, np.nan, 1.0]])
    np.testing.assert_allclose(peers.dijkstra_reference(c2, 2.0, [(0, 0)]), [[0.0, np.nan, np.nan]])
    np.testing.assert_allclose(peers.dijkstra_reference(c2, 2.0, [(0, 0), (0, 2)]), [[0.0, np.nan, 0.0]])


@pytest.mark.parametrize("seed,res,nsrc,dtype", CASES)
def test_mcp_geometric_equals_reference(seed, res, nsrc, dtype):
    pytest.importorskip("skimage")
    cost, src = _grid(seed, nsrc=nsrc, dtype=dtype)
    _check(peers.mcp_geometric(cost, res, src), peers.dijkstra_reference(cost, res, src), cost)


@pytest.mark.parametrize("seed,res,nsrc,dtype", CASES)
def test_grass_rcost_equals_reference(seed, res, nsrc, dtype, tmp_path):
    if not peers.grass_available():
        pytest.skip("GRASS GIS not installed")
    cost, src = _grid(seed, nsrc=nsrc, dtype=dtype)
    timings = {}
    got = peers.grass_rcost(cost, res, src, workdir=str(tmp_path), timings=timings)
    _check(got, peers.dijkstra_reference(cost, res, src), cost)
    assert 0 < timings["rcost_s"] < timings["total_s"]
    assert list(tmp_path.iterdir()) == []  # GRASS location, HOME and GeoTIFFs are gone


def test_grass_rcost_normalisation():
    """r.cost itself charges (c_a + c_b)/2 per E-W cell of move length, whatever the map units:
    its raw output (grass_rcost / res) is the same for res = 1 and res = 1000."""
    if not peers.grass_available():
        pytest.skip("GRASS GIS not installed")
    c = np.array([[1.0, 2.0], [3.0, 4.0]])
    raw = {res: peers.grass_rcost(c, res, [(0, 0)]) / res for res in (1.0, 1000.0)}
    expect = np.array([[0.0, 1.5], [2.0, 2.5 * math.sqrt(2)]])
    for r in raw.values():
        np.testing.assert_allclose(r, expect, rtol=1e-12)


def test_bad_sources_rejected():
    cost, _ = _grid(0)
    for bad in ([(7, 7)][:0], [(5, 5)], [(-1, 0)], [(40, 0)]):
        with pytest.raises(ValueError):
            peers.dijkstra_reference(cost, 100.0, bad)
        with pytest.raises(ValueError):
            peers.mcp_geometric(cost, 100.0, bad)


def test_grass_missing_gives_clear_error(monkeypatch):
    monkeypatch.setattr(peers, "_grass_exe", lambda: None)
    with pytest.raises(RuntimeError, match="GRASS GIS is not available"):
        peers.grass_rcost(np.ones((3, 3)), 1.0, [(0, 0)])
