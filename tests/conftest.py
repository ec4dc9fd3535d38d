import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.path.exists("/usr/share/proj/proj.db"):
    os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
# prepared grids in one folder per test session (tests must not see each other's disk cache); the compiled
# kernel stays in the user's cache folder, so that each session does not compile it again
if "HINTERLAND_CACHE_DIR" not in os.environ:
    import tempfile

    from hinterland_plugin.core.resources import cache_dir

    os.environ.setdefault("NUMBA_CACHE_DIR", str(cache_dir() / "numba"))
    os.environ["HINTERLAND_CACHE_DIR"] = tempfile.mkdtemp(prefix="hinterland_test_cache_")
