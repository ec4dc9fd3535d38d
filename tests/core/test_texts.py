"""The one bilingual table (resources/texts.toml): every key in both languages; no other zh/en table in the source."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from hinterland_plugin.core import texts

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
HAN = re.compile(r"[\u4e00-\u9fff]")
SOURCES = sorted((ROOT / "hinterland_plugin").rglob("*.py")) + [ROOT / "scripts" / "demo.py"]


def _fields(s: str) -> list[str]:
    return sorted(n for _, n, _, _ in string.Formatter().parse(s) if n is not None)


def test_every_entry_has_english_and_chinese_with_the_same_placeholders():
    table = texts.table()
    assert len(table) >= 60
    for key, entry in table.items():
        en, zh = entry["en"], entry["zh"]
        assert type(en) is type(zh), key
        pairs = list(zip(en, zh, strict=True)) if isinstance(en, list) else [(en, zh)]
        for e, z in pairs:
            assert isinstance(e, str) and isinstance(z, str) and e.strip() and z.strip(), key
            assert not HAN.search(e), f"{key}: Chinese in the English text {e!r}"
            assert CJK.search(z) or key == "report.list_sep", f"{key}: no Chinese in {z!r}"
            assert _fields(e) == _fields(z), f"{key}: placeholders differ"


def test_text_and_texts_pick_the_language():
    assert texts.text("report.title", "zh") == "国家战略腹地可达性"
    assert texts.text("report.title", "en") == texts.text("report.title", "fr")  # anything but zh is English
    assert texts.text("report.title", "zh_TW") == texts.text("report.title", "zh")
    assert texts.texts("report", "zh")["status"]["red"] == "红"
    assert texts.texts("report", "en")["table_head"][0] == "Within"
    with pytest.raises(KeyError, match="no text 'report.nope'"):
        texts.text("report.nope", "en")


def test_an_entry_without_both_languages_is_refused(tmp_path, monkeypatch):
    (tmp_path / "texts.toml").write_text('[report]\ntitle = { en = "Title" }\n', encoding="utf-8")
    monkeypatch.setattr(texts, "texts_path", lambda: tmp_path / "texts.toml")
    texts._tree.cache_clear()
    texts.table.cache_clear()
    try:
        with pytest.raises(ValueError, match="'report.title' needs both 'en' and 'zh'"):
            texts.table()
    finally:
        texts._tree.cache_clear()
        texts.table.cache_clear()


def _strings(node) -> list[str]:
    out = []
    for n in ast.walk(node):
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            out.append(n.value)
    return out


def _is_zh_test(node) -> bool:
    """``lang == "zh"``, ``lang != "zh"``, ``zh`` (a flag), ``language() == "zh"``."""
    if isinstance(node, ast.Name):
        return node.id == "zh"
    if isinstance(node, ast.Compare):
        return any(isinstance(c, ast.Constant) and c.value == "zh" for c in [node.left, *node.comparators])
    return False


def bilingual_tables(source: str) -> list[tuple[int, str]]:
    """Hand-written zh/en pairs: a dict keyed "zh"/"en"; a dict whose values pair a Chinese and a non-Chinese
    string; ``"中文" if lang == "zh" else "English"``; an ``if lang == "zh":`` block that writes Chinese."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if keys & {"zh", "en"}:
                found.append((node.lineno, "dict keyed zh/en"))
                continue
            for v in node.values:
                if isinstance(v, ast.Tuple) and len(v.elts) == 2 and all(
                        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in v.elts):
                    a, b = (e.value for e in v.elts)
                    if bool(HAN.search(a)) != bool(HAN.search(b)):
                        found.append((node.lineno, f"dict of (Chinese, English) pairs: {a!r}, {b!r}"))
                        break
        elif isinstance(node, ast.IfExp) and _is_zh_test(node.test):
            if any(HAN.search(s) for s in _strings(node.body) + _strings(node.orelse)):
                found.append((node.lineno, "Chinese text chosen by a zh test"))
        elif isinstance(node, ast.If) and _is_zh_test(node.test):
            if any(HAN.search(s) for part in node.body for s in _strings(part)):
                found.append((node.lineno, "Chinese text in an 'if zh' block"))
    return sorted(found)


def test_the_scanner_finds_each_kind_of_bilingual_table():
    src = ('A = {"zh": "中", "en": "x"}\n'
           'B = {"name": ("名称", "Name")}\n'
           'def f(lang):\n'
           '    c = "方法" if lang == "zh" else "Method"\n'
           '    if lang == "zh":\n'
           '        return f"{c} 分钟"\n'
           '    return {"name": ("名称 Name", "Name 名称")}, "国家战略腹地 / Strategic hinterland"\n')
    assert [line for line, _ in bilingual_tables(src)] == [1, 2, 4, 5]


def test_no_other_hand_written_bilingual_table_in_the_source():
    """Texts in a chosen language come from resources/texts.toml only (interface strings: Qt, the .ts file)."""
    found = [f"{path.relative_to(ROOT)}:{line}: {what}" for path in SOURCES
             for line, what in bilingual_tables(path.read_text(encoding="utf-8"))]
    assert found == [], "move these into resources/texts.toml:\n" + "\n".join(found)
