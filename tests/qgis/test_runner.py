"""The dock's AlgorithmRunner on a small probe provider: threading flags honoured, parameters checked before
anything starts, the context it builds, progress and phase from the start, errors kept, cancel_all."""
from __future__ import annotations

import threading
import time

import pytest
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterNumber,
    QgsProcessingProvider,
    QgsProject,
)

from hinterland_plugin.gui.runner import AlgorithmRunner

SEEN: dict = {}


class _Probe(QgsProcessingAlgorithm):
    NAME = "threaded"
    FLAGS = 0

    def createInstance(self):
        return type(self)()

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return self.NAME

    def flags(self):
        return super().flags() | self.FLAGS

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterNumber("SECONDS", "seconds", Qgis.ProcessingNumberParameterType.Double,
                                                       defaultValue=0.0))
        self.addOutput(QgsProcessingOutputString("THREAD", "thread"))

    def checkParameterValues(self, parameters, context):
        if float(parameters.get("SECONDS", 0)) < 0:
            return False, "SECONDS must not be negative"
        return super().checkParameterValues(parameters, context)

    def processAlgorithm(self, parameters, context, feedback):
        SEEN[self.NAME] = {"main": threading.current_thread() is threading.main_thread(),
                           "project": context.project(), "tmp": context.temporaryFolder()}
        feedback.setProgressText("phase one")
        end = time.monotonic() + self.parameterAsDouble(parameters, "SECONDS", context)
        while time.monotonic() < end:
            if feedback.isCanceled():
                feedback.reportError("stopped by the user")
                raise QgsProcessingException("cancelled")
            time.sleep(0.01)
        if self.parameterAsDouble(parameters, "SECONDS", context) == 0.5:
            feedback.reportError("half a second is not allowed")
            raise QgsProcessingException("failed")
        return {"THREAD": "main" if SEEN[self.NAME]["main"] else "worker"}


class _MainThreadProbe(_Probe):
    NAME = "mainthread"
    FLAGS = Qgis.ProcessingAlgorithmFlag.NoThreading


class _Provider(QgsProcessingProvider):
    def id(self):  # noqa: A003
        return "probe"

    def name(self):
        return "probe"

    def loadAlgorithms(self):  # noqa: N802
        self.addAlgorithm(_Probe())
        self.addAlgorithm(_MainThreadProbe())


@pytest.fixture()
def runner(qgis_app, qgis_processing, project):
    provider = _Provider()
    QgsApplication.processingRegistry().addProvider(provider)
    r = AlgorithmRunner()
    yield r
    r.cancel_all(wait=True)
    QgsApplication.processingRegistry().removeProvider(provider)


def _run(runner, qtbot, alg, params):
    got = []
    with qtbot.waitSignal(runner.finished, timeout=20000):
        assert runner.run(alg, params, got.append)
    return got[0]


def test_threaded_in_a_task_and_no_threading_on_the_main_thread(runner, qtbot):
    assert _run(runner, qtbot, "probe:threaded", {"SECONDS": 0}).results["THREAD"] == "worker"
    run = _run(runner, qtbot, "probe:mainthread", {"SECONDS": 0})
    assert run.ok and run.results["THREAD"] == "main"


def test_context_has_the_project_and_a_temporary_folder(runner, qtbot):
    _run(runner, qtbot, "probe:threaded", {"SECONDS": 0})
    assert SEEN["threaded"]["project"] is QgsProject.instance() and SEEN["threaded"]["tmp"]


def test_parameters_are_checked_before_anything_starts(runner):
    refused = []
    runner.refused.connect(lambda owner, msg: refused.append((owner, msg)))
    assert not runner.run("probe:threaded", {"SECONDS": -1}, owner="tab")
    assert refused == [("tab", "SECONDS must not be negative")] and not runner.busy()
    assert not runner.run("probe:nothing", {}, owner="tab")
    assert "provider" in refused[-1][1] or "算法" in refused[-1][1] or "加载" in refused[-1][1]


def test_the_last_error_is_reported(runner, qtbot):
    run = _run(runner, qtbot, "probe:threaded", {"SECONDS": 0.5})
    assert not run.ok and not run.cancelled and run.error == "failed"  # the exception: the last error reported


def test_progress_and_phase_from_the_start_and_one_run_at_a_time(runner, qtbot):
    phases, refused = [], []
    runner.status.connect(phases.append)
    runner.refused.connect(lambda owner, msg: refused.append(msg))
    assert runner.run("probe:threaded", {"SECONDS": 2.5})
    assert phases and runner.busy()  # a phase text before the algorithm said anything
    assert not runner.run("probe:threaded", {"SECONDS": 0}) and refused
    qtbot.waitUntil(lambda: any("phase one" in p for p in phases), timeout=5000)
    qtbot.waitUntil(lambda: any("phase one (1 s)" in p for p in phases), timeout=5000)  # ticking every second
    t0 = time.monotonic()
    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        runner.cancel()
    assert time.monotonic() - t0 < 1.0
    run = blocker.args[0]
    assert run.cancelled and not run.ok and not runner.busy()


def test_cancel_all_waits_and_no_callback_fires_afterwards(runner, qtbot):
    called = []
    assert runner.run("probe:threaded", {"SECONDS": 10}, called.append)
    qtbot.wait(300)
    t0 = time.monotonic()
    runner.cancel_all(wait=True)
    assert time.monotonic() - t0 < 2.0
    assert QgsApplication.taskManager().countActiveTasks() == 0 and not runner.busy()
    qtbot.wait(300)
    assert called == []
