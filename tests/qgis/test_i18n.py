"""One i18n path: pylupdate5 reads the source, every message has a Chinese translation, contexts match at run time."""
from __future__ import annotations

import ast
import importlib
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import package  # noqa: E402
import update_ts  # noqa: E402

from hinterland_plugin import i18n  # noqa: E402

CJK = ("\u4e00", "\u9fff")


def _names(template: str) -> list[str]:
    return sorted(n for _, n, _, _ in string.Formatter().parse(template) if n is not None)


def _file_contexts(path: Path) -> tuple[set[str], str]:
    """Classes defined in a module, and the module's own context (its file name) for ``translate``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}, path.stem


def _locations(ts: Path) -> dict[tuple[str, str], list[Path]]:
    import xml.etree.ElementTree as ET

    out: dict[tuple[str, str], list[Path]] = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        for msg in ctx.iter("message"):
            key = (ctx.findtext("name"), msg.findtext("source"))
            out[key] = [(ts.parent / loc.get("filename")).resolve() for loc in msg.iter("location")]
    return out


def problems(package_dir: Path, checked_in: Path, tmp: Path) -> list[str]:
    """What is wrong with ``checked_in`` for the source in ``package_dir``: pylupdate5 is run from scratch
    into a temporary .ts; every message must be in the checked-in file with a Chinese translation that keeps the
    placeholders, no message may be left there that the source no longer has, and every context must be a class of
    the file the string is in (``self.tr``, QT_TRANSLATE_NOOP) or that file's name (``translate``)."""
    fresh = tmp / "fresh.ts"
    fresh.unlink(missing_ok=True)
    update_ts.run_pylupdate(fresh, package_dir)
    found = update_ts.read_ts(fresh)
    have = update_ts.read_ts(checked_in)
    out = []
    for key in found:
        text = have.get(key, "")
        if key not in have:
            out.append(f"not in the .ts (run 'make ts'): {key}")
        elif not text:
            out.append(f"no translation: {key}")
        elif not any(CJK[0] <= ch <= CJK[1] for ch in text):
            out.append(f"not Chinese: {key} -> {text!r}")
        elif _names(text) != _names(key[1]):
            out.append(f"placeholders differ: {key} -> {text!r}")
    out += [f"no longer in the source (run 'make ts'): {key}" for key in have if key not in found]
    for (context, source), files in _locations(fresh).items():
        for path in files:
            classes, stem = _file_contexts(path)
            if context not in classes | {stem}:
                out.append(f"context {context!r} is neither a class of {path.name} nor {stem!r}: {source!r}")
    return out


@pytest.fixture(scope="module")
def qm(tmp_path_factory):
    return package.compile_translations(tmp_path_factory.mktemp("qm"))[0]


@pytest.fixture()
def zh(qm):
    """The Chinese translator installed for one test; yields the checked-in (context, source) -> translation."""
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    yield update_ts.read_ts()
    QCoreApplication.removeTranslator(translator)


def test_checked_in_ts_is_complete_and_up_to_date(tmp_path):
    found = problems(update_ts.PACKAGE, update_ts.TS_FILE, tmp_path)
    assert found == [], "\n".join(found)
    messages = update_ts.read_ts()
    contexts = {ctx for ctx, _ in messages}
    assert len(messages) >= 600 and len(contexts) >= 40  # 649 messages in 51 contexts on 2026-12-01
    assert "@default" not in contexts  # a bare tr("...") lands there: use self.tr or translate("<module>", ...)


def test_the_check_fails_on_an_untranslated_or_misplaced_string(tmp_path):
    """The completeness check is not vacuous: a new self.tr string, a bare tr and a wrong context are reported."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "mod.py").write_text(
        "from qgis.PyQt.QtWidgets import QWidget\n"
        "from .i18n import Translatable, translate\n\n\n"
        "class Panel(Translatable, QWidget):\n"
        "    def label(self):\n"
        "        return self.tr('Brand new string')\n\n\n"
        "def helper():\n"
        "    return translate('mod', 'Known string'), translate('elsewhere', 'Wrong context'), tr('Bare')\n",
        encoding="utf-8")
    ts = tmp_path / "checked_in.ts"
    update_ts.run_pylupdate(ts, pkg)
    text = ts.read_text(encoding="utf-8").replace(
        '<source>Known string</source>\n        <translation type="unfinished"></translation>',
        "<source>Known string</source>\n        <translation>已知字符串</translation>")
    ts.write_text(text, encoding="utf-8")
    found = problems(pkg, ts, tmp_path)
    assert "no translation: ('Panel', 'Brand new string')" in found
    assert not any("Known string" in p for p in found)
    assert any("'elsewhere' is neither a class of mod.py nor 'mod'" in p for p in found)
    assert any("'@default'" in p for p in found)


def test_pylupdate5_contexts_are_the_ones_used_at_run_time(tmp_path):
    """self.tr in an inherited method, a lambda, a nested function and a comprehension keeps the context of the
    class that contains it (as pylupdate5 records it); QObject.tr would use the subclass's name and miss."""
    pkg = tmp_path / "ctxpkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "mod.py").write_text(
        "from qgis.PyQt.QtCore import QObject\n"
        "from hinterland_plugin.i18n import QT_TRANSLATE_NOOP, Translatable, translate\n\n\n"
        "class Base(Translatable, QObject):\n"
        "    NAME = QT_TRANSLATE_NOOP('Base', 'Name')\n\n"
        "    def plain(self):\n"
        "        return self.tr('Plain')\n\n"
        "    def nested(self):\n"
        "        def inner():\n"
        "            return self.tr('Nested')\n"
        "        return inner(), (lambda: self.tr('Lambda'))(), [self.tr('Comprehension') for _ in range(1)][0]\n\n"
        "    def qt_own(self):\n"
        "        return QObject.tr(self, 'Plain')\n\n\n"
        "class Sub(Base):\n"
        "    def own(self):\n"
        "        return self.tr('Own')\n\n\n"
        "def free():\n"
        "    return translate('mod', 'Free')\n",
        encoding="utf-8")
    ts = tmp_path / "ctx.ts"
    update_ts.run_pylupdate(ts, pkg)
    found = update_ts.read_ts(ts)
    assert set(found) == {("Base", "Name"), ("Base", "Plain"), ("Base", "Nested"), ("Base", "Lambda"),
                          ("Base", "Comprehension"), ("Sub", "Own"), ("mod", "Free")}
    text = ts.read_text(encoding="utf-8").replace('<translation type="unfinished"></translation>',
                                                  "<translation>译</translation>")
    ts.write_text(text, encoding="utf-8")
    qm = tmp_path / "ctx.qm"
    subprocess.run([package.find_lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    sys.path.insert(0, str(tmp_path))
    QCoreApplication.installTranslator(translator)
    try:
        mod = importlib.import_module("ctxpkg.mod")
        sub = mod.Sub()
        assert sub.plain() == "译" and sub.own() == "译" and sub.nested() == ("译", "译", "译")
        assert sub.class_text("NAME") == "译" and mod.free() == "译"
        assert sub.qt_own() == "Plain"  # PyQt's QObject.tr: context 'Sub', not found — why Translatable exists
    finally:
        QCoreApplication.removeTranslator(translator)
        sys.path.remove(str(tmp_path))
        sys.modules.pop("ctxpkg.mod", None)
        sys.modules.pop("ctxpkg", None)
    assert mod.Sub().plain() == "Plain"


def test_what_pylupdate5_does_with_bare_tr_and_nested_classes(tmp_path):
    """Why the rules are what they are: pylupdate5 puts a bare tr() (module level or in a method) in '@default',
    and after a nested class it keeps that inner class as the context of the outer class's later self.tr calls."""
    pkg = tmp_path / "quirks"
    pkg.mkdir()
    (pkg / "mod.py").write_text(
        "X = tr('Module level')\n\n\n"
        "class Outer:\n"
        "    def a(self):\n"
        "        return tr('Bare in a method'), self.tr('Before')\n\n"
        "    class Inner:\n"
        "        pass\n\n"
        "    def b(self):\n"
        "        return self.tr('After')\n",
        encoding="utf-8")
    ts = tmp_path / "quirks.ts"
    update_ts.run_pylupdate(ts, pkg)
    assert set(update_ts.read_ts(ts)) == {("@default", "Module level"), ("@default", "Bare in a method"),
                                          ("Outer", "Before"), ("Inner", "After")}


def test_no_nested_class_in_the_plugin():
    """A class inside a class would move the outer class's later strings to the wrong context (see above)."""
    nested = []
    for path in update_ts.source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                nested += [f"{path.name}: {node.name}.{n.name}" for n in ast.walk(node)
                           if isinstance(n, ast.ClassDef) and n is not node]
    assert nested == []


def test_every_class_context_uses_translatable():
    """A class context comes from self.tr: the class must get tr from Translatable, not from QObject."""
    missing = []
    for path in update_ts.source_files():
        rel = path.relative_to(ROOT).with_suffix("")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        users = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and any(
            isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and c.func.attr == "tr"
            for c in ast.walk(n))}
        if not users:
            continue
        module = importlib.import_module(".".join(rel.parts))
        missing += [f"{rel}.{name}" for name in users if not issubclass(getattr(module, name), i18n.Translatable)]
    assert missing == []


def test_translations_reach_the_user_at_run_time(zh, qgis_app, qtbot):
    """A sample from several contexts through the real code: dock tabs, an algorithm (own, inherited and class
    attribute strings), a module-level function, the engine messages."""
    from hinterland_plugin.core.errors import EngineError
    from hinterland_plugin.gui.dock import HinterlandDock
    from hinterland_plugin.messages import user_message
    from hinterland_plugin.processing_provider.algorithms.coverage import CoverageAlgorithm

    dock = HinterlandDock(None)
    qtbot.addWidget(dock)
    try:
        tabs = [dock.tabs.tabText(i) for i in range(dock.tabs.count())]
        assert tabs[0] == zh[("HinterlandDock", "Centres")] == "中心"
        assert dock.windowTitle() == zh[("HinterlandDock", "Hinterland")]
    finally:
        dock.unload()

    alg = CoverageAlgorithm()
    alg.initAlgorithm({})
    assert alg.displayName() == zh[("CoverageAlgorithm", CoverageAlgorithm.DISPLAY_NAME)]
    assert alg.group() == zh[("EngineAlgorithm", "Accessibility")] == "可达性"  # inherited GROUP_NAME
    assert zh[("CoverageAlgorithm", CoverageAlgorithm.HELP)][:20] in alg.shortHelpString()
    thresholds = alg.parameterDefinition("THRESHOLDS").description()  # added by EngineAlgorithm.add_thresholds
    assert thresholds == zh[("EngineAlgorithm", "Thresholds (minutes)")] == "时间阈值(分钟)"

    assert user_message(EngineError("centre_outside", name="Paris")) == "中心“Paris”位于研究区(中国)以外。"
    assert i18n.translate("HinterlandPlugin", "Add strategic layers") == "添加战略图层"


def test_every_algorithm_name_group_and_help_is_translated(zh):
    from hinterland_plugin.processing_provider.provider import HinterlandProvider

    provider = HinterlandProvider()
    provider.loadAlgorithms()
    algs = provider.algorithms()
    assert len(algs) >= 14
    for alg in algs:
        for text in (alg.displayName(), alg.group(), alg.shortHelpString()):
            assert any(CJK[0] <= ch <= CJK[1] for ch in text), (alg.id(), text[:60])


def test_locale_candidates_and_language():
    assert i18n.translation_candidates("zh_TW") == ["zh_TW", "zh", "zh_CN"]
    assert i18n.translation_candidates("zh-CN") == ["zh_CN", "zh"]
    assert i18n.translation_candidates("en_US") == ["en_US", "en"]
    assert i18n.language("zh_TW") == "zh" and i18n.language("en_GB") == "en" and i18n.language("fr") == "en"


def test_engine_messages_reach_the_user_in_chinese(zh):
    """Core errors carry a code; the adapter translates by code (no parsing of English text)."""
    from hinterland_plugin.core.errors import EngineError, HinterlandError, ParameterError
    from hinterland_plugin.messages import user_message

    assert user_message(EngineError("centre_outside", name="Paris")) == "中心“Paris”位于研究区(中国)以外。"
    assert "不是分钟数" in user_message(ParameterError("threshold_nan", value="abc"))
    assert user_message(HinterlandError("something unexpected")) == "something unexpected"


def test_engine_messages_in_english_without_translator():
    from hinterland_plugin.core.errors import EngineError
    from hinterland_plugin.messages import user_message

    assert "outside the study area" in user_message(EngineError("centre_outside", name="Paris"))


def test_every_error_code_has_a_translation_with_the_same_placeholders():
    from hinterland_plugin.core.errors import MESSAGES
    from hinterland_plugin.messages import templates

    tpl = templates()
    assert set(tpl) == set(MESSAGES)
    for code, english in MESSAGES.items():
        assert _names(tpl[code]) == _names(english), code


def test_result_layer_names_follow_the_ui_language_or_the_given_one(monkeypatch):
    """Result-layer names come from the bilingual table: the report's language when given, else the UI's."""
    from hinterland_plugin.core.texts import text
    from hinterland_plugin.gui import results_group as results

    for key in ("iso", "alloc", "backup", "time", "access"):
        monkeypatch.setattr(i18n, "qgis_locale", lambda: "zh_CN")
        zh = results._name(key, None)
        assert zh == text(f"results.{key}", "zh") and any(CJK[0] <= ch <= CJK[1] for ch in zh), key
        monkeypatch.setattr(i18n, "qgis_locale", lambda: "en_US")
        assert results._name(key, None) == text(f"results.{key}", "en") != zh
        assert results._name(key, "zh") == zh


def test_pylupdate5_is_installed():
    assert shutil.which("pylupdate5"), "run 'make setup' (installs pyqt5-dev-tools)"
