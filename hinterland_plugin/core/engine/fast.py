"""Compiled single passes for the tables of a coverage run (numba, optional).

What a 1 km coverage run counts — people and land within each threshold per centre, the nearest and second
nearest centre per cell, the same per province and prefecture, the 2SFCA demand — is a handful of passes over
~10 M cells. In numpy each pass is several (bin indices, masks, gathered float64 copies); compiled, each is one
loop over the cells with no temporaries. The numpy code stays the fallback when numba is missing (or
``HINTERLAND_SOLVER=scipy``); both sum in the same order (index order, float64), so they agree to the last bit
where the numpy code uses ``bincount`` (tested).

:func:`compiled` returns the namespace of compiled functions, or None.
"""
from __future__ import annotations

import functools
import os

from ..resources import cache_dir
from .kernel import numba_available


@functools.lru_cache(maxsize=1)
def _compiled():
    os.environ.setdefault("NUMBA_CACHE_DIR", str(cache_dir() / "numba"))
    from . import fast_nb  # noqa: PLC0415 - optional heavy dependency (numba), imported on first use

    return fast_nb


def compiled():
    """The compiled passes (module ``fast_nb``), or None without numba (the callers fall back to numpy)."""
    if not numba_available():
        return None
    return _compiled()
