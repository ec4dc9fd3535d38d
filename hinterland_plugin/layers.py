"""Adding the bundled strategic-hinterland layers to a QGIS project (no ``iface`` needed).

Used by the toolbar/menu action, by ``make demo`` and by the tests.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsLayerTreeGroup,
    QgsPathResolver,
    QgsProject,
    QgsSettings,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)

from .core.catalog import GROUP_NAME, THEMES, Theme, category_label, name_field
from .core.constants import THEME_PROPERTY
from .core.resources import data_path, resources_dir, style_path
from .core.texts import texts
from .crs import albers_crs, register_user_crs
from .i18n import language as current_language
from .i18n import translate
from .styling import label_fields

__all__ = ["THEME_PROPERTY", "AddResult", "LayerError", "add_strategic_layers", "albers_crs", "find_group",
           "register_path_hooks", "unregister_path_hooks"]

#: how the bundled data folder is written in project files, whatever machine or profile the plugin is on
DATA_TOKEN = "hinterland-data:"

class LayerError(Exception):
    """An error whose message is already translated and meant for the user."""


HinterlandError = LayerError  # the name used before 2026-12; kept for scripts


@dataclass
class AddResult:
    group: QgsLayerTreeGroup
    added: list[QgsVectorLayer] = field(default_factory=list)
    existing: list[QgsVectorLayer] = field(default_factory=list)
    crs_set: bool = False


def _default_new_project_crs() -> str:
    return QgsSettings().value("app/projections/defaultProjectCrs", "EPSG:4326", type=str) or "EPSG:4326"


def project_is_pristine(project: QgsProject) -> bool:
    """True for an empty project whose CRS nobody chose (invalid or the new-project default)."""
    if project.count() > 0:
        return False
    crs = project.crs()
    if not crs.isValid():
        return True
    return crs.authid() in (_default_new_project_crs(), "EPSG:4326")


def make_layer(theme: Theme, lang: str) -> QgsVectorLayer:
    gpkg = data_path()
    uri = f"{gpkg}|layername={theme.key}"
    layer = QgsVectorLayer(uri, theme.name(lang), "ogr")
    if not layer.isValid():
        raise LayerError(translate("layers", "Could not open layer '{0}' from {1}.").format(theme.key, gpkg))
    layer.setReadOnly(True)  # the bundled data is reference data: never edited in place
    apply_style(layer, theme, lang)
    layer.setCustomProperty(THEME_PROPERTY, theme.key)  # after the style: QML carries custom properties
    return layer


def apply_style(layer: QgsVectorLayer, theme: Theme, lang: str) -> None:
    """Load the theme's QML, then localise labels, legend entries and field aliases."""
    qml = style_path(theme.key)
    if qml.exists():
        _msg, ok = layer.loadNamedStyle(str(qml))
        if not ok:
            raise LayerError(translate("layers", "The style {0} could not be loaded.").format(qml.name))
    label_field = name_field(lang)
    labeling = layer.labeling()
    if isinstance(labeling, QgsVectorLayerSimpleLabeling):
        settings = labeling.settings()
        if settings.fieldName in ("name_zh", "name_en"):
            settings.fieldName = label_field
            layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    renderer = layer.renderer()
    if isinstance(renderer, QgsCategorizedSymbolRenderer):
        for i, cat in enumerate(renderer.categories()):
            if cat.value() not in (None, ""):
                renderer.updateCategoryLabel(i, category_label(str(cat.value()), lang))
    label_fields(layer, lang, "strategic")  # every field named, coded values (category, status, mode) as words
    fields = layer.fields()
    for fname, alias in texts("layer_fields", lang).items():
        idx = fields.indexFromName(fname)
        if idx >= 0:
            layer.setFieldAlias(idx, alias)
    layer.setDisplayExpression(f'"{label_field}"')


def find_group(project: QgsProject) -> QgsLayerTreeGroup | None:
    return project.layerTreeRoot().findGroup(GROUP_NAME)


def add_strategic_layers(project: QgsProject | None = None, lang: str | None = None) -> AddResult:
    """Add (or complete) the "Strategic hinterland" group; never duplicates layers.

    Raises LayerError with a translated message when the bundled data is missing.
    The project CRS is only set when the project is empty and nobody chose a CRS.
    """
    project = project or QgsProject.instance()
    lang = lang or current_language()
    gpkg = data_path()
    if not gpkg.exists():
        raise LayerError(
            translate("layers", "The bundled data file is missing: {0}. Reinstall the plugin, or run 'make data' in a "
               "source checkout.").format(gpkg)
        )
    root = project.layerTreeRoot()
    group = find_group(project)
    present: dict[str, QgsVectorLayer] = {}
    for node in group.findLayers() if group is not None else []:
        lyr = node.layer()
        if lyr is not None and lyr.customProperty(THEME_PROPERTY):
            present[str(lyr.customProperty(THEME_PROPERTY))] = lyr

    existing = [present[t.key] for t in THEMES if t.key in present]
    # Open and style every missing layer first: if one fails, nothing is added to the project.
    new_layers = [(order, theme, make_layer(theme, lang))
                  for order, theme in enumerate(THEMES) if theme.key not in present]
    crs_set = bool(new_layers) and project_is_pristine(project)
    if group is None:
        group = root.insertGroup(0, GROUP_NAME)
    result = AddResult(group=group, existing=existing, crs_set=crs_set)
    for order, theme, layer in new_layers:
        project.addMapLayer(layer, False)
        node = group.insertLayer(_insert_index(group, order), layer)
        node.setItemVisibilityChecked(theme.visible)
        node.setExpanded(False)
        present[theme.key] = layer
        result.added.append(layer)
    if crs_set:
        # after adding: QGIS may have given an empty project the CRS of its first layer; the named user
        # CRS when the profile can hold one
        project.setCrs(register_user_crs())
    return result


_ORDER = {t.key: i for i, t in enumerate(THEMES)}


def _insert_index(group: QgsLayerTreeGroup, order: int) -> int:
    """Position that keeps the catalogue order, after any of our layers that come earlier."""
    index = 0
    for i, child in enumerate(group.children()):
        lyr = getattr(child, "layer", lambda: None)()
        key = lyr.customProperty(THEME_PROPERTY) if lyr is not None else None
        if key is not None and _ORDER.get(str(key), 99) < order:
            index = i + 1
    return index


def _data_dir() -> str:
    return str(resources_dir() / "data")


def _write_path(path: str) -> str:
    """Project writer: the bundled data folder becomes a token, so a project opens on any machine."""
    prefix = _data_dir()
    return DATA_TOKEN + path[len(prefix):].lstrip("/\\") if path.startswith(prefix) else path


def _read_path(path: str) -> str:
    """Project reader: the token becomes this machine's bundled data folder."""
    if path.startswith(DATA_TOKEN):
        return str(Path(_data_dir()) / path[len(DATA_TOKEN):])
    return path


def register_path_hooks() -> tuple[str, str]:
    """Install the writer and the preprocessor of the bundled-data token; returns their ids for unload."""
    return QgsPathResolver.setPathWriter(_write_path), QgsPathResolver.setPathPreprocessor(_read_path)


def unregister_path_hooks(ids: tuple[str, str] | None) -> None:
    if ids:
        QgsPathResolver.removePathWriter(ids[0])
        QgsPathResolver.removePathPreprocessor(ids[1])
