"""Carry attributes from one set of areas to another (tracts to precincts)."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
)

from ..core.interpolation import interpolate
from ..core.sources import InputError, check_areas
from ..qgis_side.layers import frame_to_sink, parameter_to_gdf
from .base import BostonCivicAlgorithm

WEIGHTS = ["population", "area"]


class InterpolateAreas(BostonCivicAlgorithm):
    NAME = "interpolateareas"
    DISPLAY = "Carry attributes to other areas (areal interpolation)"
    GROUP = "Statistics"
    HELP = (
        "Weighted means of the <b>Fields</b> of the <b>Source areas</b> (e.g. tract income and "
        "white share) over each <b>Target area</b> (e.g. precinct), for areas that do not "
        "nest. Population-weighted: each source area's residents are spread evenly over its "
        "land and a piece weighs the residents it holds; area-weighted: a piece weighs its "
        "area. With a <b>Land</b> layer both are clipped to it first, so that water takes no "
        "weight. A missing source value takes no weight. Adds 'coverage', the share of each "
        "target's land that source areas cover. Reference: Goodchild and Lam (1980), Areal "
        "interpolation, GeoProcessing 1."
    )
    SOURCE, SOURCE_ID, FIELDS, POP, TARGET, TARGET_ID, WEIGHT, LAND, OUTPUT = (
        "SOURCE", "SOURCE_ID", "FIELDS", "POPULATION_FIELD", "TARGET", "TARGET_ID", "WEIGHT",
        "LAND", "OUTPUT")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.SOURCE, self.tr("Source areas"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.SOURCE_ID, self.tr("Source id"), "GEOID", self.SOURCE))
        self.addParameter(QgsProcessingParameterField(
            self.FIELDS, self.tr("Fields to carry"), None, self.SOURCE,
            QgsProcessingParameterField.Numeric, allowMultiple=True))
        self.addParameter(QgsProcessingParameterField(
            self.POP, self.tr("Population field (population weights)"), "population",
            self.SOURCE, QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.TARGET, self.tr("Target areas"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.TARGET_ID, self.tr("Target id"), "ward_precinct", self.TARGET))
        self.addParameter(QgsProcessingParameterEnum(
            self.WEIGHT, self.tr("Weights"), WEIGHTS, defaultValue=0))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.LAND, self.tr("Land (optional)"), [QgsProcessing.TypeVectorPolygon],
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Target areas with carried attributes"),
            QgsProcessing.TypeVectorPolygon))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        sid = self.parameterAsString(parameters, self.SOURCE_ID, context)
        tid = self.parameterAsString(parameters, self.TARGET_ID, context)
        fields = self.parameterAsFields(parameters, self.FIELDS, context)
        weight = WEIGHTS[self.parameterAsEnum(parameters, self.WEIGHT, context)]
        population = self.parameterAsString(parameters, self.POP, context)
        if weight == "population" and not population:
            raise self.fail(ValueError("population weights need a Population field"))
        try:
            source, sname = parameter_to_gdf(self, parameters, self.SOURCE, context, feedback)
            target, tname = parameter_to_gdf(self, parameters, self.TARGET, context, feedback)
            source = check_areas(source, sname, sid)
            target = check_areas(target, tname, tid)
            land, _ = parameter_to_gdf(self, parameters, self.LAND, context, feedback)
            carried = interpolate(source, target, sid, tid, fields, weight, population, land)
        except (InputError, KeyError, ValueError) as exc:
            raise self.fail(exc)
        out = target.copy()
        for f in list(fields) + ["coverage"]:
            out[f] = out[tid].map(carried[f])
        feedback.pushInfo(f"{int(out[fields[0]].notna().sum())} of {len(out)} target areas "
                          "received values")
        tsource = self.parameterAsSource(parameters, self.TARGET, context)
        return {self.OUTPUT: frame_to_sink(self, parameters, self.OUTPUT, context, out, feedback,
                                           tsource.sourceCrs())}
