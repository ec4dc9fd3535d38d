#!/usr/bin/env bash
# Open real QGIS with the plugin installed in a throw-away profile (make qgis).
#   scripts/run_qgis.sh                       interactive (needs a display; starts Xvfb :99 if none)
#   scripts/run_qgis.sh --screenshot FILE     headless: start under Xvfb, click "Add strategic layers",
#                                             take a screenshot of the screen into FILE, quit
#   scripts/run_qgis.sh --screenshot-dock FILE      ... then run the dock for three centres
#   scripts/run_qgis.sh --screenshot-scenario FILE  ... then cut Hefei–Wuhan HSR in the Scenarios tab and
#                                                   evaluate the early-warning indicators
#   scripts/run_qgis.sh --screenshot-gateways FILE  ... the Gateways tab: hinterlands, then close the busiest
#   scripts/run_qgis.sh --screenshot-provinces FILE ... the Run tab with the own-data section open and the
#                                                   province table of the run
#   scripts/run_qgis.sh --screenshot-monitor FILE   ... the Monitor tab on the synthetic sample feed
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHOT=""
DOCK=0
[ "${1:-}" = "--screenshot" ] && SHOT=$(realpath -m "${2:?file}")
[ "${1:-}" = "--screenshot-dock" ] && { SHOT=$(realpath -m "${2:?file}"); DOCK=1; }
[ "${1:-}" = "--screenshot-scenario" ] && { SHOT=$(realpath -m "${2:?file}"); DOCK=2; }
[ "${1:-}" = "--screenshot-gateways" ] && { SHOT=$(realpath -m "${2:?file}"); DOCK=3; }
[ "${1:-}" = "--screenshot-provinces" ] && { SHOT=$(realpath -m "${2:?file}"); DOCK=4; }
[ "${1:-}" = "--screenshot-monitor" ] && { SHOT=$(realpath -m "${2:?file}"); DOCK=5; }
LANG_UI=${HINTERLAND_LOCALE:-en_US}

PROFILES=$(mktemp -d /tmp/hinterland-qgis-XXXXXX)
trap 'rm -rf "$PROFILES"; [ -n "${XVFB_PID:-}" ] && kill $XVFB_PID 2>/dev/null || true' EXIT
PROFILE="$PROFILES/profiles/hinterland"
.venv/bin/python scripts/package.py install --profile-dir "$PROFILE" --zip dist/hinterland_plugin.zip
# quiet first start: no tips, no news, no version check, chosen UI locale
cat >> "$PROFILE/QGIS/QGIS3.ini" <<INI

[qgis]
checkVersion=false
showTips340=false
allowVersionCheck=false
[core]
NewsFeed\\httpsfeedqgisorg\\disabled=true
[locale]
overrideFlag=true
userLocale=$LANG_UI
globalLocale=$LANG_UI
[UI]
hidebrowser=true
INI

if [ -z "${DISPLAY:-}" ] || [ -n "$SHOT" ]; then
  export DISPLAY=:99
  if ! xdpyinfo -display :99 >/dev/null 2>&1; then
    Xvfb :99 -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
    XVFB_PID=$!
    sleep 2
  fi
fi
unset QT_QPA_PLATFORM
# the engine's Python dependencies (shapely 2, numba, ...) live in the project venv
export PYTHONPATH="$("$ROOT/.venv/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")${PYTHONPATH:+:$PYTHONPATH}"
[ -d /usr/share/proj ] && export PROJ_DATA=${PROJ_DATA:-/usr/share/proj}

if [ -z "$SHOT" ]; then
  exec qgis --profiles-path "$PROFILES" --profile hinterland --nologo --noversioncheck
fi

STARTUP=$(mktemp /tmp/hinterland-startup-XXXXXX.py)
echo "HINTERLAND_DOCK = $DOCK" > "$STARTUP"
cat >> "$STARTUP" <<'PY'
import qgis.utils
from qgis.PyQt.QtCore import QTimer
def _go():
    plugin = qgis.utils.plugins.get("hinterland_plugin")
    if plugin is None:
        print("HINTERLAND: plugin not loaded", flush=True)
        return
    iface = qgis.utils.iface
    # the whole screen in Qt's logical pixels: Xvfb at 1920 x 1080 is 1844 x 1037 at its 100 dpi, so a fixed
    # 1920 x 1080 put the right 80 px (the dock's edge) off screen in every screenshot
    iface.mainWindow().setGeometry(iface.mainWindow().screen().availableGeometry())
    plugin.actions[0].trigger()  # what a click on the toolbar button does
    QTimer.singleShot(1500, _zoom)
def _zoom():
    iface = qgis.utils.iface
    from qgis.core import QgsProject
    group = QgsProject.instance().layerTreeRoot().findGroup("Strategic hinterland / 国家战略腹地")
    country = [n.layer() for n in group.findLayers() if n.layer().customProperty("hinterland/theme") == "provinces"]
    if country:
        iface.setActiveLayer(country[0])
        iface.zoomToActiveLayer()
    iface.mapCanvas().refresh()
    if HINTERLAND_DOCK:
        QTimer.singleShot(500, _dock)
        return
    print("HINTERLAND: action triggered, CRS", QgsProject.instance().crs().description(), flush=True)
def _dock():
    iface = qgis.utils.iface
    from hinterland_plugin.gui.state import CentreRow
    plugin = qgis.utils.plugins["hinterland_plugin"]
    plugin.panel_action.trigger()  # open the panel as a user would
    d = plugin.dock
    from qgis.PyQt.QtCore import Qt
    iface.mainWindow().resizeDocks([d], [600], Qt.Orientation.Horizontal)
    if HINTERLAND_DOCK == 3:
        _gateways(d)
        return
    if HINTERLAND_DOCK == 5:
        d.show_tab("monitor")
        d.runner.finished.connect(lambda run: print(
            "HINTERLAND: monitor", run.ok, run.error, "dock", d.geometry(), d.widget().minimumSizeHint(),
            [(d.tabs.tabText(i), d.tabs.widget(i).minimumSizeHint().width()) for i in range(d.tabs.count())],
            flush=True))
        d.monitor_tab.run_btn.click()
        return
    for name, lon, lat in (("成都 Chengdu", 104.07, 30.67), ("武汉 Wuhan", 114.30, 30.59), ("西安 Xi'an", 108.94, 34.34)):
        d.state.add_centre(CentreRow(name, lon, lat))
    d.tabs.setCurrentIndex(1)
    if HINTERLAND_DOCK == 4:  # Sichuan and Chongqing at 2 km through the own-data section
        d.state.set_centres([CentreRow("成都 Chengdu", 104.07, 30.67), CentreRow("重庆 Chongqing", 106.55, 29.56)])
        box = d.run_tab.inputs_box
        box.setCollapsed(False)
        box.extent.setText("97.3,110.2,26.0,34.4 [EPSG:4326]")
        box.extent.editingFinished.emit()
        d.run_tab.resolution.setValue(2000)
        d.run_tab.summary.views.setCurrentWidget(d.run_tab.summary.provinces)
        d.resultsReady.connect(lambda rows: QTimer.singleShot(3000, _reopen))
        d.run_tab.run()
        return
    if HINTERLAND_DOCK == 2:
        d.resultsReady.connect(lambda rows: QTimer.singleShot(200, _scenario))
    else:
        d.resultsReady.connect(lambda rows: print("HINTERLAND: dock results", len(rows), "window",
                                                  iface.mainWindow().geometry(), "dock", d.geometry(), flush=True))
    d.run_tab.run()
def _scenario():
    iface = qgis.utils.iface
    d = qgis.utils.plugins["hinterland_plugin"].dock
    panel = d.disruption_tab
    d.show_tab("disruption")
    panel.name_edit.setText("合肥—武汉高铁中断")
    panel.set_selected_ids(["hsr_h5_yanjiang:03"])
    panel.seg_search.setText("沿江")
    panel.scenarioReady.connect(lambda name, rows: QTimer.singleShot(200, d.warning_tab.run_indicators))
    d.warning_tab.indicatorsReady.connect(lambda rows: print("HINTERLAND: scenario and indicators", len(rows), flush=True))
    panel.run_scenario()
def _reopen():
    """Save the project, close it, open it again: the dock must show the same inputs, centres and tables."""
    import tempfile
    from qgis.core import QgsProject
    d = qgis.utils.plugins["hinterland_plugin"].dock
    before = (dict(d.state.inputs), len(d.state.centres()), len(d.state.admin_rows), len(d.state.coverage_rows))
    path = tempfile.mkdtemp(prefix="hinterland-reopen-") + "/sichuan.qgz"
    QgsProject.instance().write(path)
    QgsProject.instance().clear()
    QgsProject.instance().read(path)
    after = (dict(d.state.inputs), len(d.state.centres()), len(d.state.admin_rows), len(d.state.coverage_rows))
    d.run_tab.summary.views.setCurrentWidget(d.run_tab.summary.provinces)
    QTimer.singleShot(2000, lambda: print(
        "HINTERLAND: reopen", "same" if before == after else "DIFFERENT", before, after,
        d.run_tab.estimate_label.text(), d.run_tab.summary.provinces.rowCount(),
        [(lyr.name(), lyr.isValid()) for lyr in qgis.utils.iface.mapCanvas().layers()],
        [lyr.name() for lyr in QgsProject.instance().layerTreeRoot().customLayerOrder()], flush=True))
def _gateways(d):
    tab = d.gateways_tab
    d.show_tab("gateways")
    tab.resolution.setValue(20000)
    def done(run):
        if run.ok and not run.extra.get("close") and tab.gateway_rows:
            busiest = max(tab.gateway_rows, key=lambda r: r["population"])["gateway"]
            tab.close_combo.setCurrentText(busiest)
            QTimer.singleShot(200, tab.close_btn.click)
            return
        QTimer.singleShot(2000, lambda: _report_gateways(tab, run))
    d.runner.finished.connect(done)
    tab.run_btn.click()
def _report_gateways(tab, run):
    from qgis.core import QgsProject
    root = QgsProject.instance().layerTreeRoot()
    print("HINTERLAND: gateways", run.ok, run.error, len(tab.closure_rows), root.hasCustomLayerOrder(),
          [lyr.name() for lyr in root.customLayerOrder()], [lyr.name() for lyr in qgis.utils.iface.mapCanvas().layers()],
          flush=True)
QTimer.singleShot(3000, _go)
PY
qgis --profiles-path "$PROFILES" --profile hinterland --nologo --noversioncheck --code "$STARTUP" \
  > "$PROFILES/qgis.log" 2>&1 &
QPID=$!
for _ in $(seq 1 240); do grep -q "HINTERLAND:" "$PROFILES/qgis.log" 2>/dev/null && break; sleep 1; done
sleep 8
mkdir -p "$(dirname "$SHOT")"
import -window root "$SHOT"
kill $QPID 2>/dev/null || true
wait $QPID 2>/dev/null || true
grep "HINTERLAND" "$PROFILES/qgis.log" || { echo "QGIS did not run the startup code; log:"; tail -30 "$PROFILES/qgis.log"; exit 1; }
echo "screenshot: $SHOT"
rm -f "$STARTUP"
