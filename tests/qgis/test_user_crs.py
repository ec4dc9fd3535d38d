"""China Albers as a named user CRS (issue 16 point 11: no "Unknown CRS" for the project CRS).

The pytest-qgis profile (``.qgis-settings``) can have an empty user database file (QGIS then never fills
it): there the CRS stays the named WKT CRS, silently. The registered path runs in child processes on a profile
made for the test under ``tmp_path`` (desktop QGIS creates the user database at start-up; the child does the
same with ``QgsApplication.createDatabase``), so no test ever writes into a real profile's CRS list.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from qgis.core import QgsApplication, QgsCoordinateReferenceSystem

from hinterland_plugin import crs
from hinterland_plugin.core.catalog import ALBERS_CHINA_WKT

ROOT = Path(__file__).resolve().parents[2]

CHILD = r'''
import json, sys
sys.path.insert(0, sys.argv[1])
from qgis.core import QgsApplication, QgsCoordinateReferenceSystem, QgsProject
app = QgsApplication([], False)
app.initQgis()
mode, qgz = sys.argv[2], sys.argv[3]
out = {"db": QgsApplication.qgisUserDatabaseFilePath()}
if mode != "nodb":
    QgsApplication.createDatabase()  # what desktop QGIS does when it starts (initQgis may have done it)
from hinterland_plugin import crs
from hinterland_plugin.core.catalog import ALBERS_CHINA_WKT
wkt = QgsCoordinateReferenceSystem.fromWkt(ALBERS_CHINA_WKT)
registry = QgsApplication.coordinateReferenceSystemRegistry()
def ours():
    return [d.id for d in registry.userCrsList() if d.crs.toProj() == wkt.toProj()]
def describe(c):
    return {"authid": c.authid(), "description": c.description(), "valid": c.isValid(), "proj": c.toProj(),
            "friendly": c.userFriendlyIdentifier()}
if mode in ("register", "nodb"):
    out["before"] = ours()
    first = crs.register_user_crs()
    out["after_first"] = ours()
    second = crs.register_user_crs()
    out["after_second"] = ours()
    out["first"], out["second"] = describe(first), describe(second)
    out["albers"] = describe(crs.albers_crs())
    from hinterland_plugin.layers import add_strategic_layers
    project = QgsProject.instance()
    result = add_strategic_layers(project, lang="en")
    out["crs_set"] = result.crs_set
    out["project"] = describe(project.crs())
    out["written"] = project.write(qgz)
else:  # "read": a later session on the same profile, or "fresh": another machine without the entry
    out["before"] = ours()
    if mode == "read":
        crs.register_user_crs()  # what initGui does before a project is opened
    project = QgsProject.instance()
    out["read"] = project.read(qgz)
    out["project"] = describe(project.crs())
    out["after"] = ours()
print("RESULT " + json.dumps(out))
app.exitQgis()
'''


def _child(mode: str, profile: Path, qgz: Path) -> dict:
    profile.mkdir(parents=True, exist_ok=True)
    script = profile / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(profile / "settings"), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, str(script), str(ROOT), mode, str(qgz)], env=env,
                          capture_output=True, text=True, timeout=240)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, proc.stdout[-2000:] + proc.stderr[-3000:]
    out = json.loads(lines[-1][len("RESULT "):])
    assert out["db"].startswith(str(profile)), out["db"]  # never a real profile's database
    return out


def _named(described: dict) -> bool:
    return (described["valid"] and described["description"] not in ("", "Unknown CRS")
            and "Unknown" not in described["friendly"])


def test_registered_once_named_project_crs_and_reopened(tmp_path):
    expected_proj = QgsCoordinateReferenceSystem.fromWkt(ALBERS_CHINA_WKT).toProj()
    qgz = tmp_path / "p.qgz"
    first = _child("register", tmp_path / "profile_a", qgz)
    # (a) one entry after the first call, none added by the second
    assert first["before"] == [] and len(first["after_first"]) == 1
    assert first["after_second"] == first["after_first"]
    user_id = f"USER:{first['after_first'][0]}"
    assert first["first"]["authid"] == first["second"]["authid"] == first["albers"]["authid"] == user_id
    assert first["first"]["description"] == crs.USER_CRS_NAME
    # (b) the project CRS after "Add strategic layers": the named user CRS, what the status bar shows
    assert first["crs_set"] and first["written"]
    assert first["project"]["authid"] == user_id and _named(first["project"])
    assert first["project"]["proj"] == expected_proj
    # (c) reopened in a later session on the same profile: the same CRS, no second entry
    again = _child("read", tmp_path / "profile_a", qgz)
    assert again["read"] and again["before"] == again["after"] == first["after_first"]
    assert again["project"]["authid"] == user_id and _named(again["project"])
    assert again["project"]["proj"] == expected_proj
    # ... and on another machine that never had the entry: the named WKT CRS, same definition
    fresh = _child("fresh", tmp_path / "profile_b", qgz)
    assert fresh["read"] and fresh["after"] == []
    assert _named(fresh["project"]) and fresh["project"]["proj"] == expected_proj


def test_without_a_user_database_the_named_wkt_crs_is_used(tmp_path):
    """qgis_process / bare scripts: no database, nothing written, no error, the CRS still carries its name."""
    db = tmp_path / "profile" / "settings" / "profiles" / "default" / "qgis.db"
    db.parent.mkdir(parents=True)
    db.touch()  # as in the pytest-qgis profile: the file is there, empty, and QGIS does not fill it
    out = _child("nodb", tmp_path / "profile", tmp_path / "p.qgz")
    assert db.stat().st_size == 0  # nothing written into the broken database
    assert out["after_first"] == out["after_second"] == []
    assert out["first"]["authid"] == "" and _named(out["first"]) and out["crs_set"]
    assert out["project"]["proj"] == out["first"]["proj"] and _named(out["project"])


def test_in_this_profile_registration_falls_back_quietly(qgis_app):
    """The pytest-qgis profile: whatever its database, a call returns a usable Albers CRS and adds at most one
    entry in all."""
    registry = QgsApplication.coordinateReferenceSystemRegistry()
    wkt = QgsCoordinateReferenceSystem.fromWkt(ALBERS_CHINA_WKT)

    def ours():
        return [d.id for d in registry.userCrsList() if d.crs.toProj() == wkt.toProj()]

    a = crs.register_user_crs()
    n = len(ours())
    b = crs.register_user_crs()
    assert len(ours()) == n <= 1
    assert a == b == crs.albers_crs() and a.isValid() and a.toProj() == wkt.toProj()
    assert a.description() not in ("", "Unknown CRS")
