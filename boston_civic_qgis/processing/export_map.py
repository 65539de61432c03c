"""Export a map layout: one styled layer as a publishable PNG and PDF page."""
from __future__ import annotations

import datetime as dt

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProject,
    QgsVectorLayer,
)

from ..qgis_side.layouts import export_atlas, export_layout, make_atlas, map_layout
from ..qgis_side.styles import STYLE_KINDS, apply_style, load_qml, no_data_layer
from .base import BostonCivicAlgorithm


class ExportMapLayout(BostonCivicAlgorithm):
    NAME = "exportmap"
    DISPLAY = "Export a map layout"
    GROUP = "Maps"
    HELP = (
        "Makes an A4 landscape print layout of a polygon layer (title, subtitle, map, legend, "
        "scale bar in miles, north arrow, source note) and exports it to PNG and vector PDF "
        "with QGIS's layout exporter.\n\nThe layer is drawn with its current style, or, when "
        "a <b>Field</b> is chosen, classified with the chosen <b>Style</b> (as 'Style a "
        "choropleth'). An optional <b>Context layer</b> (e.g. neighborhoods) is drawn on top "
        "as labelled outlines.\n\nAn <b>Atlas</b> PDF, when one is asked for, has a page per "
        "feature of the <b>Atlas coverage</b> layer (e.g. neighborhoods), sorted and titled by "
        "its <b>Page name field</b>: the map zooms to the feature, the other features are "
        "veiled, and the legend keeps the classes of the whole layer."
    )
    INPUT, FIELD, STYLE, UNIT, CONTEXT, TITLE, SUBTITLE, NOTE, DPI, PNG, PDF = (
        "INPUT", "FIELD", "STYLE", "UNIT", "CONTEXT", "TITLE", "SUBTITLE", "NOTE", "DPI",
        "OUTPUT_PNG", "OUTPUT_PDF")
    COVERAGE, PAGE_NAME, ATLAS = "COVERAGE", "PAGE_NAME", "OUTPUT_ATLAS"

    def flags(self):
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Layer"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.FIELD, self.tr("Field to classify (empty: keep the layer's style)"), None,
            self.INPUT, QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.STYLE, self.tr("Style"), list(STYLE_KINDS), defaultValue=0))
        self.addParameter(QgsProcessingParameterString(
            self.UNIT, self.tr("Unit in legend labels"), "", optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.CONTEXT, self.tr("Context layer (outlines with labels)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterString(self.TITLE, self.tr("Title"), "Map"))
        self.addParameter(QgsProcessingParameterString(
            self.SUBTITLE, self.tr("Subtitle"), "", optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.NOTE, self.tr("Source note"), f"Made with Boston Civic QGIS on "
            f"{dt.date.today().isoformat()}.", multiLine=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.DPI, self.tr("PNG resolution (dpi)"), QgsProcessingParameterNumber.Integer,
            150, minValue=50, maxValue=1200))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.PNG, self.tr("PNG"), "PNG image (*.png)"))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.PDF, self.tr("PDF"), "PDF (*.pdf)", optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.COVERAGE, self.tr("Atlas coverage (a page per feature)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.PAGE_NAME, self.tr("Page name field"), "name", self.COVERAGE, optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.ATLAS, self.tr("Atlas"), "PDF (*.pdf)", optional=True, createByDefault=False))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        # the error is raised outside the except block: an exception that kept the frame of
        # _export alive (its layers, project and layout) until QGIS exits crashed the process
        try:
            return self._export(parameters, context, feedback)
        except (KeyError, ValueError, RuntimeError, QgsProcessingException) as exc:
            message = str(exc)
        raise QgsProcessingException(message)

    def _export(self, parameters, context, feedback):
        atlas = self.parameterAsFileOutput(parameters, self.ATLAS, context) or None
        coverage = self.parameterAsVectorLayer(parameters, self.COVERAGE, context)
        if atlas and coverage is None:
            raise ValueError("Atlas: choose an Atlas coverage layer (e.g. neighborhoods) for "
                             "its pages")
        page_name = self.parameterAsString(parameters, self.PAGE_NAME, context)
        if coverage is not None and page_name not in coverage.fields().names():
            raise KeyError(f"{coverage.name()}: no field '{page_name}' for the page names; "
                           f"fields: {', '.join(coverage.fields().names())}")
        source = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        layer = source.clone()  # restyling must not change the user's layer
        field = self.parameterAsString(parameters, self.FIELD, context)
        shown = [layer]
        if field:
            kind = STYLE_KINDS[self.parameterAsEnum(parameters, self.STYLE, context)]
            unit = self.parameterAsString(parameters, self.UNIT, context)
            apply_style(layer, field, kind, unit=unit)
            layer.setName(f"{field} ({unit})" if unit else field)  # the legend's title
            if kind not in ("lisa_clusters", "bivariate"):  # those carry a no-data class
                missing = no_data_layer(layer, f'"{field}" IS NULL', "No data")
                shown += [missing] if missing.featureCount() else []
        project = QgsProject()
        for lyr in shown:
            project.addMapLayer(lyr, False)
        layers = shown[::-1]  # the hatch of areas without data above the colours
        ctx = self.parameterAsVectorLayer(parameters, self.CONTEXT, context)
        if ctx is not None:
            outline = QgsVectorLayer(ctx.source(), ctx.name(), ctx.providerType())
            load_qml(outline, "neighborhoods.qml")
            if "name" not in outline.fields().names():
                outline.setLabelsEnabled(False)
            project.addMapLayer(outline, False)
            layers.insert(0, outline)
        layout = map_layout(
            project, "export", layers,
            self.parameterAsString(parameters, self.TITLE, context),
            self.parameterAsString(parameters, self.SUBTITLE, context),
            self.parameterAsString(parameters, self.NOTE, context), legend_layers=shown)
        png = self.parameterAsFileOutput(parameters, self.PNG, context)
        pdf = self.parameterAsFileOutput(parameters, self.PDF, context) or None
        export_layout(layout, png, pdf, self.parameterAsInt(parameters, self.DPI, context))
        if atlas:
            pages = QgsVectorLayer(coverage.source(), coverage.name(), coverage.providerType())
            project.addMapLayer(pages, False)
            feedback.pushInfo(f"atlas: {pages.featureCount()} pages")
            export_atlas(make_atlas(layout, pages, page_name), atlas)
        return {self.PNG: png, self.PDF: pdf, self.ATLAS: atlas}
