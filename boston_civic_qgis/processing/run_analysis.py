"""Run the whole analysis: counts, rates, models, styled GeoPackage, project, maps, report."""
from __future__ import annotations

import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingOutputFile,
    QgsProcessingOutputHtml,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.pipeline import Parameters
from ..core.sources import InputError
from ..definitions import fields as F
from ..qgis_side.layers import parameter_to_gdf
from .base import BostonCivicAlgorithm

VINTAGES = sorted(F.INCOME_VINTAGES)
WHITE = list(F.WHITE_SHARE_FIELDS)


class RunAnalysis(BostonCivicAlgorithm):
    NAME = "runanalysis"
    DISPLAY = "Run the whole 311 analysis"
    GROUP = "Analysis"
    HELP = (
        "The main job, with defaults from the Boston data package (data/build/boston.gpkg, "
        "or $BOSTON_CIVIC_DATA): every input left empty is read from it.\n\n"
        "1. Counts resident-initiated 311 requests per tract and per precinct; every input row "
        "goes to one ledger category.\n2. Requests per 100 residents; tracts under the "
        "<b>Minimum population</b> stay on the map but out of rates and models.\n"
        "3. OLS of requests per 100 residents on median household income (per $1,000, the "
        "chosen <b>Income vintage</b>) and white share (percentage points, the chosen "
        "<b>White share</b> variable), with robust HC3 errors; at precinct level, ballots cast "
        "in the 2021 mayoral election and registered voters on requests (per 10 requests). "
        "Predicted values and residuals are written to each area.\n\n"
        "<b>Channel table</b> decides which channels are resident-initiated; <b>from</b> and "
        "<b>until</b> limit the requests counted to a period (others go to the ledger as "
        "outside_period).\n\n"
        "Writes to the <b>Output folder</b>: boston_civic.gpkg (layers tracts and precincts "
        "with default styles, tables ledger, regressions, parameters), boston_civic.qgz, "
        "regressions.csv, report.html, and maps/*.png|pdf when <b>Export maps</b> is checked, "
        "with titles, legends and notes in the chosen <b>Language</b>. <b>Atlas</b> adds "
        "maps/requests_per_100_by_neighborhood.pdf and maps/tract_residuals_by_neighborhood.pdf, "
        "a page per neighborhood of the data package (same classes on every page)."
    )
    REQUESTS, TRACTS, PRECINCTS, VINTAGE, WHITE_SHARE, MINPOP, MAPS, FOLDER = (
        "REQUESTS", "TRACTS", "PRECINCTS", "INCOME_VINTAGE", "WHITE_SHARE", "MIN_POPULATION",
        "EXPORT_MAPS", "OUTPUT_FOLDER")
    CHANNELS, PERIOD_FROM, PERIOD_TO, LANGUAGE, ATLAS, DPI = (
        "CHANNELS", "PERIOD_FROM", "PERIOD_TO", "LANGUAGE", "ATLAS", "DPI")

    def flags(self):
        # the layouts are rendered and exported; keep it on the main thread
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def initAlgorithm(self, config=None):  # noqa: N802
        from qgis.core import QgsSettings

        from ..definitions.map_text import localise

        ui = str(QgsSettings().value("locale/userLocale", "") or "")[:2]
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.REQUESTS, self.tr("311 requests (empty: data package)"),
            [QgsProcessing.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.TRACTS, self.tr("Census tracts (empty: data package)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PRECINCTS, self.tr("Precincts (empty: data package)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.VINTAGE, self.tr("Income vintage"),
            [f"{v}: {localise(F.INCOME_VINTAGES[v], ui)}" for v in VINTAGES],
            defaultValue=VINTAGES.index(F.DEFAULT_INCOME_VINTAGE)))
        self.addParameter(QgsProcessingParameterEnum(
            self.WHITE_SHARE, self.tr("White share"),
            [f"{w}: {localise(F.WHITE_SHARE_FIELDS[w], ui)}" for w in WHITE],
            defaultValue=WHITE.index(F.DEFAULT_WHITE_SHARE)))
        self.addParameter(QgsProcessingParameterNumber(
            self.MINPOP, self.tr("Minimum population"), QgsProcessingParameterNumber.Integer,
            F.DEFAULT_MIN_POPULATION, minValue=0))
        self.addParameter(QgsProcessingParameterFile(
            self.CHANNELS, self.tr("Channel table (CSV: channel, resident_initiated; empty: "
                                   "Boston's)"), extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.PERIOD_FROM, self.tr("Count requests opened from (YYYY-MM-DD, local)"),
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.PERIOD_TO, self.tr("Count requests opened until (YYYY-MM-DD, local)"),
            optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.MAPS, self.tr("Export maps (PNG and PDF)"), True))
        self.addParameter(QgsProcessingParameterEnum(
            self.LANGUAGE, self.tr("Language of the maps"), ["English", "Español"],
            defaultValue=int(ui == "es")))  # QGIS's own language, where the maps have it
        self.addParameter(QgsProcessingParameterNumber(
            self.DPI, self.tr("PNG resolution of the maps (dpi)"),
            QgsProcessingParameterNumber.Integer, 300, minValue=50, maxValue=1200))
        self.addParameter(QgsProcessingParameterBoolean(
            self.ATLAS, self.tr("Atlas: a PDF page per neighborhood (requests per 100 residents, "
                                "residuals)"), False))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.FOLDER, self.tr("Output folder")))
        self.addOutput(QgsProcessingOutputFile("GEOPACKAGE", self.tr("GeoPackage")))
        self.addOutput(QgsProcessingOutputFile("PROJECT", self.tr("QGIS project")))
        self.addOutput(QgsProcessingOutputHtml("REPORT", self.tr("Report")))
        self.addOutput(QgsProcessingOutputVectorLayer("TRACTS_LAYER", self.tr("Tracts")))
        self.addOutput(QgsProcessingOutputVectorLayer("PRECINCTS_LAYER", self.tr("Precincts")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ..qgis_side.run import run_full

        inputs, names = {}, {}
        for key, role in ((self.REQUESTS, "requests"), (self.TRACTS, "tracts"),
                          (self.PRECINCTS, "precincts")):
            gdf, src = parameter_to_gdf(self, parameters, key, context, feedback, role)
            inputs[role] = gdf
            if src:
                names[role] = src
        params = Parameters(
            income_vintage=VINTAGES[self.parameterAsEnum(parameters, self.VINTAGE, context)],
            white_share_field=WHITE[self.parameterAsEnum(parameters, self.WHITE_SHARE, context)],
            min_population=self.parameterAsInt(parameters, self.MINPOP, context),
            period_from=self.parameterAsString(parameters, self.PERIOD_FROM, context) or None,
            period_to=self.parameterAsString(parameters, self.PERIOD_TO, context) or None)
        channels = self.parameterAsFile(parameters, self.CHANNELS, context)
        if channels:
            params.channels = channels
        folder = self.parameterAsString(parameters, self.FOLDER, context)
        os.makedirs(folder, exist_ok=True)
        try:
            written = run_full(inputs["requests"], inputs["tracts"], inputs["precincts"], folder,
                               params, feedback=self.progress(feedback), names=names,
                               maps=self.parameterAsBool(parameters, self.MAPS, context),
                               language=["en", "es"][
                                   self.parameterAsEnum(parameters, self.LANGUAGE, context)],
                               atlas=self.parameterAsBool(parameters, self.ATLAS, context),
                               dpi=self.parameterAsInt(parameters, self.DPI, context),
                               log=feedback.pushInfo)
        except (InputError, KeyError, ValueError) as exc:
            raise self.fail(exc)
        result = written["result"]
        for _, row in result.ledger.iterrows():
            feedback.pushInfo(f"ledger {row.level}: {row.category}: {row.rows:,}")
        gpkg = written["geopackage"]
        return {
            self.FOLDER: folder, "GEOPACKAGE": gpkg, "PROJECT": written["project"],
            "REPORT": written["report"],
            "TRACTS_LAYER": f"{gpkg}|layername=tracts",
            "PRECINCTS_LAYER": f"{gpkg}|layername=precincts",
        }
