"""hinterland:corridordisruption and hinterland:criticality — what a corridor failure costs."""
from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from .base import EngineAlgorithm, make_field
from .strategic_layers import NO_GEOMETRY, VECTOR_ANY, VECTOR_POLYGON

SITE_SETS = ("arsenal_sites", "computing_hubs", "hubs")


class CorridorDisruptionAlgorithm(EngineAlgorithm):
    ALG_ID = "corridordisruption"
    DISPLAY_NAME = "Corridor disruption"
    GROUP_ID = "resilience"
    GROUP_NAME = "Resilience"
    HELP = ("Removes corridor segments — by id (DISRUPTED, comma-separated, e.g. hsr_h5_yanjiang:03) and/or every "
            "segment crossing the polygons of HAZARD — and compares travel times to the nearest centre before and "
            "after. OUTPUT_DELTA: minutes added per cell. OUTPUT: per threshold, the land area and population "
            "(GeoNames cities >= 15,000) covered before and after and losing coverage, the population-minutes added, "
            "the reserve sites, computing hubs and corridor hubs cut off (no longer within the threshold) or delayed "
            "(> 1 min), and the centres the disruption cuts off (each centre alone reaches less than half of the "
            "land it reached within the largest threshold). Unreachable cells are 1,000,000 in OUTPUT_DELTA.")

    DISRUPTED = "DISRUPTED"
    HAZARD = "HAZARD"
    SCENARIO = "SCENARIO"
    OUTPUT_DELTA = "OUTPUT_DELTA"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_centres()
        self.add_profile_and_resolution()
        self.add_thresholds()
        self.addParameter(QgsProcessingParameterString(self.DISRUPTED, self.tr("Disrupted segment ids"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(self.HAZARD, self.tr("Hazard zone (polygons)"),
                                                              [VECTOR_POLYGON], optional=True))
        self.addParameter(QgsProcessingParameterString(self.SCENARIO, self.tr("Scenario name"), optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT_DELTA, self.tr("Minutes added")))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Disruption table"), NO_GEOMETRY))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        import numpy as np
        from shapely.ops import unary_union

        from ...core.engine.model import bundled_points
        from ...core.engine.outputs import write_geotiff
        from ...core.engine.scenarios import before_after, centre_reach, segments_crossing
        from ...engine_service import engine_call
        from ...i18n import language

        thresholds = self.read_thresholds(parameters, context)
        centres = self.read_centres(parameters, context)
        engine, prepared = self.prepare(parameters, context, feedback)
        ids = [s.strip() for s in (self.parameterAsString(parameters, self.DISRUPTED, context) or "").split(",")
               if s.strip()]
        hazard = self.parameterAsSource(parameters, self.HAZARD, context)
        if hazard is not None:
            from ...engine_service import geometry_to_albers

            polys = [geometry_to_albers(f.geometry(), hazard.sourceCrs(), context)
                     for f in hazard.getFeatures() if not f.geometry().isEmpty()]
            if polys:
                ids += segments_crossing(prepared, engine, unary_union(polys))
        ids = sorted(set(ids))
        if not ids:
            raise QgsProcessingException(self.tr("Give segment ids in DISRUPTED or a HAZARD polygon layer that "
                                                 "crosses the network."))
        unknown = [i for i in ids if i not in prepared.network.minutes]
        if unknown:
            raise QgsProcessingException(self.tr("Unknown or non-operating segment ids for this profile: {0}").format(
                ", ".join(unknown)))
        feedback.pushInfo(self.tr("{0} segments disrupted: {1}").format(len(ids), ", ".join(ids)))
        before, after = engine_call(before_after, engine, prepared, centres, ids)
        with np.errstate(invalid="ignore"):
            delta = np.where(np.isfinite(before), np.nan_to_num(after, nan=np.inf) - before, np.nan).astype(np.float32)
        out = self.parameterAsOutputLayer(parameters, self.OUTPUT_DELTA, context)
        write_geotiff(out, np.where(np.isinf(delta), 1e6, delta).astype(np.float32), prepared.grid)
        lang = language()
        cities = bundled_points(engine, prepared, "cities", "population", lang)
        cell_km2 = prepared.grid.res ** 2 / 1e6
        scenario = self.parameterAsString(parameters, self.SCENARIO, context) or self.tr("Scenario")
        unreachable_km2 = round(float((np.isfinite(before) & ~np.isfinite(after)).sum()) * cell_km2, 1)
        if unreachable_km2 > 0:
            feedback.pushWarning(self.tr("{0:,.0f} km² can no longer be reached from any centre.").format(
                unreachable_km2))
        isolated = []
        for r in engine_call(centre_reach, engine, prepared, centres, ids, max(thresholds)):
            if r.cut_off:
                isolated.append(r.name)
                feedback.pushWarning(self.tr(
                    "Centre '{0}' is cut off by this disruption: within {1:g} min it reaches {2:,.0f} km² instead "
                    "of {3:,.0f} km².").format(r.name, max(thresholds), r.cells_after * cell_km2,
                                               r.cells_before * cell_km2))
        fields = QgsFields()
        for name, kind in (("scenario", "string"), ("threshold_min", "double"), ("area_before_km2", "double"),
                           ("area_after_km2", "double"), ("area_lost_km2", "double"),
                           ("population_before", "double"), ("population_after", "double"),
                           ("population_lost", "double"), ("pop_minutes_added", "double"),
                           ("unreachable_km2", "double"), ("cut_off_n", "int"), ("delayed_n", "int"),
                           ("cut_off", "string"), ("delayed", "string"), ("centres_cut_off", "string"),
                           ("segments", "string")):
            fields.append(make_field(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.NoGeometry)
        cb, ca = cities.times(before), cities.times(after)
        with np.errstate(invalid="ignore"):
            added = np.where(np.isfinite(cb), np.clip(np.nan_to_num(ca, nan=cb + 1440) - cb, 0, 1440), 0)
        for th in thresholds:
            with np.errstate(invalid="ignore"):
                lost_cells = (before <= th) & ~(after <= th)
                lost_city = (cb <= th) & ~(ca <= th)
            cut, delayed = [], []
            for key in SITE_SETS:
                pts = bundled_points(engine, prepared, key, None, lang)
                tb, ta = pts.times(before), pts.times(after)
                for k, name in enumerate(pts.names):
                    if tb[k] <= th and not ta[k] <= th:
                        cut.append(name)
                    elif np.isfinite(tb[k]) and (not np.isfinite(ta[k]) or ta[k] - tb[k] > 1.0) and tb[k] <= th:
                        delayed.append(name)
            with np.errstate(invalid="ignore"):
                cov_b, cov_a = before <= th, after <= th
            f = QgsFeature(fields)
            cut, delayed = sorted(set(cut)), sorted(set(delayed))
            f.setAttributes([scenario, float(th), round(float(cov_b.sum()) * cell_km2, 1),
                             round(float(cov_a.sum()) * cell_km2, 1), round(float(lost_cells.sum()) * cell_km2, 1),
                             float(cities.weights[cb <= th].sum()), float(cities.weights[ca <= th].sum()),
                             float(cities.weights[lost_city].sum()), float((cities.weights * added).sum()),
                             unreachable_km2, len(cut), len(delayed), "; ".join(cut), "; ".join(delayed),
                             "; ".join(isolated), ", ".join(ids)])
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
        from ...styling import delta_renderer
        from .base import style_on_load

        style_on_load(context, out, lambda lyr: lyr.setRenderer(delta_renderer(lyr)))
        return {self.OUTPUT_DELTA: out, self.OUTPUT: dest}


class CriticalityAlgorithm(EngineAlgorithm):
    ALG_ID = "criticality"
    DISPLAY_NAME = "Corridor segment criticality (N-1)"
    GROUP_ID = "resilience"
    GROUP_NAME = "Resilience"
    HELP = ("Removes each operating corridor segment of the profile in turn and ranks the segments by the "
            "population-minutes added (GeoNames cities >= 15,000; a city cut off counts 24 h) and by the population "
            "losing coverage within THRESHOLD. Reuses the cached graph and re-solves only for segments that lie on "
            "some shortest path; the others cannot change any travel time.")

    THRESHOLD = "THRESHOLD"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_centres()
        self.add_profile_and_resolution()
        self.addParameter(QgsProcessingParameterNumber(self.THRESHOLD, self.tr("Coverage threshold (minutes)"),
                                                       QgsProcessingParameterNumber.Type.Double, defaultValue=180.0,
                                                       minValue=1.0))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Segment criticality"), VECTOR_ANY))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from qgis.core import QgsCoordinateReferenceSystem, QgsVectorLayer

        from ...core.engine.model import bundled_points
        from ...core.engine.scenarios import criticality
        from ...engine_service import engine_call
        from ...i18n import language

        centres = self.read_centres(parameters, context)
        engine, prepared = self.prepare(parameters, context, feedback)
        threshold = self.parameterAsDouble(parameters, self.THRESHOLD, context)
        cities = bundled_points(engine, prepared, "cities", "population", language())
        ranking = engine_call(criticality, engine, prepared, centres, threshold, cities,
                              cancel=feedback.isCanceled, progress=feedback.setProgress)
        segs = QgsVectorLayer(f"{engine.gpkg}|layername=corridor_segments", "segments", "ogr")
        geom = {f["segment_id"]: (f.geometry(), f["name_zh"], f["name_en"], f["mode"]) for f in segs.getFeatures()}
        fields = QgsFields()
        for name, kind in (("rank", "int"), ("segment_id", "string"), ("name_zh", "string"), ("name_en", "string"),
                           ("mode", "string"), ("pop_minutes", "double"), ("population_lost", "double"),
                           ("solved", "int")):
            fields.append(make_field(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.LineString,
                                          QgsCoordinateReferenceSystem("EPSG:4326"))
        for rank, s in enumerate(ranking, start=1):
            g, zh, en, mode = geom[s.segment_id]
            f = QgsFeature(fields)
            f.setGeometry(g)
            f.setAttributes([rank, s.segment_id, zh, en, mode, s.pop_minutes, s.pop_lost, int(s.resolved)])
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
        from ...styling import style_criticality
        from .base import style_on_load

        style_on_load(context, dest, style_criticality)
        feedback.pushInfo(self.tr("{0} segments ranked; {1} needed a new solve.").format(
            len(ranking), sum(s.resolved for s in ranking)))
        return {self.OUTPUT: dest}


class EarlyWarningAlgorithm(EngineAlgorithm):
    ALG_ID = "earlywarning"
    DISPLAY_NAME = "Early-warning indicators"
    GROUP_ID = "resilience"
    GROUP_NAME = "Resilience"
    HELP = ("Evaluates early-warning indicators (default resources/profiles/indicators.json, or INDICATORS: a JSON "
            "file of the same form) for the baseline and for each disrupted scenario: population share within a "
            "time of a centre, longest time from a computing hub or reserve site to a centre, largest coverage loss "
            "from one failed segment (N-1). Each gets green, amber or red. DISRUPTED: segment ids separated by "
            "commas; several scenarios separated by ';' (named in SCENARIO_NAMES, also ';'-separated).")

    INDICATORS = "INDICATORS"
    DISRUPTED = "DISRUPTED"
    SCENARIO_NAMES = "SCENARIO_NAMES"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        from qgis.core import QgsProcessingParameterFile

        self.add_centres()
        self.add_profile_and_resolution()
        self.addParameter(QgsProcessingParameterFile(self.INDICATORS, self.tr("Indicator file (JSON)"),
                                                     extension="json", optional=True))
        self.addParameter(QgsProcessingParameterString(self.DISRUPTED, self.tr("Disrupted segment ids"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterString(self.SCENARIO_NAMES, self.tr("Scenario names"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Indicator table"), NO_GEOMETRY))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ...core.engine.model import bundled_points
        from ...core.engine.scenarios import criticality, without_segments
        from ...core.engine.warning import IndicatorError, evaluate, load_indicators
        from ...engine_service import engine_call
        from ...i18n import language

        path = self.parameterAsFile(parameters, self.INDICATORS, context)
        try:
            indicators = load_indicators(path or None)
        except (IndicatorError, OSError) as exc:
            raise QgsProcessingException(self.tr("The indicator file could not be used: {0}").format(exc)) from exc
        centres = self.read_centres(parameters, context)
        engine, prepared = self.prepare(parameters, context, feedback)
        lang = language()
        cities = bundled_points(engine, prepared, "cities", "population", lang)
        sets = {k: bundled_points(engine, prepared, k, None, lang) for k in SITE_SETS}
        total = float(cities.weights.sum()) or 1.0
        groups = [[s.strip() for s in g.split(",") if s.strip()]
                  for g in (self.parameterAsString(parameters, self.DISRUPTED, context) or "").split(";")]
        groups = [g for g in groups if g]
        names = [n.strip() for n in (self.parameterAsString(parameters, self.SCENARIO_NAMES, context) or "").split(";")]
        unknown = sorted({i for g in groups for i in g if i not in prepared.network.minutes})
        if unknown:
            raise QgsProcessingException(self.tr("Unknown or non-operating segment ids for this profile: {0}").format(
                ", ".join(unknown)))
        scenarios = [("baseline", prepared)]
        for k, g in enumerate(groups):
            label = names[k] if k < len(names) and names[k] else ("disrupted" if len(groups) == 1 else f"disrupted {k + 1}")
            scenarios.append((label, without_segments(prepared, g)))
        fields = QgsFields()
        for name, kind in (("scenario", "string"), ("id", "string"), ("name_zh", "string"), ("name_en", "string"),
                           ("metric", "string"), ("value", "double"), ("status", "string"), ("amber", "double"),
                           ("red", "double"), ("direction", "string")):
            fields.append(make_field(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.NoGeometry)
        by_id = {ind["id"]: ind for ind in indicators}
        share = 100.0 / len(scenarios)
        for k, (label, prep) in enumerate(scenarios):
            if feedback.isCanceled():
                raise QgsProcessingException(self.tr("Cancelled."))
            nearest = engine_call(engine.solve, prep, centres, backup=False).time
            def loss(minutes, prep=prep, k=k):
                ranking = engine_call(criticality, engine, prep, centres, minutes, cities, cancel=feedback.isCanceled,
                                      progress=lambda p: feedback.setProgress(share * (k + p / 100.0)))
                return max((s.pop_lost for s in ranking), default=0.0) / total

            try:
                statuses = evaluate(indicators, nearest, cities, sets, loss)
            except IndicatorError as exc:
                raise QgsProcessingException(str(exc)) from exc
            for st in statuses:
                ind = by_id[st.id]
                f = QgsFeature(fields)
                f.setAttributes([label, st.id, st.name_zh, st.name_en, ind["metric"], round(st.value, 4), st.status,
                                 float(ind["amber"]), float(ind["red"]), ind["direction"]])
                sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
                feedback.pushInfo(f"{label}: {st.name_en} = {st.value:.3g} → {st.status}")
            feedback.setProgress(share * (k + 1))
        return {self.OUTPUT: dest}
