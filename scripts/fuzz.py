"""Seeded random fuzz of ``qgis_process run hinterland:<id>`` (``make fuzz``; not part of ``make test``).

Each run picks an algorithm and, for every parameter, a valid value or (now and then) an invalid one: bad or
missing input files, layers of the wrong geometry or outside China, text / negative / zero / huge / NaN numbers,
unknown enum values and segment ids, indicator JSON of the wrong shape or encoding, outputs into an unwritable
folder, onto an input or into the plugin's bundled data. Resolutions stay coarse (20–50 km).

Counted per run: crash (killed by a signal: rc < 0 or rc >= 128), a Python traceback in the output, a timeout
(``--timeout`` s, 60 by default), and damage (an input file or the installed plugin's bundled data changed;
they are restored before the next run). The plugin is installed from the working tree into a throw-away QGIS
profile, so damage never reaches the repository. Prints one line per failing run (with the command to reproduce
it) and a summary line; exits 1 on any crash, traceback or damage (timeouts are reported, not fatal).

    python scripts/fuzz.py --runs 100 --seed 1 [--timeout 60] [--algs traveltime,coverage] [--keep] [-v]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import package  # scripts/package.py: zip + install into a profile

TRACEBACK = re.compile(
    r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+|\b(?:KeyError|AttributeError|TypeError|"
    r"ValueError|IndexError|NameError|UnicodeDecodeError|UnicodeError|ZeroDivisionError|RuntimeError|"
    r"OverflowError|OSError|FileNotFoundError|PermissionError|NotADirectoryError|IsADirectoryError|"
    r"AssertionError|MemoryError|RecursionError|JSONDecodeError|EngineError|HinterlandError|IndicatorError)\b")
CITIES = [("Chengdu", 104.07, 30.67), ("Wuhan", 114.30, 30.59), ("Xian", 108.94, 34.34), ("Lanzhou", 103.83, 36.06),
          ("Kunming", 102.71, 25.04), ("Chongqing", 106.55, 29.56), ("Guiyang", 106.63, 26.65),
          ("Urumqi", 87.62, 43.83), ("Lhasa", 91.11, 29.65), ("Haikou", 110.35, 20.02)]
SEGMENTS = ["hsr_h5_yanjiang:01", "hsr_h5_yanjiang:02", "hsr_h5_yanjiang:03"]
THEMES = ["candidate_centres", "computing_hubs", "arsenal_sites", "hubs", "cities", "corridors", "roads",
          "corridor_segments", "reference_lines", "third_front", "maritime_boundary", "provinces", "country"]
POP3H = {"id": "pop3h", "name_zh": "3小时内覆盖人口占比", "name_en": "Population share within 3 h",
         "metric": "population_share_within", "minutes": 180, "amber": 0.8, "red": 0.6, "direction": "low_is_bad"}
P_INVALID = 0.12  # per parameter
P_OMIT = 0.3  # per optional parameter


def _feature(name, lon, lat, **props):
    return {"type": "Feature", "properties": {"name": name, **props},
            "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def _collection(features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features})


def make_inputs(d: Path, rng: random.Random) -> dict[str, Path]:
    """The input files every run chooses from (valid ones and broken ones)."""
    d.mkdir(parents=True, exist_ok=True)
    files = {}

    def points(names):
        return _collection([_feature(n, x, y, delay=rng.choice([0, 5, 30]), cap=rng.choice([1, 10, 100]),
                                     delay_huge=1e308, delay_neg=-5, delay_txt="soon")
                            for n, x, y in names])

    good = json.dumps({"indicators": [POP3H]}, ensure_ascii=False)
    texts = {
        "centres.geojson": points(CITIES[:2]),
        "centres4.geojson": points(CITIES[2:6]),
        "candidates.geojson": points(CITIES[6:]),
        "outside.geojson": points([("Atlantic", -40.0, 30.0)]),
        "sea.geojson": points([("Sea", 124.0, 27.0)]),
        "lines.geojson": _collection([{"type": "Feature", "properties": {"name": "l"},
                                       "geometry": {"type": "LineString", "coordinates": [[104, 30], [105, 31]]}}]),
        "hazard.geojson": _collection([{"type": "Feature", "properties": {"name": "flood"}, "geometry": {
            "type": "Polygon", "coordinates": [[[113, 29], [116, 29], [116, 32], [113, 32], [113, 29]]]}}]),
        "empty.geojson": '{"type": "FeatureCollection", "features": []}',
        "corrupt.geojson": "this is not GeoJSON",
    }
    data = {k: v.encode("utf-8") for k, v in texts.items()}
    data.update({
        "ind_good.json": good.encode("utf-8"),
        "ind_bom.json": b"\xef\xbb\xbf" + good.encode("utf-8"),
        "ind_not_json.json": b"{not json",
        "ind_list.json": json.dumps([POP3H]).encode(),
        "ind_missing_keys.json": b'{"indicators": [{"id": "x"}]}',
        "ind_strings.json": json.dumps({"indicators": [dict(POP3H, amber="0.8")]}).encode(),
        "ind_latin1.json": json.dumps({"indicators": [dict(POP3H, name_zh="Ä", name_en="Ä")]},
                                      ensure_ascii=False).encode("latin-1"),
        "ind_utf16.json": good.encode("utf-16"),
        "ind_empty.json": b'{"indicators": []}',
    })
    for name, blob in data.items():
        files[name] = d / name
        files[name].write_bytes(blob)
    files["blocker"] = d / "a_regular_file"
    files["blocker"].write_text("not a folder")
    return files


@dataclass
class World:
    inputs: dict[str, Path]
    data: Path  # the installed plugin's resources/data
    out: Path  # this run's output folder


def _v(*values):
    return list(values)


def _path(key):
    return lambda w: str(w.inputs[key])


def _output(ext):
    """Valid and invalid values of an output of this extension."""
    valid = [lambda w: str(w.out / f"out_{random.getrandbits(20)}.{ext}")]
    invalid = [lambda w: str(w.inputs["blocker"] / f"x.{ext}"), lambda w: f"/proc/hinterland_nope/x.{ext}",
               lambda w: str(w.inputs["centres.geojson"]), lambda w: str(w.data / f"fuzz.{ext}"),
               lambda w: str(w.data / "hinterland.gpkg"), lambda w: str(w.data / "dem_china.tif"),
               lambda w: str(w.out)]
    return valid, invalid


CENTRE_FILES = ["centres.geojson", "centres4.geojson"]
BAD_POINT_FILES = ["outside.geojson", "sea.geojson", "lines.geojson", "empty.geojson", "corrupt.geojson"]
BAD_NUMBERS = ["abc", "nan", "-5", "0", "1e9", "inf", ""]
COMMON = {
    "CENTRES": ([_path(k) for k in CENTRE_FILES], [_path(k) for k in BAD_POINT_FILES] + ["/no/such/file.geojson"],
                False),
    "NAME_FIELD": (_v("name", ""), _v("no_such_field", "delay"), True),
    "DELAY_FIELD": (_v("delay", ""), _v("delay_huge", "delay_neg", "delay_txt", "nope"), True),
    "PROFILE": (_v("multimodal", "road", "rail"), _v("bicycle", "99", "-1"), False),
    "RESOLUTION": (_v(20000, 30000, 50000), _v("nan", "-5", "0", "1e9", "abc", "1", "inf"), False),
    "THRESHOLDS": (_v("60,120", "120", "90,180,240", "120,120"), _v("abc", "-5", "0", "1e9", " , ", "60;x"), False),
    "THRESHOLD": (_v(60, 180), BAD_NUMBERS, False),
}
ALGS: dict[str, dict] = {
    "strategiclayers": {"THEME": (THEMES, _v("unicorns", "99", "-1"), False),
                        "EXTENT": (_v("100,110,25,35 [EPSG:4326]"), _v("garbage", "1,1,1,1 [EPSG:4326]",
                                                                      "nan,nan,nan,nan [EPSG:4326]"), True),
                        "OUTPUT": (*_output("gpkg"), False)},
    "frictionsurface": {"EXTENT": (_v("100,110,25,35 [EPSG:4326]"), _v("garbage", "-40,-30,20,30 [EPSG:4326]"), True),
                        "PROFILE": COMMON["PROFILE"], "RESOLUTION": COMMON["RESOLUTION"],
                        "VALUE": (_v("friction", "speed"), _v("colour", "7"), True),
                        "OUTPUT": (*_output("tif"), False)},
    "traveltime": {**{k: COMMON[k] for k in ("CENTRES", "NAME_FIELD", "DELAY_FIELD", "PROFILE", "RESOLUTION")},
                   "OUTPUT_TIME": (*_output("tif"), False), "OUTPUT_ALLOCATION": (*_output("tif"), True),
                   "OUTPUT_BACKUP": (*_output("tif"), True)},
    "isochrones": {**{k: COMMON[k] for k in ("CENTRES", "NAME_FIELD", "DELAY_FIELD", "PROFILE", "RESOLUTION",
                                             "THRESHOLDS")},
                   "MODE": (_v("per_centre", "nearest"), _v("both"), True), "OUTPUT": (*_output("gpkg"), False)},
    "odmatrix": {"ORIGINS": COMMON["CENTRES"], "DESTINATIONS": ([_path("candidates.geojson")], COMMON["CENTRES"][1],
                                                                False),
                 "ORIGIN_ID_FIELD": COMMON["NAME_FIELD"], "DESTINATION_ID_FIELD": COMMON["NAME_FIELD"],
                 "PROFILE": COMMON["PROFILE"], "RESOLUTION": COMMON["RESOLUTION"],
                 "OUTPUT": (*_output("csv"), False)},
    "coverage": {**{k: COMMON[k] for k in ("CENTRES", "NAME_FIELD", "DELAY_FIELD", "PROFILE", "RESOLUTION",
                                           "THRESHOLDS")},
                 "CAPACITY_FIELD": (_v("cap"), _v("name", "nope"), True),
                 "CATCHMENT": (_v(120, 180), BAD_NUMBERS, True), "BETA": (_v(0, 1, 2), _v("-3", "1e9", "x"), True),
                 "PER_CENTRE": (_v("true", "false"), _v("maybe"), True),
                 "OUTPUT": (*_output("csv"), False), "OUTPUT_TIME": (*_output("tif"), True),
                 "OUTPUT_ISOCHRONES": (*_output("gpkg"), True), "OUTPUT_ACCESS": (*_output("gpkg"), True),
                 "OUTPUT_LAYERS": ([lambda w: str(w.out / "layers")],
                                   [lambda w: str(w.inputs["blocker"] / "layers"), lambda w: str(w.data)], True)},
    "report": {**{k: COMMON[k] for k in ("CENTRES", "NAME_FIELD", "PROFILE", "RESOLUTION", "THRESHOLDS")},
               "LANGUAGE": (_v("zh", "en"), _v("fr"), True), "PAGE": (_v("A4", "A3"), _v("A0"), True),
               "EARLY_WARNING": (_v("true", "false"), _v("perhaps"), True),
               "INDICATORS": ([_path("ind_good.json"), _path("ind_bom.json")],
                              [_path(k) for k in ("ind_not_json.json", "ind_list.json", "ind_strings.json")], True),
               "OUTPUT_PDF": (*_output("pdf"), True), "OUTPUT_PNG": (*_output("png"), True),
               "OUTPUT_HTML": (*_output("html"), False)},
    "corridordisruption": {**{k: COMMON[k] for k in ("CENTRES", "NAME_FIELD", "PROFILE", "RESOLUTION",
                                                     "THRESHOLDS")},
                           "DISRUPTED": (SEGMENTS + [",".join(SEGMENTS)], _v("no_such:1", ";;", ""), False),
                           "HAZARD": ([_path("hazard.geojson")], [_path("empty.geojson"), _path("lines.geojson"),
                                                                  _path("corrupt.geojson")], True),
                           "SCENARIO": (_v("flood", "洪水"), _v(""), True),
                           "OUTPUT_DELTA": (*_output("tif"), False), "OUTPUT": (*_output("csv"), False)},
    "criticality": {**{k: COMMON[k] for k in ("CENTRES", "PROFILE", "RESOLUTION", "THRESHOLD")},
                    "OUTPUT": (*_output("gpkg"), False)},
    "backupsiting": {**{k: COMMON[k] for k in ("CENTRES", "NAME_FIELD", "RESOLUTION", "THRESHOLD")},
                     "PROFILE": (_v("road"), COMMON["PROFILE"][1], False),  # default candidates: ~60 solves
                     "CANDIDATES": ([_path("candidates.geojson")], [_path(k) for k in BAD_POINT_FILES], False),
                     "CANDIDATE_NAME_FIELD": (_v("name"), _v("nope"), True),
                     "K": (_v(1, 2), _v("2.5", "0", "99", "two", "-1"), False),
                     "OBJECTIVE": (_v("coverage", "pmedian"), _v("max"), True),
                     "OUTPUT": (*_output("gpkg"), False)},
    "earlywarning": {**{k: COMMON[k] for k in ("CENTRES", "NAME_FIELD", "PROFILE", "RESOLUTION")},
                     "INDICATORS": ([_path("ind_good.json"), _path("ind_bom.json")],
                                    [_path(k) for k in ("ind_not_json.json", "ind_list.json", "ind_missing_keys.json",
                                                        "ind_strings.json", "ind_latin1.json", "ind_utf16.json",
                                                        "ind_empty.json")] + ["/no/such.json"], False),
                     "DISRUPTED": (SEGMENTS + [";".join(SEGMENTS[:2])], _v("no_such:1", "a,b;c"), True),
                     "SCENARIO_NAMES": (_v("A", "A;B"), _v(";;;"), True),
                     "OUTPUT": (*_output("csv"), False)},
    "population": {"EXTENT": (_v("100,110,25,35 [EPSG:4326]"), _v("garbage", "-40,-30,20,30 [EPSG:4326]"), True),
                   "RESOLUTION": COMMON["RESOLUTION"], "VALUE": (_v("total", "urban", "rural"), _v("children"), True),
                   "OUTPUT": (*_output("tif"), False)},
    "hazardensemble": {**{k: COMMON[k] for k in ("CENTRES", "NAME_FIELD", "DELAY_FIELD", "PROFILE", "RESOLUTION",
                                                 "THRESHOLD")},
                       "HAZARDS": ([_path("hazard.geojson")], [_path(k) for k in ("empty.geojson", "lines.geojson",
                                                                                   "corrupt.geojson")], False),
                       "HAZARD_NAME_FIELD": (_v("name"), _v("nope"), True),  # (no SCHEDULER: no worker processes)
                       "OUTPUT": (*_output("csv"), False), "OUTPUT_SEGMENTS": (*_output("gpkg"), False)},
}


def draw(rng: random.Random, alg: str, world: World) -> tuple[list[str], int]:
    """KEY=value arguments of one run and how many of them are invalid."""
    args, bad = [], 0
    for key, (valid, invalid, optional) in ALGS[alg].items():
        if optional and rng.random() < P_OMIT:
            continue
        if invalid and rng.random() < P_INVALID:
            value, bad = rng.choice(invalid), bad + 1
        else:
            value = rng.choice(valid)
        value = value(world) if callable(value) else value
        args.append(f"{key}={value}")
    if rng.random() < 0.05:
        args.append("NO_SUCH_PARAMETER=1")
        bad += 1
    if rng.random() < 0.05 and args:
        args.pop(rng.randrange(len(args)))  # a parameter left out
    return args, bad


def digest(paths) -> dict[str, str]:
    out = {}
    for p in paths:
        for f in [p] if p.is_file() else sorted(x for x in p.rglob("*") if x.is_file()):
            out[str(f)] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def environment(profile_root: Path) -> dict[str, str]:
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(profile_root), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=sysconfig.get_paths()["purelib"])  # the venv's shapely 2 / numba for the engine
    if Path("/usr/share/proj/proj.db").exists():
        env.setdefault("PROJ_DATA", "/usr/share/proj")
    return env


def run_one(cmd: list[str], env: dict, timeout: float) -> tuple[int | None, str]:
    """(return code or None on timeout, stdout + stderr); a timed-out run is killed with its children."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        return None, out or ""
    return proc.returncode, out or ""


def classify(rc: int | None, text: str) -> list[str]:
    problems = []
    if rc is None:
        problems.append("timeout")
    elif rc < 0 or rc >= 128:
        problems.append(f"crash (rc {rc})")
    if TRACEBACK.search(text):
        problems.append("traceback")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per run")
    ap.add_argument("--algs", default="", help="comma-separated algorithm ids (default: all)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per run")
    args = ap.parse_args(argv)
    if shutil.which("qgis_process") is None:
        print("fuzz: qgis_process not found (make setup installs QGIS)", file=sys.stderr)
        return 2
    algs = [a for a in args.algs.split(",") if a] or sorted(ALGS)
    unknown = sorted(set(algs) - set(ALGS))
    if unknown:
        ap.error(f"unknown algorithms: {', '.join(unknown)}")
    rng = random.Random(args.seed)
    random.seed(args.seed)  # output names
    work = Path(tempfile.mkdtemp(prefix="hinterland_fuzz_"))
    zip_path = package.build_zip(work / "plugin.zip")
    installed = package.install(work / "cfg" / "profiles" / "default", zip_path)
    env = environment(work / "cfg")
    inputs = make_inputs(work / "inputs", random.Random(args.seed))
    watched = [work / "inputs", installed / "resources"]
    pristine = digest(watched)
    counts = {"ok": 0, "refused": 0, "crash": 0, "traceback": 0, "timeout": 0, "damage": 0}
    t0 = time.monotonic()
    try:
        for i in range(args.runs):
            alg = rng.choice(algs)
            world = World(inputs, installed / "resources" / "data", work / "out" / str(i))
            world.out.mkdir(parents=True)
            params, bad = draw(rng, alg, world)
            cmd = ["qgis_process", "run", f"hinterland:{alg}", "--", *params]
            start = time.monotonic()
            rc, text = run_one(cmd, env, args.timeout)
            problems = classify(rc, text)
            if digest(watched) != pristine:
                problems.append("damage (an input or the bundled data changed)")
                installed = package.install(work / "cfg" / "profiles" / "default", zip_path)
                shutil.rmtree(work / "inputs")
                inputs = make_inputs(work / "inputs", random.Random(args.seed))
                world.inputs = inputs
            for p in problems:
                counts[p.split(" ")[0]] += 1
            if not problems:
                counts["ok" if rc == 0 else "refused"] += 1
            if args.verbose or problems:
                status = ", ".join(problems) or ("ok" if rc == 0 else f"refused (rc {rc})")
                print(f"[{i + 1}/{args.runs}] {alg}: {status} ({bad} invalid, {time.monotonic() - start:.1f} s)")
            if problems:
                print("    " + shlex.join(cmd))
                tail = text.strip().splitlines()[-12:]
                print("\n".join("    | " + line for line in tail))
            shutil.rmtree(world.out, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.monotonic() - t0
    print(f"fuzz: {args.runs} runs (seed {args.seed}): {counts['ok']} ok, {counts['refused']} refused cleanly, "
          f"{counts['crash']} crashes, {counts['traceback']} tracebacks, {counts['timeout']} timeouts, "
          f"{counts['damage']} damaged inputs/data; {elapsed:.0f} s")
    return 1 if counts["crash"] or counts["traceback"] or counts["damage"] else 0


if __name__ == "__main__":
    sys.exit(main())
