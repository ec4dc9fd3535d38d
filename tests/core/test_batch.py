"""Scenario batches (core/batch.py): identical results in-process and on a Dask LocalCluster of 2 workers,
an unreachable scheduler, cancel, a worker killed mid-batch (coarse 40 km grid, cluster started and stopped
inside this module, on 127.0.0.1 only, no dashboard)."""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from pyproj import Transformer
from shapely.geometry import box

from hinterland_build.data_build import DEFAULT_DEM, DEFAULT_OUTPUT
from hinterland_plugin.core import batch
from hinterland_plugin.core.constants import SITE_SETS
from hinterland_plugin.core.engine.model import Centre, Engine, bundled_points
from hinterland_plugin.core.engine.scenarios import criticality, disruption, segments_crossing
from hinterland_plugin.core.errors import Cancelled

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def setup():
    eng = Engine(DEFAULT_OUTPUT, DEFAULT_DEM)
    prep = eng.prepare("multimodal", 40000.0)
    tr = Transformer.from_crs("EPSG:4326", prep.grid.crs, always_xy=True)
    centres = [Centre(n, *tr.transform(x, y)) for n, (x, y) in
               (("Chengdu", (104.07, 30.67)), ("Wuhan", (114.30, 30.59)), ("Xi'an", (108.94, 34.34)))]
    cities = bundled_points(eng, prep, "cities", "population")
    return eng, prep, centres, cities, tr


@pytest.fixture(scope="module")
def cluster():
    """One LocalCluster(2) for the module (processes, one thread each); a task may kill its worker once."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        sched = batch.Scheduler("local:2")
        sched.open()
    try:
        yield sched
    finally:
        sched.close()
    assert sched.client is None and sched.cluster is None


# ---------------------------------------------------------------------- task functions (imported by the workers)
def _slow(shared, task):
    time.sleep(shared)
    return task


def _die_once(shared, task):
    """Kills its worker process the first time task 3 runs (the marker file says it already did)."""
    marker = Path(shared) / "died"
    if task == 3 and not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(1)
    time.sleep(0.05)
    return {"task": task, "square": task * task}


def _always_die(shared, task):
    if task == 1:
        os._exit(1)
    return task


# ---------------------------------------------------------------------- identical results
def test_criticality_same_ranking_everywhere(setup, cluster):
    eng, prep, centres, cities, _ = setup
    only = list(dict.fromkeys(prep.network.segment_ids))[::4]  # a quarter of the segments keeps the test short
    ref = criticality(eng, prep, centres, 240, cities, only=only)
    here = batch.criticality_batch(eng, prep, centres, 240, cities, only=only)
    stats = batch.BatchStats()
    there = batch.criticality_batch(eng, prep, centres, 240, cities, scheduler=cluster, stats=stats, only=only)
    assert len(ref) == len(only) > 100 and any(s.pop_minutes > 0 for s in ref)
    assert here == ref
    assert there == ref  # same ids, order, floats (bit for bit) and 'resolved' flags
    # compiled, the workers solve the baseline and skip the segments on no shortest path themselves: every
    # segment is a task there (in-process only those on a path)
    from hinterland_plugin.core.engine import fast

    expected = len(only) if fast.compiled() is not None else sum(s.resolved for s in ref)
    assert stats.workers == 2 and stats.tasks == expected and len(stats.task_s) == stats.tasks
    # the grid went once per worker, each task carries only a segment id
    assert stats.shared_bytes > 100_000 and stats.task_bytes / stats.tasks < 200


def test_hazard_ensemble_same_everywhere_and_matches_disruption(setup, cluster):
    eng, prep, centres, cities, tr = setup
    top = [s.segment_id for s in criticality(eng, prep, centres, 240, cities)[:3]]
    hazards = [("top1", [top[0]]), ("top1+2", top[:2]), ("nothing", []), ("top2+3", top[1:3])]
    a = batch.hazard_ensemble(eng, prep, centres, hazards, 240, cities)
    b = batch.hazard_ensemble(eng, prep, centres, hazards, 240, cities, scheduler=cluster)
    assert a.rows == b.rows and a.segments == b.segments
    assert [r["hazard"] for r in a.rows] == ["top1", "top1+2", "nothing", "top2+3"]
    for row, ids in ((a.rows[0], [top[0]]), (a.rows[1], top[:2]), (a.rows[3], top[1:3])):
        _delta, pm, lost = disruption(eng, prep, centres, ids, 240, cities)  # full re-solves, both removed
        assert row["pop_minutes_added"] == pytest.approx(pm, rel=1e-12)
        assert row["population_lost"] == lost
    assert a.rows[2]["pop_minutes_added"] == 0 and a.rows[2]["segments_n"] == 0
    stats = {s["segment_id"]: s for s in a.segments}
    assert stats[top[1]]["hazards_n"] == 2 and stats[top[0]]["hazards_n"] == 2
    assert stats[top[1]]["pop_minutes_max"] == max(a.rows[1]["pop_minutes_added"], a.rows[3]["pop_minutes_added"])
    assert stats[top[1]]["pop_minutes_mean"] == pytest.approx(
        (a.rows[1]["pop_minutes_added"] + a.rows[3]["pop_minutes_added"]) / 2)


def test_segments_crossing_each_equals_one_by_one(setup):
    eng, prep, _c, _p, tr = setup
    polys = [box(*tr.transform(113.5, 30.0), *tr.transform(115.0, 31.5)),
             box(*tr.transform(103.5, 30.2), *tr.transform(104.5, 31.0)), box(0, 0, 1, 1)]
    got = batch.segments_crossing_each(prep, eng, polys)
    assert got == [sorted(set(segments_crossing(prep, eng, p))) for p in polys]
    assert got[0] and got[2] == []


def test_coverage_sets_and_siting_same_everywhere(setup, cluster):
    eng, prep, centres, cities, tr = setup
    sites = {k: bundled_points(eng, prep, k) for k in SITE_SETS}
    sets = [("west", centres[:1]), ("all", centres), ("east", centres[1:2])]
    a = batch.coverage_sets(eng, prep, sets, [120, 240], cities, sites)
    b = batch.coverage_sets(eng, prep, sets, [120, 240], cities, sites, scheduler=cluster)
    assert a == b and {r["set"] for r in a} == {"west", "all", "east"}
    cands = [Centre(n, *tr.transform(x, y)) for n, (x, y) in
             (("Lanzhou", (103.83, 36.06)), ("Kunming", (102.71, 25.04)), ("Chengdu again", (104.07, 30.67)))]
    base_a, cand_a, use_a = batch.candidate_columns(eng, prep, centres, cands, cities)
    base_b, cand_b, use_b = batch.candidate_columns(eng, prep, centres, cands, cities, scheduler=cluster)
    assert [c.name for c in use_a] == [c.name for c in use_b] == ["Lanzhou", "Kunming"]  # Chengdu is a centre
    np.testing.assert_array_equal(cand_a, cand_b)
    np.testing.assert_array_equal(base_a, base_b)
    # the same columns as the Processing algorithm builds them (Engine.solve per candidate)
    np.testing.assert_array_equal(cand_a[:, 0], cities.times(eng.solve(prep, cands[:1], backup=False).time))


# ---------------------------------------------------------------------- bad input and failures
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_scheduler_fails_clearly_within_10_s(tmp_path):
    t = time.perf_counter()
    with pytest.raises(batch.BatchError, match=r"cannot reach the Dask scheduler at tcp://127.0.0.1:\d+"):
        batch.run_batch([1, 2], _slow, 0.0, f"tcp://127.0.0.1:{_free_port()}")
    assert time.perf_counter() - t < 10.0


def test_bad_scheduler_strings():
    for bad in ("local:0", "local:x", "cluster", "8786"):
        with pytest.raises(batch.BatchError):
            batch.parse_scheduler(bad)
    assert batch.parse_scheduler("") == ("inprocess", None)
    assert batch.parse_scheduler("local:3") == ("local", 3)
    assert batch.parse_scheduler("10.0.0.5:8786") == ("address", "tcp://10.0.0.5:8786")


def test_cancel_in_process_and_on_the_cluster(cluster):
    flag = np.zeros(1, np.int64)
    seen = []

    def progress(done, total):
        seen.append(done)
        if done == 2:
            flag[0] = 1

    with pytest.raises(Cancelled):
        batch.run_batch(range(10), _slow, 0.0, "inprocess", progress=progress, cancel=flag)
    assert seen == [1, 2]
    stop = threading.Event()
    threading.Timer(1.0, stop.set).start()
    t = time.perf_counter()
    with pytest.raises(Cancelled):
        batch.run_batch(range(40), _slow, 0.5, cluster, cancel=stop)  # 40 x 0.5 s on 2 workers = 10 s
    assert time.perf_counter() - t < 5.0
    deadline = time.time() + 10
    while cluster.client.processing() and any(cluster.client.processing().values()) and time.time() < deadline:
        time.sleep(0.2)
    assert not any(cluster.client.processing().values()), "the cancelled tasks still run on the workers"


def test_cancel_closes_the_cluster_it_started():
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    sched = batch.Scheduler("local:1")
    with pytest.raises(Cancelled), sched:
        sched.map(_slow, range(20), 0.5, cancel=stop)
    assert sched.client is None and sched.cluster is None


def test_worker_killed_mid_batch_finishes_on_the_others(cluster, tmp_path):
    rows = batch.run_batch(range(8), _die_once, str(tmp_path), cluster)
    assert (tmp_path / "died").exists(), "the worker did not die: the test tested nothing"
    assert rows == [{"task": k, "square": k * k} for k in range(8)]  # every row, in order


def test_worker_dying_every_time_fails_clearly(cluster):
    with pytest.raises(batch.BatchError, match="could not finish: .*(workers died|dropped task)"):
        batch.run_batch(range(4), _always_die, None, cluster)


def test_an_existing_cluster_by_address_is_used_and_left_running(cluster):
    cluster.client.wait_for_workers(2, timeout=60)  # the nannies may still restart workers killed above
    address = cluster.cluster.scheduler_address
    assert address.startswith("tcp://127.0.0.1:")
    assert batch.run_batch(range(6), _slow, 0.0, address) == list(range(6))
    assert cluster.client.status == "running" and len(cluster.client.scheduler_info()["workers"]) == 2


def test_a_scheduler_without_workers_is_a_clear_error():
    empty = distributed.LocalCluster(n_workers=0, processes=True, host="127.0.0.1", dashboard_address=None,
                                     scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"})
    try:
        with pytest.raises(batch.BatchError, match="has no workers"):
            batch.run_batch([1], _slow, 0.0, empty.scheduler_address)
    finally:
        empty.close()


# ---------------------------------------------------------------------- what the workers get, what the client pays
def _owned_report(shared, task):
    """Runs on a worker: where the unpickled grid's arrays live."""
    def root(a):
        while isinstance(a.base, np.ndarray):
            a = a.base
        return a.base is None
    inc = shared.incremental
    return {"cost": root(shared.prepared.cost), "land": root(shared.prepared.land), "base": root(inc.base)}


def test_worker_arrays_live_in_numpy_memory(setup, cluster, monkeypatch):
    """Arrays unpickled from a Dask message lie in its buffer (no transparent huge pages: random reads 2x slower):
    the prepared grid and the incremental re-solve's baseline are copied to numpy's own memory on the worker,
    with the same values."""
    from hinterland_plugin.core.engine import fast
    from hinterland_plugin.core.engine.model import numpy_owned

    if fast.compiled() is None:
        pytest.skip("numba not installed")
    eng, prep, centres, cities, _ = setup
    buf = bytearray(np.arange(10, dtype=np.float64).tobytes())
    view = np.frombuffer(buf, np.float64)
    own = numpy_owned(view)
    assert own is not view and own.base is None and np.array_equal(own, view)
    plain = np.arange(5.0)
    assert numpy_owned(plain) is plain and numpy_owned(plain[1:]).base is plain  # views of numpy memory stay views
    captured = {}
    real = batch.run_batch

    def grab(tasks, fn, shared=None, *a, **k):
        captured["shared"] = shared
        return real(tasks, fn, shared, *a, **k)

    only = list(dict.fromkeys(prep.network.segment_ids))[:20]
    try:
        batch.run_batch = grab
        batch.criticality_batch(eng, prep, centres, 240, cities, only=only)
    finally:
        batch.run_batch = real
    got = cluster.map(_owned_report, [0, 1], captured["shared"])
    assert all(g["cost"] and g["land"] and g["base"] for g in got)
    monkeypatch.setattr(batch, "SPOOL_MIN_BYTES", 0)  # the same through a spool file
    stats = batch.BatchStats()
    got = cluster.map(_owned_report, [0, 1], captured["shared"], stats=stats)
    assert stats.shared_via == "file" and all(g["cost"] and g["land"] and g["base"] for g in got)


def test_shared_size_is_counted_as_sent():
    """BatchStats' shared size: the pickle as Dask sends it (protocol 5, buffers out of band), counted without
    copying the buffers — within a few bytes of the full in-band pickle."""
    import pickle

    obj = {"a": np.random.default_rng(0).random(300_000), "b": list(range(50)), "c": np.arange(7, dtype=np.int32)}
    assert abs(batch._nbytes(obj) - len(pickle.dumps(obj, protocol=5))) < 200
    assert batch._nbytes(lambda: 0) == 0  # not picklable: 0, never an error


def test_criticality_batch_finds_the_tight_segments_once(setup, monkeypatch):
    """The segments on some shortest path are found once per batch (in a comprehension's condition they were
    found again for every segment: 7.8 s at 1 km)."""
    eng, prep, centres, cities, _ = setup
    calls = []
    real = batch.tight_segments
    monkeypatch.setattr(batch, "tight_segments", lambda *a: calls.append(1) or real(*a))
    rows = batch.criticality_batch(eng, prep, centres, 240, cities)
    assert len(calls) == 1 and len(rows) > 100 and any(r.resolved for r in rows)


def test_hazard_shared_keeps_its_own_baseline_when_unpickled(setup):
    """The hazard batch's baseline (masked to land) is not the incremental re-solve's raw one: a worker's copy of
    the shared object keeps each its own values."""
    import pickle

    from hinterland_plugin.core.engine import fast

    if fast.compiled() is None:
        pytest.skip("numba not installed")
    eng, prep, centres, cities, _ = setup
    captured = {}
    real = batch.run_batch

    def grab(tasks, fn, shared=None, *a, **k):
        captured["shared"] = shared
        return real(tasks, fn, shared, *a, **k)

    try:
        batch.run_batch = grab
        batch.hazard_ensemble(eng, prep, centres, [("none", [])], 240, cities)
    finally:
        batch.run_batch = real
    shared = captured["shared"]
    shared.base = shared.base.copy()
    shared.base[0] = 12345.0  # tell the two baselines apart
    back = pickle.loads(pickle.dumps(shared, protocol=5))
    np.testing.assert_array_equal(back.base, shared.base)
    np.testing.assert_array_equal(back.incremental.base, shared.incremental.base)
    assert back.incremental.base[0] != 12345.0


# ---------------------------------------------------------------------- the shared object through a file (same machine)
def _spool_report(shared, task):
    """Runs on a worker: the shared object's checksum, where its array lives, and how many spooled objects it holds."""
    a = shared["a"]
    root = a
    while isinstance(root.base, np.ndarray):
        root = root.base
    return float(a.sum()), root.base is None, len(batch._SPOOL_CACHE), os.getpid()


def _spool_cache_size():
    return len(batch._SPOOL_CACHE)


def test_spool_file_roundtrip_keeps_values_in_numpy_memory(tmp_path):
    obj = {"a": np.random.default_rng(1).random(100_000), "b": np.arange(7, dtype=np.int32)[::2], "c": [1, "x"]}
    path, size = batch._write_spool(obj, str(tmp_path))
    assert size == batch._nbytes(obj) and path.stat().st_size >= size
    got = batch._load_spool(str(path))
    assert np.array_equal(got["a"], obj["a"]) and np.array_equal(got["b"], obj["b"]) and got["c"] == obj["c"]
    assert got["a"].base is not None and got["a"].base.base is None  # a view of the array numpy allocated
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(batch.BatchError, match="truncated"):
        batch._load_spool(str(path))


def test_large_shared_goes_through_a_file_to_local_workers(cluster, monkeypatch):
    """Workers on this machine get a large shared object from a file each reads itself (a broadcast sends it to
    one worker that copies it to the others: 6.4 s for 364 MB at 1 km); same results; the file and the workers'
    copies are gone when the batch ends."""
    obj = {"a": np.random.default_rng(2).random(300_000)}
    before = set(Path(batch.tempfile.gettempdir()).glob("hinterland-batch-*"))
    monkeypatch.setattr(batch, "SPOOL_MIN_BYTES", 1_000_000)
    stats = batch.BatchStats()
    rows = batch.run_batch(range(6), _spool_report, obj, cluster, stats=stats)
    assert stats.shared_via == "file"
    assert all(r[0] == float(obj["a"].sum()) and r[1] and r[2] == 1 for r in rows)
    assert len({r[3] for r in rows}) == 2  # both workers ran tasks, each from its own copy
    assert set(Path(batch.tempfile.gettempdir()).glob("hinterland-batch-*")) == before
    assert set(cluster.client.run(_spool_cache_size).values()) == {0}
    small = batch.BatchStats()
    batch.run_batch(range(2), _spool_report, {"a": np.zeros(10)}, cluster, stats=small)
    assert small.shared_via == "broadcast"  # below the threshold: the network


def test_a_spool_file_the_workers_cannot_read_falls_back_to_the_network(cluster, monkeypatch):
    real = batch._write_spool

    def elsewhere(obj, directory=None, refs=None):  # as if the workers saw another file system
        path, size = real(obj, directory, refs)
        path.unlink()
        return path, size

    monkeypatch.setattr(batch, "SPOOL_MIN_BYTES", 0)
    monkeypatch.setattr(batch, "_write_spool", elsewhere)
    obj = {"a": np.arange(1000.0)}
    stats = batch.BatchStats()
    rows = batch.run_batch(range(4), _spool_report, obj, cluster, stats=stats)
    assert stats.shared_via == "broadcast" and all(r[0] == float(obj["a"].sum()) for r in rows)


def test_worker_killed_mid_spooled_batch_finishes_on_the_others(cluster, tmp_path, monkeypatch):
    """The worker that replaces a dead one reads the spool file on its first task."""
    cluster.client.wait_for_workers(2, timeout=60)
    monkeypatch.setattr(batch, "SPOOL_MIN_BYTES", 0)
    stats = batch.BatchStats()
    rows = batch.run_batch(range(8), _die_once, str(tmp_path), cluster, stats=stats)
    assert (tmp_path / "died").exists(), "the worker did not die: the test tested nothing"
    assert stats.shared_via == "file" and rows == [{"task": k, "square": k * k} for k in range(8)]


def test_criticality_sends_the_grid_ahead_and_the_batch_by_reference(setup, cluster, monkeypatch):
    """Grid, people and their derived arrays reach local workers ahead; the batch's file refers to them and holds
    no baseline (the workers solve it): same ranking as in-process, a batch file of a few kB, nothing left on
    disk or on the workers."""
    from hinterland_plugin.core.engine import fast

    if fast.compiled() is None:
        pytest.skip("numba not installed")
    eng, prep, centres, cities, _ = setup
    only = list(dict.fromkeys(prep.network.segment_ids))[::4]
    here = batch.criticality_batch(eng, prep, centres, 240, cities, only=only)
    monkeypatch.setattr(batch, "SPOOL_MIN_BYTES", 0)
    sizes = []
    real = batch._write_spool

    def counted(*a, **k):
        path, size = real(*a, **k)
        sizes.append(size)
        return path, size

    monkeypatch.setattr(batch, "_write_spool", counted)
    before = set(Path(batch.tempfile.gettempdir()).glob("hinterland-batch-*"))
    stats = batch.BatchStats()
    there = batch.criticality_batch(eng, prep, centres, 240, cities, scheduler=cluster, stats=stats, only=only)
    assert there == here and stats.shared_via == "file"
    assert len(sizes) == 4  # grid, people, static (references), the batch
    assert sizes[-1] < 0.5 * stats.shared_bytes  # the batch's own file holds references, not the grid again
    cells, delays = batch._sources(eng, prep, centres)
    finite = int(np.isfinite(batch._solve_nearest(prep, cells, delays)).sum())
    assert sizes[-1] < 8 * finite  # nor the baseline (8 B per reached cell and node, on top of the segment lists)
    assert set(Path(batch.tempfile.gettempdir()).glob("hinterland-batch-*")) == before
    assert set(cluster.client.run(_spool_cache_size).values()) == {0}
    assert not cluster._preloads


# ---------------------------------------------------------------------- many small tasks: a few per future
def _pid_of(shared, task):
    return task, os.getpid()


def _die_once_quick(shared, task):
    marker = Path(shared) / "died"
    if task == 3 and not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(1)
    return task * task


@pytest.mark.parametrize("n, workers", [(1, 2), (63, 2), (64, 2), (603, 2), (1000, 1), (5000, 8)])
def test_chunks_hold_every_task_once_strided_and_small(n, workers):
    chunks = batch._chunks(n, workers)
    assert sorted(i for c in chunks for i in c) == list(range(n))
    assert max(len(c) for c in chunks) <= batch.MAX_CHUNK
    assert len(chunks) >= min(n, batch.CHUNKS_PER_WORKER * workers)
    for c in chunks:  # neighbours (alike in cost) in different chunks
        assert all(b - a == len(chunks) for a, b in zip(c, c[1:]))
    if n >= batch.MAX_CHUNK * batch.CHUNKS_PER_WORKER * workers:
        assert len(chunks) < n  # the point: fewer futures than tasks


def test_many_tasks_go_a_few_per_future_and_come_back_in_order(cluster, monkeypatch):
    made = []
    real = batch._chunks
    monkeypatch.setattr(batch, "_chunks", lambda n, w: made.append(real(n, w)) or made[-1])
    stats = batch.BatchStats()
    rows = batch.run_batch(range(400), _pid_of, None, cluster, stats=stats)
    assert [t for t, _ in rows] == list(range(400))
    assert len(made) == 1 and max(len(c) for c in made[0]) > 1 and len(made[0]) < 400
    assert len(stats.task_s) == 400  # a time per task, not per future
    assert len({p for _, p in rows}) == 2  # both workers worked


def test_worker_killed_mid_chunked_batch_loses_no_row(cluster, tmp_path):
    cluster.client.wait_for_workers(2, timeout=60)
    rows = batch.run_batch(range(400), _die_once_quick, str(tmp_path), cluster)
    assert (tmp_path / "died").exists(), "the worker did not die: the test tested nothing"
    assert rows == [k * k for k in range(400)]


def _n1_parts(setup, n_ids):
    """The lean grid, sources, baseline, edge positions and the first ``n_ids`` tight segments of the setup."""
    from hinterland_plugin.core.engine import fast
    from hinterland_plugin.core.engine.scenarios import segment_edge_positions

    if fast.compiled() is None:
        pytest.skip("numba not installed")
    eng, prep, centres, cities, _ = setup
    cells, delays = batch._sources(eng, prep, centres)
    base = batch._solve_nearest(prep, cells, delays)
    pos = segment_edge_positions(prep)
    return batch._lean(prep), cells, delays, base, pos, sorted(batch.tight_segments(prep, base, list(pos), pos))[:n_ids]


def test_n1_working_copy_is_made_where_the_static_is_unpickled(setup):
    """A worker's N1Static brings the first removal's working copy, its pages touched while the baseline is
    solved; the first removal uses it (set to the baseline) and gives what a fresh copy gives."""
    import pickle

    from hinterland_plugin.core.engine.scenarios import IncrementalN1, N1Static

    cities = setup[3]
    lean, cells, delays, base, pos, ids = _n1_parts(setup, 5)
    here = N1Static(lean, cities)
    assert here.take_scratch() is None  # the client makes none (in-process it would be a second copy)
    there = pickle.loads(pickle.dumps(here, protocol=5))
    ahead = there.__dict__["_scratch"][0]
    ahead[0][:] = 7.0  # arbitrary values: the first removal must set the baseline itself
    fresh = IncrementalN1(lean, cells, delays, base, cities, 240, pos, here)
    inc = IncrementalN1(there.prepared, cells, delays, base, there.cities, 240, pos, there)
    for sid in ids:
        assert inc.impact([sid]) == fresh.impact([sid])
    assert there.take_scratch() is None and len(inc._pool) == 1 and inc._pool[0][0] is ahead[0]
    np.testing.assert_array_equal(inc._pool[0][0], base)
    assert not inc._pool[0][1].any()


def _value_of_a(shared, task):
    return float(shared["a"][0])


def test_dict_shared_objects_with_the_same_keys_do_not_mix(cluster):
    """A dict is broadcast as one object: given itself to scatter, its items went under their own keys ('a'),
    and the next batch's dict with the same key lost its data to the first one's cancel."""
    for v in (1.0, 2.0, 3.0):
        assert batch.run_batch(range(4), _value_of_a, {"a": np.full(10, v)}, cluster) == [v] * 4


def test_hazard_removals_use_the_working_copy_made_ahead_once(setup):
    """The hazard ensemble's full re-solves take the working copy an unpickled N1Static made (no 241 MB per worker
    at 1 km left unused), once, and give the same times as fresh copies."""
    import pickle

    from hinterland_plugin.core.engine.scenarios import IncrementalN1, N1Static

    cities = setup[3]
    lean, cells, delays, base, pos, ids = _n1_parts(setup, 3)
    here = IncrementalN1(lean, cells, delays, base, cities, 240, pos, N1Static(lean, cities))
    there_static = pickle.loads(pickle.dumps(N1Static(lean, cities), protocol=5))
    there = IncrementalN1(there_static.prepared, cells, delays, base, there_static.cities, 240, pos, there_static)
    ahead = there_static.__dict__["_scratch"][0][0]
    first = there.times_after(ids[:1])
    assert first is ahead and there_static.take_scratch() is None
    np.testing.assert_array_equal(first, here.times_after(ids[:1]))
    np.testing.assert_array_equal(there.times_after(ids[1:]), here.times_after(ids[1:]))


def test_shared_data_lost_with_the_workers_holding_it_is_sent_again(cluster, tmp_path, monkeypatch):
    """Dask's memory manager keeps one copy of a broadcast once no waiting task needs the others; when the worker
    holding it dies, the tasks are cancelled for 'lost dependencies' (CI, stop 25). The batch sends the shared
    object again and finishes with every row. Here every worker dies right after the first broadcast."""
    import contextlib

    real = batch.Scheduler._broadcast
    sent = []

    def broadcast_then_kill_the_workers(self, shared):
        fut = real(self, shared)
        sent.append(fut)
        if len(sent) == 1:
            with contextlib.suppress(Exception):  # the workers die without answering
                self.client.run(os._exit, 1)
            deadline = time.monotonic() + 30
            while fut.status != "cancelled" and time.monotonic() < deadline:
                time.sleep(0.05)
            assert fut.status == "cancelled", "the shared data survived: the test tested nothing"
        return fut

    monkeypatch.setattr(batch.Scheduler, "_broadcast", broadcast_then_kill_the_workers)
    stats = batch.BatchStats()
    try:
        rows = batch.run_batch(range(40), _die_once_quick, str(tmp_path), cluster, stats=stats)
    finally:
        cluster.client.wait_for_workers(2, timeout=60)
    assert rows == [k * k for k in range(40)]
    assert len(sent) == 2 and stats.shared_resends == 1
