"""Refresh i18n/hinterland_zh_CN.ts from the source (``make ts``).

Every literal passed to ``tr(...)`` / ``self.tr(...)`` in hinterland_plugin/ and the
class attributes DISPLAY_NAME / GROUP_NAME / HELP of Processing algorithms are
collected; existing translations are kept, new strings are added as unfinished.
Also importable: ``collect_strings()`` is what the completeness test uses.
"""
from __future__ import annotations

import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "hinterland_plugin"
TS_FILE = ROOT / "i18n" / "hinterland_zh_CN.ts"
CONTEXT = "Hinterland"
TRANSLATED_ATTRS = {"DISPLAY_NAME", "GROUP_NAME", "HELP"}


def collect_strings(package: Path = PACKAGE) -> list[str]:
    found: dict[str, None] = {}
    for path in sorted(package.rglob("*.py")):
        if "core" in path.relative_to(package).parts:
            continue  # core/ has no user-visible Qt strings
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                fn = node.func
                name = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
                arg = node.args[0]
                if name == "tr" and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value)
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                if isinstance(node.value.value, str) and node.value.value:
                    if any(isinstance(t, ast.Name) and t.id in TRANSLATED_ATTRS for t in node.targets):
                        found.setdefault(node.value.value)
    return list(found)


def read_ts(path: Path = TS_FILE) -> dict[str, str]:
    if not path.exists():
        return {}
    root = ET.parse(path).getroot()
    out = {}
    for msg in root.iter("message"):
        src = msg.findtext("source") or ""
        tr_el = msg.find("translation")
        done = tr_el is not None and tr_el.get("type") not in ("unfinished", "obsolete")
        out[src] = (tr_el.text or "") if done else ""
    return out


def write_ts(strings: list[str], translations: dict[str, str], path: Path = TS_FILE) -> None:
    ts = ET.Element("TS", version="2.1", language="zh_CN", sourcelanguage="en")
    ctx = ET.SubElement(ts, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
    for s in strings:
        msg = ET.SubElement(ctx, "message")
        ET.SubElement(msg, "source").text = s
        tr_el = ET.SubElement(msg, "translation")
        if translations.get(s):
            tr_el.text = translations[s]
        else:
            tr_el.set("type", "unfinished")
    ET.indent(ts)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        fh.write(ET.tostring(ts, encoding="unicode"))
        fh.write("\n")


def main() -> int:
    strings = collect_strings()
    old = read_ts()
    write_ts(strings, old)
    missing = [s for s in strings if not old.get(s)]
    print(f"{TS_FILE.relative_to(ROOT)}: {len(strings)} strings, {len(missing)} without translation")
    for s in missing:
        print("  missing:", s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
