"""core/ must never import qgis (it is tested with plain pytest and reused outside QGIS)."""
import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "hinterland_plugin" / "core"


def _qgis_imports(path: Path) -> list[str]:
    # a relative import may climb at most to core/ itself: depth of the file below core + 1
    max_level = len(path.relative_to(CORE).parts)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            bad += [a.name for a in node.names if a.name.split(".")[0] in ("qgis", "processing")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] in ("qgis", "processing"):
                bad.append(node.module)
            if node.module.startswith("hinterland_plugin") and not node.module.startswith("hinterland_plugin.core"):
                bad.append(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level > max_level:
            bad.append("." * node.level + (node.module or ""))  # reaching out of core/
    return bad


def test_every_core_module_is_checked():
    """The checks below see every module of core/ (a module missed by rglob would escape them)."""
    files = sorted(p.relative_to(CORE).with_suffix("").as_posix() for p in CORE.rglob("*.py"))
    expected = {"errors", "constants", "resources", "engine/model", "engine/kernel", "engine/scenarios"}
    assert expected <= set(files), sorted(expected - set(files))
    assert all(_qgis_imports(CORE / f"{f}.py") is not None for f in files)


def test_no_qgis_import_below_core():
    offenders = {str(p.relative_to(CORE)): _qgis_imports(p) for p in CORE.rglob("*.py")}
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}


def test_core_imports_without_qgis_on_path():
    """Import every core module in a fresh interpreter where 'qgis' cannot be imported."""
    code = (
        "import sys, importlib, pkgutil\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'qgis' or name.startswith('qgis.'):\n"
        "            raise ImportError('qgis is blocked in this test')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import hinterland_plugin.core as core\n"
        "n = 0\n"
        "for m in pkgutil.walk_packages(core.__path__, 'hinterland_plugin.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "    n += 1\n"
        "print('ok', n)\n"
    )
    root = CORE.parents[1]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    n_files = sum(1 for p in CORE.rglob("*.py") if p.name != "__init__.py" or p.parent != CORE)
    assert out.stdout.strip() == f"ok {n_files}", (out.stdout, n_files)
