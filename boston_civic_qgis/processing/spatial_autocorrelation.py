"""Moran's I and LISA clusters of any numeric field of a polygon layer."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
)

from ..core.spatial import DEFAULT_PERMUTATIONS, DEFAULT_SEED, moran
from ..qgis_side.layers import frame_to_sink, parameter_to_gdf
from .base import BostonCivicAlgorithm

WEIGHTS = ["queen", "rook"]


class SpatialAutocorrelation(BostonCivicAlgorithm):
    NAME = "spatialautocorrelation"
    DISPLAY = "Moran's I and LISA clusters"
    GROUP = "Statistics"
    HELP = (
        "Global Moran's I of a numeric <b>Field</b> (typically model residuals) with a "
        "permutation p-value, and local Moran (LISA) clusters per area: high-high, low-low, "
        "high-low, low-high, or not significant (pseudo p ≥ <b>Significance</b>). Contiguity "
        "weights (queen or rook), row-standardised (libpysal); statistics from esda.\n\n"
        "Areas with a NULL value, and areas left with no neighbour (islands), are left out: "
        "their cluster is NULL and the log says how many. The <b>Seed</b> makes the "
        "permutations repeatable; it is recorded in the output. Reference: Anselin, L. (1995), "
        "Local indicators of spatial association, Geographical Analysis 27(2)."
    )
    INPUT, FIELD, WEIGHTS, PERM, SEED, SIG, OUTPUT = (
        "INPUT", "FIELD", "WEIGHTS", "PERMUTATIONS", "SEED", "SIGNIFICANCE", "OUTPUT")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Areas"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.FIELD, self.tr("Field"), "residual", self.INPUT,
            QgsProcessingParameterField.Numeric))
        self.addParameter(QgsProcessingParameterEnum(
            self.WEIGHTS, self.tr("Contiguity"), WEIGHTS, defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.PERM, self.tr("Permutations"), QgsProcessingParameterNumber.Integer,
            DEFAULT_PERMUTATIONS, minValue=99, maxValue=99999))
        self.addParameter(QgsProcessingParameterNumber(
            self.SEED, self.tr("Seed"), QgsProcessingParameterNumber.Integer, DEFAULT_SEED))
        self.addParameter(QgsProcessingParameterNumber(
            self.SIG, self.tr("Significance"), QgsProcessingParameterNumber.Double, 0.05,
            minValue=0.001, maxValue=0.5))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Areas with LISA clusters"), QgsProcessing.TypeVectorPolygon))
        self.addOutput(QgsProcessingOutputNumber("MORANS_I", self.tr("Moran's I")))
        self.addOutput(QgsProcessingOutputNumber("P_VALUE", self.tr("Permutation p-value")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        areas, _ = parameter_to_gdf(self, parameters, self.INPUT, context, feedback, "areas")
        field = self.parameterAsString(parameters, self.FIELD, context)
        try:
            result = moran(
                areas.reset_index(drop=True), field, "areas",
                WEIGHTS[self.parameterAsEnum(parameters, self.WEIGHTS, context)],
                self.parameterAsInt(parameters, self.PERM, context),
                self.parameterAsInt(parameters, self.SEED, context),
                self.parameterAsDouble(parameters, self.SIG, context))
        except (KeyError, ValueError) as exc:
            raise self.fail(exc)
        feedback.pushInfo(f"Moran's I = {result.i:.4f} (expected {result.expected_i:.4f}), "
                          f"p = {result.p_value:.4f}, n = {result.n}")
        if result.islands:
            feedback.pushWarning(f"{len(result.islands)} areas with no neighbour left out")
        for label, count in result.clusters.value_counts().items():
            feedback.pushInfo(f"{label}: {count}")
        out = areas.reset_index(drop=True)
        out["lisa_cluster"] = result.clusters.to_numpy()
        source = self.parameterAsSource(parameters, self.INPUT, context)
        return {self.OUTPUT: frame_to_sink(self, parameters, self.OUTPUT, context, out, feedback,
                                           source.sourceCrs()),
                "MORANS_I": result.i, "P_VALUE": result.p_value}
