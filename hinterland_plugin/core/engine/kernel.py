"""Multi-source shortest travel times over an implicit 8-neighbour grid plus explicit network nodes.

Graph
-----
Nodes ``0 .. N-1`` are the grid cells (row-major, ``N = nrows * ncols``); nodes ``N .. N+M-1`` are
network nodes (stations, ports). Between 8-neighbour cells ``a`` and ``b`` the edge weight is

    (cost[a] + cost[b]) / 2 * res * (1 or sqrt(2))

with ``cost`` in minutes per metre (``inf``/``nan`` = impassable) — the model of GRASS ``r.cost``
and scikit-image ``MCP_Geometric``. Explicit edges (cell→station access, station→station rides,
station→cell egress) come as CSR arrays, see :class:`ExtraEdges`.

Solve
-----
Each source ``i`` starts at node ``src_node[i]`` with time ``src_delay[i]``. For every node the solver
returns the nearest time and source, and optionally the second-nearest time from a *different*
source (backup). The two-label Dijkstra is exact: on a shortest path from source s to v, s is among
the two nearest distinct sources of every intermediate node, so two labels per node suffice.

The one-label solve (nearest only, and the nearest part of the region-pass backup) takes its labels from a
bucket queue (``solve_buckets``: buckets as wide as the lightest grid edge, so a bucket's cells are final in any
order; network nodes behind lighter edges wait in a small heap) — the heap solve's labels bit for bit, 1.2-1.7x
faster; the heap stays for two labels and as the fallback (``HINTERLAND_QUEUE=heap``).

Two implementations give the same answer (to float rounding of equal-cost ties):
``solve_numba`` (compiled, used when numba imports) and ``solve_scipy`` (scipy.sparse.csgraph,
one Dijkstra per source; memory grows with the number of sources). Neither loops over cells in Python.
"""
from __future__ import annotations

import functools
import importlib.util
import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra

from ..errors import Cancelled
from ..resources import cache_dir

__all__ = ["Cancelled", "ExtraEdges", "Solution", "numba_available", "solve", "solve_numba", "solve_scipy"]

SQRT2 = math.sqrt(2.0)
#: from this many cells on the backup comes from the region pass (faster there on 2 cores), below from two labels
PASS_MIN_CELLS = 2_000_000


@dataclass
class ExtraEdges:
    """Explicit edges in CSR form.

    ``link_cells`` (sorted, unique cell ids) with ``link_ptr``/``link_to``/``link_w``: edges leaving
    those cells. ``node_ptr``/``node_to``/``node_w``: edges leaving extra node ``N + j``.
    Targets are global node ids (cells or extra nodes); weights are minutes.
    """

    n_extra: int
    link_cells: np.ndarray
    link_ptr: np.ndarray
    link_to: np.ndarray
    link_w: np.ndarray
    node_ptr: np.ndarray
    node_to: np.ndarray
    node_w: np.ndarray

    @classmethod
    def empty(cls) -> "ExtraEdges":
        z_i = np.zeros(0, np.int64)
        return cls(0, z_i, np.zeros(1, np.int64), z_i, np.zeros(0), np.zeros(1, np.int64), z_i, np.zeros(0))

    @classmethod
    def from_edges(cls, n_cells: int, n_extra: int, src: np.ndarray, dst: np.ndarray, w: np.ndarray) -> "ExtraEdges":
        """Build from an edge list (global node ids); parallel edges keep the cheapest."""
        src = np.asarray(src, np.int64)
        dst = np.asarray(dst, np.int64)
        w = np.asarray(w, np.float64)
        if len(src) and (w < 0).any():
            raise ValueError("edge weights must be >= 0")
        order = np.lexsort((w, dst, src))
        src, dst, w = src[order], dst[order], w[order]
        if len(src):
            keep = np.ones(len(src), bool)
            keep[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
            src, dst, w = src[keep], dst[keep], w[keep]
        from_cell = src < n_cells
        cs, cd, cw = src[from_cell], dst[from_cell], w[from_cell]
        link_cells, counts = np.unique(cs, return_counts=True)
        link_ptr = np.zeros(len(link_cells) + 1, np.int64)
        np.cumsum(counts, out=link_ptr[1:])
        es, ed, ew = src[~from_cell] - n_cells, dst[~from_cell], w[~from_cell]
        node_counts = np.bincount(es, minlength=n_extra) if len(es) else np.zeros(n_extra, np.int64)
        node_ptr = np.zeros(n_extra + 1, np.int64)
        np.cumsum(node_counts, out=node_ptr[1:])
        return cls(n_extra, link_cells.astype(np.int64), link_ptr, cd, cw, node_ptr, ed, ew)


@dataclass
class Solution:
    time: np.ndarray  #: nearest time (minutes), inf where unreachable; length N + M
    source: np.ndarray | None  #: index of the nearest source, -1 where unreachable (None: keep_source=False)
    time2: np.ndarray | None = None  #: second-nearest time from another source
    source2: np.ndarray | None = None


def _check(cost: np.ndarray, src_node, src_delay, n_total: int):
    src_node = np.asarray(src_node, np.int64)
    src_delay = np.asarray(src_delay, np.float64)
    if src_node.shape != src_delay.shape:
        raise ValueError("src_node and src_delay differ in length")
    if len(src_node) and ((src_node < 0).any() or (src_node >= n_total).any()):
        raise ValueError("a source node is outside the graph")
    if (src_delay < 0).any() or not np.isfinite(src_delay).all():
        raise ValueError("source delays must be finite and >= 0")
    return src_node, src_delay


# ------------------------------------------------------------------------------------ numba


def _numba_kernel():  # noqa: C901, PLR0915 - one compiled kernel: splitting it costs speed
    # the compiled kernel is cached in the user's cache folder, never beside the sources (read-only plugin folder)
    os.environ.setdefault("NUMBA_CACHE_DIR", str(cache_dir() / "numba"))
    import numba as nb  # noqa: PLC0415 - optional heavy dependency, imported and compiled on first use

    @nb.njit(cache=True, nogil=True)
    def second(cost, nrows, ncols, res, n_extra, link_cells, link_ptr, link_to, link_w,  # noqa: C901, PLR0912, PLR0915
               node_ptr, node_to, node_w, seed_node, seed_time, seed_label, d1, s1, d2, s2, group, g, max_time,
               progress, cancel, knight):
        """Second-nearest time from another source, given the nearest solve (d1, s1), for the cells whose nearest
        source ``i`` has ``group[i] == g``; writes d2/s2 of those cells only (threads take disjoint groups).

        On the best path from a source s' != s1[v] to v, the predecessor u is either in another source's region
        (then d1[u] + w is a path from s1[u] != s1[v], no longer) or in v's region (then d2[u] + w is one, from
        s2[u] != s1[u] = s1[v]). So d2 is the fixed point of d2[v] = min over edges u->v of (d1[u] + w if
        s1[u] != s1[v] else d2[u] + w): a one-label Dijkstra inside each region, seeded across its boundary
        (``second_seeds``, the group's seeds only) — the heap version of the bucket pass, its fallback."""
        n = nrows * ncols
        total = n + n_extra
        has_link = np.zeros(n, np.uint8)
        max_deg = 16 if knight else 8
        for k in range(link_cells.shape[0]):
            has_link[link_cells[k]] = 1
            max_deg = max(max_deg, 16 + link_ptr[k + 1] - link_ptr[k])
        for j in range(n_extra):
            max_deg = max(max_deg, node_ptr[j + 1] - node_ptr[j])
        cand_u = np.empty(max_deg, np.int64)
        cand_w = np.empty(max_deg, np.float64)
        dro = np.array([-1, -1, -1, 0, 0, 1, 1, 1], np.int64)
        dco = np.array([-1, 0, 1, -1, 1, -1, 0, 1], np.int64)
        offs = dro * ncols + dco
        steps = np.empty(8, np.float64)
        for k in range(8):
            steps[k] = 0.5 * (res if (dro[k] == 0 or dco[k] == 0) else res * 1.4142135623730951)
        kdr = np.array([-2, -2, 2, 2, -1, -1, 1, 1], np.int64)
        kdc = np.array([-1, 1, 1, -1, -2, 2, 2, -2], np.int64)
        # the two cells each move passes between: (row, col) offsets (N & NW, N & NE, S & SE, S & SW, W & NW, ...)
        ka = np.array([-1, -1, 1, 1, 0, 0, 0, 0], np.int64) * ncols + np.array([0, 0, 0, 0, -1, 1, 1, -1], np.int64)
        kb = np.array([-1, -1, 1, 1, -1, -1, 1, 1], np.int64) * ncols + np.array([-1, 1, 1, -1, -1, 1, 1, -1], np.int64)
        kstep = res * 2.23606797749979 / 4.0
        # seeds (``second_seeds``, this group's): the least per node
        for k in range(seed_node.shape[0]):
            v = seed_node[k]
            if seed_time[k] < d2[v]:
                d2[v] = seed_time[k]
                s2[v] = seed_label[k]
        cap = 1 << 16
        keys = np.empty(cap, np.float64)
        vals = np.empty(cap, np.int64)
        size = 0
        for v in range(total):
            if d2[v] < np.inf and s1[v] >= 0 and group[s1[v]] == g:
                if size == keys.shape[0]:
                    nk = np.empty(2 * size, np.float64)
                    nv = np.empty(2 * size, np.int64)
                    nk[:size] = keys[:size]
                    nv[:size] = vals[:size]
                    keys = nk
                    vals = nv
                key = d2[v]
                i = size
                size += 1
                while i > 0:  # sift up (4-ary heap, as in the solve)
                    par = (i - 1) >> 2
                    if keys[par] <= key:
                        break
                    keys[i] = keys[par]
                    vals[i] = vals[par]
                    i = par
                keys[i] = key
                vals[i] = v
        settled = 0
        while size > 0:
            t = keys[0]
            v = vals[0]
            size -= 1
            if size > 0:
                lk = keys[size]
                lv = vals[size]
                i = 0
                while True:
                    c = 4 * i + 1
                    if c >= size:
                        break
                    best = c
                    bk = keys[c]
                    last = min(c + 4, size)
                    for q in range(c + 1, last):
                        if keys[q] < bk:
                            bk = keys[q]
                            best = q
                    if bk >= lk:
                        break
                    keys[i] = bk
                    vals[i] = vals[best]
                    i = best
                keys[i] = lk
                vals[i] = lv
            if t > d2[v]:
                continue  # stale: improved since it was pushed (pushes are strict, so no equal duplicate)
            if t > max_time:
                break
            settled += 1
            if (settled & 0xFFFFF) == 0:
                progress[0] += 0x100000
                if cancel[0] != 0:
                    return False
            ncand = 0
            if v < n:
                cv = np.float64(cost[v])
                r = v // ncols
                c0 = v - r * ncols
                if r > 0 and r < nrows - 1 and c0 > 0 and c0 < ncols - 1:
                    for k in range(8):
                        u2 = v + offs[k]
                        cu = np.float64(cost[u2])
                        if cu < np.inf:
                            cand_u[ncand] = u2
                            cand_w[ncand] = (cv + cu) * steps[k]
                            ncand += 1
                else:
                    for k in range(8):
                        rr = r + dro[k]
                        cc = c0 + dco[k]
                        if rr < 0 or rr >= nrows or cc < 0 or cc >= ncols:
                            continue
                        u2 = rr * ncols + cc
                        cu = np.float64(cost[u2])
                        if cu < np.inf:
                            cand_u[ncand] = u2
                            cand_w[ncand] = (cv + cu) * steps[k]
                            ncand += 1
                if knight and cv < np.inf:
                    for kk in range(8):  # the knight's moves (r.cost -k), inline: a call per cell costs more than the moves
                        rk = r + kdr[kk]
                        ck = c0 + kdc[kk]
                        if rk < 0 or rk >= nrows or ck < 0 or ck >= ncols:
                            continue
                        uk = rk * ncols + ck
                        ca = np.float64(cost[v + ka[kk]])
                        cb = np.float64(cost[v + kb[kk]])
                        cu = np.float64(cost[uk])
                        if ca < np.inf and cb < np.inf and cu < np.inf:
                            cand_u[ncand] = uk
                            cand_w[ncand] = (ca + cb + cu + cv) * kstep
                            ncand += 1
                if has_link[v]:
                    lo = 0
                    hi = link_cells.shape[0]
                    while lo < hi:
                        mid = (lo + hi) >> 1
                        if link_cells[mid] < v:
                            lo = mid + 1
                        else:
                            hi = mid
                    for e in range(link_ptr[lo], link_ptr[lo + 1]):
                        cand_u[ncand] = link_to[e]
                        cand_w[ncand] = link_w[e]
                        ncand += 1
            else:
                j = v - n
                for e in range(node_ptr[j], node_ptr[j + 1]):
                    cand_u[ncand] = node_to[e]
                    cand_w[ncand] = node_w[e]
                    ncand += 1
            if size + ncand > keys.shape[0]:
                cap = keys.shape[0]
                while cap < size + ncand:
                    cap *= 2
                nk = np.empty(cap, np.float64)
                nv = np.empty(cap, np.int64)
                nk[:size] = keys[:size]
                nv[:size] = vals[:size]
                keys = nk
                vals = nv
            sv = s1[v]
            for q in range(ncand):
                x = cand_u[q]
                if s1[x] != sv:
                    continue  # across the boundary: seeded above
                nt = t + cand_w[q]
                if nt < d2[x]:
                    d2[x] = nt
                    s2[x] = s2[v]
                    i = size
                    size += 1
                    while i > 0:
                        p = (i - 1) >> 2
                        if keys[p] <= nt:
                            break
                        keys[i] = keys[p]
                        vals[i] = vals[p]
                        i = p
                    keys[i] = nt
                    vals[i] = x
        return True

    @nb.njit(cache=True, nogil=True)
    def solve(cost, nrows, ncols, res, n_extra, link_cells, link_ptr, link_to, link_w,  # noqa: C901, PLR0912, PLR0915
              node_ptr, node_to, node_w, src_node, src_delay, two, max_time,
              progress, cancel, knight, keep_source):
        n = nrows * ncols
        total = n + n_extra
        d1 = np.full(total, np.inf)
        # one label without ``keep_source``: times only (the source of a label is never read then)
        s1 = np.full(total if (two or keep_source) else 1, -1, np.int32)
        nl = total if two else 1
        d2 = np.full(nl, np.inf)
        s2 = np.full(nl, -1, np.int32)
        # bit 1: label 1 settled, bit 2: label 2 settled. One label needs no flags: pushes are strict, so only the
        # newest entry of a node matches its label, and a settled node is never improved (weights >= 0)
        done = np.zeros(total if two else 1, np.uint8)
        has_link = np.zeros(n, np.uint8)
        max_deg = 16 if knight else 8
        for k in range(link_cells.shape[0]):
            has_link[link_cells[k]] = 1
            max_deg = max(max_deg, 16 + link_ptr[k + 1] - link_ptr[k])
        for j in range(n_extra):
            max_deg = max(max_deg, node_ptr[j + 1] - node_ptr[j])
        # candidate buffer for the node being settled: (target, time)
        cand_u = np.empty(max_deg + src_node.shape[0], np.int64)
        cand_t = np.empty(max_deg + src_node.shape[0], np.float64)
        cap = 1 << 16
        while cap < 4 * (max_deg + src_node.shape[0]):
            cap *= 2
        keys = np.empty(cap, np.float64)
        vals = np.empty(cap, np.int64)
        size = 0
        # the 8 neighbours: row/col offsets, flat offsets and half step lengths (edge = (cv+cu)*half)
        dro = np.array([-1, -1, -1, 0, 0, 1, 1, 1], np.int64)
        dco = np.array([-1, 0, 1, -1, 1, -1, 0, 1], np.int64)
        offs = dro * ncols + dco
        steps = np.empty(8, np.float64)
        for k in range(8):
            steps[k] = 0.5 * (res if (dro[k] == 0 or dco[k] == 0) else res * 1.4142135623730951)
        kdr = np.array([-2, -2, 2, 2, -1, -1, 1, 1], np.int64)
        kdc = np.array([-1, 1, 1, -1, -2, 2, 2, -2], np.int64)
        # the two cells each move passes between: (row, col) offsets (N & NW, N & NE, S & SE, S & SW, W & NW, ...)
        ka = np.array([-1, -1, 1, 1, 0, 0, 0, 0], np.int64) * ncols + np.array([0, 0, 0, 0, -1, 1, 1, -1], np.int64)
        kb = np.array([-1, -1, 1, 1, -1, -1, 1, 1], np.int64) * ncols + np.array([-1, 1, 1, -1, -1, 1, 1, -1], np.int64)
        kstep = res * 2.23606797749979 / 4.0
        settled = 0
        mask20 = (1 << 20) - 1

        n_src = src_node.shape[0]
        next_src = 0
        s = 0
        while True:
            if next_src < n_src:
                # sources first, offered through the same relaxation code as edges
                s = next_src
                cand_u[0] = src_node[s]
                cand_t[0] = src_delay[s]
                ncand = 1
                next_src += 1
            else:
                if size == 0:
                    break
                t = keys[0]
                val = vals[0]
                # pop the root
                size -= 1
                if size > 0:  # 4-ary heap: sift the last entry down from the root
                    lk = keys[size]
                    lv = vals[size]
                    i = 0
                    while True:
                        c = 4 * i + 1
                        if c >= size:
                            break
                        best = c
                        bk = keys[c]
                        last = min(c + 4, size)
                        for q in range(c + 1, last):
                            if keys[q] < bk:
                                bk = keys[q]
                                best = q
                        if bk >= lk:
                            break
                        keys[i] = bk
                        vals[i] = vals[best]
                        i = best
                    keys[i] = lk
                    vals[i] = lv
                if t > max_time:
                    break
                v = val >> 20
                s = val & mask20
                if not two:
                    if t != d1[v]:
                        continue  # stale entry (pushes are strict: the live one holds the label's time)
                elif s == s1[v] and t == d1[v]:
                    if done[v] & 1:
                        continue
                    done[v] |= 1
                elif s == s2[v] and t == d2[v]:
                    if done[v] & 2:
                        continue
                    done[v] |= 2
                else:
                    continue  # stale entry
                settled += 1
                if (settled & 0xFFFFF) == 0:
                    progress[0] = settled
                    if cancel[0] != 0:
                        return d1, s1, d2, s2, False
                # gather candidates
                ncand = 0
                if v < n:
                    cv = np.float64(cost[v])
                    r = v // ncols
                    c0 = v - r * ncols
                    if r > 0 and r < nrows - 1 and c0 > 0 and c0 < ncols - 1:
                        # interior cell: no bounds checks
                        for k in range(8):
                            u = v + offs[k]
                            cu = np.float64(cost[u])
                            if cu < np.inf:  # inf or nan: impassable
                                cand_u[ncand] = u
                                cand_t[ncand] = t + (cv + cu) * steps[k]
                                ncand += 1
                    else:
                        for k in range(8):
                            rr = r + dro[k]
                            cc = c0 + dco[k]
                            if rr < 0 or rr >= nrows or cc < 0 or cc >= ncols:
                                continue
                            u = rr * ncols + cc
                            cu = np.float64(cost[u])
                            if cu < np.inf:
                                cand_u[ncand] = u
                                cand_t[ncand] = t + (cv + cu) * steps[k]
                                ncand += 1
                    if knight and cv < np.inf:
                        for kk in range(8):  # the knight's moves (r.cost -k), inline: a call per cell costs more than the moves
                            rk = r + kdr[kk]
                            ck = c0 + kdc[kk]
                            if rk < 0 or rk >= nrows or ck < 0 or ck >= ncols:
                                continue
                            uk = rk * ncols + ck
                            ca = np.float64(cost[v + ka[kk]])
                            cb = np.float64(cost[v + kb[kk]])
                            cu = np.float64(cost[uk])
                            if ca < np.inf and cb < np.inf and cu < np.inf:
                                cand_u[ncand] = uk
                                cand_t[ncand] = t + (ca + cb + cu + cv) * kstep
                                ncand += 1
                    if has_link[v]:
                        lo = 0
                        hi = link_cells.shape[0]
                        while lo < hi:
                            mid = (lo + hi) >> 1
                            if link_cells[mid] < v:
                                lo = mid + 1
                            else:
                                hi = mid
                        for e in range(link_ptr[lo], link_ptr[lo + 1]):
                            cand_u[ncand] = link_to[e]
                            cand_t[ncand] = t + link_w[e]
                            ncand += 1
                else:
                    j = v - n
                    for e in range(node_ptr[j], node_ptr[j + 1]):
                        cand_u[ncand] = node_to[e]
                        cand_t[ncand] = t + node_w[e]
                        ncand += 1
            if size + ncand > keys.shape[0]:
                cap = keys.shape[0]
                while cap < size + ncand:
                    cap *= 2
                nk = np.empty(cap, np.float64)
                nv = np.empty(cap, np.int64)
                nk[:size] = keys[:size]
                nv[:size] = vals[:size]
                keys = nk
                vals = nv
            # relax every candidate with (time, source s): two labels from distinct sources
            for q in range(ncand):
                u = cand_u[q]
                nt = cand_t[q]
                push = False
                if not two:  # one label: no need to read the node's source first
                    if nt < d1[u]:
                        d1[u] = nt
                        if keep_source:
                            s1[u] = s
                        push = True
                elif s == s1[u]:
                    if nt < d1[u]:
                        d1[u] = nt
                        push = True
                elif s == s2[u]:
                    if nt < d2[u]:
                        if nt < d1[u]:
                            d2[u] = d1[u]
                            s2[u] = s1[u]
                            d1[u] = nt
                            s1[u] = s
                        else:
                            d2[u] = nt
                        push = True
                elif nt < d1[u]:
                    d2[u] = d1[u]
                    s2[u] = s1[u]
                    d1[u] = nt
                    s1[u] = s
                    push = True
                elif nt < d2[u]:
                    d2[u] = nt
                    s2[u] = s
                    push = True
                if push:
                    key = nt
                    pv = (u << 20) | s
                    i = size
                    size += 1
                    while i > 0:
                        p = (i - 1) >> 2
                        if keys[p] <= key:
                            break
                        keys[i] = keys[p]
                        vals[i] = vals[p]
                        i = p
                    keys[i] = key
                    vals[i] = pv
        progress[0] = settled
        return d1, s1, d2, s2, True

    @nb.njit(cache=True, nogil=True)
    def bucket_setup(cost, res, knight, link_to, link_w, node_to, node_w, light):
        """The bucket queue's width and reach (Dinitz 1978): ``delta`` no wider than the lightest grid edge, so a cell
        taken from the current bucket is final in any order; the network nodes behind edges lighter than that are
        flagged in ``light`` (they wait in a small heap). Returns (delta, heaviest edge,
        any light node); delta < 0 when no grid edge is positive (then the heap solves)."""
        cmin = np.inf
        cmax = 0.0
        for i in range(cost.shape[0]):
            c = np.float64(cost[i])
            if c < cmin:  # noqa: PLR1730 - NaN (impassable) must not win, as min() might let it
                cmin = c
            if c < np.inf and c > cmax:
                cmax = c
        if not (cmin > 0.0) or not (cmin < np.inf):
            return -1.0, 0.0, False
        delta = cmin * res * (1.0 - 1e-7)  # the lightest grid edge is an orthogonal step between two cmin cells
        wmax = cmax * res * (2.23606797749979 if knight else 1.4142135623730951)
        any_light = False
        for e in range(link_w.shape[0]):
            wmax = max(wmax, link_w[e])
            if link_w[e] < delta:
                light[link_to[e]] = 1
                any_light = True
        for e in range(node_w.shape[0]):
            wmax = max(wmax, node_w[e])
            if node_w[e] < delta:
                light[node_to[e]] = 1
                any_light = True
        return delta, wmax, any_light

    @nb.njit(cache=True, nogil=True)
    def bucket_run(cost, nrows, ncols, res, n_extra, link_cells, link_ptr, link_to, link_w,  # noqa: C901, PLR0912, PLR0913, PLR0915
                   node_ptr, node_to, node_w, has_link, seed_node, seed_time, seed_label, d, s, keep_source,
                   region, use_region, border, light, any_light, delta, nbk, max_time, progress, cancel, knight):
        """One-label Dijkstra with a bucket queue (see ``bucket_setup``), from seeds (node, time, label) into the
        labels ``d`` (inf on entry) and ``s`` (the label of each node's best seed, when ``keep_source``).

        Network nodes reached over edges lighter than ``delta`` (``light``) wait in a small heap and settle in time
        order after the current bucket's cells, before the next bucket. Same labels as the heap solve, to the last
        bit: every label is the minimum over final predecessors of the same sums.

        ``use_region``: edges are followed only between nodes of the same ``region`` (the nearest source): the
        second-nearest pass inside a region, seeded across its boundary (``second_seeds``); threads run disjoint
        regions on shared ``d``/``s``, every node touched belongs to the caller's regions. Only
        the edges of ``border`` cells and network nodes are tested (a cell whose neighbours all share its region
        has no edge out of it: one flag read instead of a region read per edge).
        A bucket is a list of (node, time) entries in a pool: a node improved while waiting gets a new entry and
        the old one is skipped when popped (its time is no longer the node's) — no per-node list links (8 bytes a
        node less, no random writes to unlink), the pool only as large as the wavefront.
        Returns 1 (done) or 0 (cancelled; ``cancel[0]`` polled every 2^20 labels)."""
        n = nrows * ncols
        max_deg = 16 if knight else 8
        for k in range(link_cells.shape[0]):
            max_deg = max(max_deg, 16 + link_ptr[k + 1] - link_ptr[k])
        for j in range(n_extra):
            max_deg = max(max_deg, node_ptr[j + 1] - node_ptr[j])
        head = np.full(nbk, -1, np.int32)
        ecap = 1 << 16
        e_node = np.empty(ecap, np.int64)
        e_time = np.empty(ecap, np.float64)
        e_next = np.empty(ecap, np.int32)
        e_used = 0  # pool entries ever used; freed ones are chained from ``free``
        free = -1
        cand_u = np.empty(max_deg + 1, np.int64)
        cand_t = np.empty(max_deg + 1, np.float64)
        # the light nodes' heap (binary, lazy: stale entries skipped)
        hcap = 1024
        hkeys = np.empty(hcap, np.float64)
        hvals = np.empty(hcap, np.int64)
        hsize = 0
        dro = np.array([-1, -1, -1, 0, 0, 1, 1, 1], np.int64)
        dco = np.array([-1, 0, 1, -1, 1, -1, 0, 1], np.int64)
        offs = dro * ncols + dco
        steps = np.empty(8, np.float64)
        for k in range(8):
            steps[k] = 0.5 * (res if (dro[k] == 0 or dco[k] == 0) else res * 1.4142135623730951)
        kdr = np.array([-2, -2, 2, 2, -1, -1, 1, 1], np.int64)
        kdc = np.array([-1, 1, 1, -1, -2, 2, 2, -2], np.int64)
        ka = np.array([-1, -1, 1, 1, 0, 0, 0, 0], np.int64) * ncols + np.array([0, 0, 0, 0, -1, 1, 1, -1], np.int64)
        kb = np.array([-1, -1, 1, 1, -1, -1, 1, 1], np.int64) * ncols + np.array([-1, 1, 1, -1, -1, 1, 1, -1], np.int64)
        kstep = res * 2.23606797749979 / 4.0
        in_lists = 0
        settled = 0
        n_seed = seed_node.shape[0]
        next_seed = 0
        lo_d = np.inf
        for i in range(n_seed):
            lo_d = min(lo_d, seed_time[i])
        cur = int(lo_d / delta) if n_seed > 0 else 0
        lab = 0
        rv = 0
        check = False
        # labels up to max_time are all settled once the current bucket starts beyond it by a bucket
        stop = max_time + delta
        while True:
            ncand = 0
            seeded = next_seed < n_seed
            if seeded:
                lab = seed_label[next_seed]
                cand_u[0] = seed_node[next_seed]
                cand_t[0] = seed_time[next_seed]
                ncand = 1
                next_seed += 1
            else:
                # next node to settle: the current bucket's list, then its light nodes in time order
                v = -1
                while True:
                    if cur * delta > stop:
                        v = -1
                        break
                    bi = cur % nbk
                    got = False
                    k = head[bi]
                    while k >= 0:
                        head[bi] = e_next[k]
                        v0 = e_node[k]
                        t0 = e_time[k]
                        e_next[k] = free
                        free = k
                        in_lists -= 1
                        if t0 == d[v0]:  # the node's newest entry (pushes are strict): live
                            v = v0
                            got = True
                            break
                        k = head[bi]
                    if got:
                        break
                    # the bucket's cells are done: its light nodes, in time order
                    while hsize > 0 and hkeys[0] < (cur + 1) * delta:
                        t0 = hkeys[0]
                        v0 = hvals[0]
                        hsize -= 1
                        if hsize > 0:
                            lk = hkeys[hsize]
                            lv = hvals[hsize]
                            i = 0
                            while True:
                                c = 2 * i + 1
                                if c >= hsize:
                                    break
                                if c + 1 < hsize and hkeys[c + 1] < hkeys[c]:
                                    c += 1
                                if hkeys[c] >= lk:
                                    break
                                hkeys[i] = hkeys[c]
                                hvals[i] = hvals[c]
                                i = c
                            hkeys[i] = lk
                            hvals[i] = lv
                        if t0 == d[v0]:  # the newest entry; a settled node is never improved again
                            v = v0
                            got = True
                            break
                    if got:
                        break
                    if in_lists == 0 and hsize == 0:
                        v = -1
                        break
                    cur += 1
                if v < 0:
                    break
                t = d[v]
                if keep_source:
                    lab = s[v]
                if use_region:
                    check = v >= n or border[v] != 0
                    rv = region[v]
                settled += 1
                if (settled & 0xFFFFF) == 0:
                    progress[0] += 0x100000
                    if cancel[0] != 0:
                        return 0
                if t > max_time:
                    pass  # settled beyond the horizon (a bucket holds labels in any order): not expanded
                elif v < n:
                    cv = np.float64(cost[v])
                    r = v // ncols
                    c0 = v - r * ncols
                    if r > 0 and r < nrows - 1 and c0 > 0 and c0 < ncols - 1:
                        for k in range(8):
                            u = v + offs[k]
                            cu = np.float64(cost[u])
                            if cu < np.inf:
                                cand_u[ncand] = u
                                cand_t[ncand] = t + (cv + cu) * steps[k]
                                ncand += 1
                    else:
                        for k in range(8):
                            rr = r + dro[k]
                            cc = c0 + dco[k]
                            if rr < 0 or rr >= nrows or cc < 0 or cc >= ncols:
                                continue
                            u = rr * ncols + cc
                            cu = np.float64(cost[u])
                            if cu < np.inf:
                                cand_u[ncand] = u
                                cand_t[ncand] = t + (cv + cu) * steps[k]
                                ncand += 1
                    if knight and cv < np.inf:
                        for kk in range(8):
                            rk = r + kdr[kk]
                            ck = c0 + kdc[kk]
                            if rk < 0 or rk >= nrows or ck < 0 or ck >= ncols:
                                continue
                            uk = rk * ncols + ck
                            ca = np.float64(cost[v + ka[kk]])
                            cb = np.float64(cost[v + kb[kk]])
                            cu = np.float64(cost[uk])
                            if ca < np.inf and cb < np.inf and cu < np.inf:
                                cand_u[ncand] = uk
                                cand_t[ncand] = t + (ca + cb + cu + cv) * kstep
                                ncand += 1
                    if has_link[v]:
                        lo = 0
                        hi = link_cells.shape[0]
                        while lo < hi:
                            mid = (lo + hi) >> 1
                            if link_cells[mid] < v:
                                lo = mid + 1
                            else:
                                hi = mid
                        for e in range(link_ptr[lo], link_ptr[lo + 1]):
                            cand_u[ncand] = link_to[e]
                            cand_t[ncand] = t + link_w[e]
                            ncand += 1
                else:
                    j = v - n
                    for e in range(node_ptr[j], node_ptr[j + 1]):
                        cand_u[ncand] = node_to[e]
                        cand_t[ncand] = t + node_w[e]
                        ncand += 1
            for q in range(ncand):
                u = cand_u[q]
                if check and not seeded and region[u] != rv:
                    continue  # across a region boundary: that edge seeded the pass
                nt = cand_t[q]
                du = d[u]
                if not (nt < du):
                    continue
                if any_light and light[u]:
                    d[u] = nt
                    if keep_source:
                        s[u] = lab
                    if hsize == hkeys.shape[0]:
                        nk = np.empty(2 * hsize, np.float64)
                        nv = np.empty(2 * hsize, np.int64)
                        nk[:hsize] = hkeys[:hsize]
                        nv[:hsize] = hvals[:hsize]
                        hkeys = nk
                        hvals = nv
                    i = hsize
                    hsize += 1
                    while i > 0:
                        par = (i - 1) >> 1
                        if hkeys[par] <= nt:
                            break
                        hkeys[i] = hkeys[par]
                        hvals[i] = hvals[par]
                        i = par
                    hkeys[i] = nt
                    hvals[i] = u
                    continue
                # (a settled node is never improved: its time is below the current bucket's end, a new one above)
                d[u] = nt
                if keep_source:
                    s[u] = lab
                if free >= 0:
                    k = free
                    free = e_next[k]
                else:
                    if e_used == e_node.shape[0]:
                        e_node = np.concatenate((e_node, np.empty(e_used, np.int64)))
                        e_time = np.concatenate((e_time, np.empty(e_used, np.float64)))
                        e_next = np.concatenate((e_next, np.empty(e_used, np.int32)))
                    k = e_used
                    e_used += 1
                b = int(nt / delta) % nbk
                e_node[k] = u
                e_time[k] = nt
                e_next[k] = head[b]
                head[b] = k
                in_lists += 1
        progress[0] += settled & 0xFFFFF
        return 1

    @nb.njit(cache=True, nogil=True)
    def second_seeds(cost, nrows, ncols, res, n_extra, link_cells, link_ptr, link_to, link_w,  # noqa: C901, PLR0912, PLR0915
                     node_ptr, node_to, node_w, has_link, src_node, src_delay, d1, s1, max_time, knight, border):
        """The seeds of the second-nearest pass (see ``second``): every edge u -> x between two regions (nearest
        sources s1[u] != s1[x]) gives x the time d1[u] + w from s1[u]; a source that is not the nearest at its own
        node seeds it with its delay. Only cells on a region boundary enumerate their edges (a cell whose
        neighbours all share its region seeds nothing): one sequential read of ``s1`` for the rest. The cells that
        do are flagged in ``border`` (the pass tests only their edges). Returns (node, time, label) arrays, several seeds per node possible (the pass keeps the least)."""
        n = nrows * ncols
        cap = 1 << 14
        sn = np.empty(cap, np.int64)
        st = np.empty(cap, np.float64)
        sl = np.empty(cap, np.int32)
        m = 0
        max_deg = 16 if knight else 8
        for k in range(link_cells.shape[0]):
            max_deg = max(max_deg, 16 + link_ptr[k + 1] - link_ptr[k])
        for j in range(n_extra):
            max_deg = max(max_deg, node_ptr[j + 1] - node_ptr[j])
        cand_u = np.empty(max_deg, np.int64)
        cand_w = np.empty(max_deg, np.float64)
        dro = np.array([-1, -1, -1, 0, 0, 1, 1, 1], np.int64)
        dco = np.array([-1, 0, 1, -1, 1, -1, 0, 1], np.int64)
        offs = dro * ncols + dco
        steps = np.empty(8, np.float64)
        for k in range(8):
            steps[k] = 0.5 * (res if (dro[k] == 0 or dco[k] == 0) else res * 1.4142135623730951)
        kdr = np.array([-2, -2, 2, 2, -1, -1, 1, 1], np.int64)
        kdc = np.array([-1, 1, 1, -1, -2, 2, 2, -2], np.int64)
        ka = np.array([-1, -1, 1, 1, 0, 0, 0, 0], np.int64) * ncols + np.array([0, 0, 0, 0, -1, 1, 1, -1], np.int64)
        kb = np.array([-1, -1, 1, 1, -1, -1, 1, 1], np.int64) * ncols + np.array([-1, 1, 1, -1, -1, 1, 1, -1], np.int64)
        kstep = res * 2.23606797749979 / 4.0
        for i in range(src_node.shape[0]):
            v = src_node[i]
            if s1[v] >= 0 and s1[v] != i:
                if m == sn.shape[0]:
                    sn = np.concatenate((sn, np.empty(m, np.int64)))
                    st = np.concatenate((st, np.empty(m, np.float64)))
                    sl = np.concatenate((sl, np.empty(m, np.int32)))
                sn[m] = v
                st[m] = src_delay[i]
                sl[m] = i
                m += 1
        for u in range(n + n_extra):
            su = s1[u]
            if su < 0 or d1[u] > max_time:
                continue
            ncand = 0
            if u < n:
                r = u // ncols
                c0 = u - r * ncols
                interior = r > 1 and r < nrows - 2 and c0 > 1 and c0 < ncols - 2
                if interior and not has_link[u]:  # the quick test: does any neighbour lie in another region?
                    other = False
                    for k in range(8):
                        if s1[u + offs[k]] != su:
                            other = True
                    if knight:
                        for kk in range(8):
                            if s1[u + kdr[kk] * ncols + kdc[kk]] != su:
                                other = True
                    if not other:
                        continue
                border[u] = 1
                cv = np.float64(cost[u])
                for k in range(8):
                    rr = r + dro[k]
                    cc = c0 + dco[k]
                    if rr < 0 or rr >= nrows or cc < 0 or cc >= ncols:
                        continue
                    u2 = rr * ncols + cc
                    cu = np.float64(cost[u2])
                    if cu < np.inf:
                        cand_u[ncand] = u2
                        cand_w[ncand] = (cv + cu) * steps[k]
                        ncand += 1
                if knight and cv < np.inf:
                    for kk in range(8):
                        rk = r + kdr[kk]
                        ck = c0 + kdc[kk]
                        if rk < 0 or rk >= nrows or ck < 0 or ck >= ncols:
                            continue
                        uk = rk * ncols + ck
                        ca = np.float64(cost[u + ka[kk]])
                        cb = np.float64(cost[u + kb[kk]])
                        cu = np.float64(cost[uk])
                        if ca < np.inf and cb < np.inf and cu < np.inf:
                            cand_u[ncand] = uk
                            cand_w[ncand] = (ca + cb + cu + cv) * kstep
                            ncand += 1
                if has_link[u]:
                    lo = 0
                    hi = link_cells.shape[0]
                    while lo < hi:
                        mid = (lo + hi) >> 1
                        if link_cells[mid] < u:
                            lo = mid + 1
                        else:
                            hi = mid
                    for e in range(link_ptr[lo], link_ptr[lo + 1]):
                        cand_u[ncand] = link_to[e]
                        cand_w[ncand] = link_w[e]
                        ncand += 1
            else:
                j = u - n
                for e in range(node_ptr[j], node_ptr[j + 1]):
                    cand_u[ncand] = node_to[e]
                    cand_w[ncand] = node_w[e]
                    ncand += 1
            t = d1[u]
            for q in range(ncand):
                x = cand_u[q]
                sx = s1[x]
                if sx >= 0 and sx != su:
                    nt = t + cand_w[q]
                    if nt < np.inf:
                        if m == sn.shape[0]:
                            sn = np.concatenate((sn, np.empty(m, np.int64)))
                            st = np.concatenate((st, np.empty(m, np.float64)))
                            sl = np.concatenate((sl, np.empty(m, np.int32)))
                        sn[m] = x
                        st[m] = nt
                        sl[m] = su
                        m += 1
        return sn[:m], st[:m], sl[:m]

    return solve, second, bucket_setup, bucket_run, second_seeds


#: more buckets than this (a grid edge far lighter than the heaviest edge): the heap instead
MAX_BUCKETS = 1 << 24


def queue() -> str:
    """The one-label solve's priority queue: ``"buckets"`` (default) or ``"heap"`` (``HINTERLAND_QUEUE=heap``;
    the same labels, for comparison and as the fallback)."""
    return "heap" if os.environ.get("HINTERLAND_QUEUE", "").lower() == "heap" else "buckets"


def numba_available() -> bool:
    """numba importable and not switched off with HINTERLAND_SOLVER=scipy."""
    if os.environ.get("HINTERLAND_SOLVER", "").lower() == "scipy":
        return False
    return importlib.util.find_spec("numba") is not None


@functools.lru_cache(maxsize=1)
def _numba_kernels():
    return _numba_kernel()


def get_numba_solver():
    """The compiled label-setting kernel, built once per process."""
    return _numba_kernels()[0]


def _groups(s1: np.ndarray, n_src: int, workers: int) -> np.ndarray:
    """Sources split into ``workers`` groups of about equal region size (largest first, to the lightest group)."""
    sizes = np.bincount(s1[s1 >= 0], minlength=n_src)
    group = np.zeros(n_src, np.int64)
    load = np.zeros(workers)
    for i in np.argsort(-sizes, kind="stable"):
        g = int(np.argmin(load))
        group[i] = g
        load[g] += sizes[i]
    return group


@dataclass
class _Buckets:
    """The bucket queue of one graph (``bucket_setup``): its width and the light network nodes, shared by the
    nearest solve and the second-nearest passes."""
    delta: float
    wmax: float
    any_light: bool
    light: np.ndarray
    has_link: np.ndarray

    def n_buckets(self, times: np.ndarray, max_buckets: int | None = None) -> int | None:
        """Buckets for labels starting at ``times``: the queue holds labels up to the heaviest edge (or the
        spread of the starting times) ahead of the current one. None: more than ``max_buckets``."""
        spread = float(times.max() - times.min()) if len(times) else 0.0
        span = max(self.wmax + self.delta, spread) / self.delta + 3.0
        return int(span) if span <= (MAX_BUCKETS if max_buckets is None else max_buckets) else None


def _bucket_state(flat: np.ndarray, res: float, knight: bool, extra: ExtraEdges) -> _Buckets | None:
    """None when the bucket queue does not apply (no positive grid edge): the heap solves."""
    light = np.zeros(flat.shape[0] + extra.n_extra, np.uint8)
    delta, wmax, any_light = _numba_kernels()[2](flat, float(res), bool(knight), extra.link_to, extra.link_w,
                                                 extra.node_to, extra.node_w, light)
    if not delta > 0:
        return None
    has_link = np.zeros(flat.shape[0], np.uint8)
    has_link[extra.link_cells] = 1
    return _Buckets(float(delta), float(wmax), bool(any_light), light, has_link)


def _run_buckets(flat, nrows, ncols, res, extra, state: _Buckets, nbk: int, seed_node, seed_time, seed_label, d, s,
                 keep_source, region, max_time, progress, cancel, knight, border=None) -> bool:
    use_region = region is not None
    return _numba_kernels()[3](
        flat, nrows, ncols, float(res), int(extra.n_extra), extra.link_cells, extra.link_ptr, extra.link_to,
        extra.link_w, extra.node_ptr, extra.node_to, extra.node_w, state.has_link, seed_node, seed_time, seed_label,
        d, s, bool(keep_source), region if use_region else np.zeros(1, np.int32), use_region,
        border if border is not None else np.zeros(1, np.uint8), state.light, state.any_light, state.delta,
        int(nbk), float(max_time), progress, cancel, bool(knight)) == 1


def solve_buckets(flat, nrows, ncols, res, extra: ExtraEdges, src_node, src_delay, max_time=np.inf, progress=None,
                  cancel=None, knight=False, keep_source=True, max_buckets=None):
    """The one-label solve with the bucket queue (``bucket_run`` from the sources). Returns (d1, s1, status,
    state): status 1 done, 0 cancelled, -1 not applicable (no positive grid edge, or more than ``max_buckets``
    buckets needed); ``state`` the queue, reused by the second-nearest passes."""
    total = flat.shape[0] + extra.n_extra
    d1 = np.full(total, np.inf)
    s1 = np.full(total if keep_source else 1, -1, np.int32)
    src_node = np.asarray(src_node, np.int64)
    src_delay = np.asarray(src_delay, np.float64)
    state = _bucket_state(flat, res, knight, extra)
    nbk = state.n_buckets(src_delay, max_buckets) if state is not None else None
    if nbk is None:
        return d1, s1, -1, state
    progress = progress if progress is not None else np.zeros(1, np.int64)
    cancel = cancel if cancel is not None else np.zeros(1, np.int64)
    done = _run_buckets(flat, nrows, ncols, res, extra, state, nbk, src_node, src_delay,
                        np.arange(len(src_node), dtype=np.int32), d1, s1, keep_source, None, max_time, progress,
                        cancel, knight)
    return d1, s1, (1 if done else 0), state


def _second_pass(flat, nrows, ncols, res, extra, src_node, src_delay, d1, s1, max_time, progress, cancel,
                 workers, knight=False, state: _Buckets | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Second-nearest labels from the nearest solve: one one-label pass per group of source regions, on threads
    (the regions are disjoint, so the threads write disjoint cells of the same arrays), seeded from the region
    boundaries only (``second_seeds``). The passes use the bucket queue unless it does not apply or the heap was
    asked for; then the heap pass (``second``). Same labels."""
    total = d1.shape[0]
    d2 = np.full(total, np.inf)
    s2 = np.full(total, -1, np.int32)
    workers = max(1, min(workers, len(src_node)))
    group = _groups(s1, len(src_node), workers)
    buckets = queue() == "buckets"
    if state is None and buckets:
        state = _bucket_state(flat, res, knight, extra)
    if state is not None:
        has_link = state.has_link
    else:
        has_link = np.zeros(flat.shape[0], np.uint8)
        has_link[extra.link_cells] = 1
    border = np.zeros(flat.shape[0], np.uint8)
    sn, st, sl = _numba_kernels()[4](
        flat, nrows, ncols, float(res), int(extra.n_extra), extra.link_cells, extra.link_ptr, extra.link_to,
        extra.link_w, extra.node_ptr, extra.node_to, extra.node_w, has_link, src_node, src_delay, d1, s1,
        float(max_time), bool(knight), border)
    g_of = group[s1[sn]]
    nbk = state.n_buckets(st) if (state is not None and buckets) else None

    def run(g):
        sel = g_of == g
        if nbk is not None:
            return _run_buckets(flat, nrows, ncols, res, extra, state, nbk, sn[sel], st[sel], sl[sel], d2, s2,
                                True, s1, max_time, progress, cancel, knight, border)
        return _numba_kernels()[1](
            flat, nrows, ncols, float(res), int(extra.n_extra), extra.link_cells, extra.link_ptr, extra.link_to,
            extra.link_w, extra.node_ptr, extra.node_to, extra.node_w, sn[sel], st[sel], sl[sel], d1, s1, d2, s2,
            group, g, float(max_time), progress, cancel, knight)

    if not all(_on_threads(run, workers)):
        raise Cancelled()
    return d2, s2


def _on_threads(fn, workers: int) -> list:
    if workers == 1:
        return [fn(0)]
    with ThreadPoolExecutor(max_workers=workers) as pool:  # the kernels release the GIL
        return list(pool.map(fn, range(workers)))


def solve_numba(cost: np.ndarray, res: float, src_node, src_delay, extra: ExtraEdges | None = None,
                backup: bool = True, max_time: float = np.inf, progress: np.ndarray | None = None,
                cancel: np.ndarray | None = None, backup_method: str = "auto", workers: int | None = None,
                knight: bool = False, keep_source: bool = True) -> Solution:
    """Compiled Dijkstra. ``cancel`` is a 1-element int array another thread may set to 1.

    ``backup_method``: ``"labels"`` runs the two-label solve (one thread); ``"pass"`` solves the nearest labels,
    then the second-nearest in one pass per source region seeded across the region boundaries, the regions
    shared among ``workers`` threads (default: the CPU count, at most 4). Same labels (tested). ``"auto"``
    (default): the pass from 2 M cells on, where it measured faster on 2 cores (``make bench``: 5.4 s against
    7.6 s at 19.5 M cells, 1.1 s against 1.8 s at 4.8 M), the two-label solve below (0.13 s against 0.16 s at
    0.8 M).
    ``knight``: 16 neighbours, the 8 knight's moves of GRASS ``r.cost -k`` added (less metrication error).
    ``keep_source=False`` (one label only): times only, ``source`` is None — less memory and memory traffic for
    the callers that never read the nearest source (re-solves of scenarios, per-centre surfaces)."""
    cost = np.ascontiguousarray(cost)
    nrows, ncols = cost.shape
    extra = extra or ExtraEdges.empty()
    src_node, src_delay = _check(cost, src_node, src_delay, cost.size + extra.n_extra)
    if len(src_node) >= (1 << 20):
        raise ValueError("at most 1,048,575 sources")
    if backup_method not in ("pass", "labels", "auto"):
        raise ValueError(f"unknown backup method {backup_method!r}")
    if backup_method == "auto":
        backup_method = "pass" if cost.size >= PASS_MIN_CELLS else "labels"
    flat = cost.reshape(-1)
    if flat.dtype not in (np.float32, np.float64):
        flat = flat.astype(np.float64)
    progress = progress if progress is not None else np.zeros(1, np.int64)
    cancel = cancel if cancel is not None else np.zeros(1, np.int64)
    two = bool(backup) and backup_method == "labels"
    status = -1
    state = None
    if not two and queue() == "buckets":
        d1, s1, status, state = solve_buckets(flat, nrows, ncols, res, extra, src_node, src_delay, max_time,
                                              progress, cancel, knight, keep_source or backup)
        if status == 0:
            raise Cancelled()
    if status < 0:  # two labels, or a grid the bucket queue does not fit: the heap
        d1, s1, d2, s2, finished = get_numba_solver()(
            flat, nrows, ncols, float(res), int(extra.n_extra), extra.link_cells, extra.link_ptr, extra.link_to,
            extra.link_w, extra.node_ptr, extra.node_to, extra.node_w, src_node, src_delay, two,
            float(max_time), progress, cancel, bool(knight), bool(keep_source or backup))
        if not finished:
            raise Cancelled()
    if not (keep_source or backup):
        s1 = None
    if backup and not two:
        d2, s2 = _second_pass(flat, nrows, ncols, res, extra, src_node, src_delay, d1, s1, max_time, progress,
                              cancel, workers or min(4, os.cpu_count() or 1), bool(knight), state)
    if np.isfinite(max_time):  # tentative labels beyond the horizon were never settled
        over = d1 > max_time
        d1[over] = np.inf
        if s1 is not None:
            s1[over] = -1
        if backup:
            over = d2 > max_time
            d2[over], s2[over] = np.inf, -1
    if backup:
        return Solution(d1, s1, d2, s2)
    return Solution(d1, s1)


# ------------------------------------------------------------------------------------ scipy


def grid_graph(cost: np.ndarray, res: float, extra: ExtraEdges | None = None, knight: bool = False):
    """The explicit sparse graph (CSR) of the same model: for the scipy solver and for tests. ``knight``: with
    the 8 knight's moves of ``r.cost -k``."""
    nrows, ncols = cost.shape
    n = cost.size
    extra = extra or ExtraEdges.empty()
    flat = cost.reshape(-1).astype(np.float64)
    idx = np.arange(n, dtype=np.int64).reshape(nrows, ncols)
    rows, cols, ws = [], [], []
    for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
        r0, r1 = 0, nrows - dr
        c0, c1 = max(0, -dc), ncols - max(0, dc)
        a = idx[r0:r1, c0:c1].reshape(-1)
        b = idx[r0 + dr:r1 + dr, c0 + dc:c1 + dc].reshape(-1)
        step = res if (dr == 0 or dc == 0) else res * SQRT2
        w = (flat[a] + flat[b]) * 0.5 * step
        ok = np.isfinite(w)
        a, b, w = a[ok], b[ok], w[ok]
        rows += [a, b]
        cols += [b, a]
        ws += [w, w]
    for dr, dc in (((2, 1), (2, -1), (1, 2), (1, -2)) if knight else ()):
        r0, r1 = 0, nrows - dr
        c0, c1 = max(0, -dc), ncols - max(0, dc)
        a = idx[r0:r1, c0:c1].reshape(-1)
        b = idx[r0 + dr:r1 + dr, c0 + dc:c1 + dc].reshape(-1)
        if dr == 2:  # the two cells the move passes between: the middle row, this column and the next one
            m1, m2 = a + ncols, a + ncols + dc
        else:  # the middle column, this row and the next one
            m1, m2 = a + dc // 2, a + ncols + dc // 2
        w = (flat[a] + flat[m1] + flat[m2] + flat[b]) * (res * math.sqrt(5.0) / 4.0)
        ok = np.isfinite(w)
        a, b, w = a[ok], b[ok], w[ok]
        rows += [a, b]
        cols += [b, a]
        ws += [w, w]
    # explicit edges
    cell_src = np.repeat(extra.link_cells, np.diff(extra.link_ptr))
    node_src = n + np.repeat(np.arange(extra.n_extra, dtype=np.int64), np.diff(extra.node_ptr))
    rows += [cell_src, node_src]
    cols += [extra.link_to, extra.node_to]
    ws += [extra.link_w, extra.node_w]
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    w = np.concatenate(ws)
    total = n + extra.n_extra
    # csgraph treats explicit zeros as missing edges: use a tiny positive weight for zero edges
    w = np.where(w == 0, np.finfo(np.float64).tiny, w)
    # Explicit edges are deduplicated by ExtraEdges.from_edges and never join two neighbouring
    # cells, so no (row, col) pair occurs twice here and the COO -> CSR sum is a plain copy.
    return coo_matrix((w, (r, c)), shape=(total, total)).tocsr()


def solve_scipy(cost: np.ndarray, res: float, src_node, src_delay, extra: ExtraEdges | None = None,
                backup: bool = True, graph=None, knight: bool = False) -> Solution:
    """Reference solver: one scipy Dijkstra per source, then the two smallest per node."""
    extra = extra or ExtraEdges.empty()
    total = cost.size + extra.n_extra
    src_node, src_delay = _check(cost, src_node, src_delay, total)
    g = graph if graph is not None else grid_graph(cost, res, extra, knight=knight)
    if len(src_node) == 0:
        inf = np.full(total, np.inf)
        neg = np.full(total, -1, np.int64)
        return Solution(inf, neg, inf.copy(), neg.copy()) if backup else Solution(inf, neg)
    times = np.empty((len(src_node), total))
    for i, (node, delay) in enumerate(zip(src_node, src_delay)):
        times[i] = dijkstra(g, directed=True, indices=int(node)) + delay
    # a source cell that is impassable can still start a journey, as in the numba solver
    order = np.argsort(times, axis=0, kind="stable")
    first = order[0]
    cols = np.arange(total)
    t1 = times[first, cols]
    s1 = np.where(np.isfinite(t1), first, -1)
    if not backup:
        return Solution(t1, s1)
    if len(src_node) > 1:
        second = order[1]
        t2 = times[second, cols]
        s2 = np.where(np.isfinite(t2), second, -1)
    else:
        t2 = np.full(total, np.inf)
        s2 = np.full(total, -1, np.int64)
    return Solution(t1, s1, t2, s2)


# ------------------------------------------------------------------------------------ dispatch


def solve(cost: np.ndarray, res: float, src_node, src_delay, extra: ExtraEdges | None = None,
          backup: bool = True, max_time: float = np.inf, progress: np.ndarray | None = None,
          cancel: np.ndarray | None = None, use_numba: bool | None = None, knight: bool = False,
          keep_source: bool = True) -> Solution:
    """The one place that chooses the solver: numba when available (``use_numba`` None), else scipy.
    ``knight``: 16 neighbours (the knight's moves of GRASS ``r.cost -k``).

    Both give the same labels (tested); scipy ignores ``max_time``, ``progress`` and ``cancel`` except that a
    cancel flag already set raises Cancelled before it starts."""
    use_numba = numba_available() if use_numba is None else use_numba
    if use_numba:
        return solve_numba(cost, res, src_node, src_delay, extra, backup=backup, max_time=max_time,
                           progress=progress, cancel=cancel, knight=knight, keep_source=keep_source)
    if cancel is not None and cancel[0]:
        raise Cancelled()
    sol = solve_scipy(cost, res, src_node, src_delay, extra, backup=backup, knight=knight)
    if np.isfinite(max_time):
        for t, s_ in ((sol.time, sol.source), (sol.time2, sol.source2)):
            if t is not None:
                over = t > max_time
                t[over], s_[over] = np.inf, -1
    return sol
