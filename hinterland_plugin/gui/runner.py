"""One runner for every Processing algorithm the dock starts: created from the registry by id, parameters
checked with ``checkParameterValues``, a proper context (project, transform context, temporary folder),
threaded algorithms in a ``QgsProcessingAlgRunnerTask`` and ``FlagNoThreading`` ones on the main thread,
progress and phase text from the first second, cancel, and ``cancel_all(wait=True)`` for unload."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsProcessingAlgorithm,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingUtils,
    QgsProject,
    QgsTask,
)
from qgis.PyQt.QtCore import QEventLoop, QObject, QTimer, pyqtSignal, pyqtSlot

from ..i18n import Translatable


class RunnerFeedback(QgsProcessingFeedback):
    """Keeps the errors the algorithm reported (the last one is shown) and relays its phase texts."""

    phase = pyqtSignal(str)

    def __init__(self):
        super().__init__()
        self.errors: list[str] = []

    @property
    def last_error(self) -> str:
        return self.errors[-1] if self.errors else ""

    def reportError(self, error, fatalError=False):  # noqa: N803 - QGIS API
        self.errors.append(str(error))
        super().reportError(error, fatalError)

    def pushInfo(self, info):
        super().pushInfo(info)
        self.phase.emit(str(info))

    def setProgressText(self, text):
        super().setProgressText(text)
        self.phase.emit(str(text))


@dataclass
class RunResult:
    """What one run produced: the results dict (declared outputs only) and its context."""

    alg_id: str
    ok: bool
    results: dict
    context: QgsProcessingContext
    error: str = ""
    cancelled: bool = False
    owner: object = None
    extra: dict = field(default_factory=dict)

    def take_layer(self, key: str):
        """The layer of a feature-sink output kept in the context (``TEMPORARY_OUTPUT``), or None."""
        value = self.results.get(key)
        return self.context.takeResultLayer(value) if value else None


@dataclass
class _Run:
    alg_id: str
    alg: QgsProcessingAlgorithm
    params: dict
    context: QgsProcessingContext
    feedback: RunnerFeedback
    on_done: object
    owner: object
    extra: dict
    task: QgsProcessingAlgRunnerTask | None = None
    start: float = 0.0
    phase: str = ""


class AlgorithmRunner(Translatable, QObject):
    """Runs one algorithm at a time for the whole dock (tabs share it, so two solves never compete)."""

    started = pyqtSignal(str)  # algorithm id
    progressChanged = pyqtSignal(float)  # noqa: N815 - Qt signal name
    status = pyqtSignal(str)  # phase text and elapsed seconds, every second
    finished = pyqtSignal(object)  # RunResult
    refused = pyqtSignal(object, str)  # owner, message: the run could not start

    def __init__(self, parent=None):
        super().__init__(parent)
        self._run: _Run | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

    # ------------------------------------------------------------------ public
    def busy(self) -> bool:
        return self._run is not None

    @property
    def owner(self):
        return self._run.owner if self._run is not None else None

    @staticmethod
    def make_context(project: QgsProject | None = None, temporary_folder: str | None = None) -> QgsProcessingContext:
        project = project or QgsProject.instance()
        context = QgsProcessingContext()
        context.setProject(project)
        context.setTransformContext(project.transformContext())
        context.setTemporaryFolder(temporary_folder or QgsProcessingUtils.tempFolder())
        return context

    def run(self, alg_id: str, params: dict, on_done=None, owner=None, extra: dict | None = None,
            phase: str | None = None) -> bool:
        """Start ``alg_id``; ``on_done(RunResult)`` is called on the main thread when it ends. ``phase``: the
        text shown until the algorithm reports its own.

        False (and ``refused`` with the reason) when another run is going on, the algorithm is unknown or
        its parameters are refused by ``checkParameterValues``."""
        if self._run is not None:
            self.refused.emit(owner, self.tr("Another analysis is running; wait for it or cancel it."))
            return False
        alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
        if alg is None:
            self.refused.emit(owner, self.tr("The Hinterland Processing provider is not loaded."))
            return False
        # the own data goes to every algorithm that takes it; one that does not is not given it
        params = {k: v for k, v in params.items() if alg.parameterDefinition(k) is not None}
        context = self.make_context()
        ok, message = alg.checkParameterValues(params, context)
        if not ok:
            self.refused.emit(owner, message)
            return False
        feedback = RunnerFeedback()
        feedback.progressChanged.connect(self._on_progress)
        feedback.phase.connect(self._on_phase)
        run = _Run(alg_id, alg, dict(params), context, feedback, on_done, owner, extra or {}, start=time.monotonic(),
                   phase=phase or self.tr("Starting…"))
        self._run = run
        self.started.emit(alg_id)
        self._tick()
        self._timer.start()
        if alg.flags() & Qgis.ProcessingAlgorithmFlag.NoThreading:
            QTimer.singleShot(0, self._run_here)  # layouts and the like: main thread, after the UI updated
        else:
            run.task = QgsProcessingAlgRunnerTask(alg, run.params, context, feedback)
            run.task.executed.connect(self._on_executed)
            QgsApplication.taskManager().addTask(run.task)
        return True

    def cancel(self) -> None:
        run = self._run
        if run is None:
            return
        run.feedback.cancel()
        if run.task is not None:
            run.task.cancel()

    def cancel_all(self, wait: bool = True, timeout_ms: int = 30000) -> None:
        """Cancel the running task and (``wait``) block until its thread has ended; no callback fires after."""
        run = self._run
        if run is None:
            return
        self.cancel()
        if run.task is not None:
            try:
                run.task.executed.disconnect(self._on_executed)
                if wait:
                    _wait_for(run.task, timeout_ms)
            except (TypeError, RuntimeError):  # not connected any more / already deleted by the task manager
                pass
        self._timer.stop()
        self._run = None

    # ------------------------------------------------------------------ internals
    @pyqtSlot(float)
    def _on_progress(self, value: float):
        self.progressChanged.emit(value)

    @pyqtSlot(str)
    def _on_phase(self, text: str):
        if self._run is not None:
            self._run.phase = text
            self._tick()

    def _tick(self):
        run = self._run
        if run is not None:
            self.status.emit(self.tr("{0} ({1} s)").format(run.phase, int(time.monotonic() - run.start)))

    def _run_here(self):
        run = self._run
        if run is None:
            return
        try:
            results, ok = run.alg.run(run.params, run.context, run.feedback)
        except QgsProcessingException as exc:
            run.feedback.reportError(str(exc), True)
            results, ok = {}, False
        self._end(run, ok, results)

    @pyqtSlot(bool, "QVariantMap")
    def _on_executed(self, ok: bool, results: dict):
        if self._run is not None:
            self._end(self._run, ok, results)

    def _end(self, run: _Run, ok: bool, results: dict):
        self._timer.stop()
        self._run = None
        cancelled = run.feedback.isCanceled()
        error = self.tr("Cancelled.") if cancelled else run.feedback.last_error
        result = RunResult(run.alg_id, bool(ok) and not cancelled, dict(results or {}), run.context, error,
                           cancelled, run.owner, run.extra)
        if run.on_done is not None:
            run.on_done(result)
        self.finished.emit(result)


def _wait_for(task: QgsTask, timeout_ms: int) -> None:
    """Block until ``task`` has ended. Not QgsTask.waitForFinished: a task reports its end through the main
    thread's event loop, so waiting for it on the main thread would always run into the timeout."""
    if task.status() in (QgsTask.TaskStatus.Complete, QgsTask.TaskStatus.Terminated):
        return
    loop = QEventLoop()
    task.taskCompleted.connect(loop.quit)
    task.taskTerminated.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
