"""Travel profiles: read from ``resources/profiles/profiles.toml`` (never hard-coded)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

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
MODE_OPTIONAL = {"schedule_factor": 1.0, "stop_min": 0.0}


class ProfileError(ValueError):
    pass


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
            if extra["schedule_factor"] <= 0:
                raise ProfileError(f"{where_m}: 'schedule_factor' must be > 0")
            modes.append(Mode(m, *(_num(modes_tbl[m], k, where_m) for k in MODE_KEYS), **extra))
        land = [_num(tbl, k, where) for k in LAND_KEYS]
        if land[0] <= 0 or land[1] <= 0:
            raise ProfileError(f"{where}: speeds must be > 0")
        out[name] = Profile(name, str(tbl.get("description", "")), *land, bool(tbl.get("include_planned", False)),
                            tuple(modes))
    if not out:
        raise ProfileError(f"{path.name} defines no [profiles.*]")
    return out


def get_profile(name: str, path: Path | str = DEFAULT_FILE) -> Profile:
    profiles = load_profiles(path)
    if name not in profiles:
        raise ProfileError(f"unknown profile '{name}'; available: {', '.join(sorted(profiles))}")
    return profiles[name]
