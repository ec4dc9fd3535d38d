"""Add strategic layers: styled, localised, no duplicates, CRS rules, data left untouched."""
from __future__ import annotations

import hashlib

import pytest
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)

from hinterland_plugin import layers as hl
from hinterland_plugin.core.catalog import GROUP_NAME, THEMES
from hinterland_plugin.core.resources import data_path


def _group_layers(project):
    group = project.layerTreeRoot().findGroup(GROUP_NAME)
    return [n.layer() for n in group.findLayers()] if group else []


def test_adds_one_styled_layer_per_theme(project):
    result = hl.add_strategic_layers(project, lang="en")
    layers = _group_layers(project)
    assert [lyr.customProperty(hl.THEME_PROPERTY) for lyr in layers] == [t.key for t in THEMES]
    assert len(result.added) == len(THEMES) and not result.existing
    for lyr, theme in zip(layers, THEMES):
        assert isinstance(lyr, QgsVectorLayer) and lyr.isValid(), theme.key
        assert lyr.featureCount() > 0, theme.key
        assert lyr.readOnly(), theme.key
        assert lyr.name() == theme.name_en
        node = project.layerTreeRoot().findLayer(lyr.id())
        assert node.itemVisibilityChecked() == theme.visible
    by_key = {lyr.customProperty(hl.THEME_PROPERTY): lyr for lyr in layers}
    centres = by_key["candidate_centres"]
    assert isinstance(centres.renderer(), QgsCategorizedSymbolRenderer)
    labels = {c.value(): c.label() for c in centres.renderer().categories()}
    assert labels["national_central_city"] == "National central city"
    assert centres.labelsEnabled()
    assert isinstance(centres.labeling(), QgsVectorLayerSimpleLabeling)
    assert centres.labeling().settings().fieldName == "name_en"
    corridors = by_key["corridors"]
    assert isinstance(corridors.renderer(), QgsCategorizedSymbolRenderer)
    values = {c.value() for c in corridors.renderer().categories()}
    assert {"hsr", "rail", "water", "pipeline", "power"} <= values
    # every corridor feature falls in some category (none drawn with a fallback)
    expr_values = set()
    for f in corridors.getFeatures():
        expr_values.add(f["mode"] + ("" if f["status"] == "operating" else "_planned"))
    assert expr_values <= values


def test_chinese_labels_and_legend(project):
    hl.add_strategic_layers(project, lang="zh")
    by_key = {lyr.customProperty(hl.THEME_PROPERTY): lyr for lyr in _group_layers(project)}
    centres = by_key["candidate_centres"]
    assert centres.name() == "候选腹地中心"
    assert centres.labeling().settings().fieldName == "name_zh"
    labels = {c.value(): c.label() for c in centres.renderer().categories()}
    assert labels["national_central_city"] == "国家中心城市"
    fmt = centres.labeling().settings().format()
    assert "CJK" in fmt.font().family() or "Noto" in fmt.font().family()
    assert centres.attributeAlias(centres.fields().indexFromName("source")) == "来源"


def test_second_click_does_not_duplicate(project):
    hl.add_strategic_layers(project, lang="en")
    n = len(project.mapLayers())
    again = hl.add_strategic_layers(project, lang="en")
    assert again.added == [] and len(again.existing) == len(THEMES)
    assert len(project.mapLayers()) == n
    assert len(project.layerTreeRoot().children()) == 1


def test_completes_a_partial_group_in_order(project):
    hl.add_strategic_layers(project, lang="en")
    victim = next(lyr for lyr in _group_layers(project) if lyr.customProperty(hl.THEME_PROPERTY) == "corridors")
    project.removeMapLayer(victim.id())
    result = hl.add_strategic_layers(project, lang="en")
    assert [lyr.customProperty(hl.THEME_PROPERTY) for lyr in result.added] == ["corridors"]
    assert [lyr.customProperty(hl.THEME_PROPERTY) for lyr in _group_layers(project)] == [t.key for t in THEMES]


def test_empty_project_gets_china_albers(project):
    result = hl.add_strategic_layers(project, lang="en")
    assert result.crs_set
    crs = project.crs()
    assert crs.isValid() and not crs.isGeographic()
    proj = crs.toProj()
    assert "+proj=aea" in proj and "+lat_1=25" in proj and "+lat_2=47" in proj and "+lon_0=105" in proj


def test_user_crs_is_never_changed(project):
    mine = QgsCoordinateReferenceSystem("EPSG:3857")
    project.setCrs(mine)
    user_layer = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string", "my points", "memory")
    project.addMapLayer(user_layer)
    result = hl.add_strategic_layers(project, lang="en")
    assert not result.crs_set
    assert project.crs().authid() == "EPSG:3857"
    assert project.mapLayer(user_layer.id()) is user_layer  # the user's layer is still there


def test_missing_data_gives_clear_error_and_adds_nothing(project, monkeypatch, tmp_path):
    monkeypatch.setattr(hl, "data_path", lambda name="hinterland.gpkg": tmp_path / "nope.gpkg")
    with pytest.raises(hl.HinterlandError, match="nope.gpkg"):
        hl.add_strategic_layers(project, lang="en")
    assert project.count() == 0
    assert project.layerTreeRoot().findGroup(GROUP_NAME) is None


def test_bundled_data_is_not_modified(project):
    before = hashlib.sha256(data_path().read_bytes()).hexdigest()
    hl.add_strategic_layers(project, lang="en")
    for lyr in _group_layers(project):
        assert not lyr.startEditing()  # read-only: editing cannot even start
    project.clear()
    assert hashlib.sha256(data_path().read_bytes()).hexdigest() == before
