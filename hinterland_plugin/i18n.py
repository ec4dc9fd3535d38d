"""Locale detection and the plugin's Qt translator."""
from __future__ import annotations

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

from .core.resources import i18n_dir

CONTEXT = "Hinterland"


def tr(text: str) -> str:
    """Translate a user-visible string in the plugin's single context."""
    return QCoreApplication.translate(CONTEXT, text)


def qgis_locale() -> str:
    """The locale QGIS runs in, e.g. ``zh_CN`` or ``en_US`` (user override first)."""
    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        loc = settings.value("locale/userLocale", "", type=str)
        if loc:
            return loc
    return QgsApplication.locale() or QLocale.system().name()


def language(locale: str | None = None) -> str:
    """'zh' for any Chinese locale, else 'en': picks the label/name fields of the data."""
    loc = (locale or qgis_locale()).replace("-", "_")
    return "zh" if loc.lower().startswith("zh") else "en"


def translation_candidates(locale: str) -> list[str]:
    """Full locale first, then the language: zh_TW -> [zh_TW, zh]; then zh_CN for any zh."""
    loc = locale.replace("-", "_")
    cands = [loc]
    lang = loc.split("_")[0]
    if lang not in cands:
        cands.append(lang)
    if lang == "zh" and "zh_CN" not in cands:
        cands.append("zh_CN")
    return cands


def install_translator(locale: str | None = None) -> QTranslator | None:
    """Load ``i18n/hinterland_<locale>.qm`` into the application; return it (or None)."""
    loc = locale or qgis_locale()
    for cand in translation_candidates(loc):
        qm = i18n_dir() / f"hinterland_{cand}.qm"
        if qm.exists():
            translator = QTranslator()
            if translator.load(str(qm)):
                QCoreApplication.installTranslator(translator)
                return translator
    return None
