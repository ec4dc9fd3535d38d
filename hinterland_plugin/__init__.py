"""Hinterland — analysing China's national strategic hinterland (国家战略腹地) in QGIS."""


def classFactory(iface):  # noqa: N802 - QGIS entry point
    """QGIS calls this with its interface object. The import stays here: importing the package must not import
    qgis, so that ``hinterland_plugin.core`` runs outside QGIS (command line, Dask workers)."""
    from .plugin import HinterlandPlugin  # noqa: PLC0415 - see above

    return HinterlandPlugin(iface)
