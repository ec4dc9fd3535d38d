"""Travel profiles: read from ``resources/profiles/profiles.toml`` (never hard-coded).

A profile may replace the values of its modes for itself only: ``[profiles.<name>.mode_overrides.<mode>]``
(``freight_modes`` is accepted as the older name) holds any of the mode's numbers, a ``classes`` table that
replaces or adds classes by name, and ``speed_kmh``: every segment of that mode that has no class of its own
rides at that speed (capped by a recorded design speed), whatever operating speed the segment records — how
freight trains ignore the passenger operating speeds. The overrides are applied here, so every algorithm
given that profile gets the same values (the freight profile is the one that uses this).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import HinterlandError

try:
    import tomllib
except ImportError:  # pragma: no cover - Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "resources" / "profiles" / "profiles.toml"
if not DEFAULT_FILE.exists():  # repository layout
    DEFAULT_FILE = Path(__file__).resolve().parents[3] / "resources" / "profiles" / "profiles.toml"

LAND_KEYS = ("land_speed_kmh", "min_speed_kmh", "slope_k", "plateau_elev_m", "plateau_factor")
MODE_KEYS = ("default_speed_kmh", "design_to_operating", "detour", "board_min", "alight_min")
#: optional mode keys and their defaults
MODE_OPTIONAL = {"schedule_factor": 1.0, "stop_min": 0.0, "interchange_km": 0.0, "speed_factor": 1.0}
#: keys of a road class table ``[modes.<mode>.classes.<class>]`` and their defaults
CLASS_OPTIONAL = {"fixed_min": 0.0, "design_factor": 1.0, "interchanges": True}
#: name of the catch-all class an override's ``speed_kmh`` creates (every category without a class of its own)
ANY_CLASS = "*"
#: the keys of a profile's own mode values (``freight_modes``: the older name)
OVERRIDE_KEYS = ("mode_overrides", "freight_modes")


class ProfileError(HinterlandError):
    """A profiles.toml that cannot be used (free-text message)."""


@dataclass(frozen=True)
class Mode:
    name: str
    default_speed_kmh: float
    design_to_operating: float
    detour: float
    board_min: float
    alight_min: float
    schedule_factor: float = 1.0  #: timetabled average speed / operating speed
    stop_min: float = 0.0  #: minutes added per segment (stop at the node city: dwell, braking, acceleration)
    #: > 0: segments of a class with ``interchanges`` get a node about every ``interchange_km`` along them
    interchange_km: float = 0.0
    speed_factor: float = 1.0  #: multiplies every class speed (the one calibrated speed value)
    classes: tuple["RoadClass", ...] = ()  #: per segment category (family), e.g. expressway

    def road_class(self, category: str) -> "RoadClass | None":
        """The class of ``category``; else the mode's catch-all class (``ANY_CLASS``, from an override's
        ``speed_kmh``) if it has one."""
        fallback = None
        for c in self.classes:
            if c.name == category:
                return c
            if c.name == ANY_CLASS:
                fallback = c
        return fallback


@dataclass(frozen=True)
class RoadClass:
    """Operating speed of one category of segments (e.g. expressway), used instead of the mode's rules."""
    name: str
    speed_kmh: float  #: operating speed (km/h) before ``speed_factor``
    fixed_min: float = 0.0  #: minutes added once per segment (e.g. ferry check-in and waiting)
    #: a segment that records a design speed rides at most at design speed x this (x ``speed_factor``)
    design_factor: float = 1.0
    interchanges: bool = True  #: False: entered and left only at its node cities (bridges, ferries)


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    land_speed_kmh: float
    min_speed_kmh: float
    slope_k: float
    plateau_elev_m: float
    plateau_factor: float
    include_planned: bool
    modes: tuple[Mode, ...] = field(default_factory=tuple)

    def key(self) -> str:
        """Content hash: the cache key of everything built from this profile."""
        return hashlib.sha256(json.dumps(self.__dict__, default=lambda o: o.__dict__, sort_keys=True)
                              .encode()).hexdigest()[:16]


def _num(table: dict, key: str, where: str) -> float:
    if key not in table:
        raise ProfileError(f"{where}: '{key}' is missing")
    val = table[key]
    if isinstance(val, bool) or not isinstance(val, (int, float)):
        raise ProfileError(f"{where}: '{key}' must be a number, not {val!r}")
    if val < 0:
        raise ProfileError(f"{where}: '{key}' must be >= 0")
    return float(val)


def _classes(tables: dict, where: str, base: dict[str, RoadClass] | None = None) -> tuple[RoadClass, ...]:
    """Road classes of a table; ``base``: classes whose values a table that omits a key keeps (overrides)."""
    out = []
    for name in sorted(tables):
        tbl = tables[name]
        w = f"{where} classes.{name}"
        if not isinstance(tbl, dict):
            raise ProfileError(f"{w}: must be a table")
        speed = _num(tbl, "speed_kmh", w)
        if speed <= 0:
            raise ProfileError(f"{w}: 'speed_kmh' must be > 0")
        old = (base or {}).get(name)
        dflt = ({"fixed_min": old.fixed_min, "design_factor": old.design_factor, "interchanges": old.interchanges}
                if old else CLASS_OPTIONAL)
        fixed = _num(tbl, "fixed_min", w) if "fixed_min" in tbl else dflt["fixed_min"]
        dfac = _num(tbl, "design_factor", w) if "design_factor" in tbl else dflt["design_factor"]
        inter = tbl.get("interchanges", dflt["interchanges"])
        if not isinstance(inter, bool):
            raise ProfileError(f"{w}: 'interchanges' must be true or false")
        out.append(RoadClass(name, speed, fixed, dfac, inter))
    return tuple(out)


def load_profiles(path: Path | str = DEFAULT_FILE) -> dict[str, Profile]:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ProfileError(f"profile file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path.name} is not valid TOML: {exc}") from exc
    modes_tbl = data.get("modes", {})
    out = {}
    for name, tbl in data.get("profiles", {}).items():
        where = f"{path.name} [profiles.{name}]"
        modes = []
        for m in tbl.get("modes", []):
            if m not in modes_tbl:
                raise ProfileError(f"{where}: mode '{m}' has no [modes.{m}] table")
            where_m = f"{path.name} [modes.{m}]"
            extra = {k: _num(modes_tbl[m], k, where_m) if k in modes_tbl[m] else v for k, v in MODE_OPTIONAL.items()}
            if extra["schedule_factor"] <= 0 or extra["speed_factor"] <= 0:
                raise ProfileError(f"{where_m}: 'schedule_factor' and 'speed_factor' must be > 0")
            classes = _classes(modes_tbl[m].get("classes", {}), where_m)
            modes.append(Mode(m, *(_num(modes_tbl[m], k, where_m) for k in MODE_KEYS), **extra, classes=classes))
        modes = _overridden(modes, _overrides(tbl, where), where)
        land = [_num(tbl, k, where) for k in LAND_KEYS]
        if land[0] <= 0 or land[1] <= 0:
            raise ProfileError(f"{where}: speeds must be > 0")
        out[name] = Profile(name, str(tbl.get("description", "")), *land, bool(tbl.get("include_planned", False)),
                            tuple(modes))
    if not out:
        raise ProfileError(f"{path.name} defines no [profiles.*]")
    return out


def _overrides(tbl: dict, where: str) -> dict:
    found = [k for k in OVERRIDE_KEYS if k in tbl]
    if len(found) > 1:
        raise ProfileError(f"{where}: use one of {', '.join(OVERRIDE_KEYS)}, not both")
    out = tbl.get(found[0], {}) if found else {}
    if not isinstance(out, dict):
        raise ProfileError(f"{where}: '{found[0]}' must be a table")
    return out


def _overridden(modes: list[Mode], overrides: dict, where: str) -> list[Mode]:
    """``modes`` with a profile's own values (see the module docstring)."""
    unknown = sorted(set(overrides) - {m.name for m in modes})
    if unknown:
        raise ProfileError(f"{where}: overrides modes the profile does not use: {', '.join(unknown)}")
    out = []
    for m in modes:
        over = overrides.get(m.name)
        if not over:
            out.append(m)
            continue
        w = f"{where} mode_overrides.{m.name}"
        numbers = {k: _num(over, k, w) for k in MODE_KEYS + tuple(MODE_OPTIONAL) if k in over}
        if numbers.get("schedule_factor", 1.0) <= 0 or numbers.get("speed_factor", 1.0) <= 0:
            raise ProfileError(f"{w}: 'schedule_factor' and 'speed_factor' must be > 0")
        classes = {c.name: c for c in m.classes}
        for c in _classes(over.get("classes") or {}, w, {c.name: c for c in m.classes}):
            classes[c.name] = c
        if "speed_kmh" in over:
            speed = _num(over, "speed_kmh", w)
            if speed <= 0:
                raise ProfileError(f"{w}: 'speed_kmh' must be > 0")
            numbers["default_speed_kmh"] = speed
            classes[ANY_CLASS] = RoadClass(ANY_CLASS, speed, 0.0, 1.0, False)
        out.append(replace(m, **numbers, classes=tuple(classes[k] for k in sorted(classes))))
    return out


def get_profile(name: str, path: Path | str = DEFAULT_FILE) -> Profile:
    profiles = load_profiles(path)
    if name not in profiles:
        raise ProfileError(f"unknown profile '{name}'; available: {', '.join(sorted(profiles))}")
    return profiles[name]
