"""Per-capita rates: count / population * per, small populations flagged."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.rates import per_capita
from ..definitions import fields as F
from ..qgis_side.layers import frame_to_sink, parameter_to_gdf
from .base import BostonCivicAlgorithm


class PerCapitaRates(BostonCivicAlgorithm):
    NAME = "percapitarates"
    DISPLAY = "Per-capita rates"
    HELP = (
        "Adds a rate field = count / population × <b>Per</b> (default: requests per 100 "
        "residents).\n\nAreas whose population is under <b>Minimum population</b> (default "
        "200), missing, or missing one of the <b>Required fields</b> stay in the output with a "
        "NULL rate (under the minimum) and 'included' = false; 'exclusion_reason' says why. "
        "Nothing is divided by zero."
    )
    INPUT, COUNT, POP, PER, MINPOP, RATE, REQUIRED, OUTPUT = (
        "INPUT", "COUNT_FIELD", "POPULATION_FIELD", "PER", "MIN_POPULATION", "RATE_FIELD",
        "REQUIRED_FIELDS", "OUTPUT")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Areas"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.COUNT, self.tr("Count field"), F.REQUESTS, self.INPUT,
            QgsProcessingParameterField.Numeric))
        self.addParameter(QgsProcessingParameterField(
            self.POP, self.tr("Population field"), F.POPULATION, self.INPUT,
            QgsProcessingParameterField.Numeric))
        self.addParameter(QgsProcessingParameterNumber(
            self.PER, self.tr("Per (residents)"), QgsProcessingParameterNumber.Integer, 100,
            minValue=1))
        self.addParameter(QgsProcessingParameterNumber(
            self.MINPOP, self.tr("Minimum population"), QgsProcessingParameterNumber.Integer,
            F.DEFAULT_MIN_POPULATION, minValue=0))
        self.addParameter(QgsProcessingParameterString(
            self.RATE, self.tr("Rate field name"), F.REQUESTS_PER_100))
        self.addParameter(QgsProcessingParameterField(
            self.REQUIRED, self.tr("Required fields (areas missing one are flagged)"), None,
            self.INPUT, allowMultiple=True, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Areas with rates"), QgsProcessing.TypeVectorPolygon))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        areas, _ = parameter_to_gdf(self, parameters, self.INPUT, context, feedback, "areas")
        try:
            out = per_capita(
                areas,
                count_field=self.parameterAsString(parameters, self.COUNT, context),
                population_field=self.parameterAsString(parameters, self.POP, context),
                per=self.parameterAsInt(parameters, self.PER, context),
                min_population=self.parameterAsInt(parameters, self.MINPOP, context),
                rate_field=self.parameterAsString(parameters, self.RATE, context),
                required=tuple(self.parameterAsFields(parameters, self.REQUIRED, context)),
            )
        except (KeyError, ValueError) as exc:
            raise self.fail(exc)
        feedback.pushInfo(f"{int(out[F.INCLUDED].sum())} of {len(out)} areas have a rate")
        source = self.parameterAsSource(parameters, self.INPUT, context)
        return {self.OUTPUT: frame_to_sink(self, parameters, self.OUTPUT, context, out,
                                           feedback, source.sourceCrs())}
