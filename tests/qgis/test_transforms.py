"""Clicked / imported points to WGS84 and Albers: QGIS first, pyproj when QGIS' transform is a silent no-op."""
from __future__ import annotations

import pytest
from pyproj import Transformer
from qgis.core import QgsCoordinateReferenceSystem

from hinterland_plugin import crs
from hinterland_plugin.core.catalog import ALBERS_CHINA_WKT

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
MERC = QgsCoordinateReferenceSystem("EPSG:3857")


def _expected(src, dst, x, y):
    return Transformer.from_crs(src, dst, always_xy=True).transform(x, y)


@pytest.mark.parametrize("noop", [False, True])
def test_point_transformer(qgis_app, monkeypatch, noop):
    if noop:  # QGIS' transform claims to be valid but returns its input, as seen late in long sessions
        class NoOp:
            def __init__(self, *a):
                pass

            def isValid(self):  # noqa: N802
                return True

            def transform(self, p):
                return p

        monkeypatch.setattr(crs, "QgsCoordinateTransform", NoOp)
    x, y = 11_584_000.0, 3_590_000.0  # Chengdu in Web Mercator
    lon, lat = crs.point_transformer(MERC, WGS84)(x, y)
    assert (lon, lat) == pytest.approx(_expected("EPSG:3857", "EPSG:4326", x, y), abs=1e-7)
    assert 103 < lon < 105 and 30 < lat < 31
    albers = QgsCoordinateReferenceSystem.fromWkt(ALBERS_CHINA_WKT)
    ax, ay = crs.point_transformer(WGS84, albers)(104.07, 30.67)
    assert (ax, ay) == pytest.approx(_expected("EPSG:4326", ALBERS_CHINA_WKT, 104.07, 30.67), abs=1e-3)
    assert crs.point_transformer(WGS84, WGS84)(1.0, 2.0) == (1.0, 2.0)


def test_unusable_crs_is_a_clear_error(qgis_app):
    bad = QgsCoordinateReferenceSystem()  # invalid / unknown
    with pytest.raises(ValueError, match="cannot be used|无法使用"):
        crs.point_transformer(bad, WGS84)

