"""Empirical Bayes smoothed rates (global and spatial) for small-population areas."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
)

from ..core.spatial import eb_rates
from ..qgis_side.layers import frame_to_sink, parameter_to_gdf
from .base import BostonCivicAlgorithm


class SmoothRates(BostonCivicAlgorithm):
    NAME = "smoothrates"
    DISPLAY = "Empirical Bayes smoothed rates"
    GROUP = "Statistics"
    HELP = (
        "Adds the raw rate (rate_raw), the global empirical Bayes rate (rate_eb) and the "
        "spatial empirical Bayes rate (rate_seb) per <b>Per</b> residents. Small populations "
        "give unstable raw rates; EB shrinks each toward the city-wide rate (global) or the "
        "rate of the area and its queen neighbours (spatial), the more the smaller its "
        "population. Definitions as GeoDa's (Marshall 1991; Anselin, Lozano and Koschinsky "
        "2006): a negative prior variance is set to zero. Areas with no population get NULL."
    )
    INPUT, COUNT, POP, PER, OUTPUT = "INPUT", "COUNT_FIELD", "POPULATION_FIELD", "PER", "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Areas"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.COUNT, self.tr("Count field"), "requests", self.INPUT,
            QgsProcessingParameterField.Numeric))
        self.addParameter(QgsProcessingParameterField(
            self.POP, self.tr("Population field"), "population", self.INPUT,
            QgsProcessingParameterField.Numeric))
        self.addParameter(QgsProcessingParameterNumber(
            self.PER, self.tr("Per (residents)"), QgsProcessingParameterNumber.Integer, 100,
            minValue=1))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Areas with smoothed rates"), QgsProcessing.TypeVectorPolygon))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        areas, _ = parameter_to_gdf(self, parameters, self.INPUT, context, feedback, "areas")
        areas = areas.reset_index(drop=True)
        count = self.parameterAsString(parameters, self.COUNT, context)
        pop = self.parameterAsString(parameters, self.POP, context)
        per = self.parameterAsInt(parameters, self.PER, context)
        try:
            glob, spatial = eb_rates(areas, count, pop, per)
        except (KeyError, ValueError) as exc:
            raise self.fail(exc)
        population = areas[pop].where(areas[pop] > 0)
        areas["rate_raw"] = areas[count] / population * per
        areas["rate_eb"], areas["rate_seb"] = glob, spatial
        feedback.pushInfo(f"{int(glob.notna().sum())} of {len(areas)} areas smoothed")
        source = self.parameterAsSource(parameters, self.INPUT, context)
        return {self.OUTPUT: frame_to_sink(self, parameters, self.OUTPUT, context, areas,
                                           feedback, source.sourceCrs())}
