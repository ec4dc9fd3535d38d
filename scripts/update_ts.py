"""Refresh i18n/hinterland_zh_CN.ts with pylupdate5 and build the .qm with lrelease (``make ts``).

pylupdate5 reads ``self.tr("...")`` (context: the class), ``translate("context", "...")`` and
``QT_TRANSLATE_NOOP("context", "...")`` in hinterland_plugin/ (see hinterland_plugin/i18n.py); it keeps
existing translations, adds new strings as unfinished and (``-noobsolete``) drops strings no longer in
the source. Then the strings without a translation are listed, and ``lrelease`` writes
``i18n/hinterland_zh_CN.qm`` (git-ignored; ``make package`` compiles its own copy).

Importable: ``run_pylupdate`` and ``read_ts`` are what tests/qgis/test_i18n.py uses.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "hinterland_plugin"
TS_FILE = ROOT / "i18n" / "hinterland_zh_CN.ts"


class ToolMissingError(RuntimeError):
    pass


def source_files(package: Path = PACKAGE) -> list[Path]:
    """Every module of the plugin but core/ (no qgis/Qt import there, so no user-visible Qt strings)."""
    return sorted(p for p in package.rglob("*.py") if "core" not in p.relative_to(package).parts)


def find_pylupdate() -> str:
    path = shutil.which("pylupdate5")
    if path is None:
        raise ToolMissingError("pylupdate5 was not found: run 'make setup' (Debian: apt-get install pyqt5-dev-tools)")
    return path


def run_pylupdate(ts: Path = TS_FILE, package: Path = PACKAGE) -> None:
    """pylupdate5 -noobsolete <sources> -ts <ts>: creates or updates ``ts`` in place."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    cmd = [find_pylupdate(), "-noobsolete", *map(str, source_files(package)), "-ts", str(ts)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not ts.exists():
        raise RuntimeError(f"pylupdate5 failed ({proc.returncode}): {proc.stderr or proc.stdout}")


def read_ts(path: Path = TS_FILE) -> dict[tuple[str, str], str]:
    """(context, source) -> finished translation ('' when unfinished, obsolete or empty)."""
    out: dict[tuple[str, str], str] = {}
    if not path.exists():
        return out
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr_el = msg.find("translation")
            done = tr_el is not None and tr_el.get("type") not in ("unfinished", "obsolete", "vanished")
            out[(name, msg.findtext("source") or "")] = (tr_el.text or "") if done else ""
    return out


def release(ts: Path = TS_FILE) -> Path:
    sys.path.insert(0, str(ROOT / "scripts"))
    import package  # noqa: PLC0415 - scripts/package.py owns the lrelease lookup

    qm = ts.with_suffix(".qm")
    proc = subprocess.run([package.find_lrelease(), "-silent", str(ts), "-qm", str(qm)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"lrelease failed: {proc.stderr or proc.stdout}")
    return qm


def main() -> int:
    run_pylupdate()
    messages = read_ts()
    missing = [key for key, text in messages.items() if not text]
    contexts = {ctx for ctx, _ in messages}
    print(f"{TS_FILE.relative_to(ROOT)}: {len(messages)} messages in {len(contexts)} contexts, "
          f"{len(missing)} without translation")
    for ctx, src in missing:
        print(f"  missing [{ctx}]: {src}")
    qm = release()
    print(f"{qm.relative_to(ROOT)} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
