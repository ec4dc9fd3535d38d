"""What a dock user waits for (``make bench``, not part of ``make test``: nothing here asserts a time).

The dock on the bundled data at 5 km, multimodal, 4 centres: one run to prepare (grid from the disk cache), then
reruns with the centres moved — each timed from the click on Run to ``resultsReady`` (emitted once the result
layers are in the project). Prints one JSON line; run it explicitly:

    QT_QPA_PLATFORM=offscreen pytest tests/qgis/bench_dock_rerun.py -s -p no:cacheprovider
"""
from __future__ import annotations

import json
import os
import statistics
import time

import hinterland_plugin
from hinterland_plugin.gui.dock import HinterlandDock
from hinterland_plugin.gui.state import CentreRow

SITES = [("Chengdu", 104.07, 30.67), ("Chongqing", 106.55, 29.56), ("Wuhan", 114.30, 30.59), ("Xi'an", 108.94, 34.34)]


def test_dock_rerun_at_5km(qgis_iface, qgis_processing, real_engine, qtbot, project):
    plug = hinterland_plugin.classFactory(None)
    plug.initProcessing()
    plug.provider.set_engine(real_engine)
    dock = HinterlandDock(qgis_iface)
    qtbot.addWidget(dock)
    try:
        dock.run_tab.resolution.setValue(5000)
        dock.run_tab.profile.setCurrentIndex(dock.run_tab.profile.findData("multimodal"))
        dock.run_tab.thresholds.setText("60,120,180,240")
        for name, x, y in SITES:
            dock.state.add_centre(CentreRow(name, x, y))
        times = []
        for k in range(6):  # the first run prepares the grid and compiles nothing new; the others are reruns
            if k:
                for i, row in enumerate(dock.state.centres()):
                    dock.state.update_centre(i, lon=row.lon + 0.3 * (1 if k % 2 else -1))
            t0 = time.perf_counter()
            with qtbot.waitSignal(dock.resultsReady, timeout=300000):
                dock.run_tab.run_btn.click()
            times.append(time.perf_counter() - t0)
        out = {"first_s": round(times[0], 3), "rerun_median_s": round(statistics.median(times[1:]), 3),
               "reruns_s": [round(t, 3) for t in times[1:]], "cpus": os.cpu_count()}
        print("DOCK_BENCH " + json.dumps(out))
    finally:
        dock.unload()
        plug.unload()
