#!/usr/bin/env bash
# Sichuan at 500 m with a user road layer, end to end through qgis_process (the plugin installed into a scratch
# profile). Makes its inputs from the bundled data: the Sichuan outline (STUDY_AREA), the national roads that
# cross it as a user layer with a kmh field (NETWORK, NETWORK_USE=replace), three centres. Run: make setup first.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-out/sichuan_500m}
mkdir -p "$OUT"
export PROJ_DATA=${PROJ_DATA:-/usr/share/proj} QT_QPA_PLATFORM=offscreen
.venv/bin/python - "$OUT" <<'PY'
import json, sys
from osgeo import ogr, osr
from shapely.geometry import box, mapping
from hinterland_plugin.core.gpkg import read_layer
from hinterland_plugin.core.resources import data_path
out = sys.argv[1]
prov = next(g for a, g in read_layer(data_path(), "provinces") if a["adcode"] == "510000")
json.dump({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Sichuan"},
           "geometry": mapping(prov)}]}, open(f"{out}/sichuan.geojson", "w"))
env = box(*prov.bounds).buffer(0.5)
ds = ogr.GetDriverByName("GPKG").CreateDataSource(f"{out}/my_roads.gpkg")
srs = osr.SpatialReference(); srs.ImportFromEPSG(4326)
lyr = ds.CreateLayer("roads", srs, ogr.wkbLineString); lyr.CreateField(ogr.FieldDefn("kmh", ogr.OFTReal))
for a, g in read_layer(data_path(), "roads"):
    if g is not None and g.intersects(env):
        for part in getattr(g, "geoms", [g]):
            f = ogr.Feature(lyr.GetLayerDefn()); f.SetField("kmh", 95.0 if a.get("class") == "expressway" else 60.0)
            f.SetGeometry(ogr.CreateGeometryFromWkb(part.wkb)); lyr.CreateFeature(f)
ds = None
json.dump({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": n},
           "geometry": {"type": "Point", "coordinates": c}} for n, c in
           (("Chengdu", [104.07, 30.67]), ("Mianyang", [104.74, 31.47]), ("Xichang", [102.27, 27.89]))]},
          open(f"{out}/centres.geojson", "w"))
PY
CFG=$(mktemp -d)
.venv/bin/python -c "import sys; sys.path.insert(0, 'scripts'); import package; package.install('$CFG/profiles/default')" >/dev/null
export QGIS_CUSTOM_CONFIG_PATH=$CFG HINTERLAND_CACHE_DIR=${HINTERLAND_CACHE_DIR:-$(mktemp -d)}
PYTHONPATH=$(.venv/bin/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
export PYTHONPATH
/usr/bin/time -f "TIME %e s, peak %M KB" qgis_process run hinterland:coverage -- CENTRES="$OUT/centres.geojson" \
  NAME_FIELD=name PROFILE=road RESOLUTION=500 THRESHOLDS=60,120,240 STUDY_AREA="$OUT/sichuan.geojson" \
  NETWORK="$OUT/my_roads.gpkg" NETWORK_SPEED_FIELD=kmh NETWORK_USE=replace OUTPUT="$OUT/table.csv" \
  OUTPUT_TIME="$OUT/time.tif" OUTPUT_ADMIN="$OUT/admin.csv"
rm -rf "$CFG"
