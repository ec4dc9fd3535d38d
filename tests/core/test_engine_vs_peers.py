"""The engine equals GRASS r.cost and scikit-image MCP_Geometric on the same friction raster.

rtol 1e-6: all are exact shortest-path searches over the same 8-neighbour cost model, so they can
differ only by float rounding (~1e-12 here); any real model difference would show at the percent level.
"""
from __future__ import annotations

import numpy as np
import pytest

from hinterland_plugin.core.engine import kernel as K
from tests import peers


def _grid(seed, shape=(40, 55), barrier=0.1):
    rng = np.random.default_rng(seed)
    cost = (rng.uniform(0.5, 3.0, shape) / 1000.0).astype(np.float32)
    cost[rng.random(shape) < barrier] = np.nan
    ok = np.argwhere(np.isfinite(cost))
    src = [tuple(int(v) for v in ok[i]) for i in rng.choice(len(ok), 3, replace=False)]
    return cost, src


def ours(cost, res, src):
    flat = [r * cost.shape[1] + c for r, c in src]
    solver = K.solve_numba if K.numba_available() else K.solve_scipy
    t = solver(cost, res, flat, np.zeros(len(flat)), backup=False).time.reshape(cost.shape)
    return np.where(np.isfinite(t), t, np.nan)


@pytest.mark.parametrize("seed,res", [(0, 1000.0), (1, 250.0)])
def test_engine_equals_grass_rcost(seed, res):
    if not peers.grass_available():
        pytest.skip("GRASS GIS not installed")
    cost, src = _grid(seed)
    a = ours(cost, res, src)
    b = peers.grass_rcost(cost, res, src)
    np.testing.assert_allclose(b, a, rtol=1e-6, equal_nan=True)


def test_engine_equals_mcp_geometric():
    pytest.importorskip("skimage")
    cost, src = _grid(3)
    np.testing.assert_allclose(peers.mcp_geometric(cost, 500.0, src), ours(cost, 500.0, src), rtol=1e-6,
                               equal_nan=True)


@pytest.mark.parametrize("seed,res", [(4, 1000.0), (5, 250.0)])
def test_knight_moves_equal_grass_rcost_k(seed, res):
    """16 neighbours: the knight's moves of r.cost -k, same result as GRASS on the same raster (barriers,
    several starts); and not the 8-neighbour result (the option changes something)."""
    if not peers.grass_available():
        pytest.skip("GRASS GIS not installed")
    cost, src = _grid(seed)
    flat = [r * cost.shape[1] + c for r, c in src]
    solver = K.solve_numba if K.numba_available() else K.solve_scipy
    t = solver(cost, res, flat, np.zeros(len(flat)), backup=False, knight=True).time.reshape(cost.shape)
    ours16 = np.where(np.isfinite(t), t, np.nan)
    np.testing.assert_allclose(peers.grass_rcost(cost, res, src, knight=True), ours16, rtol=1e-6, equal_nan=True)
    eight = ours(cost, res, src)
    fin = np.isfinite(eight)
    assert (ours16[fin] <= eight[fin] * (1 + 1e-12)).all()  # more moves can only shorten
    assert (ours16[fin] < eight[fin] * (1 - 1e-3)).mean() > 0.3
