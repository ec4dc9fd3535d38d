"""The structure of the package: no import cycles, few imports inside functions, small GUI modules.

Plain ``ast`` over the sources (no import of the package), so it runs without QGIS.
"""
from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[2] / "hinterland_plugin"
MAX_LOCAL_IMPORTS = 10
MAX_GUI_LINES = 400
#: modules a function may import lazily: optional heavy dependencies only
LAZY_OK = {"numba", "dask", "distributed", "matplotlib", "openpyxl", "tqdm"}
#: ... and the QGIS entry point, which must not import qgis when the package is imported (core runs without QGIS)
ENTRY_POINT = ("__init__.py", ".plugin")
#: ... and the module of compiled numba passes (module-level functions so numba's disk cache finds them), which
#: imports numba itself and is imported only when numba is there
NUMBA_MODULES = {("core/engine/fast.py", ".")}  # from . import fast_nb


def _modules() -> dict[str, Path]:
    out = {}
    for p in PKG.rglob("*.py"):
        parts = p.relative_to(PKG.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = p
    return out


def _targets(mod: str, path: Path, node, mods) -> list[str]:
    pkg = mod.split(".") if path.name == "__init__.py" else mod.split(".")[:-1]
    if isinstance(node, ast.ImportFrom):
        if node.level:
            base = pkg[:len(pkg) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        names = [target] + [f"{target}.{a.name}" for a in node.names]
    else:
        names = [a.name for a in node.names]
    return [n for n in names if n in mods]


def _graph():
    mods = _modules()
    graph = {m: set() for m in mods}
    for m, p in mods.items():
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                graph[m] |= {t for t in _targets(m, p, node, mods) if t != m and not m.startswith(t + ".")}
    return graph


def _cycles(graph) -> list[list[str]]:
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_module_imports_a_module_that_imports_it_back():
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _local_imports() -> list[tuple[str, int, str]]:
    out = []
    for p in PKG.rglob("*.py"):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(fn):
                    if isinstance(node, ast.Import):
                        out += [(str(p.relative_to(PKG)), node.lineno, a.name) for a in node.names]
                    elif isinstance(node, ast.ImportFrom):
                        out.append((str(p.relative_to(PKG)), node.lineno, "." * node.level + (node.module or "")))
    return out


def test_few_imports_inside_functions_and_only_optional_heavy_ones():
    local = _local_imports()
    assert len(local) <= MAX_LOCAL_IMPORTS, local
    assert [x for x in local if x[2].split(".")[0] not in LAZY_OK and (x[0], x[2]) != ENTRY_POINT
            and (x[0], x[2]) not in NUMBA_MODULES] == []


def test_no_gui_module_over_the_limit():
    big = []
    for p in PKG.rglob("*.py"):
        src = p.read_text(encoding="utf-8")
        if ("QtWidgets" in src or "qgis.gui" in src) and "core" not in p.relative_to(PKG).parts:
            if len(src.splitlines()) > MAX_GUI_LINES:
                big.append((str(p.relative_to(PKG)), len(src.splitlines())))
    assert big == []
