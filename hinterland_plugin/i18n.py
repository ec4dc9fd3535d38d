"""Locale detection, the plugin's Qt translator and the two ways a string is marked for translation.

The one i18n path is Qt's: ``pylupdate5`` reads the source (``make ts``) and writes
``i18n/hinterland_zh_CN.ts``; ``lrelease`` builds the ``.qm`` that ``install_translator`` loads.
pylupdate5 recognises (tested in ``tests/qgis/test_i18n.py``):

* ``self.tr("...")`` inside a class: the context is the class name. Classes get ``tr`` from
  :class:`Translatable` (listed first among the bases, so it wins over ``QObject.tr``).
* ``translate("context", "...")`` anywhere, e.g. module-level functions (context: the module's name).
* ``QT_TRANSLATE_NOOP("context", "...")``: marks a class attribute (``DISPLAY_NAME`` ...) that is
  translated where it is used.

A bare ``tr("...")`` would land in pylupdate5's ``@default`` context; the completeness test refuses that.
"""
from __future__ import annotations

import sys
from types import CodeType

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

from .core.resources import i18n_dir


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``QCoreApplication.translate``; pylupdate5 reads calls with literal arguments."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name pylupdate5 looks for
    """Marks ``text`` for pylupdate5 in ``context`` and returns it untranslated (translate it at use)."""
    del context
    return text


#: code object of a method (or a lambda / nested function / comprehension inside one) -> its class's name
_CONTEXTS: dict[CodeType, str] = {}


def _codes(code: CodeType):
    yield code
    for const in code.co_consts:
        if isinstance(const, CodeType):
            yield from _codes(const)


def _function_codes(value) -> list[CodeType]:
    if isinstance(value, (staticmethod, classmethod)):
        value = value.__func__
    if isinstance(value, property):
        return [c for f in (value.fget, value.fset, value.fdel) if f is not None for c in _function_codes(f)]
    out = []
    while value is not None:
        code = getattr(value, "__code__", None)
        if isinstance(code, CodeType):
            out.extend(_codes(code))
        value = getattr(value, "__wrapped__", None)
    return out


def lexical_class(cls: type, code: CodeType) -> str | None:
    """Name of the class in ``cls``'s MRO whose body defines ``code`` — the class pylupdate5 puts a
    ``self.tr`` call in, also when the method is inherited (``type(self).__name__`` would be the subclass)."""
    hit = _CONTEXTS.get(code)
    if hit is not None:
        return hit
    for klass in cls.__mro__:
        for value in vars(klass).values():
            if code in _function_codes(value):
                _CONTEXTS[code] = klass.__name__
                return klass.__name__
    return None


class Translatable:
    """``self.tr(text)`` translates in the context of the class that contains the call (see module doc)."""

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        code = sys._getframe(1).f_code  # the caller's code object names its class
        context = lexical_class(type(self), code) or type(self).__name__
        return QCoreApplication.translate(context, text, disambiguation, n)

    def class_text(self, attribute: str) -> str:
        """A class attribute marked with ``QT_TRANSLATE_NOOP("<its class>", ...)``, translated in the context
        of the class that defines it (an inherited GROUP_NAME keeps its base class's context)."""
        for klass in type(self).__mro__:
            if attribute in vars(klass):
                return QCoreApplication.translate(klass.__name__, vars(klass)[attribute])
        raise AttributeError(attribute)


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
