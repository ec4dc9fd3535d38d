"""Scenario batches on one scheduler abstraction: in this process, on a Dask ``LocalCluster``, or on an existing
Dask cluster (``tcp://host:8786``). No qgis import.

* ``run_batch(tasks, fn, shared, scheduler)`` calls ``fn(shared, task)`` for every task and returns the results
  in task order. ``shared`` (the prepared grid and network, the baseline...) is sent to each worker once
  (``client.scatter(..., broadcast=True)``); tasks are scenario-sized (one segment removal, one hazard polygon,
  one centre set) and results are small plain rows.
* Cancel (a flag polled by the engine, a callable, a ``threading.Event``, or Ctrl-C) cancels the futures and
  closes the cluster the batch started. An unreachable scheduler fails with a :class:`BatchError` within
  ``CONNECT_TIMEOUT_S``. A worker lost mid-batch: Dask re-runs its tasks on the others; a batch that still
  misses rows fails with a clear error (the result count is checked), never with silently missing rows.
* Batch versions of the resilience workloads: :func:`criticality_batch` (same ranking as
  ``scenarios.criticality``), :func:`hazard_ensemble` (one disruption per hazard; per-hazard table and
  per-segment loss statistics), :func:`candidate_columns` (siting), :func:`coverage_sets` (many centre sets).

Dask is optional (``pip install .[distributed]``); it is imported only when a cluster is asked for.
"""
from __future__ import annotations

import hashlib
import io
import ipaddress
import os
import pickle
import socket
import struct
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import shapely
from shapely.geometry import LineString

from .constants import CUT_OFF_MINUTES
from .engine import fast
from .engine.coverage import PointSet, coverage_table
from .engine.inputs import user_segment_lines
from .engine.model import Centre, Engine, Prepared, numpy_owned
from .engine.scenarios import (
    IncrementalN1,
    N1Static,
    SegmentImpact,
    _impact,
    _solve_nearest,
    segment_edge_positions,
    without_segments,
)
from .errors import Cancelled, HinterlandError

#: seconds to wait for a remote scheduler before giving up (the promise is a clear message within 10 s)
CONNECT_TIMEOUT_S = 7.0
#: how often the client looks for finished tasks and the cancel flag while none finishes (seconds)
WAKE_S = 0.02
#: re-runs of a task that raised on a worker (a lost worker is handled by Dask's own rescheduling)
TASK_RETRIES = 1
#: at most this many tasks per Dask future, and at least this many futures per worker (``_chunks``)
MAX_CHUNK = 4
CHUNKS_PER_WORKER = 32
#: a shared object at least this large goes to workers on this machine through a file instead of the network
#: (``_write_spool``): a 1 km grid's 364 MB took 6.4 s to broadcast to two local workers, 0.5-3.6 s through a file
SPOOL_MIN_BYTES = 16 * 2**20
#: times a broadcast shared object lost with the workers holding it is sent again before the batch gives up
SHARED_RESENDS = 2
RESEND_WAIT_S = 30.0
INPROCESS = "inprocess"
SCHEDULER_HELP = ("inprocess (default: this process, one task after another), local:N (a Dask LocalCluster of N "
                  "worker processes on this machine) or the address of a running Dask scheduler, e.g. "
                  "tcp://10.0.0.5:8786")


#: the modules whose classes travel to the workers or run there (the prepared grid, the tasks)
_VERSIONED = ("batch.py", "constants.py", "errors.py", "engine/model.py", "engine/grid.py", "engine/friction.py",
              "engine/network.py", "engine/kernel.py", "engine/profiles.py", "engine/scenarios.py",
              "engine/coverage.py", "engine/inputs.py", "engine/population.py")


def _core_version() -> str:
    """Hash of the core's source as this process imported it: client and workers must run the same code
    (a Prepared pickled by one version does not fit the classes of another)."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _VERSIONED:
        f = here / name
        if f.exists():
            h.update(name.encode() + f.read_bytes())
    return h.hexdigest()[:16]


CORE_VERSION = _core_version()


def core_version() -> str:
    """Runs on the workers (``client.run``): the version their import of the core saw."""
    return CORE_VERSION


class BatchError(HinterlandError):
    """A batch that cannot run or finish: bad scheduler, unreachable cluster, lost workers, missing rows."""


class _SharedLostError(Exception):
    """A chunk was cancelled because the batch's broadcast shared object is gone from the cluster."""


def optional_module(name: str):
    """The optional heavy dependencies, imported on first use only: ``distributed`` (Dask) and ``tqdm``.

    The one place in the package that imports them; a missing ``distributed`` is a BatchError that says what
    to install, a missing ``tqdm`` returns None (the caller falls back to a plain text bar)."""
    if name == "distributed":
        try:
            import distributed  # noqa: PLC0415 - optional dependency
        except ImportError as exc:
            raise BatchError("the Dask scheduler needs dask.distributed: pip install \"dask[distributed]\" "
                             "(or pip install .[distributed] in the repository); use --scheduler inprocess "
                             "without it") from exc
        return distributed
    if name == "dask":
        optional_module("distributed")  # the clear message when Dask is missing
        import dask  # noqa: PLC0415 - optional dependency
        return dask
    if name == "tqdm":
        try:
            import tqdm  # noqa: PLC0415 - optional dependency
        except ImportError:
            return None
        return tqdm
    raise ValueError(name)


def parse_scheduler(text: str | None) -> tuple[str, Any]:
    """('inprocess', None) | ('local', n_workers) | ('address', 'tcp://host:port')."""
    s = (text or "").strip()
    if s.lower() in ("", INPROCESS, "in-process", "none"):
        return INPROCESS, None
    if s.lower().startswith("local"):
        rest = s[5:].lstrip(":")
        try:
            n = int(rest) if rest else 2
        except ValueError:
            n = 0
        if not 1 <= n <= 512:
            raise BatchError(f"scheduler '{s}': local:N needs a number of workers between 1 and 512, e.g. local:2")
        return "local", n
    if "://" in s and s.split("://", 1)[1]:
        return "address", s
    if ":" in s and s.rsplit(":", 1)[1].isdigit():
        return "address", f"tcp://{s}"
    raise BatchError(f"unknown scheduler '{s}': use {SCHEDULER_HELP}")


def is_cancelled(cancel) -> bool:
    """A cancel flag in any of the forms the package uses: a 1-element array (the compiled solver's flag),
    a callable (Processing's ``feedback.isCanceled``), a ``threading.Event``, or None."""
    if cancel is None:
        return False
    if hasattr(cancel, "is_set"):
        return bool(cancel.is_set())
    if callable(cancel):
        return bool(cancel())
    return bool(cancel[0])


@dataclass
class BatchStats:
    """What a batch cost: read by ``make bench`` to project the scaling to a real cluster."""
    scheduler: str = INPROCESS
    workers: int = 1
    tasks: int = 0
    wall_s: float = 0.0
    task_s: list[float] = field(default_factory=list)  #: per-task compute time on the worker
    shared_bytes: int = 0  #: pickled size of ``shared`` (sent once per worker)
    task_bytes: int = 0  #: pickled size of all tasks (sent with the tasks)
    result_bytes: int = 0  #: pickled size of all results (sent back)
    shared_via: str = ""  #: how ``shared`` reached the workers: "broadcast" or "file" (workers on this machine)
    send_s: float = 0.0  #: seconds until every worker held ``shared``
    shared_resends: int = 0  #: times ``shared`` was sent again after the workers holding it died

    def per_task(self) -> dict:
        n = max(1, self.tasks)
        return {"scheduler": self.scheduler, "workers": self.workers, "tasks": self.tasks,
                "wall_s": round(self.wall_s, 3),
                "task_s_median": round(float(np.median(self.task_s)), 4) if self.task_s else None,
                "task_s_mean": round(float(np.mean(self.task_s)), 4) if self.task_s else None,
                "shared_mb": round(self.shared_bytes / 2**20, 2), "shared_via": self.shared_via,
                "send_s": round(self.send_s, 2), "shared_resends": self.shared_resends,
                "bytes_to_worker_per_task": int(self.task_bytes / n),
                "bytes_back_per_task": int(self.result_bytes / n)}


def _timed(fn, shared, task):
    """Runs on the worker: the result and its compute time."""
    if isinstance(shared, _SpoolRef):
        shared = _spooled(shared)
    t = time.perf_counter()
    out = fn(shared, task)
    return out, time.perf_counter() - t


def _timed_chunk(fn, shared, chunk):
    """Runs on the worker: ``_timed`` for each task of a chunk."""
    return [_timed(fn, shared, t) for t in chunk]


def _chunks(n: int, workers: int) -> list[list[int]]:
    """Task indices grouped for Dask: up to ``MAX_CHUNK`` tasks per future when there are many (a future costs
    ~2.5 ms on the worker and ~1.7 ms of the client's CPU: 1.5 s and 1 s for the 603 removals of a 1 km N-1),
    strided (task j, j+m, j+2m ...) so that neighbouring tasks — often alike in cost, e.g. the segments of one
    trunk line — land in different chunks, and at least ``CHUNKS_PER_WORKER`` chunks per worker for balance."""
    k = max(1, min(MAX_CHUNK, n // (CHUNKS_PER_WORKER * max(1, workers))))
    m = -(-n // k)
    return [list(range(j, n, m)) for j in range(m)]


def _nbytes(obj) -> int:
    """Pickled size of ``obj`` as Dask sends it (protocol 5, large buffers out of band): counted, not copied —
    a full pickling of a 1 km grid cost the client ~1 s inside the timed batch."""
    size = 0

    def count(buf) -> None:
        nonlocal size
        size += buf.raw().nbytes

    try:
        head = len(pickle.dumps(obj, protocol=5, buffer_callback=count))
    except (pickle.PicklingError, TypeError, AttributeError, BufferError):
        return 0
    return head + size


# ---------------------------------------------------------------------------- shared object through a file
class _RefPickler(pickle.Pickler):
    """Pickles the objects already spooled to the workers (``Scheduler.preload``) as references to them."""

    def __init__(self, file, refs: dict, **kw):
        super().__init__(file, **kw)
        self._refs = refs

    def persistent_id(self, obj):
        hit = self._refs.get(id(obj))
        return (hit[1].path, hit[1].token) if hit is not None and hit[0] is obj else None


class _RefUnpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        return _spooled(_SpoolRef(*pid))  # loaded by the preload already, or now (a worker that replaced one)


def _write_spool(obj, directory: str | None = None, refs: dict | None = None) -> tuple[Path, int]:
    """``obj`` pickled (protocol 5) into a new file: a header, the pickle, then its large buffers as they lie in
    memory (no copy in between). ``refs`` (id -> (object, _SpoolRef)): objects the workers hold already, written
    as references. Returns the path and the pickled size; removes a half-written file."""
    bufs: list = []
    out = io.BytesIO()
    _RefPickler(out, refs or {}, protocol=5, buffer_callback=bufs.append).dump(obj)
    head = out.getbuffer()
    raws = [b.raw() for b in bufs]
    fd, name = tempfile.mkstemp(prefix="hinterland-batch-", suffix=".spool", dir=directory)
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack(f"<QQ{len(raws)}Q", len(head), len(raws), *[r.nbytes for r in raws]))
            f.write(head)
            for r in raws:
                f.write(r)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, len(head) + sum(r.nbytes for r in raws)


def _load_spool(path: str):
    """The object ``_write_spool`` wrote (on a worker, once per batch). Every buffer is read into an array numpy
    allocated itself, so the unpickled arrays need no second copy to get huge pages (``numpy_owned``)."""
    with open(path, "rb") as f:
        n_head, n_buf = struct.unpack("<QQ", f.read(16))
        sizes = struct.unpack(f"<{n_buf}Q", f.read(8 * n_buf))
        head = f.read(n_head)
        bufs = []
        for size in sizes:
            a = np.empty(size, np.uint8)
            if f.readinto(a) != size:
                raise BatchError(f"the batch's shared data file {path} is truncated")
            bufs.append(a)
    return _RefUnpickler(io.BytesIO(head), buffers=bufs).load()


#: worker side: the spooled shared objects by token, loaded once per process (``_spooled``)
_SPOOL_CACHE: dict[str, Any] = {}
_SPOOL_LOCK = threading.RLock()  # re-entered: a spooled object may refer to a preloaded one
#: at most this many spooled objects stay loaded in a worker (a batch forgets its own when it ends)
SPOOL_KEEP = 8


@dataclass(frozen=True)
class _SpoolRef:
    """Stands for a shared object in a spool file on the workers' machine: a few bytes with every task; the
    worker loads the object once (``_spooled``) and keeps it until the batch ends (``_forget_spool``)."""
    path: str
    token: str


def _spooled(ref: _SpoolRef):
    with _SPOOL_LOCK:
        obj = _SPOOL_CACHE.get(ref.token)
        if obj is None:
            obj = _load_spool(ref.path)
            while len(_SPOOL_CACHE) >= SPOOL_KEEP:  # an older batch that never said it ended
                _SPOOL_CACHE.pop(next(iter(_SPOOL_CACHE)))
            _SPOOL_CACHE[ref.token] = obj
    return obj


def _preload_spool(ref: _SpoolRef, size: int) -> bool:
    """Runs on every worker before the tasks (in parallel): False when it cannot read the file (another
    machine, another file system) — the batch then broadcasts instead."""
    if not _readable(ref.path, size):
        return False
    _spooled(ref)
    return True


def _forget_spool(token: str) -> None:
    with _SPOOL_LOCK:
        _SPOOL_CACHE.pop(token, None)


def _readable(path: str, size: int) -> bool:
    """Runs on a worker: does it see the client's spool file (same machine, same file system)?"""
    try:
        return os.path.getsize(path) >= size
    except OSError:
        return False


def _this_machine(host: str) -> bool:
    """Is ``host`` (a worker's address) this machine: a loopback address or one of this host's names/IPs."""
    try:
        if ipaddress.ip_address(host).is_loopback:
            return True
    except ValueError:
        if host == "localhost":
            return True
    try:
        mine = {socket.gethostname(), socket.getfqdn(), *socket.gethostbyname_ex(socket.gethostname())[2]}
    except OSError:
        return False
    return host in mine


class Scheduler:
    """An open scheduler; ``with Scheduler("local:2") as s: s.map(...)`` keeps one cluster for several
    batches (the early-warning run solves N-1 per scenario). A LocalCluster it started is closed on exit."""

    def __init__(self, spec: str | None = None, connect_timeout: float = CONNECT_TIMEOUT_S):
        self.spec = (spec or INPROCESS).strip() or INPROCESS
        self.kind, self.arg = parse_scheduler(spec)
        self.connect_timeout = connect_timeout
        self.client = None
        self.cluster = None
        #: id -> (object, future of its (_SpoolRef, path) or None): objects sent to the workers ahead (``preload``)
        self._preloads: dict[int, tuple[Any, Any]] = {}
        self._preloader = None

    # ------------------------------------------------------------------ open / close
    def __enter__(self) -> Scheduler:
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self) -> None:
        if self.kind == INPROCESS or self.client is not None:
            return
        dd = optional_module("distributed")
        if self.kind == "local":
            dask = optional_module("dask")
            # Dask's workers start with MALLOC_TRIM_THRESHOLD_=65536, which hands every freed block back to the
            # OS: the solver allocates its arrays anew per task and then pays the page faults (1.5x per task here)
            env = {k: v for k, v in dask.config.get("distributed.nanny.pre-spawn-environ", {}).items()
                   if k != "MALLOC_TRIM_THRESHOLD_"}
            try:
                # no dashboard; the scheduler's health/metrics HTTP routes on a free port of 127.0.0.1 only
                with dask.config.set({"distributed.nanny.pre-spawn-environ": env}):
                    self.cluster = dd.LocalCluster(n_workers=self.arg, threads_per_worker=1, processes=True,
                                                   host="127.0.0.1", dashboard_address=None, silence_logs=50,
                                                   scheduler_kwargs={"dashboard": False,
                                                                     "dashboard_address": "127.0.0.1:0"})
                self.client = dd.Client(self.cluster, timeout=f"{self.connect_timeout}s")
            except (OSError, TimeoutError, RuntimeError) as exc:
                self.close()
                raise BatchError(f"the local Dask cluster ({self.spec}) could not start: {exc}") from exc
            self._check_versions()
            return
        try:
            self.client = dd.Client(self.arg, timeout=f"{self.connect_timeout}s")
        except (OSError, TimeoutError, ValueError) as exc:  # distributed raises OSError / TimeoutError
            raise BatchError(f"cannot reach the Dask scheduler at {self.arg} within {self.connect_timeout:g} s: "
                             "is 'dask scheduler' running there and the port open?") from exc
        self._check_versions()

    def _check_versions(self) -> None:
        """Refuse workers whose Hinterland code differs from this process's (rebuild their environment)."""
        try:
            self.client.wait_for_workers(1, timeout=self.connect_timeout)  # a cluster may still be starting
        except TimeoutError:
            pass  # no workers: said below
        try:
            versions = self.client.run(core_version)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise BatchError(f"the Dask workers at {self.arg} do not answer: {exc}") from exc
        except ImportError as exc:  # the workers lack the package
            self.close()
            raise BatchError(f"the Dask workers at {self.arg} cannot import hinterland_plugin: install it there "
                             "(pip install .[distributed], see docs/cluster.md)") from exc
        if not versions:
            self.close()
            raise BatchError(f"the Dask scheduler at {self.arg} has no workers: start some with "
                             f"'dask worker {self.arg}' (see docs/cluster.md)")
        other = sorted({w for w, v in versions.items() if v != CORE_VERSION})
        if other:
            self.close()
            raise BatchError(f"{len(other)} Dask worker(s) run another version of the Hinterland core than this "
                             f"machine (e.g. {other[0]}): install the same version on the workers and restart them")

    def close(self) -> None:
        self._drop_preloads()
        for obj in (self.client, self.cluster):
            if obj is not None:
                try:
                    obj.close()
                except (OSError, RuntimeError, TimeoutError):
                    pass  # closing a cluster that is already gone
        self.client = self.cluster = None

    # ------------------------------------------------------------------ sending ahead
    def preload(self, obj) -> None:
        """Start sending ``obj`` (a prepared grid) to the workers now, on a background thread, while this thread
        computes the rest of a batch's shared data (the baseline solve): a later ``map`` whose shared object
        contains ``obj`` sends only a reference to it. Only for workers on this machine (through a spool file);
        elsewhere, or for a small object, nothing happens here and ``map`` sends everything as before. Kept
        until ``forget(obj)`` (the N-1 batch forgets its grid when it ends) or until the scheduler closes."""
        if self.kind == INPROCESS or obj is None or id(obj) in self._preloads:
            return
        self.open()
        if not self._workers_here() or _nbytes(obj) < SPOOL_MIN_BYTES:
            return
        if self._preloader is None:
            self._preloader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hinterland-preload")
        self._preloads[id(obj)] = (obj, self._preloader.submit(self._spool_preload, obj))

    def _spool_preload(self, obj):
        """On the preload thread: earlier preloads (all finished: one thread) go into this one as references."""
        return self._spool_to_workers(obj, self._ready_preloads(only_done=True))

    def _spool_to_workers(self, obj, refs: dict):
        """``obj`` written to a spool file and loaded by every worker: (ref, path), or None when a worker cannot
        read the file (the caller then broadcasts). Raises only what the caller must see (Ctrl-C, a worker's
        error); no file is left behind then."""
        path = None
        try:
            path, size = _write_spool(obj, refs=refs)
            ref = _SpoolRef(str(path), uuid.uuid4().hex)
            if all(self.client.run(_preload_spool, ref, size).values()):
                return ref, path
            self.client.run(_forget_spool, ref.token)
        except OSError:
            pass  # no room in the temporary folder, or a worker cannot read it: the network then
        except BaseException:
            if path is not None:
                path.unlink(missing_ok=True)
            raise
        if path is not None:
            path.unlink(missing_ok=True)
        return None

    def _ready_preloads(self, only_done: bool = False) -> dict:
        """id -> (object, ref) of the preloads that reached every worker (waits for those still on their way,
        or skips them with ``only_done``)."""
        out = {}
        for key, (obj, fut) in list(self._preloads.items()):
            if only_done and not fut.done():
                continue
            try:
                got = fut.result()
            except Exception:  # noqa: BLE001 - a failed preload only means the object goes with the batch
                got = None
            if got is not None:
                out[key] = (obj, got[0])
        return out

    def forget(self, obj) -> None:
        """Drop a preloaded object from the workers and its spool file (also done for all when closing)."""
        entry = self._preloads.pop(id(obj), None)
        if entry is None:
            return
        try:
            got = entry[1].result()
        except Exception:  # noqa: BLE001 - nothing was left on the workers or on disk then
            return
        if got is None:
            return
        ref, path = got
        path.unlink(missing_ok=True)
        try:
            if self.client is not None:
                self.client.run(_forget_spool, ref.token)
        except (OSError, TimeoutError, RuntimeError):
            pass  # the cluster is gone: nothing is left on it

    def _drop_preloads(self) -> None:
        for obj, _fut in list(self._preloads.values()):
            self.forget(obj)
        if self._preloader is not None:
            self._preloader.shutdown(wait=True)
            self._preloader = None

    @property
    def n_workers(self) -> int:
        if self.client is None:
            return 1
        try:
            return len(self.client.scheduler_info().get("workers", {})) or 1
        except (OSError, TimeoutError):
            return 1

    # ------------------------------------------------------------------ run
    def map(self, fn: Callable, tasks: Sequence, shared: Any = None, progress: Callable | None = None,
            cancel=None, stats: BatchStats | None = None) -> list:
        """``[fn(shared, t) for t in tasks]`` on this scheduler, in task order."""
        tasks = list(tasks)
        measure = stats is not None  # sizes cost a pickling of the grid: only when asked (make bench)
        stats = stats if measure else BatchStats()
        stats.scheduler, stats.tasks = self.spec, len(tasks)
        t0 = time.perf_counter()
        if self.kind == INPROCESS:
            out = self._map_here(fn, tasks, shared, progress, cancel, stats)
        else:
            self.open()
            stats.workers = self.n_workers
            if measure:
                stats.shared_bytes = _nbytes(shared)
                stats.task_bytes = sum(_nbytes(t) for t in tasks)
            out = self._map_dask(fn, tasks, shared, progress, cancel, stats)
            if measure:
                stats.result_bytes = sum(_nbytes(r) for r in out)
        stats.wall_s = time.perf_counter() - t0
        return out

    @staticmethod
    def _map_here(fn, tasks, shared, progress, cancel, stats) -> list:
        out = []
        for k, t in enumerate(tasks):
            if is_cancelled(cancel):
                raise Cancelled()
            r, dt = _timed(fn, shared, t)
            out.append(r)
            stats.task_s.append(dt)
            if progress is not None:
                progress(k + 1, len(tasks))
        return out

    def _map_dask(self, fn, tasks, shared, progress, cancel, stats) -> list:
        dd = optional_module("distributed")
        client = self.client
        if not tasks:
            return []
        shared_f, spool = self._send_shared(shared, stats)
        prefix = f"hinterland-{getattr(fn, '__name__', 'task')}-{uuid.uuid4().hex[:8]}"
        futures: list = []
        results: list = [None] * len(tasks)
        got = [False] * len(tasks)
        chunks = _chunks(len(tasks), self.n_workers)
        todo = list(range(len(chunks)))
        try:
            for round_ in range(SHARED_RESENDS + 1):
                futures = [client.submit(_timed_chunk, fn, shared_f, [tasks[i] for i in chunks[k]],
                                         key=f"{prefix}-{k}-{round_}", retries=TASK_RETRIES, pure=False)
                           for k in todo]
                index = {f.key: k for k, f in zip(todo, futures)}
                if not self._collect(dd, futures, index, chunks, results, got, stats, progress, cancel):
                    break
                # the shared object is gone from the cluster: Dask's memory manager keeps one copy of a broadcast
                # once no waiting task needs the others, and the worker holding it died. Send it again, go on
                client.cancel(futures, force=True)
                todo = [k for k, c in enumerate(chunks) if not all(got[i] for i in c)]
                if round_ == SHARED_RESENDS:
                    raise BatchError("the batch could not finish: its shared data was lost with the workers "
                                     f"holding it, sent {SHARED_RESENDS + 1} times; no results were written")
                stats.shared_resends += 1
                t = time.perf_counter()
                self._wait_for_a_worker(cancel)  # the nannies restart dead workers
                shared_f = self._broadcast(shared)
                stats.send_s += time.perf_counter() - t
        except BaseException:  # Cancelled, KeyboardInterrupt, a task's error: stop the cluster work first
            client.cancel(futures, force=True)
            raise
        finally:
            if spool is None:
                client.cancel([shared_f], force=True)
            else:
                spool.unlink(missing_ok=True)
                try:
                    client.run(_forget_spool, shared_f.token)
                except (OSError, TimeoutError, RuntimeError):
                    pass  # the cluster is gone (closed, cancelled): nothing is left on it
        if not all(got):  # never silently missing rows
            raise BatchError(f"the batch returned {sum(got)} of {len(tasks)} results: run it again")
        return results

    def _wait_for_a_worker(self, cancel) -> None:
        """Until a worker is back (at most ``RESEND_WAIT_S``), looking at the cancel flag every half second."""
        deadline = time.monotonic() + RESEND_WAIT_S
        while True:
            if is_cancelled(cancel):
                raise Cancelled()
            try:
                self.client.wait_for_workers(1, timeout=0.5)
                return
            except TimeoutError as exc:
                if time.monotonic() >= deadline:
                    raise BatchError("the batch could not finish: the workers holding its shared data died and "
                                     f"none came back within {RESEND_WAIT_S:.0f} s; no results were written") from exc

    def _collect(self, dd, futures, index, chunks, results, got, stats, progress, cancel) -> bool:
        """Fills ``results``/``got`` from the chunk futures as they finish; True when the shared object was lost
        (the rest of the futures are then useless), False when all came back."""
        # as_completed tracks the futures once; a wait(FIRST_COMPLETED) over all pending futures per completion
        # cost the client a core (37 s of CPU in a 75 s N-1 of 603 tasks at 1 km), taken from the workers
        done_q = dd.as_completed(futures, raise_errors=False)
        while not done_q.is_empty():
            if is_cancelled(cancel):
                raise Cancelled()
            done = done_q.next_batch(block=False)
            if not done:
                time.sleep(WAKE_S)  # nothing finished: look at the cancel flag again soon
                continue
            for f in sorted(done, key=lambda f: f.status != "error"):  # a task's own error first
                chunk = chunks[index[f.key]]
                try:
                    rows = self._result(dd, f)
                except _SharedLostError:
                    return True
                for i, (r, dt) in zip(chunk, rows, strict=True):
                    results[i] = r
                    stats.task_s.append(dt)
                    got[i] = True
            if progress is not None:
                progress(sum(got), len(got))
        return False

    def _workers_here(self) -> bool:
        """Are all workers on this machine (a LocalCluster this scheduler started, or loopback addresses)?"""
        if self.cluster is not None:
            return True
        try:
            workers = self.client.scheduler_info().get("workers", {})
        except (OSError, TimeoutError):
            return False
        hosts = {w.split("://", 1)[-1].rsplit(":", 1)[0].strip("[]") for w in workers}
        return bool(hosts) and all(_this_machine(h) for h in hosts)

    def _send_shared(self, shared, stats: BatchStats):
        """Puts ``shared`` on every worker once. A large one goes through a file when the workers are on this
        machine and can read it: each worker loads it, all at the same time (0.3-2.8 s for a 1 km grid's 364 MB
        on this VM), and parts sent ahead (``preload``) go as references. Otherwise
        ``client.scatter(broadcast=True)`` — which sends to one worker and lets the others copy from it (6.4 s for
        the same 364 MB to two local workers). Returns what the tasks get (a future or a spool reference) and the
        spool file to delete when the batch ends (None for a broadcast)."""
        t = time.perf_counter()
        if shared is not None and self._workers_here() and _nbytes(shared) >= SPOOL_MIN_BYTES:
            got = self._spool_to_workers(shared, self._ready_preloads())
            if got is not None:
                stats.shared_via, stats.send_s = "file", time.perf_counter() - t
                return got
        fut = self._broadcast(shared)
        stats.shared_via, stats.send_s = "broadcast", time.perf_counter() - t
        return fut, None

    def _broadcast(self, shared):
        # in a list: a dict given itself is scattered per item under its own keys ('a', ...), which the next
        # batch's dict with the same keys then raced with (its tasks failed with 'lost dependencies')
        return self.client.scatter([shared], broadcast=True, hash=False)[0]

    @staticmethod
    def _result(dd, fut):
        try:
            return fut.result()
        except dd.KilledWorker as exc:
            raise BatchError("the batch could not finish: Dask workers died while running it (out of memory? "
                             f"killed?) and task {fut.key} failed on every worker it was tried on; no results were "
                             "written") from exc
        except dd.client.FutureCancelledError as exc:
            if "lost dependencies" in str(exc):  # its only dependency is the batch's shared object
                raise _SharedLostError() from exc
            raise BatchError(f"the batch could not finish: the cluster dropped task {fut.key} (workers died, or the "
                             "scheduler restarted or closed); no results were written") from exc




@contextmanager
def _opened(scheduler: str | Scheduler | None):
    """``scheduler`` as an open :class:`Scheduler`: the one given (left open), or a new one closed at the end."""
    if isinstance(scheduler, Scheduler):
        yield scheduler
        return
    with Scheduler(scheduler) as sched:
        yield sched


def run_batch(tasks: Sequence, fn: Callable, shared: Any = None, scheduler: str | Scheduler | None = INPROCESS,
              progress: Callable | None = None, cancel=None, stats: BatchStats | None = None) -> list:
    """``[fn(shared, t) for t in tasks]`` on ``scheduler`` ('inprocess', 'local:N', 'tcp://host:port' or an
    open :class:`Scheduler`); ``progress(done, total)``. A cluster started here is closed before returning
    (also on cancel, Ctrl-C or error). ``fn`` must be a module-level function (workers import it)."""
    if isinstance(scheduler, Scheduler):
        return scheduler.map(fn, tasks, shared, progress, cancel, stats)
    with Scheduler(scheduler) as sched:
        return sched.map(fn, tasks, shared, progress, cancel, stats)


# ============================================================================ workloads
def _surface(prepared: Prepared, cells, delays) -> np.ndarray:
    """Minutes to the nearest of the sources per cell, as ``Engine.solve(...).time`` gives it (float32, NaN
    off land and where unreachable)."""
    t = _solve_nearest(prepared, np.asarray(cells, np.int64), np.asarray(delays, np.float64))
    n = prepared.grid.size
    s = t[:n].astype(np.float32).reshape(prepared.grid.shape)
    s[~np.isfinite(s)] = np.nan
    s[~prepared.land] = np.nan
    return s


def _sources(engine: Engine, prepared: Prepared, centres: Sequence[Centre]) -> tuple[np.ndarray, np.ndarray]:
    active = [c for c in centres if c.enabled]
    cells = engine.source_cells(prepared, active)
    return cells, np.array([c.delay_min for c in active], np.float64)


def _progress_percent(progress):
    if progress is None:
        return None
    return lambda done, total: progress(100.0 * done / max(1, total))


def _lean(prepared: Prepared) -> Prepared:
    """The prepared grid without what a re-solve never reads (the off-network speeds: 107 MB at 1 km less to
    send to every worker)."""
    return prepared.replaced(speed=None)


# ---------------------------------------------------------------------------- N-1 criticality
@dataclass
class _N1Shared:
    prepared: Prepared
    cells: np.ndarray
    delays: np.ndarray
    positions: dict
    cities: PointSet
    cell_idx: np.ndarray
    base_at: np.ndarray  #: baseline minutes at the city cells (all _impact needs of the baseline)
    threshold: float
    incremental: IncrementalN1 | None = None  #: compiled: re-solve only what a removal touches


def _n1_task(shared: _N1Shared, sid: str) -> tuple:
    """(segment id, population-minutes added, population lost, on a baseline shortest path)."""
    if shared.incremental is not None:
        if not shared.incremental.on_path([sid]):  # sent untested (the client had no baseline): nothing changes
            return sid, 0.0, 0.0, False
        pm, lost = shared.incremental.impact([sid])
        return sid, pm, lost, True
    after = _solve_nearest(without_segments(shared.prepared, [sid], shared.positions), shared.cells, shared.delays)
    at = np.arange(len(shared.cell_idx))  # both arrays already taken at the city cells
    pm, lost = _impact(shared.base_at, after[shared.cell_idx], shared.cities, at, shared.threshold)
    return sid, pm, lost, True


def tight_segments(prepared: Prepared, base: np.ndarray, ids: Sequence[str], positions: dict) -> set[str]:
    """Segments with an edge on some baseline shortest path (t[b] == t[a] + w): the only ones whose removal
    can change a travel time (the rule of ``scenarios.criticality``)."""
    e = prepared.network.edges
    n = prepared.grid.size
    src_of = n + np.repeat(np.arange(e.n_extra), np.diff(e.node_ptr))
    out = set()
    for sid in ids:
        for p in positions[sid]:
            a, b, w = src_of[p], e.node_to[p], e.node_w[p]
            if np.isfinite(base[a]) and np.isfinite(base[b]) and abs(base[a] + w - base[b]) <= 1e-9 * max(1.0, base[b]):
                out.add(sid)
                break
    return out


def criticality_batch(engine: Engine, prepared: Prepared, centres: Sequence[Centre], threshold: float,
                      cities: PointSet, brute_force: bool = False, cancel=None, progress=None,
                      only: Sequence[str] | None = None, scheduler: str | Scheduler | None = INPROCESS,
                      stats: BatchStats | None = None) -> list[SegmentImpact]:
    """``scenarios.criticality`` with the removals as batch tasks (same arguments, same ranking); one task per
    segment that lies on some shortest path (every segment with ``brute_force``). ``progress`` in percent."""
    with _opened(scheduler) as sched:
        lean = _lean(prepared)
        static = N1Static(lean, cities) if fast.compiled() is not None and not brute_force else None
        ahead = [lean, cities] + ([static] if static is not None else [])
        for obj in ahead:  # workers on this machine load the grid and people while the baseline is solved here
            sched.preload(obj)
        try:
            rows, ids = _criticality_rows(engine, prepared, lean, static, centres, threshold, cities, brute_force,
                                          cancel, progress, only, sched, stats)
        finally:
            for obj in ahead:
                sched.forget(obj)
    solved = {sid: (pm, lost, on_path) for sid, pm, lost, on_path in rows}
    out = [SegmentImpact(s, *solved[s]) if s in solved else SegmentImpact(s, 0.0, 0.0, False) for s in ids]
    out.sort(key=lambda s: (-s.pop_minutes, -s.pop_lost, s.segment_id))
    return out


def _criticality_rows(engine, prepared, lean, static, centres, threshold, cities, brute_force, cancel, progress, only,
                      sched, stats) -> tuple[list, list]:
    """The baseline, the removals to re-solve and the batch: (rows, every segment id considered). On a cluster
    with the incremental re-solve, the workers solve the baseline (each its own, at once) and skip the segments
    on no shortest path themselves: the client solving it first and sending it kept both workers idle for
    ~5 s of a 33 s N-1 at 1 km."""
    cells, delays = _sources(engine, prepared, centres)
    positions = segment_edge_positions(prepared)
    ids = list(dict.fromkeys(prepared.network.segment_ids))
    if only is not None:
        wanted = set(only)
        ids = [i for i in ids if i in wanted]
    on_workers = static is not None and sched.kind != INPROCESS
    base = None if on_workers else _solve_nearest(prepared, cells, delays)
    if brute_force or on_workers:
        todo = ids
    else:  # once: in the comprehension's condition it ran once per segment (7.8 s of 784 x 10 ms at 1 km)
        tight = tight_segments(prepared, base, ids, positions)
        todo = [s for s in ids if s in tight]
    cell_idx = cities.rows * prepared.grid.ncols + cities.cols
    inc = IncrementalN1(lean, cells, delays, base, cities, threshold, positions, static) if static is not None else None
    if inc is not None:  # the full re-solve's arrays are not sent then (152 MB at 1 km)
        cell_idx = np.zeros(0, np.int64)
    base_at = base[cell_idx] if base is not None else np.zeros(0)
    shared = _N1Shared(lean, cells, delays, positions, cities, cell_idx, base_at, float(threshold), inc)
    rows = run_batch(todo, _n1_task, shared, sched, _progress_percent(progress), cancel, stats)
    return rows, ids


# ---------------------------------------------------------------------------- hazard ensemble
@dataclass
class _HazardShared:
    prepared: Prepared
    cells: np.ndarray
    delays: np.ndarray
    positions: dict
    base: np.ndarray  #: baseline minutes per cell (float64, inf where unreachable)
    cities: PointSet
    cell_idx: np.ndarray
    threshold: float
    with_delta: bool
    incremental: IncrementalN1 | None = None  #: compiled: re-solve only what a hazard's removals touch

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.base = numpy_owned(self.base)  # (land-masked: not the incremental re-solve's raw baseline)


#: columns of the per-hazard table (CLI CSV and hinterland:hazardensemble)
HAZARD_COLUMNS = [("hazard", "string"), ("segments_n", "int"), ("segments", "string"),
                  ("population_before", "double"), ("population_after", "double"), ("population_lost", "double"),
                  ("pop_minutes_added", "double"), ("area_lost_km2", "double"), ("unreachable_km2", "double")]
#: columns of the per-segment loss statistics
SEGMENT_STAT_COLUMNS = [("segment_id", "string"), ("hazards_n", "int"), ("hazards_share", "double"),
                        ("pop_minutes_mean", "double"), ("pop_minutes_max", "double"),
                        ("population_lost_mean", "double"), ("population_lost_max", "double"),
                        ("worst_hazard", "string")]


def _hazard_task(shared: _HazardShared, task: tuple) -> dict:
    name, ids = task
    prep, th = shared.prepared, shared.threshold
    km2 = prep.grid.res ** 2 / 1e6
    base = shared.base
    w = shared.cities.weights
    tb = base[shared.cell_idx]
    row = {"hazard": name, "segments_n": len(ids), "segments": ", ".join(ids),
           "population_before": float(w[tb <= th].sum())}
    if not ids:  # crosses no operating segment: nothing changes
        row.update(population_after=row["population_before"], population_lost=0.0, pop_minutes_added=0.0,
                   area_lost_km2=0.0, unreachable_km2=0.0)
        return {"row": row, "delta": None}
    after = (shared.incremental.times_after(ids) if shared.incremental is not None
             else _solve_nearest(without_segments(prep, ids, shared.positions), shared.cells, shared.delays))
    pm, lost = _impact(base, after, shared.cities, shared.cell_idx, th)
    n = prep.grid.size
    land = prep.land.ravel()
    b, a = base[:n], np.where(land, after[:n], np.inf)
    row.update(population_after=float(w[after[shared.cell_idx] <= th].sum()), population_lost=lost,
               pop_minutes_added=pm, area_lost_km2=round(float(((b <= th) & ~(a <= th)).sum()) * km2, 1),
               unreachable_km2=round(float((np.isfinite(b) & ~np.isfinite(a)).sum()) * km2, 1))
    delta = None
    if shared.with_delta:
        with np.errstate(invalid="ignore"):
            d = np.where(np.isfinite(b), a - b, np.nan)
        delta = np.where(np.isinf(d), CUT_OFF_MINUTES, d).astype(np.float32).reshape(prep.grid.shape)
    return {"row": row, "delta": delta}


@dataclass
class EnsembleResult:
    rows: list[dict]  #: one per hazard, in input order (HAZARD_COLUMNS)
    segments: list[dict]  #: one per segment cut by at least one hazard (SEGMENT_STAT_COLUMNS)
    deltas: list[np.ndarray | None]  #: minutes added per cell per hazard (with ``deltas=True``)


def segment_statistics(rows: Sequence[dict]) -> list[dict]:
    """Per segment: how many hazards cut it, the mean and max population-minutes (and population lost) of
    those hazards, the worst one; most often cut first, then by mean loss."""
    acc: dict[str, list[dict]] = {}
    for r in rows:
        for sid in filter(None, (s.strip() for s in r["segments"].split(","))):
            acc.setdefault(sid, []).append(r)
    total = max(1, len(rows))
    out = []
    for sid, hits in acc.items():
        pm = np.array([h["pop_minutes_added"] for h in hits])
        lost = np.array([h["population_lost"] for h in hits])
        out.append({"segment_id": sid, "hazards_n": len(hits), "hazards_share": round(len(hits) / total, 4),
                    "pop_minutes_mean": float(pm.mean()), "pop_minutes_max": float(pm.max()),
                    "population_lost_mean": float(lost.mean()), "population_lost_max": float(lost.max()),
                    "worst_hazard": hits[int(np.argmax(pm))]["hazard"]})
    out.sort(key=lambda r: (-r["hazards_n"], -r["pop_minutes_mean"], r["segment_id"]))
    return out


def hazard_ensemble(engine: Engine, prepared: Prepared, centres: Sequence[Centre],
                    hazards: Sequence[tuple[str, Sequence[str]]], threshold: float, cities: PointSet,
                    scheduler: str | Scheduler | None = INPROCESS, progress=None, cancel=None, deltas: bool = False,
                    stats: BatchStats | None = None) -> EnsembleResult:
    """One disruption per hazard ((name, segment ids), e.g. from ``segments_crossing`` per polygon): a row per
    hazard and loss statistics per segment. ``progress(done, total)``."""
    if not hazards:
        raise BatchError("the hazard list is empty: give at least one hazard polygon or named disruption")
    known = prepared.network.minutes
    unknown = sorted({s for _, ids in hazards for s in ids if s not in known})
    if unknown:
        raise BatchError(f"unknown or non-operating segment ids for this profile: {', '.join(unknown)}")
    cells, delays = _sources(engine, prepared, centres)
    raw = _solve_nearest(prepared, cells, delays)
    base = np.where(np.concatenate([prepared.land.ravel(), np.ones(len(raw) - prepared.grid.size, bool)]),
                    raw, np.inf)
    cell_idx = cities.rows * prepared.grid.ncols + cities.cols
    positions = segment_edge_positions(prepared)
    lean = _lean(prepared)
    inc = IncrementalN1(lean, cells, delays, raw, cities, threshold, positions) if fast.compiled() is not None else None
    shared = _HazardShared(lean, cells, delays, positions, base, cities, cell_idx, float(threshold), deltas, inc)
    tasks = [(str(name), sorted(set(ids))) for name, ids in hazards]
    out = run_batch(tasks, _hazard_task, shared, scheduler, progress, cancel, stats)
    rows = [o["row"] for o in out]
    return EnsembleResult(rows, segment_statistics(rows), [o["delta"] for o in out])


def segments_crossing_each(prepared: Prepared, engine: Engine, polygons: Sequence) -> list[list[str]]:
    """``scenarios.segments_crossing`` for many polygons (grid CRS) at once: the segments are read once and
    tested with shapely's vectorised predicate. Sorted unique ids per polygon."""
    segs = [(a["segment_id"], LineString([p, q])) for a, p, q in engine._segments(prepared.grid)
            if a["segment_id"] in prepared.network.minutes]
    ids = np.array([s for s, _ in segs], dtype=object)
    lines = np.array([g for _, g in segs], dtype=object)
    u_ids, u_lines = user_segment_lines(prepared.inputs, prepared.grid)  # the user's own network (issue 14)
    if len(u_lines):
        known = np.fromiter((s in prepared.network.minutes for s in u_ids), bool, len(u_ids))
        ids, lines = np.concatenate([ids, u_ids[known]]), np.concatenate([lines, u_lines[known]])
    shapely.prepare(lines)
    return [sorted(set(ids[shapely.intersects(lines, poly)].tolist())) if len(lines) else [] for poly in polygons]


# ---------------------------------------------------------------------------- siting candidates
@dataclass
class _ColumnShared:
    prepared: Prepared
    cities: PointSet


def _column_task(shared: _ColumnShared, task: tuple) -> np.ndarray:
    cell, delay = task
    return shared.cities.times(_surface(shared.prepared, [cell], [delay]))


def candidate_columns(engine: Engine, prepared: Prepared, existing: Sequence[Centre], candidates: Sequence[Centre],
                      cities: PointSet, scheduler: str | Scheduler | None = INPROCESS, progress=None, cancel=None,
                      warn: Callable[[str], None] | None = None, stats: BatchStats | None = None):
    """(minutes from the existing centres at the cities, cities x usable candidates matrix, usable candidates),
    the inputs of ``siting.choose``. A candidate off the study area or already a centre is skipped (``warn``)."""
    cells, delays = _sources(engine, prepared, existing)
    base = _surface(prepared, cells, delays)
    taken = {int(c) for c in cells}
    usable, tasks = [], []
    for c in candidates:
        try:
            cell = int(engine.source_cells(prepared, [c])[0])
        except HinterlandError as exc:
            if warn:
                warn(str(exc))
            continue
        if cell in taken:
            if warn:
                warn(f"candidate '{c.name}' is already a centre: skipped")
            continue
        taken.add(cell)
        usable.append(c)
        tasks.append((cell, float(c.delay_min)))
    cols = run_batch(tasks, _column_task, _ColumnShared(prepared, cities), scheduler, progress, cancel, stats)
    cand = np.stack(cols, axis=1) if cols else np.zeros((len(cities.rows), 0))
    return cities.times(base), cand, usable


# ---------------------------------------------------------------------------- coverage of many centre sets
@dataclass
class _CoverageShared:
    prepared: Prepared
    thresholds: list[float]
    cities: PointSet
    sites: dict


def _coverage_task(shared: _CoverageShared, task: tuple) -> list[dict]:
    set_name, names, cells, delays = task
    prep = shared.prepared
    surfaces = [_surface(prep, [c], [d]) for c, d in zip(cells, delays)]
    rows = coverage_table(surfaces, names, prep.land, prep.grid.res ** 2 / 1e6, shared.thresholds, shared.cities,
                          shared.sites)
    return [{"set": set_name, **r} for r in rows]


def coverage_sets(engine: Engine, prepared: Prepared, sets: Sequence[tuple[str, Sequence[Centre]]],
                  thresholds: Sequence[float], cities: PointSet, sites: dict[str, PointSet] | None = None,
                  scheduler: str | Scheduler | None = INPROCESS, progress=None, cancel=None,
                  stats: BatchStats | None = None) -> list[dict]:
    """The coverage table (``coverage.coverage_table``) of every named centre set, one task per set; rows carry
    the set's name in ``set``."""
    if not sets:
        raise BatchError("no centre sets given")
    tasks = []
    for name, centres in sets:
        active = [c for c in centres if c.enabled]
        cells, delays = _sources(engine, prepared, active)
        tasks.append((str(name), [c.name for c in active], [int(c) for c in cells], [float(d) for d in delays]))
    out = run_batch(tasks, _coverage_task, _CoverageShared(prepared, sorted(thresholds), cities, sites or {}),
                    scheduler, progress, cancel, stats)
    return [r for rows in out for r in rows]
