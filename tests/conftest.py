import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.path.exists("/usr/share/proj/proj.db"):
    os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
