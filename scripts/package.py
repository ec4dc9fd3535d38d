"""Assemble the installable plugin (``make package``) and install it into a profile (``make install``).

The zip holds a single folder ``hinterland_plugin/`` with the Python package plus
``metadata.txt``, ``resources/`` (without the curated source tables), the compiled
``i18n/*.qm`` and the README/licence notes — the layout QGIS expects.

    python scripts/package.py zip [--output dist/hinterland_plugin.zip]
    python scripts/package.py install --profile-dir ~/.local/share/QGIS/QGIS3/profiles/default
"""
from __future__ import annotations

import argparse
import configparser
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "hinterland_plugin"
DEFAULT_ZIP = ROOT / "dist" / f"{PLUGIN}.zip"
#: Fixed timestamp for zip entries so the same tree gives the same zip.
ZIP_DATE = (2025, 1, 1, 0, 0, 0)
EXCLUDE_DIRS = {"__pycache__", ".pytest_cache", "src"}
EXCLUDE_SUFFIXES = {".pyc", ".pyo", ".tmp.gpkg"}


class PackagingError(RuntimeError):
    pass


def find_lrelease() -> str:
    for cand in ("lrelease", "/usr/lib/qt5/bin/lrelease", "lrelease-qt5", "lrelease-qt6", "pylrelease5"):
        path = shutil.which(cand) if "/" not in cand else (cand if Path(cand).exists() else None)
        if path:
            return path
    raise PackagingError(
        "lrelease was not found: install Qt's linguist tools (Debian: apt-get install qttools5-dev-tools)")


def compile_translations(dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    tool = find_lrelease()
    for ts in sorted((ROOT / "i18n").glob("*.ts")):
        qm = dest / (ts.stem + ".qm")
        proc = subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], capture_output=True, text=True)
        if proc.returncode != 0 or not qm.exists():
            raise PackagingError(f"lrelease failed on {ts.name}: {proc.stderr or proc.stdout}")
        out.append(qm)
    return out


def _files(base: Path):
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base)
        if any(part in EXCLUDE_DIRS for part in rel.parts[:-1]) or path.is_dir():
            continue
        if path.name in EXCLUDE_DIRS or any(path.name.endswith(s) for s in EXCLUDE_SUFFIXES):
            continue
        yield path, rel


def build_zip(output: Path = DEFAULT_ZIP) -> Path:
    output = Path(output)
    gpkg = ROOT / "resources" / "data" / "hinterland.gpkg"
    if not gpkg.exists():
        raise PackagingError(f"{gpkg} is missing: run 'make data' first")
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        qms = compile_translations(Path(tmp) / "i18n")
        entries: list[tuple[Path, str]] = []
        for path, rel in _files(ROOT / PLUGIN):
            entries.append((path, f"{PLUGIN}/{rel.as_posix()}"))
        for path, rel in _files(ROOT / "resources"):
            entries.append((path, f"{PLUGIN}/resources/{rel.as_posix()}"))
        for qm in qms:
            entries.append((qm, f"{PLUGIN}/i18n/{qm.name}"))
        for name in ("metadata.txt", "README.md", "LICENSE"):
            if (ROOT / name).exists():
                entries.append((ROOT / name, f"{PLUGIN}/{name}"))
        tmp_zip = output.with_suffix(".tmp")
        with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as zf:
            for path, arc in sorted(entries, key=lambda e: e[1]):
                info = zipfile.ZipInfo(arc, ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, path.read_bytes())
        tmp_zip.replace(output)
    return output


def install(profile_dir: Path, zip_path: Path | None = None, enable: bool = True) -> Path:
    """Unpack the zip into ``<profile>/python/plugins`` (replacing an older copy) and enable it."""
    profile_dir = Path(profile_dir).expanduser()
    zip_path = Path(zip_path) if zip_path else build_zip()
    plugins = profile_dir / "python" / "plugins"
    target = plugins / PLUGIN
    plugins.mkdir(parents=True, exist_ok=True)
    if target.exists():
        shutil.rmtree(target)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(plugins)
    if enable:
        ini = profile_dir / "QGIS" / "QGIS3.ini"
        ini.parent.mkdir(parents=True, exist_ok=True)
        cfg = configparser.RawConfigParser()
        cfg.optionxform = str  # keep key case
        if ini.exists():
            cfg.read(ini, encoding="utf-8")
        if not cfg.has_section("PythonPlugins"):
            cfg.add_section("PythonPlugins")
        cfg.set("PythonPlugins", PLUGIN, "true")
        with open(ini, "w", encoding="utf-8") as fh:
            cfg.write(fh, space_around_delimiters=False)
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    z = sub.add_parser("zip")
    z.add_argument("--output", type=Path, default=DEFAULT_ZIP)
    i = sub.add_parser("install")
    i.add_argument("--profile-dir", type=Path, required=True)
    i.add_argument("--zip", type=Path, default=None)
    args = ap.parse_args(argv)
    try:
        if args.cmd == "zip":
            print(f"wrote {build_zip(args.output)}")
        else:
            print(f"installed into {install(args.profile_dir, args.zip)}")
    except PackagingError as exc:
        print(f"packaging failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
