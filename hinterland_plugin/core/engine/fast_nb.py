"""The compiled passes behind :mod:`.fast` (numba) and the incremental N-1 re-solve (:func:`resolve_removed`).

Imported only through ``fast.compiled()``, after the numba cache folder is set; module-level functions so numba's
on-disk cache finds them again in a new process (as closures they were recompiled every time: 5 s per run)."""
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
def admin_sums(t, a, p, u, lut, use_lut, ths, n, nc):
    """Per unit (``u`` 0..n-1, skipped when < 0 or no people): people, people reached, people x time, people
    per threshold bin and per nearest centre (``a`` 0..nc-1). ``use_lut``: ``u`` holds finer units (counties),
    each counted in unit ``lut[u]`` — the whole grid read in place, no gathered copies."""
    m = ths.shape[0]
    people = np.zeros(n)
    got = np.zeros(n)
    ptime = np.zeros(n)
    bins = np.zeros((n, m + 1))
    by_centre = np.zeros((n, nc))
    for j in range(t.shape[0]):
        uj = u[j]
        pj = np.float64(p[j])
        if uj < 0 or not (pj > 0):
            continue
        if use_lut:
            uj = lut[uj]
            if uj < 0:
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


# ----------------------------------------------------------------------------- incremental re-solve (N-1)


@nb.njit(cache=True, nogil=True, inline="always")
def _push(keys, vals, size, key, val):
    """Push onto a binary heap held in growable arrays; returns the (possibly new) arrays and the size."""
    if size == keys.shape[0]:
        nk = np.empty(2 * size, np.float64)
        nv = np.empty(2 * size, np.int64)
        nk[:size] = keys[:size]
        nv[:size] = vals[:size]
        keys = nk
        vals = nv
    p = size
    while p > 0:
        par = (p - 1) >> 1
        if keys[par] <= key:
            break
        keys[p] = keys[par]
        vals[p] = vals[par]
        p = par
    keys[p] = key
    vals[p] = val
    return keys, vals, size + 1


@nb.njit(cache=True, nogil=True, inline="always")
def _append(arr, n, value):
    """Append to a growable int64 array; returns the (possibly new) array and the length."""
    if n == arr.shape[0]:
        grown = np.empty(2 * n, np.int64)
        grown[:n] = arr[:n]
        arr = grown
    arr[n] = value
    return arr, n + 1


@nb.njit(cache=True, nogil=True)
def _out_edges(v, cost, nrows, ncols, res, knight, has_link, link_cells, link_ptr, link_to, link_w, node_ptr,
               node_to, node_w, cand_u, cand_w):
    """The edges leaving node ``v`` with the kernel's own weight expressions (so a sum equals the kernel's to the
    last bit): 8 neighbours, the knight's moves, a cell's links, a network node's edges. Returns their count."""
    n = nrows * ncols
    ncand = 0
    if v >= n:
        j = v - n
        for e in range(node_ptr[j], node_ptr[j + 1]):
            cand_u[ncand] = node_to[e]
            cand_w[ncand] = node_w[e]
            ncand += 1
        return ncand
    cv = np.float64(cost[v])
    r = v // ncols
    c0 = v - r * ncols
    for k in range(8):  # the kernel's neighbour order
        dr = (-1, -1, -1, 0, 0, 1, 1, 1)[k]
        dc = (-1, 0, 1, -1, 1, -1, 0, 1)[k]
        rr = r + dr
        cc = c0 + dc
        if rr < 0 or rr >= nrows or cc < 0 or cc >= ncols:
            continue
        u = rr * ncols + cc
        cu = np.float64(cost[u])
        if cu < np.inf:
            step = 0.5 * (res if (dr == 0 or dc == 0) else res * 1.4142135623730951)
            cand_u[ncand] = u
            cand_w[ncand] = (cv + cu) * step
            ncand += 1
    if knight and cv < np.inf:
        kstep = res * 2.23606797749979 / 4.0
        for kk in range(8):
            kdr = (-2, -2, 2, 2, -1, -1, 1, 1)[kk]
            kdc = (-1, 1, 1, -1, -2, 2, 2, -2)[kk]
            rk = r + kdr
            ck = c0 + kdc
            if rk < 0 or rk >= nrows or ck < 0 or ck >= ncols:
                continue
            ka = (-1, -1, 1, 1, 0, 0, 0, 0)[kk] * ncols + (0, 0, 0, 0, -1, 1, 1, -1)[kk]
            kb = (-1, -1, 1, 1, -1, -1, 1, 1)[kk] * ncols + (-1, 1, 1, -1, -1, 1, 1, -1)[kk]
            ca = np.float64(cost[v + ka])
            cb = np.float64(cost[v + kb])
            cu = np.float64(cost[rk * ncols + ck])
            if ca < np.inf and cb < np.inf and cu < np.inf:
                cand_u[ncand] = rk * ncols + ck
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
    return ncand


@nb.njit(cache=True, nogil=True)
def resolve_removed(cost, nrows, ncols, res, knight, has_link, link_cells, link_ptr, link_to, link_w,  # noqa: C901, PLR0912, PLR0913, PLR0915
                    node_ptr, node_to, node_w, base, roots, src_node, src_delay, nd, mark, cell_w, threshold,
                    penalty, cancel):
    """Nearest times after edges were removed (``node_w`` already without them), from the baseline ``base``:
    only the nodes whose baseline shortest path may have used a removed edge are solved again.

    A = the nodes reachable from ``roots`` (heads of removed edges that were tight) over tight edges
    (base[y] == base[x] + w): every node off A keeps a shortest path without the removed edges, so its time
    stands. A is reset, seeded from its sources and from every edge entering it from outside, and solved by
    Dijkstra inside A — the same minimum over final predecessors as a full solve, so the same floats.

    ``nd`` equals ``base`` and ``mark`` is all 0 on entry; on return ``nd`` holds the new times on A (the caller
    puts base back on A) and ``mark`` is 0 again. Returns (A, population-minutes added, population losing the
    threshold — with the people per cell ``cell_w``, as ``scenarios._impact`` counts them — and finished: False
    when ``cancel[0]`` was set, polled every 2^20 labels; ``mark`` is 0 again then too)."""
    n = nrows * ncols
    n_extra = node_ptr.shape[0] - 1
    max_deg = 16
    for k in range(link_cells.shape[0]):
        max_deg = max(max_deg, 16 + link_ptr[k + 1] - link_ptr[k])
    for j in range(n_extra):
        max_deg = max(max_deg, node_ptr[j + 1] - node_ptr[j])
    cand_u = np.empty(max_deg, np.int64)
    cand_w = np.empty(max_deg, np.float64)
    # 1. A: the closure of the roots over tight edges
    a_nodes = np.empty(1024, np.int64)
    na = 0
    for i in range(roots.shape[0]):
        r = roots[i]
        if mark[r] == 0:
            mark[r] = 1
            a_nodes, na = _append(a_nodes, na, r)
    head = 0
    while head < na:
        x = a_nodes[head]
        head += 1
        tx = base[x]
        if not (tx < np.inf):
            continue
        m = _out_edges(x, cost, nrows, ncols, res, knight, has_link, link_cells, link_ptr, link_to, link_w,
                       node_ptr, node_to, node_w, cand_u, cand_w)
        for q in range(m):
            y = cand_u[q]
            if mark[y] == 0 and base[y] < np.inf and tx + cand_w[q] == base[y]:
                mark[y] = 1
                a_nodes, na = _append(a_nodes, na, y)
    for i in range(na):
        nd[a_nodes[i]] = np.inf
    # 2. seeds: the sources inside A, and every edge into A from a node outside it (boundary nodes marked 2)
    keys = np.empty(1024, np.float64)
    vals = np.empty(1024, np.int64)
    size = 0
    bnd = np.empty(1024, np.int64)
    nb_ = 0
    for i in range(src_node.shape[0]):
        s = src_node[i]
        if mark[s] == 1 and src_delay[i] < nd[s]:
            nd[s] = src_delay[i]
    for i in range(na):
        y = a_nodes[i]
        if y < n:  # the grid neighbourhood is symmetric: the cells with an edge into y are y's neighbours
            r = y // ncols
            c0 = y - r * ncols
            reach = 2 if knight else 1
            for dr in range(-reach, reach + 1):
                for dc in range(-reach, reach + 1):
                    rr = r + dr
                    cc = c0 + dc
                    if rr < 0 or rr >= nrows or cc < 0 or cc >= ncols:
                        continue
                    x = rr * ncols + cc
                    if mark[x] == 0 and base[x] < np.inf:
                        mark[x] = 2
                        bnd, nb_ = _append(bnd, nb_, x)
    for k in range(link_cells.shape[0]):  # network edges into A: links from cells, rides and egress
        x = link_cells[k]
        if mark[x] != 0 or not (base[x] < np.inf):
            continue
        for e in range(link_ptr[k], link_ptr[k + 1]):
            if mark[link_to[e]] == 1:
                mark[x] = 2
                bnd, nb_ = _append(bnd, nb_, x)
                break
    for j in range(n_extra):
        x = n + j
        if mark[x] != 0 or not (base[x] < np.inf):
            continue
        for e in range(node_ptr[j], node_ptr[j + 1]):
            if mark[node_to[e]] == 1:
                mark[x] = 2
                bnd, nb_ = _append(bnd, nb_, x)
                break
    # the sources inside A, the boundary's edges into A, then Dijkstra inside A (one label, lazy heap: strict
    # pushes, so a popped entry is live when it holds the node's time)
    for i in range(na):
        x = a_nodes[i]
        nt = nd[x]
        if not (nt < np.inf):
            continue  # (only a source inside A has a time yet)
        keys, vals, size = _push(keys, vals, size, nt, x)
    for i in range(nb_):
        x = bnd[i]
        tx = base[x]
        m = _out_edges(x, cost, nrows, ncols, res, knight, has_link, link_cells, link_ptr, link_to, link_w,
                       node_ptr, node_to, node_w, cand_u, cand_w)
        for q in range(m):
            y = cand_u[q]
            if mark[y] != 1:
                continue
            nt = tx + cand_w[q]
            if nt < nd[y]:
                nd[y] = nt
                keys, vals, size = _push(keys, vals, size, nt, y)
    for i in range(nb_):
        mark[bnd[i]] = 0
    popped = 0
    finished = True
    while size > 0:
        popped += 1
        if (popped & 0xFFFFF) == 0 and cancel[0] != 0:
            finished = False
            break
        t = keys[0]
        v = vals[0]
        size -= 1
        if size > 0:
            lk = keys[size]
            lv = vals[size]
            p = 0
            while True:
                c = 2 * p + 1
                if c >= size:
                    break
                if c + 1 < size and keys[c + 1] < keys[c]:
                    c += 1
                if keys[c] >= lk:
                    break
                keys[p] = keys[c]
                vals[p] = vals[c]
                p = c
            keys[p] = lk
            vals[p] = lv
        if t != nd[v]:
            continue  # stale
        m = _out_edges(v, cost, nrows, ncols, res, knight, has_link, link_cells, link_ptr, link_to, link_w,
                       node_ptr, node_to, node_w, cand_u, cand_w)
        for q in range(m):
            y = cand_u[q]
            if mark[y] != 1:
                continue
            nt = t + cand_w[q]
            if nt < nd[y]:
                nd[y] = nt
                keys, vals, size = _push(keys, vals, size, nt, y)
    # 3. what it costs the people on A, and A unmarked
    pm = 0.0
    lost = 0.0
    for i in range(na):
        y = a_nodes[i]
        mark[y] = 0
        if y >= n:
            continue
        w = cell_w[y]
        if not (w > 0):
            continue
        tb = base[y]
        ta = nd[y]
        if tb < np.inf:
            added = min(max(ta - tb, 0.0), penalty) if ta < np.inf else penalty
            pm += w * added
        if tb <= threshold and not (ta <= threshold):
            lost += w
    return a_nodes[:na], pm, lost, finished
