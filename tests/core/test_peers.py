"""The engine equals GRASS r.cost and scikit-image MCP_Geometric on the same friction raster.

Tolerance rtol 1e-6: GRASS stores the input as float64 but accumulates in its own order and writes
double output; agreement to 1e-6 relative means the same cost model, not an approximation.
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
    src = [tuple(ok[i]) for i in rng.choice(len(ok), 3, replace=False)]
    return cost, src


def ours(cost, res, src):
    flat = [r * cost.shape[1] + c for r, c in src]
    t = K.solve_scipy(cost, res, flat, np.zeros(len(flat)), backup=False).time.reshape(cost.shape)
    return np.where(np.isfinite(t), t, np.nan)


@pytest.mark.parametrize("seed,res", [(0, 1000.0), (1, 250.0)])
def test_grass_rcost_equals_engine(seed, res):
    if not peers.grass_available():
        pytest.skip("GRASS GIS not installed")
    cost, src = _grid(seed)
    a = ours(cost, res, src)
    timings = {}
    b = peers.grass_rcost(cost, res, src, timings=timings)
    both = np.isfinite(a) & np.isfinite(b)
    assert both.sum() > 0.8 * np.isfinite(a).sum()
    np.testing.assert_allclose(b[both], a[both], rtol=1e-6)
    assert timings["rcost_s"] > 0


def test_mcp_geometric_equals_engine():
    pytest.importorskip("skimage")
    cost, src = _grid(3)
    a = ours(cost, 500.0, src)
    b = peers.mcp_geometric(cost, 500.0, src)
    np.testing.assert_allclose(b, a, rtol=1e-9, equal_nan=True)
