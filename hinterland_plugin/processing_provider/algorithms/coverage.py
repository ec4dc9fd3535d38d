"""hinterland:coverage — the coverage and accessibility figures of a set of hinterland centres."""
from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)

from .base import EngineAlgorithm, make_field
from .strategic_layers import NO_GEOMETRY, VECTOR_POINT

SITE_SETS = ("arsenal_sites", "computing_hubs", "hubs")
COLUMNS = [
    ("centre", "string"), ("threshold_min", "double"), ("area_km2", "double"), ("area_share", "double"),
    ("population", "double"), ("population_share", "double"), ("mean_time_min", "double"),
    ("pop_weighted_time_min", "double"),
] + [(f"{s}_{k}", t) for s in SITE_SETS for k, t in (("n", "int"), ("names", "string"))] + [
    ("backup_area_km2", "double"), ("backup_population", "double"), ("uncovered_area_km2", "double"),
    ("uncovered_population", "double"),
]


class CoverageAlgorithm(EngineAlgorithm):
    ALG_ID = "coverage"
    DISPLAY_NAME = "Coverage of hinterland centres"
    HELP = ("For each centre and each threshold (and for all centres together, centre = ALL): land area (km²) "
            "and share, population reached — the GeoNames population of cities with at least 15,000 inhabitants, "
            "not a census — and its share, the strategic reserve sites, computing hubs and corridor hubs reached "
            "(count and names), the mean travel time of the covered land and the population-weighted mean time. "
            "For ALL also the backup coverage (area and population within the threshold of at least two centres) "
            "and what no centre covers; rows 'without:<centre>' give what the other centres still cover if that "
            "centre fails. OUTPUT_LAYERS (optional folder) receives time.tif, allocation.tif, backup.tif, "
            "isochrones.gpkg, one time_centre_<i>.tif per centre and kcoverage_<T>.tif (centres within T).")

    OUTPUT = "OUTPUT"
    OUTPUT_LAYERS = "OUTPUT_LAYERS"
    CAPACITY_FIELD = "CAPACITY_FIELD"
    CATCHMENT = "CATCHMENT"
    BETA = "BETA"
    OUTPUT_ACCESS = "OUTPUT_ACCESS"

    def initAlgorithm(self, config=None):  # noqa: N802
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
            defaultValue=180.0, minValue=1.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.BETA, self.tr("Distance-decay exponent of the gravity potential"),
            QgsProcessingParameterNumber.Type.Double, defaultValue=1.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_ACCESS, self.tr("Accessibility of cities"), VECTOR_POINT, optional=True, createByDefault=False))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ...core.engine.coverage import coverage_table
        from ...core.engine.model import bundled_points
        from ...engine_service import cancel_flag, engine_call
        from ...i18n import language

        thresholds = self.read_thresholds(parameters, context)
        centres = self.read_centres(parameters, context)
        engine, prepared = self.prepare(parameters, context, feedback)
        active = [c for c in centres if c.enabled]
        flag = cancel_flag(feedback)
        full = engine_call(engine.solve, prepared, centres, backup=True, cancel=flag)
        surfaces = []
        for i, c in enumerate(active):
            if feedback.isCanceled():
                raise QgsProcessingException(self.tr("Cancelled."))
            r = engine_call(engine.solve, prepared, [c], backup=False, cancel=flag)  # full: reused for access
            surfaces.append(r.time)
            feedback.setProgress(40 + 40 * (i + 1) / len(active))
        lang = language()
        cities = bundled_points(engine, prepared, "cities", "population", lang)
        sites = {k: bundled_points(engine, prepared, k, None, lang) for k in SITE_SETS}
        cell_km2 = prepared.grid.res ** 2 / 1e6
        rows = coverage_table(surfaces, [c.name for c in active], prepared.land, cell_km2, thresholds, cities, sites)
        feedback.pushInfo(self.tr("Population figures are GeoNames populations of cities >= 15,000 "
                                  "inhabitants (total {0:,.0f}), not a census.").format(float(cities.weights.sum())))

        fields = QgsFields()
        for name, kind in COLUMNS:
            fields.append(make_field(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for row in rows:
            f = QgsFeature(fields)
            f.setAttributes([row.get(name) for name, _ in COLUMNS])
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
        result = {self.OUTPUT: dest}
        folder = self.parameterAsString(parameters, self.OUTPUT_LAYERS, context)
        if folder:
            result[self.OUTPUT_LAYERS] = folder
            self._write_layers(folder, prepared, full, thresholds, [c.name for c in active], surfaces)
        if parameters.get(self.OUTPUT_ACCESS):
            result[self.OUTPUT_ACCESS] = self._access(parameters, context, engine, prepared, active, lang, surfaces)
        feedback.setProgress(100)
        return result

    def _access(self, parameters, context, engine, prepared, active, lang, surfaces):
        """Per city: nearest time, gravity potential and (enhanced) 2SFCA with centre capacities."""
        import numpy as np

        from ...core.engine.coverage import centre_times_at, gravity, two_step_fca
        from ...core.engine.model import bundled_points
        from ...engine_service import albers_crs

        capacity = np.ones(len(active))
        cap_field = self.parameterAsString(parameters, self.CAPACITY_FIELD, context)
        if cap_field:
            source = self.parameterAsSource(parameters, "CENTRES", context)
            values = []
            for f in source.getFeatures():
                try:
                    values.append(float(f[cap_field]))
                except (TypeError, ValueError) as exc:
                    raise QgsProcessingException(
                        self.tr("Capacity '{0}' is not a number.").format(f[cap_field])) from exc
            if len(values) == len(active):
                capacity = np.array(values)
        catchment = self.parameterAsDouble(parameters, self.CATCHMENT, context)
        beta = self.parameterAsDouble(parameters, self.BETA, context)
        cities = bundled_points(engine, prepared, "cities", "population", lang)
        cost = centre_times_at(cities, surfaces)  # cities x centres
        grav = gravity(cost, capacity, kind="power", beta=beta)
        sfca = two_step_fca(cost, cities.weights, capacity, d0=catchment, kind="binary")
        esfca = two_step_fca(cost, cities.weights, capacity, d0=catchment, kind="gaussian")
        with np.errstate(invalid="ignore"):
            nearest = np.fmin.reduce(cost, axis=1)
        fields = QgsFields()
        for name, kind in (("name", "string"), ("population", "double"), ("time_min", "double"),
                           ("gravity", "double"), ("sfca2_per_100k", "double"), ("e2sfca_per_100k", "double")):
            fields.append(make_field(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT_ACCESS, context, fields,
                                          QgsWkbTypes.Type.Point, albers_crs())
        xs, ys = prepared.grid.centres()
        from qgis.core import QgsGeometry, QgsPointXY

        for k in range(len(cities.rows)):
            f = QgsFeature(fields)
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(xs[cities.cols[k]]), float(ys[cities.rows[k]]))))
            t = float(nearest[k])
            f.setAttributes([cities.names[k], float(cities.weights[k]), round(t, 1) if np.isfinite(t) else None,
                             float(grav[k]), float(sfca[k] * 1e5), float(esfca[k] * 1e5)])
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
        return dest

    @staticmethod
    def _write_layers(folder, prepared, full, thresholds, names, surfaces=()):
        from pathlib import Path

        from ...core.engine.outputs import isochrones, write_geotiff, write_polygons_gpkg

        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        write_geotiff(out / "time.tif", full.time, prepared.grid)
        write_geotiff(out / "allocation.tif", full.allocation, prepared.grid, nodata=-1, dtype="int32")
        write_geotiff(out / "backup.tif", full.backup, prepared.grid)
        for i, surface in enumerate(surfaces):  # per centre (identify tool)
            write_geotiff(out / f"time_centre_{i}.tif", surface, prepared.grid)
        if surfaces:
            from ...core.engine.coverage import k_coverage

            for th in thresholds:  # how many centres reach each cell within each threshold
                k = k_coverage(surfaces, th)
                k[~prepared.land] = 255  # nodata off land
                write_geotiff(out / f"kcoverage_{th:g}.tif", k, prepared.grid, nodata=255, dtype="uint8")
        polys = isochrones(full.time, full.allocation, prepared.grid, thresholds, names, mode="nearest")
        write_polygons_gpkg(out / "isochrones.gpkg", polys, prepared.grid.crs)
