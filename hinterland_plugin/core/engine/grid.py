"""The analysis grid: square cells in the China Albers equal-area CRS."""
from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np

from ..catalog import ALBERS_CHINA_WKT
from ..errors import ParameterError

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None

#: Refuse grids whose working set would exceed this (bytes) before allocating anything.
MAX_WORKING_BYTES = 64 * 1024**3
#: Bytes per cell the solver needs: cost f32 + two labels (f64 time, i64 source) + flags + outputs.
BYTES_PER_CELL = 4 + 2 * (8 + 8) + 1 + 1 + 16


class GridError(ParameterError):
    """Bad grid request (resolution, extent, memory); the message is meant for the user."""


@dataclass(frozen=True)
class Grid:
    x0: float  #: west edge (m)
    y1: float  #: north edge (m)
    res: float  #: cell size (m)
    nrows: int
    ncols: int
    crs: str = ALBERS_CHINA_WKT

    @property
    def shape(self) -> tuple[int, int]:
        return self.nrows, self.ncols

    @property
    def size(self) -> int:
        return self.nrows * self.ncols

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return self.x0, self.y1 - self.nrows * self.res, self.x0 + self.ncols * self.res, self.y1

    def gdal_geotransform(self) -> tuple[float, ...]:
        return (self.x0, self.res, 0.0, self.y1, 0.0, -self.res)

    @classmethod
    def covering(cls, bounds: tuple[float, float, float, float], res: float, crs: str = ALBERS_CHINA_WKT) -> "Grid":
        """Smallest grid aligned on multiples of ``res`` that covers ``bounds`` (minx, miny, maxx, maxy)."""
        check_resolution(res)
        minx, miny, maxx, maxy = bounds
        if not (maxx > minx and maxy > miny):
            raise GridError("empty_extent", bounds=str(bounds))
        x0 = math.floor(minx / res) * res
        y1 = math.ceil(maxy / res) * res
        ncols = int(math.ceil((maxx - x0) / res))
        nrows = int(math.ceil((y1 - miny) / res))
        check_memory(nrows * ncols, res)
        return cls(x0, y1, float(res), nrows, ncols, crs)

    def cell_of(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Row, column and a flag 'inside the grid' for coordinates in the grid CRS."""
        x = np.asarray(x, np.float64)
        y = np.asarray(y, np.float64)
        col = np.floor((x - self.x0) / self.res).astype(np.int64)
        row = np.floor((self.y1 - y) / self.res).astype(np.int64)
        inside = (row >= 0) & (row < self.nrows) & (col >= 0) & (col < self.ncols)
        return row, col, inside

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """x (per column) and y (per row) of cell centres."""
        xs = self.x0 + (np.arange(self.ncols) + 0.5) * self.res
        ys = self.y1 - (np.arange(self.nrows) + 0.5) * self.res
        return xs, ys


def check_resolution(res) -> float:
    try:
        res = float(res)
    except (TypeError, ValueError) as exc:
        raise GridError("resolution_nan", value=repr(res)) from exc
    if not math.isfinite(res) or res <= 0:
        raise GridError("resolution_positive", value=f"{res}")
    if res < 100:
        raise GridError("resolution_fine", value=f"{res:g}")
    if res > 100_000:
        raise GridError("resolution_coarse", value=f"{res:g}")
    return res


def available_bytes() -> int:
    """Memory this process can still use: MemAvailable (Linux), else physical memory, capped by RLIMIT_AS."""
    avail = 0
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    avail = int(line.split()[1]) * 1024
                    break
    except OSError:
        pass
    if not avail:
        try:
            avail = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (ValueError, OSError, AttributeError):
            avail = MAX_WORKING_BYTES
    if resource is not None:
        soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft not in (resource.RLIM_INFINITY, -1) and soft > 0:
            avail = min(avail, soft)
    return int(avail)


def check_memory(cells: int, res: float, bytes_per_cell: int = BYTES_PER_CELL, extra_bytes: int = 0) -> None:
    """Refuse a grid whose working set (``bytes_per_cell`` per cell + ``extra_bytes``) would not fit in 80 % of
    the memory available now (and never more than MAX_WORKING_BYTES)."""
    need = cells * bytes_per_cell + extra_bytes
    limit = min(MAX_WORKING_BYTES, int(0.8 * available_bytes()))
    if need > limit:
        raise GridError("memory", res=f"{res:g}", cells=f"{cells / 1e6:.1f}", need=f"{need / 1024**3:.1f}",
                        available=f"{limit / 1024**3:.1f}")


def estimate_bytes(cells: int) -> int:
    return cells * BYTES_PER_CELL
