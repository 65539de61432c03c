"""Style a choropleth: sequential classes for rates and counts, diverging for residuals."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProcessing,
)

from ..qgis_side.styles import STYLE_KINDS, apply_style
from .base import BostonCivicAlgorithm


class StyleChoropleth(BostonCivicAlgorithm):
    NAME = "stylechoropleth"
    DISPLAY = "Style a choropleth"
    GROUP = "Maps"
    HELP = (
        "Applies a graduated style to a polygon layer.\n\n<b>Style</b>: sequential quantiles or "
        "natural breaks (Fisher-Jenks) for rates and counts, in a yellow-green-blue ramp; "
        "diverging residuals, centred on zero with classes one and two standard deviations "
        "wide, red below and blue above what the model predicts. Breaks are computed with "
        "mapclassify. <b>Unit</b> is appended to the legend labels (e.g. 'per 100 residents').\n"
        "Areas with a NULL value are not drawn by this style: the maps of 'Run the whole 311 "
        "analysis' draw them with an explicit hatched 'no data' symbol.\n\n"
        "<b>Save as default style</b> stores the style in the layer's GeoPackage (or beside its "
        "file), so that QGIS opens the layer styled; <b>QML file</b> writes it to a .qml file."
    )
    INPUT, FIELD, STYLE, CLASSES, UNIT, DECIMALS, SAVE, QML, OUTPUT = (
        "INPUT", "FIELD", "STYLE", "CLASSES", "UNIT", "DECIMALS", "SAVE_DEFAULT", "QML", "OUTPUT")

    def flags(self):
        # styles are set on layers that live in the main thread's project
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Layer"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.FIELD, self.tr("Field"), "requests_per_100", self.INPUT,
            QgsProcessingParameterField.Numeric))
        self.addParameter(QgsProcessingParameterEnum(
            self.STYLE, self.tr("Style"), list(STYLE_KINDS), defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.CLASSES, self.tr("Classes (sequential)"), QgsProcessingParameterNumber.Integer,
            5, minValue=2, maxValue=9))
        self.addParameter(QgsProcessingParameterString(
            self.UNIT, self.tr("Unit in legend labels"), "", optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.DECIMALS, self.tr("Decimals in legend labels"),
            QgsProcessingParameterNumber.Integer, 1, minValue=0, maxValue=6))
        self.addParameter(QgsProcessingParameterBoolean(
            self.SAVE, self.tr("Save as default style"), False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.QML, self.tr("QML file"), "QGIS style (*.qml)", optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputVectorLayer(self.OUTPUT, self.tr("Styled layer")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        field = self.parameterAsString(parameters, self.FIELD, context)
        kind = STYLE_KINDS[self.parameterAsEnum(parameters, self.STYLE, context)]
        try:
            renderer = apply_style(
                layer, field, kind,
                unit=self.parameterAsString(parameters, self.UNIT, context),
                k=self.parameterAsInt(parameters, self.CLASSES, context),
                decimals=self.parameterAsInt(parameters, self.DECIMALS, context))
        except (KeyError, ValueError) as exc:
            raise self.fail(exc)
        for r in renderer.ranges():
            feedback.pushInfo(r.label())
        qml = self.parameterAsFileOutput(parameters, self.QML, context)
        if qml:
            msg, ok = layer.saveNamedStyle(qml)
            if not ok:
                raise self.fail(RuntimeError(f"{qml}: {msg}"))
        if self.parameterAsBool(parameters, self.SAVE, context):
            msg, ok = layer.saveDefaultStyle()
            if not ok:
                raise self.fail(RuntimeError(f"{layer.source()}: saving the style failed: {msg}"))
            feedback.pushInfo(f"saved as the default style: {msg}")
        return {self.OUTPUT: layer.id(), self.QML: qml}
