"""The accessibility engine: prepare (grid, friction, network: cached) and solve (per set of centres)."""
from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
from pyproj import Transformer
from shapely.geometry import box
from shapely.ops import unary_union

from ..catalog import ALBERS_CHINA_WKT, CHINA_BBOX, name_field
from ..errors import Cancelled, EngineError, Note
from ..gpkg import read_layer
from ..resources import cache_dir
from . import kernel
from .coverage import PointSet
from .friction import dem_on_grid, friction_from_speed, land_mask, speed_surface
from .grid import Grid
from .inputs import (
    UserInputs,
    friction_on_grid,
    grid_crs_for,
    network_pieces,
    population_on_grid,
    study_land,
    to_crs,
)
from .network import Network, _nearest_land, build_network
from .population import PopulationSurface, population_from_gpkg, window_surface
from .profiles import DEFAULT_FILE, Profile, get_profile, load_profiles


@dataclass
class Centre:
    name: str
    x: float  #: China Albers metres (``Engine.source_cells`` moves them onto another grid CRS)
    y: float
    delay_min: float = 0.0
    enabled: bool = True
    capacity: float = 1.0  #: supply for 2SFCA / gravity (e.g. beds, staff, tonnes)


def numpy_owned(a):
    """``a`` in memory numpy allocated itself, copied there when it is not. An array unpickled by Dask lies in
    the buffer of the message it came in, which gets no transparent huge pages (numpy asks for them on its own
    large allocations): random reads from it, all a solve does, ran 2x slower on the workers (issue 18)."""
    if not isinstance(a, np.ndarray):
        return a
    root = a
    while isinstance(root.base, np.ndarray):
        root = root.base
    return a if root.base is None else np.array(a, copy=True)


@dataclass
class Prepared:
    grid: Grid
    profile: Profile
    land: np.ndarray
    speed: np.ndarray  #: km/h, NaN off land
    cost: np.ndarray  #: minutes per metre, NaN off land
    network: Network
    key: tuple = ()
    inputs: UserInputs | None = None  #: the user's own data this grid was built with (None: bundled only)
    notes: list[Note] = field(default_factory=list)  #: what the user should know (uncovered cells, ...)
    knight: bool = False  #: solve with 16 neighbours (the knight's moves of GRASS r.cost -k), not 8

    def __setstate__(self, state: dict) -> None:
        """Unpickled (disk cache, Dask workers): the grids in numpy's own memory (``numpy_owned``)."""
        self.__dict__.update({k: numpy_owned(v) for k, v in state.items()})

    # the speeds may wait on disk (a grid from the disk cache): only the friction-surface raster reads them after
    # preparing — 101 MB at 1 km that every analysis held for nothing
    def __getattr__(self, name: str):
        if name == "speed":
            load = self.__dict__.get("_load_speed")
            if load is not None:  # dropped only once loaded: a second thread asking meanwhile waits on the loader
                value = load()
                self.__dict__["speed"] = value
                self.__dict__.pop("_load_speed", None)
                return value
        raise AttributeError(name)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        if "_load_speed" in state:  # pickled whole, never with the loader
            del state["_load_speed"]
            state["speed"] = self.speed
        return state

    def replaced(self, **changes) -> Prepared:
        """``dataclasses.replace`` that leaves speeds still on disk there (read once, shared, when asked)."""
        if "speed" in changes or "_load_speed" not in self.__dict__:
            return dataclasses.replace(self, **changes)
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise TypeError(f"unknown fields {sorted(unknown)}")
        out = object.__new__(Prepared)
        out.__dict__.update(self.__dict__)
        out.__dict__.update(changes)
        return out

    def speed_loaded(self) -> bool:
        return "speed" in self.__dict__


@dataclass
class Result:
    prepared: Prepared
    centres: list[Centre]  #: the enabled centres, in source order
    time: np.ndarray  #: minutes to the nearest centre (float32, NaN off land / unreachable)
    allocation: np.ndarray  #: index into ``centres`` (int32, -1 where none)
    backup: np.ndarray | None = None  #: minutes to the second-nearest centre
    backup_allocation: np.ndarray | None = None
    station_time: np.ndarray = field(default_factory=lambda: np.zeros(0))


class _CachedPart:
    """A part of a cached object kept in a file of its own (a grid's speeds, a census surface's urban and rural
    grids): read once when first asked, also when two threads ask at the same time (grids made with
    ``Prepared.replaced`` share it); ``rebuild()`` when the file is gone or damaged (the user cleared the cache)."""

    def __init__(self, path: Path, rebuild):
        self.path, self.rebuild, self._value = path, rebuild, None
        self._lock = threading.Lock()

    def __call__(self):
        with self._lock:
            if self._value is None:
                try:
                    with self.path.open("rb") as fh:
                        value = pickle.load(fh)
                    arrays = value if isinstance(value, tuple) else (value,)
                    if not arrays or not all(isinstance(a, np.ndarray) for a in arrays):
                        raise TypeError("not grids")
                    arrays = tuple(numpy_owned(a) for a in arrays)
                    self._value = arrays if isinstance(value, tuple) else arrays[0]
                except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
                        ValueError):
                    self._value = self.rebuild()
            return self._value


#: the format of the census surface's cache files (urban and rural in a file of their own)
_POPULATION_SPLIT = "population-split-1"


#: layers of the data file kept in memory once read (``Engine.read``)
LAYER_MEMO = 8
#: the longest readiness delay a centre may have (a week, as for thresholds)
MAX_DELAY_MIN = 7 * 24 * 60.0


def _content_key(path: Path) -> str:
    """sha256 of a file's bytes: the disk cache follows the data, not file dates."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _code_version() -> str:
    """Hash of the modules that shape a prepared grid: a change of the code invalidates the disk cache."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in ("model.py", "grid.py", "friction.py", "network.py", "kernel.py", "profiles.py", "inputs.py"):
        f = here / name
        if f.exists():
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


_CODE_VERSION = _code_version()
_POPULATION_VERSION = hashlib.sha256((Path(__file__).resolve().parent / "population.py").read_bytes()).hexdigest()[:16]
#: prepared grids kept on disk (the oldest go first)
MAX_CACHED_GRIDS = 24


def _file_key(path: Path) -> str:
    st = path.stat()
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


class Engine:
    """Holds the inputs and a cache of prepared grids (keyed by data, profile and parameters)."""

    def __init__(self, gpkg: Path | str, dem: Path | str | None, profiles: Path | str = DEFAULT_FILE,
                 disk_cache: Path | str | None | bool = True):
        """``disk_cache``: folder for prepared grids kept across sessions (True: ``cache_dir()/prepared``;
        False/None: memory only)."""
        self.disk_cache = (cache_dir() / "prepared") if disk_cache is True else (Path(disk_cache) if disk_cache else None)
        self.gpkg = Path(gpkg)
        self.dem = Path(dem) if dem else None
        self.profiles = Path(profiles)
        self._cache: dict[tuple, Prepared] = {}
        self._population_cache: dict[tuple, PopulationSurface] = {}
        self._people_cache: dict[tuple, PointSet] = {}
        #: the last grid's elevations, kept from preparing a grid until its census surface is built (the one
        #: other user of the DEM), so a first run warps it once
        self._dem_memo: tuple | None = None
        self._layers: dict[str, tuple] = {}  #: layer -> (file stamp, rows): the last few layers read
        self._lock = threading.Lock()
        if not self.gpkg.exists():
            raise EngineError("data_missing", path=str(self.gpkg))

    # ------------------------------------------------------------------ inputs
    def read(self, layer: str):
        """Rows of a layer of the data file; a missing, corrupt or incomplete file is a clear EngineError.

        The last ``LAYER_MEMO`` layers read are kept while the file's size and date stay the same (a coverage run
        read the provinces and prefectures twice each, 0.1 s of a 5 km rerun); each call gets its own rows list
        and attribute dicts (geometries are immutable)."""
        try:
            st = os.stat(self.gpkg)
        except OSError as exc:
            raise EngineError("data_unreadable", path=str(self.gpkg)) from exc
        stamp = (st.st_size, st.st_mtime_ns)
        with self._lock:
            hit = self._layers.get(layer)
        if hit is None or hit[0] != stamp:
            try:
                rows = read_layer(self.gpkg, layer)
            except FileNotFoundError as exc:
                raise EngineError("data_unreadable", path=str(self.gpkg)) from exc
            except KeyError as exc:
                raise EngineError("data_no_layer", layer=layer) from exc
            with self._lock:
                self._layers.pop(layer, None)
                self._layers[layer] = (stamp, rows)
                while len(self._layers) > LAYER_MEMO:
                    self._layers.pop(next(iter(self._layers)))
            hit = (stamp, rows)
        return [(dict(a), g) for a, g in hit[1]]

    def _land_geometry(self):
        rows = self.read("country")
        if not rows:
            raise EngineError("country_empty")
        return unary_union([g for _, g in rows])

    def _segments(self, grid: Grid):
        rows = self.read("corridor_segments")
        tr = Transformer.from_crs("EPSG:4326", grid.crs, always_xy=True)
        out = []
        for attrs, geom in rows:
            (xa, ya), (xb, yb) = geom.coords[0][:2], geom.coords[-1][:2]
            (xa, xb), (ya, yb) = tr.transform([xa, xb], [ya, yb])
            out.append((attrs, (xa, ya), (xb, yb)))
        return out

    def prepare(self, profile: str | Profile = "multimodal", resolution: float = 5000.0,
                extent: tuple[float, float, float, float] | None = None,
                exclude_segments: frozenset[str] = frozenset(), inputs: UserInputs | None = None,
                knight: bool = False) -> Prepared:
        """Grid + friction + network; built once per (data, profile, resolution, extent, exclusions, the user's
        own inputs by content). ``knight``: every solve on it uses 16 neighbours (r.cost -k) — the same grid,
        cached once for both."""
        prepared = self._prepare(profile, resolution, extent, exclude_segments, inputs)
        return prepared.replaced(knight=True) if knight else prepared

    def _prepare(self, profile, resolution, extent, exclude_segments, inputs) -> Prepared:
        prof = profile if isinstance(profile, Profile) else self._profile(profile)
        inputs = inputs if inputs is not None and not inputs.empty else None
        key = (_file_key(self.gpkg), _file_key(self.dem) if self.dem and self.dem.exists() else None,
               prof.key(), float(resolution), extent, hashlib.sha1(",".join(sorted(exclude_segments)).encode()).hexdigest(),
               inputs.key if inputs else None)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        disk_key = hashlib.sha256(repr((_CODE_VERSION, _content_key(self.gpkg),
                                        _content_key(self.dem) if self.dem and self.dem.exists() else None,
                                        key[2:])).encode()).hexdigest()[:24]
        def rebuild_speed():
            return self._build(prof, resolution, extent, exclude_segments, key, inputs).speed

        prepared = self._load_cached(disk_key)
        if prepared is not None and not prepared.speed_loaded():
            speed_file = self._speed_file(disk_key)
            prepared = prepared if speed_file is not None and speed_file.exists() else None
            if prepared is not None:
                prepared.__dict__["_load_speed"] = _CachedPart(speed_file, rebuild_speed)
        if prepared is None:
            prepared = self._save_prepared(disk_key, self._build(prof, resolution, extent, exclude_segments, key,
                                                                 inputs), rebuild_speed)
        prepared.key = key
        with self._lock:
            self._cache[key] = prepared
        return prepared

    # ------------------------------------------------------------------ disk cache
    def _cache_file(self, disk_key: str) -> Path | None:
        name = disk_key if disk_key.startswith("population_") else f"prepared_{disk_key}"
        return (self.disk_cache / f"{name}.pkl") if self.disk_cache else None

    def _load_cached(self, disk_key: str, kind: type = Prepared):
        path = self._cache_file(disk_key)
        if path is None or not path.exists():
            return None
        try:
            with path.open("rb") as fh:
                obj = pickle.load(fh)  # our own cache folder, written by _save_cached
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return None  # stale or damaged: rebuilt and rewritten
        return obj if isinstance(obj, kind) else None

    def _speed_file(self, disk_key: str) -> Path | None:
        return (self.disk_cache / f"prepspeed_{disk_key}.pkl") if self.disk_cache else None

    def _save_prepared(self, disk_key: str, prepared: Prepared, rebuild_speed) -> Prepared:
        """The grid in its two files (the speeds first); returned with the speeds left on disk once both are
        written, whole otherwise."""
        main, speed_file = self._cache_file(disk_key), self._speed_file(disk_key)
        if main is None or speed_file is None or not self._write_cached(speed_file, prepared.speed):
            return prepared
        light = object.__new__(Prepared)
        light.__dict__.update({k: v for k, v in prepared.__dict__.items() if k not in ("speed", "_load_speed")})
        if not self._write_cached(main, light):
            return prepared
        light.__dict__["_load_speed"] = _CachedPart(speed_file, rebuild_speed)
        return light

    def _save_cached(self, disk_key: str, prepared) -> None:
        path = self._cache_file(disk_key)
        if path is not None:
            self._write_cached(path, prepared)

    @staticmethod
    def _write_cached(path: Path, obj) -> bool:
        """``obj`` pickled to ``path`` (whole or not at all); the oldest files of its kind beyond
        ``MAX_CACHED_GRIDS`` removed. False when it could not be written."""
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".partial")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            prefix = path.name.split("_", 1)[0]
            old = sorted(path.parent.glob(f"{prefix}_*.pkl"), key=lambda f: f.stat().st_mtime)[:-MAX_CACHED_GRIDS]
            for f in old:
                f.unlink(missing_ok=True)
            return True
        except OSError:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            return False  # a cache that cannot be written only costs time (and memory: the surface stays whole)

    def _build(self, prof: Profile, resolution: float, extent, exclude_segments, key,
               inputs: UserInputs | None = None) -> Prepared:
        study = inputs.study_area if inputs else None
        crs = grid_crs_for(study)
        land_geom = study_land(self._land_geometry(), study, crs)
        bounds = land_geom.bounds if study is not None else (extent or land_geom.bounds)
        if land_geom.is_empty:
            raise EngineError("no_land")
        grid = Grid.covering(bounds, resolution, crs)
        land = land_mask(grid, land_geom)
        if not land.any():
            raise EngineError("no_land")
        notes = []
        if inputs is not None and inputs.friction:
            cost, notes = friction_on_grid(inputs, grid, land)
            with np.errstate(divide="ignore", invalid="ignore"):
                speed = (60.0 / (cost.astype(np.float64) * 1000.0)).astype(np.float32)
        else:
            dem = None
            if self.dem is not None:
                try:
                    dem = self._dem_on(grid)
                except (FileNotFoundError, RuntimeError) as exc:
                    raise EngineError("dem_missing", path=str(self.dem)) from exc
            speed = speed_surface(prof, land, dem, grid.res)
            cost = friction_from_speed(speed)
        segments = [] if inputs is not None and inputs.network_use == "replace" else self._segments(grid)
        user = network_pieces(inputs, grid) if inputs is not None else None
        if study is not None and not box(*CHINA_BBOX).contains(study):
            notes.append(Note("note_beyond_china"))
        net = build_network(grid, land, segments, prof, exclude=exclude_segments, user=user)
        return Prepared(grid, prof, land, speed, cost, net, key, inputs, notes)

    def _dem_on(self, grid: Grid, keep: bool = True) -> np.ndarray:
        key = (grid, _file_key(self.dem))
        memo = self._dem_memo
        if memo is not None and memo[0] == key:
            if not keep:
                self._dem_memo = None
            return memo[1]
        dem = dem_on_grid(grid, self.dem)
        dem.setflags(write=False)
        self._dem_memo = (key, dem) if keep else None
        return dem

    def _profile(self, name: str) -> Profile:
        available = load_profiles(self.profiles)
        if name not in available:
            raise EngineError("unknown_profile", name=name, available=", ".join(sorted(available)))
        return get_profile(name, self.profiles)

    def population(self, prepared: Prepared) -> PopulationSurface:
        """2020 census people per cell on the prepared grid (engine/population.py); cached per grid and data,
        in memory and on disk like the grid (a 1 km surface takes about a minute to build)."""
        study = prepared.key[-1] if len(prepared.key) > 6 else None
        key = (_file_key(self.gpkg), _file_key(self.dem) if self.dem and self.dem.exists() else None, prepared.grid,
               study)
        with self._lock:
            if key in self._population_cache:
                return self._population_cache[key]
        disk_key = "population_" + hashlib.sha256(repr((_CODE_VERSION, _POPULATION_VERSION, _content_key(self.gpkg),
                                                         _content_key(self.dem) if self.dem and self.dem.exists()
                                                         else None, prepared.grid, study)).encode()).hexdigest()[:24]
        surface = self._load_population(disk_key, prepared)
        if surface is None:
            surface = self._save_population(disk_key, self._build_population(prepared), prepared)
        self._dem_memo = None  # its one other user is served (or was cached): not kept for the session
        with self._lock:
            self._population_cache[key] = surface
        return surface

    def _build_population(self, prepared: Prepared) -> PopulationSurface:
        big, big_land = self._census_grid(prepared)
        dem = self._dem_on(big, keep=False) if self.dem is not None and self.dem.exists() else None
        surface = population_from_gpkg(self.gpkg, big, big_land, self.dem, dem=dem)
        if big != prepared.grid:
            surface = window_surface(surface, big, prepared.grid, prepared.land)
        return surface

    # the census surface on disk: total, unit and the tables in one file, urban and rural in another read only when
    # asked (``PopulationSurface.deferred``)
    def _split_file(self, disk_key: str) -> Path | None:
        return (self.disk_cache / f"popsplit_{disk_key.removeprefix('population_')}.pkl") if self.disk_cache \
            else None

    def _split_part(self, disk_key: str, prepared: Prepared) -> _CachedPart:
        def rebuild():
            whole = self._build_population(prepared)
            self._save_population(disk_key, whole, prepared)
            return whole.urban, whole.rural

        return _CachedPart(self._split_file(disk_key), rebuild)

    def _save_population(self, disk_key: str, surface: PopulationSurface, prepared: Prepared) -> PopulationSurface:
        """Writes the surface in its two files (the split one first); returns it with urban and rural left on disk
        once both are written, whole otherwise."""
        main, split = self._cache_file(disk_key), self._split_file(disk_key)
        if main is None or split is None:
            return surface
        if not self._write_cached(split, (surface.urban, surface.rural)):
            return surface
        state = {k: v for k, v in surface.__getstate__().items() if k not in ("urban", "rural")}
        if not self._write_cached(main, (_POPULATION_SPLIT, state)):
            return surface
        return surface.deferred(self._split_part(disk_key, prepared))

    def _load_population(self, disk_key: str, prepared: Prepared) -> PopulationSurface | None:
        main, split = self._cache_file(disk_key), self._split_file(disk_key)
        if main is None or split is None or not main.exists() or not split.exists():
            return None
        try:
            with main.open("rb") as fh:
                tag, state = pickle.load(fh)  # our own cache folder, written by _save_population
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None  # stale or damaged: rebuilt and rewritten
        if tag != _POPULATION_SPLIT or not isinstance(state, dict):
            return None
        surface = object.__new__(PopulationSurface)
        surface.__dict__.update({k: numpy_owned(v) for k, v in state.items()})
        return surface.deferred(self._split_part(disk_key, prepared))

    def _census_grid(self, prepared: Prepared):
        """The grid the census is spread on: the prepared grid grown (same origin and cell size) until it holds
        every county it touches, with the country's own land — so a county cut by the edge of a study area or
        an extent keeps its people where they live, not crammed into the part inside."""
        grid = prepared.grid
        if prepared.inputs is None and prepared.key[4] is None:
            return grid, prepared.land
        frame = box(*grid.bounds)
        tr = Transformer.from_crs("EPSG:4326", grid.crs, always_xy=True)
        bounds = list(grid.bounds)
        for _a, g in self.read("counties"):
            if g is None or g.is_empty:
                continue
            minx, miny, maxx, maxy = g.bounds
            xs, ys = tr.transform([minx, maxx, minx, maxx], [miny, miny, maxy, maxy])
            env = box(min(xs), min(ys), max(xs), max(ys))
            if env.intersects(frame):
                bounds = [min(bounds[0], env.bounds[0]), min(bounds[1], env.bounds[1]),
                          max(bounds[2], env.bounds[2]), max(bounds[3], env.bounds[3])]
        big = Grid.covering(tuple(bounds), grid.res, grid.crs)
        return big, land_mask(big, to_crs(self._land_geometry(), grid.crs))

    def people(self, prepared: Prepared) -> PointSet:
        """The census population as a point set: every populated land cell with its people (names are empty).

        Everything that counts people (coverage, 2SFCA demand, N-1 population-minutes, siting, warnings)
        takes this, so a figure is always of the same people: the 2020 census, all areas (mainland, HK, MO, TW)."""
        with self._lock:
            if prepared.key in self._people_cache:
                return self._people_cache[prepared.key]
        own = prepared.inputs is not None and (prepared.inputs.population or prepared.inputs.population_polygons)
        total = (population_on_grid(prepared.inputs, prepared.grid, prepared.land) if own
                 else self.population(prepared).total)
        rows, cols = np.nonzero((total > 0) & prepared.land)
        # int32 cells (a national 1 km grid has ~10 M populated cells: 76 MB less than int64), float64 people
        pts = PointSet(rows.astype(np.int32), cols.astype(np.int32), [], [], total[rows, cols].astype(np.float64))
        with self._lock:
            self._people_cache[prepared.key] = pts
        return pts

    # ------------------------------------------------------------------ solve
    def source_cells(self, prepared: Prepared, centres: Sequence[Centre], snap_cells: int = 2) -> np.ndarray:
        """Cell of each centre; a centre just off the coast snaps to land within ``snap_cells``.

        Centres are in China Albers metres (``Centre``); on the area-centred grid of a study area outside the China
        box they are moved to the grid's CRS first."""
        grid, land = prepared.grid, prepared.land
        xs = np.array([c.x for c in centres], np.float64)
        ys = np.array([c.y for c in centres], np.float64)
        if grid.crs != ALBERS_CHINA_WKT and len(xs):
            xs, ys = (np.asarray(v, np.float64) for v in
                      Transformer.from_crs(ALBERS_CHINA_WKT, grid.crs, always_xy=True).transform(xs, ys))
        rows, cols, inside = grid.cell_of(xs, ys)
        cells = np.empty(len(centres), np.int64)
        for i, c in enumerate(centres):
            if not inside[i]:
                raise EngineError("centre_outside", name=c.name)
            if land[rows[i], cols[i]]:
                cells[i] = rows[i] * grid.ncols + cols[i]
            else:
                cell = _nearest_land(int(rows[i]), int(cols[i]), land, snap_cells)
                if cell < 0:
                    raise EngineError("centre_on_water", name=c.name)
                cells[i] = cell
        return cells

    def solve_each(self, prepared: Prepared, centres: Sequence[Centre], cancel: np.ndarray | None = None,
                   progress=None, workers: int | None = None) -> list[np.ndarray]:
        """One travel-time surface per enabled centre (minutes, float32, NaN off land / unreachable).

        The solves are independent: they run on ``workers`` threads (default: the CPU count, at most 4; the
        compiled kernel releases the GIL). ``progress(done, total)`` is called as each finishes."""
        active = [c for c in centres if c.enabled]
        if not active:
            raise EngineError("all_disabled" if centres else "no_centres")
        self.source_cells(prepared, active)  # refuse a bad centre before starting any thread
        workers = workers or min(4, os.cpu_count() or 1)
        if not kernel.numba_available():
            workers = 1  # scipy holds the GIL: threads would only add overhead
        done = [0]

        def one(c):
            if cancel is not None and cancel[0]:
                raise Cancelled()  # queued solves do not start once the user cancelled
            t = self._time_surface(prepared, [c], cancel)
            done[0] += 1
            if progress is not None:
                progress(done[0], len(active))
            return t

        if workers <= 1 or len(active) == 1:
            return [one(c) for c in active]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(one, active))

    def _sources(self, centres: Sequence[Centre], prepared: Prepared) -> tuple[list[Centre], np.ndarray, np.ndarray]:
        """The enabled centres, their cells and delays; a clear EngineError for none or a bad delay."""
        active = [c for c in centres if c.enabled]
        if not centres:
            raise EngineError("no_centres")
        if not active:
            raise EngineError("all_disabled")
        for c in active:
            if not np.isfinite(c.delay_min) or c.delay_min < 0 or c.delay_min > MAX_DELAY_MIN:
                raise EngineError("bad_delay", name=c.name)
        return active, self.source_cells(prepared, active), np.array([c.delay_min for c in active], np.float64)

    def _time_surface(self, prepared: Prepared, centres: Sequence[Centre], cancel: np.ndarray | None) -> np.ndarray:
        """``solve(..., backup=False).time`` without the allocation raster (the per-centre surfaces need none):
        float32 minutes, NaN off land and where unreachable; the solver's float64 labels are freed at once."""
        _active, cells, delays = self._sources(centres, prepared)
        sol = kernel.solve(prepared.cost, prepared.grid.res, cells, delays, prepared.network.edges, backup=False,
                           cancel=cancel, knight=prepared.knight, keep_source=False)
        return _cell_times(sol.time, prepared)

    def solve(self, prepared: Prepared, centres: Sequence[Centre], backup: bool = True,
              max_time: float = np.inf, cancel: np.ndarray | None = None, progress: np.ndarray | None = None,
              use_numba: bool | None = None) -> Result:
        active, cells, delays = self._sources(centres, prepared)
        sol = kernel.solve(prepared.cost, prepared.grid.res, cells, delays, prepared.network.edges, backup=backup,
                           max_time=max_time, progress=progress, cancel=cancel, use_numba=use_numba,
                           knight=prepared.knight)
        n = prepared.grid.size
        shape = prepared.grid.shape


        def alloc_of(s, t):
            a = s[:n].astype(np.int32).reshape(shape)
            a[np.isnan(t)] = -1
            return a

        time = _cell_times(sol.time, prepared)
        res = Result(prepared, active, time, alloc_of(sol.source, time), station_time=sol.time[n:])
        if backup:
            b = _cell_times(sol.time2, prepared)
            res.backup = b
            res.backup_allocation = alloc_of(sol.source2, b)
        return res


def _cell_times(t: np.ndarray, prepared: Prepared) -> np.ndarray:
    """The grid part of a solver's labels as float32 minutes, NaN off land and where unreachable."""
    out = t[:prepared.grid.size].astype(np.float32).reshape(prepared.grid.shape)
    out[~np.isfinite(out)] = np.nan
    out[~prepared.land] = np.nan
    return out

def bundled_points(engine: Engine, prepared: Prepared, layer: str, weight_field: str | None = None,
                   lang: str = "en"):
    """A bundled point layer (cities, arsenal_sites, computing_hubs, hubs...) located on the grid.

    Points off the grid or off land are dropped (e.g. foreign endpoints). Cached on the engine per
    prepared grid, layer and language, since reading the GeoPackage dominates a rerun otherwise.
    """
    cache = engine.__dict__.setdefault("_points_cache", {})
    ckey = (prepared.key, layer, weight_field, lang)
    if ckey in cache:
        return cache[ckey]
    cache[ckey] = pts = _bundled_points(engine, prepared, layer, weight_field, lang)
    return pts


def _bundled_points(engine: Engine, prepared: Prepared, layer: str, weight_field: str | None, lang: str):
    rows = engine.read(layer)
    if not rows:
        return PointSet.empty()
    tr = Transformer.from_crs("EPSG:4326", prepared.grid.crs, always_xy=True)
    xs, ys = tr.transform([g.x for _, g in rows], [g.y for _, g in rows])
    r, c, inside = prepared.grid.cell_of(np.asarray(xs), np.asarray(ys))
    keep = np.flatnonzero(inside)
    keep = keep[prepared.land[r[keep], c[keep]]]
    name_key = name_field(lang)
    names = [str(rows[k][0].get(name_key) or rows[k][0].get("name_en")) for k in keep]
    cats = [str(rows[k][0].get("category", "")) for k in keep]
    weights = np.array([float(rows[k][0].get(weight_field) or 0) if weight_field else 1.0 for k in keep])
    return PointSet(r[keep], c[keep], names, cats, weights)
