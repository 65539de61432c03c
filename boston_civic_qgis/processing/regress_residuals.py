"""Regress and map residuals: OLS with robust errors; predicted values and residuals per area."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterString,
)

from ..core.models import fit_ols
from ..definitions import fields as F
from ..qgis_side.layers import frame_to_sink, parameter_to_gdf
from .base import BostonCivicAlgorithm


class RegressResiduals(BostonCivicAlgorithm):
    NAME = "regressresiduals"
    DISPLAY = "Regress and map residuals"
    HELP = (
        "Ordinary least squares of an <b>Outcome</b> field on one or more <b>Predictors</b>, "
        "with classical and heteroskedasticity-robust (HC3) standard errors (statsmodels). "
        "Adds 'predicted' and 'residual' (observed − predicted) to every area; areas with a "
        "missing value, or with included = false when <b>Only included areas</b> is checked, "
        "get NULL.\n\n<b>Units</b>: one divisor per predictor, comma-separated, to set the "
        "unit of each coefficient (1000 for income per $1,000, 10 for an effect per 10 "
        "requests); default 1.\n\nThe regression table has one row per term: estimate, "
        "std_error, robust_std_error, p_value (robust), ci_low, ci_high (95 %, robust), n, r2. "
        "A negative residual is an area with less of the outcome than its predictors predict: "
        "style it with 'Style a choropleth' (diverging residuals)."
    )
    INPUT, OUTCOME, PREDICTORS, UNITS, ONLY_INCLUDED, MODEL, OUTPUT, TABLE = (
        "INPUT", "OUTCOME", "PREDICTORS", "UNITS", "ONLY_INCLUDED", "MODEL_NAME", "OUTPUT",
        "TABLE")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Areas"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.OUTCOME, self.tr("Outcome"), F.REQUESTS_PER_100, self.INPUT,
            QgsProcessingParameterField.Numeric))
        self.add_predictor_parameters([F.MEDIAN_INCOME, F.WHITE_SHARE])
        self.addParameter(QgsProcessingParameterBoolean(
            self.ONLY_INCLUDED, self.tr("Only included areas (field 'included')"), True))
        self.addParameter(QgsProcessingParameterString(
            self.MODEL, self.tr("Model name"), "model"))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Areas with predicted values and residuals"),
            QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.TABLE, self.tr("Regression table"), QgsProcessing.TypeVector))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        areas, _ = parameter_to_gdf(self, parameters, self.INPUT, context, feedback, "areas")
        outcome = self.parameterAsString(parameters, self.OUTCOME, context)
        try:
            terms = self.predictor_terms(parameters, context)
        except ValueError as exc:
            raise self.fail(exc)
        mask = None
        if self.parameterAsBool(parameters, self.ONLY_INCLUDED, context):
            if F.INCLUDED not in areas.columns:
                raise self.fail(KeyError(
                    "'Only included areas' is checked but the layer has no 'included' field: "
                    "run 'Per-capita rates' first or uncheck it"))
            mask = areas[F.INCLUDED].fillna(False).astype(bool)
        try:
            model = fit_ols(areas, outcome, terms,
                            name=self.parameterAsString(parameters, self.MODEL, context),
                            level="areas", mask=mask)
        except (KeyError, ValueError) as exc:
            raise self.fail(exc)
        feedback.pushInfo(f"n = {model.n}, R² = {model.r2:.3f}")
        for _, t in model.terms.iterrows():
            feedback.pushInfo(f"{t.term}: {t.estimate:.4g} (robust SE {t.robust_std_error:.4g}, "
                              f"p = {t.p_value:.3g})")
        out = areas.copy()
        out[F.PREDICTED], out[F.RESIDUAL] = model.predicted, model.residual
        source = self.parameterAsSource(parameters, self.INPUT, context)
        return {
            self.OUTPUT: frame_to_sink(self, parameters, self.OUTPUT, context, out, feedback,
                                       source.sourceCrs()),
            self.TABLE: frame_to_sink(self, parameters, self.TABLE, context, model.terms,
                                      feedback),
        }
