"""The one bilingual table: texts whose language the caller chooses, not the QGIS locale.

A report is written in its LANGUAGE parameter, the demo renders both languages, layer field aliases and
result-layer names follow the language passed in: these texts live in ``resources/texts.toml``, one entry per
key with ``en`` and ``zh`` (a test checks both are there and that no other zh/en table is written in the
source). Interface strings follow the QGIS locale through Qt instead (``i18n.py``, ``i18n/*.ts``).

    text("report.title", "zh")      -> "国家战略腹地可达性"
    texts("report", "en")["status"]["red"] -> "red"
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]

from .resources import resources_dir

LANGS = ("en", "zh")


def texts_path() -> Path:
    return resources_dir() / "texts.toml"


def _is_entry(node) -> bool:
    return isinstance(node, dict) and set(node) == set(LANGS)


def _flatten(node: dict, prefix: str, out: dict) -> None:
    for key, value in node.items():
        name = f"{prefix}.{key}" if prefix else key
        if _is_entry(value):
            out[name] = value
        elif isinstance(value, dict) and not set(value) & set(LANGS):
            _flatten(value, name, out)
        else:
            found = sorted(value) if isinstance(value, dict) else repr(value)
            raise ValueError(f"{texts_path().name}: '{name}' needs both 'en' and 'zh' (found {found})")


@lru_cache(maxsize=1)
def _tree() -> dict:
    return tomllib.loads(texts_path().read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str | list[str]]]:
    """Every entry: dotted key -> {"en": ..., "zh": ...} (a value is a string or a list of strings)."""
    out: dict = {}
    _flatten(_tree(), "", out)
    return out


def entries(prefix: str) -> dict[str, dict]:
    """The entries directly under ``prefix``: key -> {"en": ..., "zh": ...} (``entries("categories")``)."""
    return {key[len(prefix) + 1:]: entry for key, entry in table().items()
            if key.startswith(prefix + ".") and "." not in key[len(prefix) + 1:]}


def _lang(lang: str | None) -> str:
    return "zh" if (lang or "").lower().startswith("zh") else "en"


def text(key: str, lang: str | None):
    """The entry ``key`` in ``lang`` ('zh…' is Chinese, anything else English)."""
    try:
        return table()[key][_lang(lang)]
    except KeyError:
        raise KeyError(f"no text '{key}' in {texts_path().name}") from None


def texts(prefix: str, lang: str | None) -> dict:
    """All entries under ``prefix`` in ``lang``, nested as in the file (``texts("report", "zh")["status"]``)."""
    node = _tree()
    for part in prefix.split("."):
        node = node[part]

    def pick(n):
        return n[_lang(lang)] if _is_entry(n) else {k: pick(v) for k, v in n.items()}

    return pick(node)
