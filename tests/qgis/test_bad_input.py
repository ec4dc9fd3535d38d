"""Bad input: every algorithm × the bad-input classes of issue 15 (points 5–8).

For each case: a clean refusal (``QgsProcessingException`` with a clear message, no Python traceback or
exception class name in it or in the log) or, for the inputs that must be accepted (a UTF-8 BOM, duplicate
thresholds), a result; and afterwards every input file and the plugin's bundled data byte-identical.

The plugin runs on a private copy of ``resources/`` (``core.resources.PACKAGE_DIR`` points at it, and the engine
is built on it): a destructive bug then destroys the copy, not the tree several engineers share, and a concurrent
``make data`` cannot change the hashes. A few cases go through ``qgis_process`` with the packaged plugin (its own
bundled data). Cases that fail today are ``xfail(strict=True)`` with what happens, so a fix shows up as XPASS.
Also: 50 load/unload cycles with the GUI and 50 with Processing only leave nothing behind.
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import processing
import pytest
from osgeo import ogr, osr
from qgis.core import (
    QgsApplication,
    QgsProcessingException,
    QgsProcessingFeedback,
)
from qgis.PyQt.QtCore import QCoreApplication, QEvent
from qgis.PyQt.QtWidgets import QAction, QDockWidget

import hinterland_plugin
from hinterland_plugin.core import resources
from hinterland_plugin.core.engine.model import Engine

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = str(Path(hinterland_plugin.__file__).resolve().parent)
sys.path.insert(0, str(ROOT / "scripts"))
import package  # noqa: E402

OUTPUT_STEM = "out_"  #: the file names of the outputs of a valid run
RES = 50000  # coarse: the matrix is about refusals, not figures
SEGMENT = "hsr_h5_yanjiang:03"  # an operating HSR segment of the bundled data
CENTRES = [("Chengdu", 104.07, 30.67), ("Wuhan", 114.30, 30.59)]
CANDIDATES = [("Xian", 108.94, 34.34), ("Lanzhou", 103.83, 36.06)]
#: what a Python traceback or a raw exception leaves in a message
TRACEBACK = re.compile(
    r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+|\b(?:KeyError|AttributeError|TypeError|"
    r"ValueError|IndexError|NameError|UnicodeDecodeError|UnicodeError|ZeroDivisionError|RuntimeError|"
    r"OverflowError|OSError|IOError|FileNotFoundError|PermissionError|NotADirectoryError|IsADirectoryError|"
    r"AssertionError|StopIteration|MemoryError|RecursionError|JSONDecodeError|EngineError|HinterlandError|"
    r"ParameterError|IndicatorError|Cancelled)\b")
POP3H = {"id": "pop3h", "name_zh": "3小时内覆盖人口占比", "name_en": "Population share within 3 h",
         "metric": "population_share_within", "minutes": 180, "amber": 0.8, "red": 0.6, "direction": "low_is_bad"}


# ---------------------------------------------------------------------------------------------- inputs
def _point(name, lon, lat, **props):
    return {"type": "Feature", "properties": {"name": name, "delay": 0.0, **props},
            "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def _collection(features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features})


def _ogr_file(path: Path, wkts: list[str], geom_type: int, epsg: int | None = None) -> Path:
    """A vector file written with OGR (no QGIS layer object outlives the case). ``epsg`` None: no CRS at all (a
    shapefile without .prj; a QGIS memory layer without a CRS gets EPSG:4326)."""
    driver = "ESRI Shapefile" if path.suffix == ".shp" else "GPKG"
    srs = None
    if epsg:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
    ds = ogr.GetDriverByName(driver).CreateDataSource(str(path))
    layer = ds.CreateLayer(path.stem, srs, geom_type)
    for name, kind in (("name", ogr.OFTString), ("delay", ogr.OFTReal)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    for wkt in wkts:
        feat = ogr.Feature(layer.GetLayerDefn())
        feat.SetField("name", "p")
        feat.SetField("delay", 0.0)
        feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feat)
    ds = None  # closes and writes the file
    return path


def _indicator_files(d: Path) -> dict[str, Path]:
    good = json.dumps({"indicators": [POP3H]}, ensure_ascii=False)
    texts = {
        "ind_good": good.encode("utf-8"),
        "ind_bom": b"\xef\xbb\xbf" + good.encode("utf-8"),
        "ind_not_json": b"{this is not json",
        "ind_list": json.dumps([POP3H]).encode(),
        "ind_missing_keys": json.dumps({"indicators": [{"id": "x", "metric": "population_share_within"}]}).encode(),
        "ind_strings": json.dumps({"indicators": [dict(POP3H, amber="0.8", red="0.6")]}).encode(),
        "ind_latin1": json.dumps({"indicators": [dict(POP3H, name_zh="Bevölkerung", name_en="Bevölkerung")]}, ensure_ascii=False).encode(
            "latin-1"),
        "ind_utf16": good.encode("utf-16"),
        "ind_empty_list": b'{"indicators": []}',
        "ind_entry_not_object": json.dumps({"indicators": ["pop3h"]}).encode(),
        "ind_nan": json.dumps({"indicators": [dict(POP3H, amber=math.nan)]}).encode(),
        "ind_bad_metric": json.dumps({"indicators": [dict(POP3H, metric="happiness")]}).encode(),
    }
    out = {}
    for key, data in texts.items():
        out[key] = d / f"{key}.json"
        out[key].write_bytes(data)
    return out


@dataclass
class Inputs:
    """Input files of one case (everything under ``root`` is hashed before and after)."""
    root: Path
    files: dict[str, Path] = field(default_factory=dict)
    blocked: Path = Path()  # an output folder nobody can write into


def _unwritable(d: Path) -> Path:
    """A read-only folder; as root chmod does not stop writes, so then an existing regular file as the folder."""
    ro = d / "readonly"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        (ro / ".probe").write_bytes(b"")
    except OSError:
        return ro
    (ro / ".probe").unlink()
    ro.chmod(0o755)
    blocker = d / "a_regular_file"
    blocker.write_text("not a folder")
    return blocker


def copy_inputs(pristine: Inputs, d: Path) -> Inputs:
    """A fresh copy of the inputs for one case (quicker than writing them again)."""
    shutil.copytree(pristine.root, d, symlinks=True)
    return Inputs(d, {k: d / p.relative_to(pristine.root) for k, p in pristine.files.items()},
                  d / pristine.blocked.relative_to(pristine.root))


def make_inputs(d: Path) -> Inputs:
    inp = Inputs(d)
    centres = [_point(n, x, y, delay=5.0 * i, cap=10.0, delay_huge=1e308, delay_neg=-5.0, delay_txt="soon")
               for i, (n, x, y) in enumerate(CENTRES)]
    texts = {
        "centres": _collection(centres),
        "candidates": _collection([_point(n, x, y) for n, x, y in CANDIDATES]),
        "lines": _collection([{"type": "Feature", "properties": {"name": "l"},
                               "geometry": {"type": "LineString", "coordinates": [[104, 30], [105, 31]]}}]),
        "empty": '{"type": "FeatureCollection", "features": []}',
        "outside": _collection([_point("Atlantic", -40.0, 30.0)]),
        "sea": _collection([_point("East China Sea", 124.0, 27.0)]),
        "hazard": _collection([{"type": "Feature", "properties": {"name": "flood"}, "geometry": {
            "type": "Polygon", "coordinates": [[[113, 29], [116, 29], [116, 32], [113, 32], [113, 29]]]}}]),
        "corrupt": "this is not GeoJSON at all",
        "gateways": _collection([_point("Shanghai port", 121.46, 31.22), _point("Chongqing port", 106.55, 29.56)]),
    }
    for key, text in texts.items():
        inp.files[key] = d / f"{key}.geojson"
        inp.files[key].write_text(text, encoding="utf-8")
    inp.files.update(_indicator_files(d))
    polygon = "POLYGON ((113 29,116 29,116 32,113 32,113 29))"
    inp.files["no_crs"] = _ogr_file(d / "no_crs.shp", ["POINT (104.07 30.67)"], ogr.wkbPoint)
    inp.files["hazard_no_crs"] = _ogr_file(d / "hazard_no_crs.shp", [polygon], ogr.wkbPolygon)
    inp.files["wrong_crs"] = _ogr_file(d / "wrong_crs.gpkg", ["POINT (104.07 30.67)"], ogr.wkbPoint, 3857)  # ° as m
    inp.files["hazard_empty"] = _ogr_file(d / "hazard_empty.gpkg", [], ogr.wkbPolygon, 4326)
    feed = (ROOT / "resources" / "data" / "sample_feed_synthetic.csv").read_text(encoding="utf-8")
    inp.files["feed"] = d / "feed.csv"
    inp.files["feed"].write_text(feed, encoding="utf-8")
    inp.files["feed_empty"] = d / "feed_empty.csv"
    inp.files["feed_empty"].write_text(feed.splitlines()[0] + "\n", encoding="utf-8")  # the header only
    inp.blocked = _unwritable(d)
    return inp


_HASHES: dict[tuple, str] = {}


def sha(path: Path) -> str:
    """SHA-256 of a file, computed again whenever its size, mtime (ns) or inode changed (any write changes them)."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
    if key not in _HASHES:
        _HASHES[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _HASHES[key]


def snapshot(paths) -> dict[str, str]:
    """Hash of every file under the given files / folders."""
    out = {}
    for p in paths:
        for f in ([p] if p.is_file() else sorted(x for x in p.rglob("*") if x.is_file())):
            out[str(f)] = sha(f)
    return out


def changes(before: dict, after: dict, requested=()) -> list[str]:
    """Files changed, removed or created — except new files of the outputs asked for (and their side files:
    .aux.xml, -wal …). So an input, the bundled data or a file nobody asked for must stay as it was."""
    return [k for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)
            and not (k not in before and any(k.startswith(r) for r in requested))]


def has_traceback(text: str) -> bool:
    return bool(TRACEBACK.search(text))


# ---------------------------------------------------------------------------------------------- provider
@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """(plugin dir with a private resources/ copy, pristine second copy to restore from)."""
    base = tmp_path_factory.mktemp("bundle")
    pkg = base / "hinterland_plugin"
    shutil.copytree(resources.resources_dir(), pkg / "resources", ignore=shutil.ignore_patterns("src"))
    shutil.copytree(pkg / "resources", base / "pristine")
    return pkg, base / "pristine"


@pytest.fixture(scope="module")
def engine(bundle):
    data = bundle[0] / "resources"
    return Engine(data / "data" / "hinterland.gpkg", data / "data" / "dem_china.tif",
                  data / "profiles" / "profiles.toml", disk_cache=False)


class Recorder(QgsProcessingFeedback):
    """Keeps everything the run writes to the log."""

    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def reportError(self, error, fatalError=False):
        self.lines.append(error)

    def pushWarning(self, warning):
        self.lines.append(warning)

    def pushInfo(self, info):
        self.lines.append(info)


def leaked_frames() -> list[types.FrameType]:
    """Finished frames of plugin code still alive: an exception raised in processAlgorithm crosses the sip
    boundary and its traceback (with every local of the frame) is never released."""
    gc.collect()
    return [o for o in gc.get_objects()  # (type(): a dead weak proxy raises on isinstance)
            if type(o) is types.FrameType and o.f_code.co_filename.startswith(PLUGIN) and o.f_locals]


def release_leaked_frames() -> list[str]:
    """Clear the locals of leaked plugin frames (returns their names). Without this a failed report keeps its
    private QgsProject and layers until after exitQgis(), and the test process ends with a segfault (rc 139).
    Called once when the provider is torn down (a scan of every object per case would cost ~0.1 s each)."""
    names = []
    for frame in leaked_frames():
        names.append(frame.f_code.co_name)
        with contextlib.suppress(RuntimeError):  # a frame still running
            frame.clear()
    return names


def run(alg: str, params: dict) -> tuple[bool, str, str]:
    """(succeeded, exception message, log)."""
    feedback = Recorder()
    try:
        processing.run(f"hinterland:{alg}", params, feedback=feedback)
    except QgsProcessingException as exc:
        return False, str(exc), "\n".join(feedback.lines)
    return True, "", "\n".join(feedback.lines)


# ---------------------------------------------------------------------------------------------- the matrix
CENTRE_ALGS = ("traveltime", "isochrones", "odmatrix", "coverage", "report", "corridordisruption", "criticality",
               "hazardensemble",
               "backupsiting", "earlywarning")
DELAY_ALGS = tuple(a for a in CENTRE_ALGS if a != "odmatrix")
PROFILE_ALGS = ("frictionsurface", *CENTRE_ALGS)
GRID_ALGS = (*PROFILE_ALGS, "population")
#: the gateway group: hinterlands of ports and border crossings, backup reach of industries, the monitor
GATEWAY_GRID_ALGS = ("gatewayhinterland", "backupreach")
ALL_ALGS = ("strategiclayers", *GRID_ALGS, *GATEWAY_GRID_ALGS, "monitor")
EXTENT_ALGS = ("strategiclayers", "frictionsurface", "population")
THRESHOLDS_ALGS = ("isochrones", "coverage", "report", "corridordisruption")
THRESHOLD_ALGS = ("criticality", "backupsiting", "hazardensemble")
#: the algorithms whose main output is a feature sink (parameterAsSink: not checked by adapter.check_output)
SINK_ALGS = ("strategiclayers", "isochrones", "odmatrix", "coverage", "criticality", "backupsiting", "earlywarning",
             "hazardensemble", "gatewayhinterland", "backupreach", "monitor")
#: the output each output case aims at, with its file extension
MAIN_OUTPUT = {"strategiclayers": ("OUTPUT", "gpkg"), "frictionsurface": ("OUTPUT", "tif"),
               "traveltime": ("OUTPUT_TIME", "tif"), "isochrones": ("OUTPUT", "gpkg"), "odmatrix": ("OUTPUT", "csv"),
               "coverage": ("OUTPUT", "csv"), "report": ("OUTPUT_HTML", "html"),
               "corridordisruption": ("OUTPUT_DELTA", "tif"), "criticality": ("OUTPUT", "gpkg"),
               "backupsiting": ("OUTPUT", "gpkg"), "earlywarning": ("OUTPUT", "csv"), "population": ("OUTPUT", "tif"),
               "hazardensemble": ("OUTPUT", "csv"), "gatewayhinterland": ("OUTPUT", "gpkg"),
               "backupreach": ("OUTPUT", "gpkg"), "monitor": ("OUTPUT", "csv")}


def base_params(alg: str, inp: Inputs) -> dict:
    """A valid run of each algorithm (the cases change one thing)."""
    d, f = inp.root, inp.files
    centres = {"CENTRES": str(f["centres"]), "NAME_FIELD": "name", "PROFILE": "multimodal", "RESOLUTION": RES}
    return {
        "strategiclayers": {"THEME": "corridors", "OUTPUT": str(d / "out_layer.gpkg")},
        "frictionsurface": {"PROFILE": "multimodal", "RESOLUTION": RES, "OUTPUT": str(d / "out_friction.tif")},
        "traveltime": {**centres, "DELAY_FIELD": "delay", "OUTPUT_TIME": str(d / "out_time.tif")},
        "isochrones": {**centres, "THRESHOLDS": "120,240", "MODE": "nearest", "OUTPUT": str(d / "out_iso.gpkg")},
        "odmatrix": {"ORIGINS": str(f["centres"]), "ORIGIN_ID_FIELD": "name", "DESTINATIONS": str(f["candidates"]),
                     "DESTINATION_ID_FIELD": "name", "PROFILE": "multimodal", "RESOLUTION": RES,
                     "OUTPUT": str(d / "out_od.csv")},
        "coverage": {**centres, "THRESHOLDS": "120,240", "OUTPUT": str(d / "out_coverage.csv")},
        "report": {**centres, "THRESHOLDS": "120,240", "LANGUAGE": "en", "OUTPUT_HTML": str(d / "out_report.html")},
        "corridordisruption": {**centres, "THRESHOLDS": "120,240", "DISRUPTED": SEGMENT,
                               "OUTPUT_DELTA": str(d / "out_delta.tif"), "OUTPUT": str(d / "out_disruption.csv")},
        "criticality": {**centres, "PROFILE": "rail", "THRESHOLD": 180,  # rail: a quick N-1
                        "OUTPUT": str(d / "out_criticality.gpkg")},
        "backupsiting": {**centres, "CANDIDATES": str(f["candidates"]), "CANDIDATE_NAME_FIELD": "name", "K": 1,
                         "THRESHOLD": 180, "OUTPUT": str(d / "out_backup.gpkg")},
        "earlywarning": {**centres, "INDICATORS": str(f["ind_good"]), "DISRUPTED": SEGMENT,
                         "OUTPUT": str(d / "out_warning.csv")},
        "population": {"RESOLUTION": RES, "OUTPUT": str(d / "out_population.tif")},
        "hazardensemble": {**centres, "THRESHOLD": 180, "HAZARDS": str(f["hazard"]), "HAZARD_NAME_FIELD": "name",
                           "OUTPUT": str(d / "out_hazards.csv"), "OUTPUT_SEGMENTS": str(d / "out_hazard_segments.gpkg")},
        "gatewayhinterland": {"GATEWAYS": str(f["gateways"]), "NAME_FIELD": "name", "PROFILE": "multimodal",
                              "RESOLUTION": RES, "OUTPUT": str(d / "out_gateways.gpkg"),
                              "OUTPUT_ALLOCATION": str(d / "out_gateway_alloc.tif")},
        "backupreach": {"INDUSTRY": "textiles", "PROFILE": "multimodal", "RESOLUTION": RES,
                        "OUTPUT": str(d / "out_reach.gpkg")},
        "monitor": {"FEED": str(f["feed"]), "OUTPUT": str(d / "out_monitor.csv"),
                    "OUTPUT_ALERTS": str(d / "out_alerts.csv"), "OUTPUT_PROVINCES": str(d / "out_provinces.gpkg")},
    }[alg]


Change = Callable[[str, Inputs], dict]


def _centres(value_of: Callable[[Inputs], object]) -> Change:
    def change(alg: str, inp: Inputs) -> dict:
        value = value_of(inp)
        return {"ORIGINS": value} if alg == "odmatrix" else {"CENTRES": value}
    return change


def _out(path_of: Callable[[Inputs, str], object]) -> Change:
    def change(alg: str, inp: Inputs) -> dict:
        key, ext = MAIN_OUTPUT[alg]
        return {key: str(path_of(inp, ext))}
    return change


def _same_as_input(inp: Inputs, ext: str) -> Path:
    return inp.files["centres"]


def _bundled_file(inp: Inputs, ext: str) -> Path:
    """An existing file of the bundled data of the kind the output writes."""
    return resources.data_path("dem_china.tif" if ext == "tif" else "hinterland.gpkg")


@dataclass
class Case:
    cls: str
    algs: tuple[str, ...]
    change: Change
    expect: str = "refused"  #: refused | ok | clean (either, but no traceback and nothing changed)
    match: str = ""  #: a regex the message (or the log) must contain
    xfail: dict[str, str] = field(default_factory=dict)  #: algorithm -> what happens today


HAZARD_ALGS = ("corridordisruption", "hazardensemble")


def _hazard(key: str) -> Change:
    """A hazard layer alone (corridordisruption: no segment ids besides)."""
    return lambda alg, inp: ({"HAZARD": str(inp.files[key]), "DISRUPTED": ""} if alg == "corridordisruption"
                             else {"HAZARDS": str(inp.files[key])})


def _const(**values) -> Change:
    return lambda alg, inp: dict(values)


def _file(key: str, param: str, **more) -> Change:
    return lambda alg, inp: {param: str(inp.files[key]), **more}


CASES = [
    # centres
    Case("centres_no_crs", CENTRE_ALGS, _centres(lambda i: str(i.files["no_crs"])), match="coordinate reference"),
    Case("centres_wrong_crs", CENTRE_ALGS, _centres(lambda i: str(i.files["wrong_crs"])), match="outside"),
    Case("centres_empty", CENTRE_ALGS, _centres(lambda i: str(i.files["empty"]))),
    Case("centres_lines", CENTRE_ALGS, _centres(lambda i: str(i.files["lines"]))),
    Case("centres_outside_china", CENTRE_ALGS, _centres(lambda i: str(i.files["outside"])), match="outside"),
    Case("centres_on_sea", CENTRE_ALGS, _centres(lambda i: str(i.files["sea"])), match="water|outside"),
    Case("centres_missing_file", CENTRE_ALGS, _centres(lambda i: str(i.root / "no_such_file.geojson"))),
    Case("centres_corrupt_file", CENTRE_ALGS, _centres(lambda i: str(i.files["corrupt"]))),
    # readiness delays
    Case("delay_1e308", DELAY_ALGS, _const(DELAY_FIELD="delay_huge"), match="delay"),
    Case("delay_negative", DELAY_ALGS, _const(DELAY_FIELD="delay_neg"), match="delay"),
    Case("delay_text", DELAY_ALGS, _const(DELAY_FIELD="delay_txt")),
    # grid
    Case("resolution_huge", GRID_ALGS, _const(RESOLUTION=1e9)),
    Case("resolution_tiny", GRID_ALGS, _const(RESOLUTION=1)),
    Case("resolution_nan", GRID_ALGS, _const(RESOLUTION="nan")),
    Case("resolution_text", GRID_ALGS, _const(RESOLUTION="fine")),
    Case("profile_unknown", PROFILE_ALGS, _const(PROFILE="bicycle")),
    # thresholds
    Case("thresholds_text", THRESHOLDS_ALGS, _const(THRESHOLDS="abc"), match="not a number"),
    Case("thresholds_negative", THRESHOLDS_ALGS, _const(THRESHOLDS="-5,60"), match="positive"),
    Case("thresholds_zero", THRESHOLDS_ALGS, _const(THRESHOLDS="0"), match="positive"),
    Case("thresholds_1e9", THRESHOLDS_ALGS, _const(THRESHOLDS="1e9"), match="week"),
    Case("thresholds_empty", THRESHOLDS_ALGS, _const(THRESHOLDS=" , ")),
    Case("thresholds_duplicates", tuple(a for a in THRESHOLDS_ALGS if a != "report"),
         _const(THRESHOLDS="120,120,240"), expect="ok"),
    Case("threshold_text", THRESHOLD_ALGS, _const(THRESHOLD="abc")),
    Case("threshold_negative", THRESHOLD_ALGS, _const(THRESHOLD=-5)),
    Case("threshold_zero", THRESHOLD_ALGS, _const(THRESHOLD=0)),
    Case("threshold_1e9", THRESHOLD_ALGS, _const(THRESHOLD=1e9)),
    # outputs
    Case("out_unwritable_folder", ALL_ALGS, _out(lambda i, ext: i.blocked / f"x.{ext}")),
    Case("out_uncreatable_folder", ALL_ALGS, _out(lambda i, ext: Path("/proc/hinterland_no_such_dir") / f"out.{ext}")),
    # a folder as the file: QGIS may append the extension (folder.gpkg beside it); only no traceback, no change
    Case("out_is_a_folder", tuple(a for a in ALL_ALGS if a not in ("report", "criticality")),  # (slow ones)
         _out(lambda i, ext: i.root), expect="clean"),
    Case("out_equals_input", tuple(a for a in ALL_ALGS if a not in (*EXTENT_ALGS, *GATEWAY_GRID_ALGS, "monitor")),
         _out(_same_as_input), match="overwrite"),
    # (the gateway group reads no centres: its output is aimed at its own input)
    Case("out_equals_gateways", ("gatewayhinterland",), lambda alg, inp: {"OUTPUT": str(inp.files["gateways"])},
         match="overwrite"),
    Case("out_equals_feed", ("monitor",), lambda alg, inp: {"OUTPUT": str(inp.files["feed"])}, match="overwrite"),
    Case("out_equals_hazard", ("backupreach",),
         lambda alg, inp: {"HAZARD": str(inp.files["hazard"]), "OUTPUT": str(inp.files["hazard"])},
         match="overwrite"),
    Case("out_is_bundled_file", ALL_ALGS, _out(_bundled_file), match="overwrite"),
    Case("out_in_bundled_data", ALL_ALGS, _out(lambda i, ext: resources.data_path(f"bad_input_test.{ext}")),
         match="overwrite|bundled"),
    Case("valid_html_report", ("report",), _const(), expect="ok"),
    Case("out_pdf_unwritable_folder", ("report",), lambda alg, inp: {"OUTPUT_PDF": str(inp.blocked / "r.pdf")}),
    Case("out_layers_unwritable_folder", ("coverage",), lambda alg, inp: {"OUTPUT_LAYERS": str(inp.blocked / "l")}),
    Case("out_layers_in_bundled_data", ("coverage",),
         lambda alg, inp: {"OUTPUT_LAYERS": str(resources.data_path("layers"))}, match="overwrite|bundled"),
    Case("out_time_equals_input", ("coverage",), lambda alg, inp: {"OUTPUT_TIME": str(inp.files["centres"])},
         match="overwrite"),
    Case("out_access_equals_input", ("coverage",), lambda alg, inp: {"OUTPUT_ACCESS": str(inp.files["centres"])},
         match="overwrite"),
    Case("out_table_equals_input", ("corridordisruption",),
         lambda alg, inp: {"OUTPUT": str(inp.files["centres"])}, match="overwrite"),
    Case("out_segments_in_bundled_data", ("corridordisruption",),
         lambda alg, inp: {"OUTPUT_SEGMENTS": str(resources.data_path("segments.gpkg"))}, match="overwrite|bundled"),
    Case("out_table_equals_indicators", ("earlywarning",),
         lambda alg, inp: {"OUTPUT": str(inp.files["ind_good"])}, match="overwrite"),
    # strategic layers / friction surface
    Case("theme_unknown", ("strategiclayers",), _const(THEME="unicorns")),
    Case("theme_index_99", ("strategiclayers",), _const(THEME=99)),
    Case("extent_text", EXTENT_ALGS, _const(EXTENT="somewhere in China")),
    Case("extent_zero_area", EXTENT_ALGS, _const(EXTENT="104,104,30,30 [EPSG:4326]")),
    Case("extent_nan", EXTENT_ALGS, _const(EXTENT="nan,nan,nan,nan [EPSG:4326]")),
    Case("extent_unknown_crs", EXTENT_ALGS, _const(EXTENT="100,110,25,35 [EPSG:999999]")),
    Case("extent_no_land", EXTENT_ALGS[1:], _const(EXTENT="-40,-30,20,30 [EPSG:4326]")),
    Case("value_unknown", EXTENT_ALGS[1:], _const(VALUE="colour")),
    # indicators
    Case("indicators_bom", ("earlywarning",), _file("ind_bom", "INDICATORS"), expect="ok"),
    *[Case(k, ("earlywarning",), _file(k, "INDICATORS"), match="indicator") for k in (
        "ind_not_json", "ind_list", "ind_missing_keys", "ind_strings", "ind_latin1", "ind_utf16", "ind_empty_list",
        "ind_entry_not_object", "ind_nan", "ind_bad_metric")],
    Case("indicators_missing_file", ("earlywarning",),
         lambda alg, inp: {"INDICATORS": str(inp.root / "no_such.json")}),
    *[Case(f"report_{k}", ("report",), _file(k, "INDICATORS", EARLY_WARNING=True)) for k in (
        "ind_list", "ind_strings", "ind_latin1")],
    # scenarios
    Case("segments_unknown", ("corridordisruption", "earlywarning"), _const(DISRUPTED="no_such_line:99"),
         match="no_such_line:99"),
    Case("report_segments_unknown", ("report",), _const(EARLY_WARNING=True, DISRUPTED="no_such_line:99")),
    Case("hazard_empty", HAZARD_ALGS, _hazard("hazard_empty")),
    Case("hazard_no_crs", HAZARD_ALGS, _hazard("hazard_no_crs")),
    Case("hazard_corrupt_file", HAZARD_ALGS, _hazard("corrupt")),
    Case("hazard_not_polygons", HAZARD_ALGS, _hazard("lines"), match="polygon"),
    # siting
    Case("k_fraction", ("backupsiting",), _const(K=2.5)),
    Case("k_zero", ("backupsiting",), _const(K=0)),
    Case("k_text", ("backupsiting",), _const(K="two")),
    Case("k_more_than_candidates", ("backupsiting",), _const(K=5), match="K"),
    Case("candidates_outside", ("backupsiting",), _file("outside", "CANDIDATES")),
    Case("candidates_empty", ("backupsiting",), _file("empty", "CANDIDATES")),
    # the gateway group: its valid run first (every refusal below changes one thing of it)
    Case("valid_gateway_group_run", (*GATEWAY_GRID_ALGS, "monitor"), _const(), expect="ok"),
    # gateways (gatewayhinterland: the user's own gateway points)
    *[Case(f"gateways_{k}", ("gatewayhinterland",), _file(k, "GATEWAYS"), match=m) for k, m in (
        ("no_crs", "coordinate reference"), ("wrong_crs", ""), ("empty", ""), ("outside", ""), ("corrupt", ""))],
    Case("gateways_missing_file", ("gatewayhinterland",),
         lambda alg, inp: {"GATEWAYS": str(inp.root / "no_such_ports.geojson")}),
    Case("gateway_close_unknown", ("gatewayhinterland",), _const(CLOSE="Atlantis"), match="Atlantis"),
    Case("grid_gateway_resolution_huge", GATEWAY_GRID_ALGS, _const(RESOLUTION=1e9)),
    Case("grid_gateway_resolution_tiny", GATEWAY_GRID_ALGS, _const(RESOLUTION=1)),
    Case("grid_gateway_resolution_nan", GATEWAY_GRID_ALGS, _const(RESOLUTION="nan")),
    Case("grid_gateway_resolution_text", GATEWAY_GRID_ALGS, _const(RESOLUTION="fine")),
    Case("grid_gateway_profile_unknown", GATEWAY_GRID_ALGS, _const(PROFILE="bicycle")),
    # backup reach
    *[Case(f"market_{k}", ("backupreach",), _const(MARKET_MINUTES=v)) for k, v in (
        ("text", "abc"), ("negative", -5), ("zero", 0), ("1e9", 1e9))],
    Case("industry_unknown", ("backupreach",), _const(INDUSTRY="unicorns")),
    Case("reach_segments_unknown", ("backupreach",), _const(DISRUPTED="no_such_line:99"), match="no_such_line:99"),
    *[Case(f"reach_{k}", ("backupreach",), _file(k, "HAZARD")) for k in (
        "hazard_no_crs", "corrupt", "lines")],
    # monitor
    Case("feed_missing_file", ("monitor",), lambda alg, inp: {"FEED": str(inp.root / "no_such_feed.csv")}),
    Case("feed_corrupt", ("monitor",), _file("corrupt", "FEED")),
    Case("feed_empty", ("monitor",), _file("feed_empty", "FEED")),
    Case("feed_no_such_field", ("monitor",), _const(VALUE_FIELD="no_such_field")),
    Case("monitor_date_text", ("monitor",), _const(DATE="yesterday")),
    Case("monitor_trend_text", ("monitor",), _const(TREND_N="many")),
    Case("monitor_trend_1e9", ("monitor",), _const(TREND_N=1e9)),
    *[Case(f"monitor_{k}", ("monitor",), _file(k, "INDICATORS")) for k in (
        "ind_not_json", "ind_list", "ind_missing_keys", "ind_latin1", "ind_empty_list")],
]


def _params():
    out = []
    for case in CASES:
        for alg in case.algs:
            marks = [pytest.mark.xfail(strict=True, reason=case.xfail[alg])] if alg in case.xfail else []
            out.append(pytest.param(alg, case, id=f"{alg}-{case.cls}", marks=marks))
    return out


def _restore(bundle) -> None:
    pkg, pristine = bundle
    shutil.rmtree(pkg / "resources")
    shutil.copytree(pristine, pkg / "resources")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Inputs:
    return make_inputs(tmp_path_factory.mktemp("inputs"))


@pytest.fixture(scope="class")
def provider(qgis_processing, bundle, engine):
    """The hinterland provider on the private copy (as conftest's ``real_provider`` does on the tree); registered
    for the class only: the load/unload test below needs the registry without it."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(resources, "PACKAGE_DIR", bundle[0])
        assert resources.resources_dir() == bundle[0] / "resources"
        plug = hinterland_plugin.classFactory(None)
        plug.initProcessing()
        plug.provider.set_engine(engine)
        yield plug.provider
        release_leaked_frames()
        plug.unload()


class TestBadInput:
    @pytest.mark.parametrize(("alg", "case"), _params())
    def test_bad_input(self, provider, bundle, pristine, tmp_path, alg, case):
        inp = copy_inputs(pristine, tmp_path / "in")
        params = base_params(alg, inp)
        params.update(case.change(alg, inp))
        watched = [inp.root, bundle[0] / "resources"]
        before = snapshot(watched)
        try:
            ok, message, log = run(alg, params)
        finally:
            after = snapshot(watched)
            if any(k.startswith(str(bundle[0])) for k in changes(before, after)):
                _restore(bundle)  # the next case starts from intact bundled data
        requested = [v for v in params.values() if isinstance(v, str) and v.startswith(str(inp.root / OUTPUT_STEM))]
        changed = changes(before, after, requested)
        assert not changed, f"files changed or created: {changed}"
        assert not has_traceback(message) and not has_traceback(log), f"{message}\n--- log:\n{log}"
        if case.expect == "ok":
            assert ok, message
        if case.expect != "refused":
            return
        assert not ok, f"accepted (no error); log:\n{log}"
        assert len(message.strip()) > 10, repr(message)
        if case.match:
            assert re.search(case.match, message + "\n" + log, re.IGNORECASE), f"{message}\n--- log:\n{log}"

    def test_failed_report_releases_its_project(self, provider, pristine, tmp_path):
        inp = copy_inputs(pristine, tmp_path / "in")
        params = {**base_params("report", inp), "OUTPUT_PDF": str(inp.blocked / "r.pdf")}
        feedback = Recorder()
        earlier = {id(f) for f in leaked_frames()}
        with pytest.raises(QgsProcessingException):
            processing.run("hinterland:report", params, feedback=feedback)
        try:
            from qgis.core import QgsMapLayer, QgsPrintLayout, QgsProject

            # sip keeps the frame of an exception raised in processAlgorithm; what matters is what it holds
            kept = [(f.f_code.co_name, k) for f in leaked_frames() if id(f) not in earlier
                    for k, v in f.f_locals.items() if isinstance(v, (QgsProject, QgsPrintLayout, QgsMapLayer))]
            assert kept == [], f"project objects kept alive after the failed run: {kept}"
        finally:
            release_leaked_frames()

    @pytest.mark.parametrize("damaged", ["dem_china.tif", "hinterland.gpkg"])
    def test_damaged_bundled_data(self, provider, engine, bundle, pristine, tmp_path, damaged):
        """A truncated DEM or GeoPackage is a clear message, not a traceback."""
        data = tmp_path / "data"
        shutil.copytree(bundle[1] / "data", data, ignore=shutil.ignore_patterns("src"))
        blob = (data / damaged).read_bytes()
        (data / damaged).write_bytes(blob[:len(blob) // 3])
        provider.set_engine(Engine(data / "hinterland.gpkg", data / "dem_china.tif",
                                   bundle[1] / "profiles" / "profiles.toml", disk_cache=False))
        try:
            ok, message, log = run("traveltime", base_params("traveltime", copy_inputs(pristine, tmp_path / "in")))
        finally:
            provider.set_engine(engine)
        assert not ok and len(message) > 10, log
        assert not has_traceback(message) and not has_traceback(log), f"{message}\n--- log:\n{log}"


def test_matrix_is_complete():
    """Every algorithm meets at least 10 bad-input classes."""
    per_alg = {a: {c.cls for c in CASES if a in c.algs and c.expect == "refused"} for a in ALL_ALGS}
    assert {a: len(s) for a, s in per_alg.items() if len(s) < 10} == {}


# ---------------------------------------------------------------------------------------------- qgis_process
@pytest.fixture(scope="module")
def qgis_env(tmp_path_factory):
    if shutil.which("qgis_process") is None:
        pytest.skip("qgis_process not installed")
    base = tmp_path_factory.mktemp("qp")
    installed = package.install(base / "cfg" / "profiles" / "default", package.build_zip(base / "plugin.zip"))
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(base / "cfg"), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=sysconfig.get_paths()["purelib"])
    if Path("/usr/share/proj/proj.db").exists():
        env.setdefault("PROJ_DATA", "/usr/share/proj")
    return env, installed


QP_CASES = [  # cases that fail before the engine is built (a qgis_process start is already ~10 s)
    pytest.param("strategiclayers", lambda inp, data: ["THEME=corridors", f"OUTPUT={data / 'hinterland.gpkg'}"],
                 id="strategiclayers-out_is_bundled_gpkg"),
    pytest.param("earlywarning", lambda inp, data: [f"CENTRES={inp.files['centres']}", f"RESOLUTION={RES}",
                                                    f"INDICATORS={inp.files['ind_list']}",
                                                    f"OUTPUT={inp.root / 'out_w.csv'}"],
                 id="earlywarning-ind_list"),
    pytest.param("traveltime", lambda inp, data: [f"CENTRES={inp.files['lines']}", f"RESOLUTION={RES}",
                                                  f"OUTPUT_TIME={inp.root / 'out_t.tif'}"],
                 id="traveltime-centres_lines"),
]


@pytest.mark.parametrize(("alg", "args"), QP_CASES)
def test_bad_input_qgis_process(qgis_env, pristine, tmp_path, alg, args):
    env, installed = qgis_env
    inp = copy_inputs(pristine, tmp_path / "in")
    data = installed / "resources" / "data"
    watched = [inp.root, installed / "resources"]
    before = snapshot(watched)
    res = subprocess.run(["qgis_process", "run", f"hinterland:{alg}", "--", *args(inp, data)], env=env,
                         capture_output=True, text=True, timeout=300, check=False)
    text = res.stdout + res.stderr
    assert 0 < res.returncode < 128, (res.returncode, text[-3000:])  # refused, not crashed (signal: < 0 or >= 128)
    assert not has_traceback(text), text[-3000:]
    assert "ERROR" in text or "rror" in text, text[-3000:]
    changed = sorted(k for k, v in snapshot(watched).items() if before.get(k) != v)
    assert not changed and set(before) == set(snapshot(watched)), changed


# ---------------------------------------------------------------------------------------------- load / unload
def _leftovers(window) -> list[str]:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    names = [a.objectName() for a in window.findChildren(QAction) if a.objectName().lower().startswith("hinterland")]
    names += [d.objectName() for d in window.findChildren(QDockWidget) if "hinterland" in d.objectName().lower()]
    return names


def test_load_unload_50_times(iface, qgis_app):
    registry = QgsApplication.processingRegistry()
    providers_before = len(registry.providers())
    algorithms_before = len(registry.algorithms())
    for i in range(50):
        plug = hinterland_plugin.classFactory(iface)
        plug.initGui()
        assert registry.providerById("hinterland") is plug.provider
        if i % 10 == 0:  # now and then with the dock created
            plug.panel_action.setChecked(True)
            assert plug.dock is not None
        plug.unload()
        assert registry.providerById("hinterland") is None
    for _ in range(50):
        plug = hinterland_plugin.classFactory(None)  # qgis_process: initProcessing only
        plug.initProcessing()
        assert registry.algorithmById("hinterland:traveltime") is not None
        plug.unload()
    assert registry.providerById("hinterland") is None
    assert registry.algorithmById("hinterland:traveltime") is None
    assert (len(registry.providers()), len(registry.algorithms())) == (providers_before, algorithms_before)
    assert iface.unbalanced() == {}
    assert len(iface.added("addDockWidget")) == len(iface.added("removeDockWidget")) == 5
    assert _leftovers(iface.mainWindow()) == []
