"""The compiled passes behind :mod:`.fast` (numba). Imported only through ``fast.compiled()``, after the numba
cache folder is set; module-level functions so numba's on-disk cache finds them again in a new process (as
closures they were recompiled every time: 5 s per run)."""
from __future__ import annotations

import numba as nb
import numpy as np


@nb.njit(cache=True, nogil=True, inline="always")
def _bin(t, ths):
    """Index of the first threshold t is within (t <= ths[k]); len(ths) beyond them or NaN/inf."""
    m = ths.shape[0]
    if not (t <= ths[m - 1]):
        return m
    k = 0
    while t > ths[k]:
        k += 1
    return k

@nb.njit(cache=True, nogil=True)
def binned(t, idx, w, ths):
    """Per bin: the weight (``w[j]``, or 1 where ``w`` is empty) and weight x time of the cells
    ``idx`` of the flat surface ``t``. Returns (weight[m+1], weighted time[m+1]); the time sums skip the
    last bin (beyond the largest threshold or unreached)."""
    m = ths.shape[0]
    cnt = np.zeros(m + 1)
    tsum = np.zeros(m + 1)
    has_w = w.shape[0] > 0
    for j in range(idx.shape[0]):
        tv = t[idx[j]]
        k = _bin(tv, ths)
        wj = w[j] if has_w else 1.0
        cnt[k] += wj
        if k < m:
            tsum[k] += np.float64(tv) * wj
    return cnt, tsum

@nb.njit(cache=True, nogil=True)
def binned_by(t, group, idx, w, ths, n_groups):
    """Per (group, bin) weight of the cells ``idx`` (group ``group[idx[j]]``, skipped when < 0)."""
    m = ths.shape[0]
    out = np.zeros((n_groups, m + 1))
    has_w = w.shape[0] > 0
    for j in range(idx.shape[0]):
        c = idx[j]
        g = group[c]
        if g < 0:
            continue
        out[g, _bin(t[c], ths)] += w[j] if has_w else 1.0
    return out

@nb.njit(cache=True, nogil=True)
def binned_without(t1, a1, t2, idx, w, ths, n):
    """Per centre i < n and bin: the weight of the cells ``idx`` were centre i to fail — a cell served by i
    falls back to its second-nearest time ``t2``, the others keep ``t1``."""
    m = ths.shape[0]
    out = np.zeros((n, m + 1))
    has_w = w.shape[0] > 0
    for j in range(idx.shape[0]):
        c = idx[j]
        k1 = _bin(t1[c], ths)
        k2 = _bin(t2[c], ths)
        a = a1[c]
        wj = w[j] if has_w else 1.0
        for i in range(n):
            out[i, k2 if a == i else k1] += wj
    return out

@nb.njit(cache=True, nogil=True)
def two_update(s, i, t1, a1, t2, a2):
    """Fold surface ``s`` (centre ``i``) into the two smallest times per cell (NaN never wins; ties keep the
    lower index, as the numpy version)."""
    for c in range(s.shape[0]):
        v = s[c]
        if v < t1[c]:
            t2[c] = t1[c]
            a2[c] = a1[c]
            t1[c] = v
            a1[c] = i
        elif v < t2[c]:
            t2[c] = v
            a2[c] = i

@nb.njit(cache=True, nogil=True)
def two_finish(t1, a1, t2, a2):
    for c in range(t1.shape[0]):
        if not (t1[c] < np.inf):
            t1[c] = np.nan
            a1[c] = -1
        if not (t2[c] < np.inf):
            t2[c] = np.nan
            a2[c] = -1

@nb.njit(cache=True, nogil=True)
def admin_sums(t, a, p, u, ths, n, nc):
    """Per unit (``u`` 0..n-1, skipped when < 0 or no people): people, people reached, people x time, people
    per threshold bin and per nearest centre (``a`` 0..nc-1)."""
    m = ths.shape[0]
    people = np.zeros(n)
    got = np.zeros(n)
    ptime = np.zeros(n)
    bins = np.zeros((n, m + 1))
    by_centre = np.zeros((n, nc))
    for j in range(t.shape[0]):
        uj = u[j]
        pj = p[j]
        if uj < 0 or not (pj > 0):
            continue
        tv = t[j]
        people[uj] += pj
        finite = np.isfinite(tv)
        if finite:
            got[uj] += pj
            ptime[uj] += pj * np.float64(tv)
        bins[uj, _bin(tv, ths)] += pj
        aj = a[j]
        if finite and aj >= 0 and aj < nc:
            by_centre[uj, aj] += pj
    return people, got, ptime, bins, by_centre

@nb.njit(cache=True, nogil=True)
def demand_within(t, idx, w, d0, gaussian):
    """Sum over the cells ``idx`` of ``w[j] * f(t)`` with f binary (1 within d0) or the Gaussian of Dai (2010)
    — step 1 of (E)2SFCA for one centre, without the demand x centre matrix."""
    e = np.exp(-0.5)
    total = 0.0
    for j in range(idx.shape[0]):
        tv = np.float64(t[idx[j]])
        if tv <= d0:
            if gaussian:
                total += w[j] * ((np.exp(-0.5 * (tv / d0) ** 2) - e) / (1.0 - e))
            else:
                total += w[j]
    return total
