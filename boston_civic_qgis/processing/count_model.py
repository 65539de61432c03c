"""Count models: Poisson or negative binomial (NB2) of a count with log(population) offset."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
)

from ..core.models import fit_count
from ..definitions import fields as F
from ..qgis_side.layers import frame_to_sink, parameter_to_gdf
from .base import BostonCivicAlgorithm

FAMILIES = ["poisson", "nb2"]


class CountModel(BostonCivicAlgorithm):
    NAME = "countmodel"
    DISPLAY = "Count model (Poisson, negative binomial)"
    GROUP = "Statistics"
    HELP = (
        "Models a <b>Count</b> (e.g. requests) with log(<b>Population</b>) as offset, so that "
        "coefficients are log rate ratios: Poisson GLM or negative binomial NB2 "
        "(statsmodels). The table gives estimates, model-based and robust (HC1) standard "
        "errors, incidence-rate ratios (irr) with 95 % intervals, AIC and pseudo-R². For "
        "Poisson, the log reports the Cameron-Trivedi overdispersion test: when it is "
        "significant, prefer NB2. Areas with missing values or no population are left out; "
        "'predicted' is the expected count, 'residual' observed − expected."
    )
    INPUT, COUNT, POP, PREDICTORS, UNITS, FAMILY, OUTPUT, TABLE = (
        "INPUT", "COUNT_FIELD", "POPULATION_FIELD", "PREDICTORS", "UNITS", "FAMILY", "OUTPUT",
        "TABLE")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Areas"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.COUNT, self.tr("Count"), F.REQUESTS, self.INPUT,
            QgsProcessingParameterField.Numeric))
        self.addParameter(QgsProcessingParameterField(
            self.POP, self.tr("Population (offset)"), F.POPULATION, self.INPUT,
            QgsProcessingParameterField.Numeric))
        self.add_predictor_parameters([F.MEDIAN_INCOME, F.WHITE_SHARE])
        self.addParameter(QgsProcessingParameterEnum(
            self.FAMILY, self.tr("Family"), ["Poisson", "Negative binomial (NB2)"],
            defaultValue=1))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Areas with expected counts"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.TABLE, self.tr("Model table"), QgsProcessing.TypeVector))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        areas, _ = parameter_to_gdf(self, parameters, self.INPUT, context, feedback, "areas")
        family = FAMILIES[self.parameterAsEnum(parameters, self.FAMILY, context)]
        try:
            terms = self.predictor_terms(parameters, context)
            model = fit_count(areas, self.parameterAsString(parameters, self.COUNT, context),
                              self.parameterAsString(parameters, self.POP, context), terms,
                              name=family, level="areas", family=family)
        except (KeyError, ValueError) as exc:
            raise self.fail(exc)
        for k, v in model.diagnostics.items():
            feedback.pushInfo(f"{k}: {v:.4g}")
        out = areas.copy()
        out[F.PREDICTED], out[F.RESIDUAL] = model.predicted, model.residual
        source = self.parameterAsSource(parameters, self.INPUT, context)
        return {
            self.OUTPUT: frame_to_sink(self, parameters, self.OUTPUT, context, out, feedback,
                                       source.sourceCrs()),
            self.TABLE: frame_to_sink(self, parameters, self.TABLE, context, model.terms,
                                      feedback),
        }
