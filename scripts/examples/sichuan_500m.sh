#!/bin/bash
# Sichuan at 500 m with a user road layer, end to end through qgis_process (plugin installed in a scratch profile)
set -e
cd /work/main
CFG=$(mktemp -d)
.venv/bin/python -c "import sys; sys.path.insert(0,'scripts'); import package; package.install('$CFG/profiles/default')" >/dev/null
export QGIS_CUSTOM_CONFIG_PATH=$CFG QT_QPA_PLATFORM=offscreen PROJ_DATA=/usr/share/proj HINTERLAND_CACHE_DIR=$(mktemp -d)
export PYTHONPATH=$(.venv/bin/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
/usr/bin/time -f "TIME %e s, peak %M KB" qgis_process run hinterland:coverage -- CENTRES=/tmp/sc/centres.geojson NAME_FIELD=name \
  PROFILE=road RESOLUTION=500 THRESHOLDS=60,120,240 STUDY_AREA=/tmp/sc/sichuan.geojson NETWORK=/tmp/sc/my_roads.gpkg \
  NETWORK_SPEED_FIELD=kmh NETWORK_USE=replace OUTPUT=/tmp/sc/table.csv OUTPUT_TIME=/tmp/sc/time.tif OUTPUT_ADMIN=/tmp/sc/admin.csv
