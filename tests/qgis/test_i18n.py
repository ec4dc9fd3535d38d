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
    """Core errors carry a code; the adapter translates by code (no parsing of English text)."""
    import package
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    from hinterland_plugin.core.errors import EngineError, HinterlandError, ParameterError
    from hinterland_plugin.messages import user_message

    qm = package.compile_translations(tmp_path)[0]
    tr = QTranslator()
    assert tr.load(str(qm))
    QCoreApplication.installTranslator(tr)
    try:
        assert user_message(EngineError("centre_outside", name="Paris")) == "中心“Paris”位于研究区(中国)以外。"
        assert "不是分钟数" in user_message(ParameterError("threshold_nan", value="abc"))
        assert user_message(HinterlandError("something unexpected")) == "something unexpected"
    finally:
        QCoreApplication.removeTranslator(tr)
    assert "outside the study area" in user_message(EngineError("centre_outside", name="Paris"))


def test_every_error_code_has_a_translation_with_the_same_placeholders():
    import string

    from hinterland_plugin.core.errors import MESSAGES
    from hinterland_plugin.messages import templates

    def names(t):
        return sorted(n for _, n, _, _ in string.Formatter().parse(t) if n)

    tpl = templates()
    assert set(tpl) == set(MESSAGES)
    for code, english in MESSAGES.items():
        assert names(tpl[code]) == names(english), code


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
