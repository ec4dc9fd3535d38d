"""Every user-visible string is in the .ts file with a Chinese translation; locale fallbacks."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import update_ts  # noqa: E402

from hinterland_plugin import i18n  # noqa: E402


def test_every_string_has_a_chinese_translation():
    strings = update_ts.collect_strings()
    assert len(strings) >= 10
    ts = update_ts.read_ts()
    missing = [s for s in strings if not ts.get(s)]
    assert missing == [], "run 'make ts' and translate: " + "; ".join(missing)
    for s in strings:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in ts[s]), f"not Chinese: {ts[s]!r}"
        assert ts[s].count("{") == s.count("{"), f"placeholders differ: {s!r}"


def test_collector_sees_new_strings(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "mod.py").write_text("from x import tr\nX = tr('Brand new string')\n", encoding="utf-8")
    assert update_ts.collect_strings(pkg) == ["Brand new string"]


def test_locale_candidates_and_language():
    assert i18n.translation_candidates("zh_TW") == ["zh_TW", "zh", "zh_CN"]
    assert i18n.translation_candidates("zh-CN") == ["zh_CN", "zh"]
    assert i18n.translation_candidates("en_US") == ["en_US", "en"]
    assert i18n.language("zh_TW") == "zh" and i18n.language("en_GB") == "en" and i18n.language("fr") == "en"


def test_engine_messages_reach_the_user_in_chinese(tmp_path):
    """The engine's English messages are mapped to translated templates in the QGIS adapter."""
    import package
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    from hinterland_plugin.engine_service import translate_message

    qm = package.compile_translations(tmp_path)[0]
    tr = QTranslator()
    assert tr.load(str(qm))
    QCoreApplication.installTranslator(tr)
    try:
        assert translate_message("centre 'Paris' lies outside the study area") == "中心“Paris”位于研究区(中国)以外。"
        assert "不是分钟数" in translate_message("threshold 'abc' is not a number of minutes")
        assert translate_message("something unexpected") == "something unexpected"
    finally:
        QCoreApplication.removeTranslator(tr)
    assert "outside the study area" in translate_message("centre 'Paris' lies outside the study area")


def test_result_layer_names_follow_the_ui_language(monkeypatch):
    """Names passed through a variable escape the .ts collector; the results group names come from a table."""
    from hinterland_plugin.gui import results_group as results

    for key in ("iso", "alloc", "backup", "time", "access"):
        monkeypatch.setattr(i18n, "qgis_locale", lambda: "zh_CN")
        zh = results._name(key, "English default", None)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), key
        monkeypatch.setattr(i18n, "qgis_locale", lambda: "en_US")
        assert results._name(key, "English default", None) == "English default"
        assert results._name(key, "English default", "zh") == zh
