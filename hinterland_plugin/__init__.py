"""Hinterland — analysing China's national strategic hinterland (国家战略腹地) in QGIS."""


def classFactory(iface):  # noqa: N802 - QGIS entry point
    """QGIS calls this with its interface object; keep it thin (nothing heavy at import)."""
    from .plugin import HinterlandPlugin

    return HinterlandPlugin(iface)
