"""The network part of the engine agrees with QGIS native:serviceareafrompoint on a line layer.

Same network, same start, cost = length (shortest path): every network node is reached within the
threshold by QGIS exactly when our time is below it (nodes closer than 1 m to the threshold skipped).
"""
from __future__ import annotations

import numpy as np
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

from hinterland_plugin.core.engine import kernel as K


def make_network(seed=3, n=36, spacing=1000.0):
    rng = np.random.default_rng(seed)
    side = int(np.sqrt(n))
    xy = np.array([(i % side, i // side) for i in range(n)], float) * spacing
    xy += rng.uniform(-200, 200, xy.shape)
    edges = []
    for i in range(n):
        for j in (i + 1, i + side):
            if (j == i + 1 and (i + 1) % side == 0) or j >= n:
                continue
            if rng.random() < 0.8:
                edges.append((i, j))
    return xy, edges


def test_reachable_nodes_match_qgis_service_area(qgis_processing):
    import processing

    xy, edges = make_network()
    layer = QgsVectorLayer("LineString?crs=EPSG:3857", "net", "memory")
    feats = []
    for a, b in edges:
        f = QgsFeature()
        f.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(*xy[a]), QgsPointXY(*xy[b])]))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)

    n_nodes = len(xy)
    cost = np.full((1, 1), np.inf, np.float32)  # one dummy cell, no grid movement
    src = [1 + a for a, b in edges] + [1 + b for a, b in edges]
    dst = [1 + b for a, b in edges] + [1 + a for a, b in edges]
    w = [float(np.hypot(*(xy[a] - xy[b]))) for a, b in edges] * 2
    extra = K.ExtraEdges.from_edges(1, n_nodes, src, dst, w)
    start = 0
    ours = K.solve_scipy(cost, 1.0, [1 + start], [0.0], extra=extra, backup=False).time[1:]

    threshold = 3500.0
    res = processing.run("native:serviceareafrompoint", {
        "INPUT": layer, "STRATEGY": 0, "DEFAULT_DIRECTION": 2, "TOLERANCE": 0.0,
        "START_POINT": f"{xy[start][0]},{xy[start][1]} [EPSG:3857]", "TRAVEL_COST2": threshold,
        "INCLUDE_BOUNDS": False, "OUTPUT_LINES": "memory:"})
    lines = [f.geometry() for f in res["OUTPUT_LINES"].getFeatures()]
    assert lines
    union = QgsGeometry.unaryUnion(lines)
    checked = 0
    for i in range(n_nodes):
        if not np.isfinite(ours[i]) or abs(ours[i] - threshold) < 1.0:
            continue
        pt = QgsGeometry.fromPointXY(QgsPointXY(*xy[i]))
        reached_qgis = union.distance(pt) < 0.01
        assert reached_qgis == (ours[i] < threshold), (i, ours[i])
        checked += 1
    assert checked >= 20
    assert 0 < (ours < threshold).sum() < n_nodes  # the threshold actually cuts the network
