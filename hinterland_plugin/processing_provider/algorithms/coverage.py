"""hinterland:coverage — the coverage and accessibility figures of a set of hinterland centres."""
from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingOutputMultipleLayers,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingUtils,
    QgsWkbTypes,
)

from ...core.catalog import name_field
from ...core.constants import SITE_SETS, WGS84
from ...core.engine.admin import admin_columns, admin_rows, group_lut
from ...core.engine.coverage import access_indices, coverage_table, k_coverage, nearest_two
from ...core.engine.grid import check_memory
from ...core.engine.model import bundled_points
from ...core.engine.outputs import isochrones, write_polygons_gpkg
from ...crs import albers_crs
from ...i18n import QT_TRANSLATE_NOOP, language
from ...styling import style_access, style_allocation, style_isochrones, style_prefecture_times, style_time
from ..adapter import (
    NO_GEOMETRY,
    VECTOR_POINT,
    VECTOR_POLYGON,
    add_features,
    cancel_flag,
    check_output,
    engine_call,
    isochrone_features,
    isochrone_fields,
    style_on_load,
    table_features,
    table_fields,
    write_raster,
)
from .base import EngineAlgorithm

COLUMNS = [
    ("centre", "string"), ("threshold_min", "double"), ("area_km2", "double"), ("area_share", "double"),
    ("population", "double"), ("population_share", "double"), ("mean_time_min", "double"),
    ("pop_weighted_time_min", "double"),
] + [(f"{s}_{k}", t) for s in SITE_SETS for k, t in (("n", "int"), ("names", "string"))] + [
    ("backup_area_km2", "double"), ("backup_population", "double"), ("uncovered_area_km2", "double"),
    ("uncovered_population", "double"),
]
ACCESS_COLUMNS = [("name", "string"), ("population", "double"), ("time_min", "double"), ("gravity", "double"),
                  ("sfca2_per_100k", "double"), ("e2sfca_per_100k", "double")]


class CoverageAlgorithm(EngineAlgorithm):
    ALG_ID = "coverage"
    DISPLAY_NAME = QT_TRANSLATE_NOOP("CoverageAlgorithm", "Coverage of hinterland centres")
    HELP = (QT_TRANSLATE_NOOP("CoverageAlgorithm", "For each centre and each threshold (and for all centres together, centre = ALL): land area (km²) "
            "and share, people reached — the 2020 census population (7th national census by county; Hong Kong "
            "and Macao 2021 censuses, Taiwan household registration) spread over each county's land cells — and "
            "their share of everybody on the grid, the strategic reserve sites, computing hubs and corridor hubs "
            "reached (count and names), the mean travel time of the covered land and the population-weighted mean "
            "time. For ALL also the backup coverage (area and people within the threshold of at least two centres) "
            "and what no centre covers; rows 'without:<centre>' give what the other centres still cover if that "
            "centre fails. Optional: a table by province and prefecture (people within each threshold, share, "
            "population-weighted mean time, nearest centre) and the prefecture choropleth of that time; travel "
            "time to the nearest centre, nearest centre, second-nearest (backup) time, isochrones; with PER_CENTRE "
            "one travel-time raster per centre and one k-coverage raster per threshold. OUTPUT_LAYERS (optional "
            "folder, for older scripts) receives time.tif, allocation.tif, backup.tif, isochrones.gpkg, "
            "time_centre_<i>.tif and kcoverage_<T>.tif."))

    OUTPUT = "OUTPUT"
    OUTPUT_LAYERS = "OUTPUT_LAYERS"
    CAPACITY_FIELD = "CAPACITY_FIELD"
    CATCHMENT = "CATCHMENT"
    BETA = "BETA"
    OUTPUT_ACCESS = "OUTPUT_ACCESS"
    OUTPUT_TIME = "OUTPUT_TIME"
    OUTPUT_ALLOCATION = "OUTPUT_ALLOCATION"
    OUTPUT_BACKUP = "OUTPUT_BACKUP"
    OUTPUT_ISOCHRONES = "OUTPUT_ISOCHRONES"
    PER_CENTRE = "PER_CENTRE"
    OUTPUT_CENTRE_TIMES = "OUTPUT_CENTRE_TIMES"
    OUTPUT_KCOVERAGE = "OUTPUT_KCOVERAGE"
    OUTPUT_ADMIN = "OUTPUT_ADMIN"
    OUTPUT_PREFECTURES = "OUTPUT_PREFECTURES"

    def initAlgorithm(self, config=None):
        self.add_centres()
        self.add_profile_and_resolution()
        self.add_thresholds()
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Coverage table"), NO_GEOMETRY))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_LAYERS, self.tr("Folder for the result layers"), optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterField(
            self.CAPACITY_FIELD, self.tr("Centre capacity field (supply for 2SFCA / gravity)"),
            parentLayerParameterName="CENTRES", type=QgsProcessingParameterField.DataType.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.CATCHMENT, self.tr("Catchment for 2SFCA (minutes)"), QgsProcessingParameterNumber.Type.Double,
            defaultValue=180.0, minValue=1.0, maxValue=7 * 24 * 60.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.BETA, self.tr("Distance-decay exponent of the gravity potential"),
            QgsProcessingParameterNumber.Type.Double, defaultValue=1.0, minValue=0.0, maxValue=10.0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_ACCESS, self.tr("Accessibility of cities"), VECTOR_POINT, optional=True, createByDefault=False))
        for key, label in ((self.OUTPUT_TIME, self.tr("Travel time to the nearest centre (minutes)")),
                           (self.OUTPUT_ALLOCATION, self.tr("Nearest centre (index)")),
                           (self.OUTPUT_BACKUP, self.tr("Second-nearest centre time (minutes)"))):
            self.addParameter(QgsProcessingParameterRasterDestination(key, label, optional=True,
                                                                      createByDefault=False))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_ISOCHRONES, self.tr("Isochrones (nearest centre)"), VECTOR_POLYGON, optional=True,
            createByDefault=False))
        self.addParameter(QgsProcessingParameterBoolean(
            self.PER_CENTRE, self.tr("Also write one travel-time raster per centre and k-coverage rasters"),
            defaultValue=False, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_ADMIN, self.tr("Coverage by province and prefecture"), NO_GEOMETRY, optional=True,
            createByDefault=False))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_PREFECTURES, self.tr("Prefectures: population-weighted time to the nearest centre"),
            VECTOR_POLYGON, optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputMultipleLayers(self.OUTPUT_CENTRE_TIMES,
                                                         self.tr("Travel time per centre (minutes)")))
        self.addOutput(QgsProcessingOutputMultipleLayers(self.OUTPUT_KCOVERAGE,
                                                         self.tr("Centres within each threshold (k-coverage)")))

    def processAlgorithm(self, parameters, context, feedback):
        thresholds = self.read_thresholds(parameters, context)
        cap_field = self.parameterAsString(parameters, self.CAPACITY_FIELD, context)
        centres = self.read_centres(parameters, context, capacity_field=cap_field)
        engine, prepared = self.prepare(parameters, context, feedback)
        active = [c for c in centres if c.enabled]
        # what the run keeps besides the grid: a float32 surface per centre, its stacked copy and a boolean mask
        engine_call(check_memory, prepared.grid.size, prepared.grid.res, bytes_per_cell=9 * len(active))
        flag = cancel_flag(feedback)
        feedback.setProgressText(self.tr("Solving travel times from each centre…"))
        surfaces = engine_call(engine.solve_each, prepared, active, cancel=flag,
                               progress=lambda done, total: feedback.setProgress(10 + 50 * done / total))
        # nearest, allocation, backup: from the same surfaces (the backup's centre is not an output here)
        near = engine_call(nearest_two, surfaces, backup_allocation=False)
        lang = language()
        names = [c.name for c in active]
        # the rasters are written on one background thread (GDAL compresses on all cores, without the GIL) while
        # this thread counts and fills the tables; paths are decided here, styles applied here once the files
        # exist. One writer, not two: two threads writing GeoTIFFs with overviews deadlocked inside GDAL once its
        # block cache was smaller than the rasters (GDAL_CACHEMAX=128 at 1 km: a hang, seen under gdb)
        pool = ThreadPoolExecutor(max_workers=1)
        try:
            result = self._run_tables(parameters, context, feedback, engine, prepared, active, surfaces, near,
                                      thresholds, names, lang, self._submit_rasters(pool, parameters, context,
                                                                                    prepared, near, surfaces,
                                                                                    thresholds, names))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        feedback.setProgress(100)
        return result

    def _run_tables(self, parameters, context, feedback, engine, prepared, active, surfaces, near, thresholds, names,
                    lang, pending) -> dict:
        feedback.setProgressText(self.tr("Placing the 2020 census population on the grid (cached)…"))
        people = engine_call(engine.people, prepared)
        sites = self.sites(engine, prepared, lang)
        feedback.setProgressText(self.tr("Counting what each centre covers…"))
        rows = coverage_table(surfaces, names, prepared.land, prepared.grid.res ** 2 / 1e6, thresholds, people, sites,
                              near=near)
        feedback.pushInfo(self.tr("People: 2020 census (7th national census by county; Hong Kong and Macao 2021 "
                                  "censuses; Taiwan household registration), spread over the land cells of each "
                                  "county; {0:,.0f} people on this grid.").format(float(people.weights.sum())))
        feedback.setProgress(70)
        extra = [(f"{s}_{k}", t) for s in sites if s not in SITE_SETS for k, t in (("n", "int"), ("names", "string"))]
        fields = table_fields(COLUMNS + extra)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.NoGeometry)
        add_features(sink, table_features(fields, rows), self.OUTPUT)
        result = {self.OUTPUT: dest}
        feedback.setProgressText(self.tr("Writing the result layers…"))
        result.update(self._isochrones(parameters, context, prepared, near, thresholds, names))
        result.update(self._admin(parameters, context, engine, prepared, near, thresholds, names, lang))
        folder = self.parameterAsString(parameters, self.OUTPUT_LAYERS, context)
        if folder:
            result[self.OUTPUT_LAYERS] = folder
            self._legacy_folder(Path(check_output(folder, parameters, context)), prepared, near, thresholds, names)
        if parameters.get(self.OUTPUT_ACCESS):
            cities = bundled_points(engine, prepared, "cities", "population", lang)
            result[self.OUTPUT_ACCESS] = self._access(parameters, context, prepared, cities, people, active, surfaces)
        result.update(self._collect_rasters(context, pending))
        return result

    def _submit_rasters(self, pool, parameters, context, prepared, near, surfaces, thresholds, names) -> list:
        """Start writing every raster output on ``pool``: (key or None, future, style, list key) per file."""
        pending = []
        for key, array, kwargs, style in (
                (self.OUTPUT_TIME, near.time, {}, style_time),
                (self.OUTPUT_ALLOCATION, near.allocation, {"nodata": -1, "dtype": "int32"},
                 lambda lyr: style_allocation(lyr, names)),
                (self.OUTPUT_BACKUP, near.backup, {}, style_time)):
            if parameters.get(key):
                path = check_output(self.parameterAsOutputLayer(parameters, key, context), parameters, context)
                pending.append((key, pool.submit(write_raster, path, array, prepared.grid, **kwargs), style, None))
        for list_key, path, make, kwargs in self._per_centre_jobs(parameters, context, prepared, surfaces, thresholds):
            pending.append((None, pool.submit(lambda p=path, m=make, k=kwargs: write_raster(
                p, m(), prepared.grid, overviews=False, **k)), None, list_key))
        return pending

    def _collect_rasters(self, context, pending) -> dict:
        """Wait for the raster writes (a failed one raises its translated error) and style the national ones."""
        out: dict = {}
        for key, future, style, list_key in pending:
            path = future.result()
            if key is not None:
                out[key] = path
                style_on_load(context, path, style)
            else:
                out.setdefault(list_key, []).append(path)
        return out

    def _isochrones(self, parameters, context, prepared, near, thresholds, names) -> dict:
        if not parameters.get(self.OUTPUT_ISOCHRONES):
            return {}
        polys = isochrones(near.time, near.allocation, prepared.grid, thresholds, names, mode="nearest")
        fields = isochrone_fields()
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT_ISOCHRONES, context, fields,
                                          QgsWkbTypes.Type.MultiPolygon, albers_crs())
        add_features(sink, isochrone_features(polys, fields, "nearest"), self.OUTPUT_ISOCHRONES)
        style_on_load(context, dest, lambda lyr: style_isochrones(lyr, names))
        return {self.OUTPUT_ISOCHRONES: dest}

    def _per_centre_jobs(self, parameters, context, prepared, surfaces, thresholds) -> list:
        """(output key, path, array maker, write options) of the per-centre time and k-coverage rasters."""
        folder = self.parameterAsString(parameters, self.OUTPUT_LAYERS, context)
        if not (self.parameterAsBoolean(parameters, self.PER_CENTRE, context) or folder):
            return []  # the legacy folder always had the per-centre rasters

        def target(name: str) -> str:
            if folder:
                return check_output(str(Path(folder) / name), parameters, context)
            return QgsProcessingUtils.generateTempFilename(name, context)

        def kcov_of(th):  # how many centres reach each cell within the threshold; nodata off land
            k = k_coverage(surfaces, th)
            k[~prepared.land] = 255
            return k

        jobs = [(self.OUTPUT_CENTRE_TIMES, target(f"time_centre_{i}.tif"), lambda s=s: s, {})
                for i, s in enumerate(surfaces)]
        jobs += [(self.OUTPUT_KCOVERAGE, target(f"kcoverage_{th:g}.tif"), lambda th=th: kcov_of(th),
                  {"nodata": 255, "dtype": "uint8"}) for th in thresholds]
        return jobs

    @staticmethod
    def _legacy_folder(out: Path, prepared, near, thresholds, names) -> None:
        """The folder of agreed file names that scripts written before the declared outputs read."""
        write_raster(str(out / "time.tif"), near.time, prepared.grid)
        write_raster(str(out / "allocation.tif"), near.allocation, prepared.grid, nodata=-1, dtype="int32")
        write_raster(str(out / "backup.tif"), near.backup, prepared.grid)
        polys = isochrones(near.time, near.allocation, prepared.grid, thresholds, names, mode="nearest")
        write_polygons_gpkg(out / "isochrones.gpkg", polys, prepared.grid.crs)

    def _admin(self, parameters, context, engine, prepared, near, thresholds, names, lang) -> dict:
        """Per province and prefecture: people within each threshold, share, population-weighted mean time to
        the nearest centre, the centre serving most of them; and the prefecture choropleth."""
        want_table, want_map = parameters.get(self.OUTPUT_ADMIN), parameters.get(self.OUTPUT_PREFECTURES)
        if not (want_table or want_map):
            return {}
        pop = engine_call(engine.population, prepared)
        label = {}
        for layer in ("provinces", "prefectures"):
            for a, _g in engine_call(engine.read, layer):
                label[str(a["adcode"])] = a.get(name_field(lang)) or a.get("name_zh") or str(a["adcode"])
        out, levels = {}, {}
        # the grids as they are, each county counted in its province / prefecture by a lookup table: nothing
        # gathered or converted (those copies raised the 1 km peak by 0.19 GB: 2.55 -> 2.36 GB measured)
        for level, key in (("province", "province_adcode"), ("prefecture", "prefecture_adcode")):
            lut, codes = group_lut(pop.units, key)
            levels[level] = admin_rows(near.time, near.allocation, pop.total, pop.unit, codes, thresholds, names,
                                       label, lut=lut)
        columns = admin_columns(thresholds)
        if want_table:
            fields = table_fields([("level", "string")] + columns)
            sink, dest = self.parameterAsSink(parameters, self.OUTPUT_ADMIN, context, fields,
                                              QgsWkbTypes.Type.NoGeometry)
            rows = [dict(r, level=level) for level in ("province", "prefecture") for r in levels[level]]
            add_features(sink, table_features(fields, rows), self.OUTPUT_ADMIN)
            out[self.OUTPUT_ADMIN] = dest
        if want_map:
            by_code = {r["code"]: r for r in levels["prefecture"]}
            fields = table_fields(columns)
            sink, dest = self.parameterAsSink(parameters, self.OUTPUT_PREFECTURES, context, fields,
                                              QgsWkbTypes.Type.MultiPolygon, QgsCoordinateReferenceSystem(WGS84))
            feats = []
            for a, g in engine_call(engine.read, "prefectures"):
                row = by_code.get(str(a["adcode"]))
                if row is None or g is None:
                    continue
                f = QgsFeature(fields)
                geom = QgsGeometry()
                geom.fromWkb(g.wkb)
                f.setGeometry(geom)
                f.setAttributes([row.get(n) for n in fields.names()])
                feats.append(f)
            add_features(sink, feats, self.OUTPUT_PREFECTURES)
            style_on_load(context, dest, style_prefecture_times)
            out[self.OUTPUT_PREFECTURES] = dest
        return out

    def _access(self, parameters, context, prepared, cities, people, active, surfaces):
        """Per city: nearest time, gravity potential and (enhanced) 2SFCA with centre capacities; the demand that
        shares each centre's capacity is the census population on the grid."""
        catchment = self.parameterAsDouble(parameters, self.CATCHMENT, context)
        beta = self.parameterAsDouble(parameters, self.BETA, context)
        idx = access_indices(cities, surfaces, [c.capacity for c in active], catchment, beta, demand=people)
        fields = table_fields(ACCESS_COLUMNS)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT_ACCESS, context, fields,
                                          QgsWkbTypes.Type.Point, albers_crs())
        xs, ys = prepared.grid.centres()
        feats = []
        for k in range(len(cities.rows)):
            f = QgsFeature(fields)
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(xs[cities.cols[k]]), float(ys[cities.rows[k]]))))
            t = float(idx["time_min"][k])
            f.setAttributes([cities.names[k], float(cities.weights[k]), round(t, 1) if math.isfinite(t) else None,
                             float(idx["gravity"][k]), float(idx["sfca2_per_100k"][k]),
                             float(idx["e2sfca_per_100k"][k])])
            feats.append(f)
        add_features(sink, feats, self.OUTPUT_ACCESS)
        style_on_load(context, dest, style_access)
        return dest
