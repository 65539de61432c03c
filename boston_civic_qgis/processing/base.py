"""What every Boston Civic algorithm shares: naming, help, progress and cancel."""
from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication

from ..qgis_side.layers import Cancelled


def parse_units(text: str, predictors: list) -> dict:
    """'1000,1' -> {term: (field, divisor)}; a term is named field_per_D when D is not 1."""
    text = (text or "").strip()
    try:
        units = [float(u) for u in text.split(",")] if text else [1.0] * len(predictors)
    except ValueError:
        raise ValueError(f"Units: '{text}' is not a list of numbers") from None
    if len(units) != len(predictors):
        raise ValueError(f"Units: {len(units)} divisors for {len(predictors)} predictors")
    if any(u == 0 for u in units):
        raise ValueError("Units: a divisor of 0")
    return {(f if d == 1 else f"{f}_per_{d:g}"): (f, d) for f, d in zip(predictors, units)}


class BostonCivicAlgorithm(QgsProcessingAlgorithm):
    NAME = ""
    DISPLAY = ""
    GROUP = "Analysis"
    HELP = ""

    def tr(self, text):
        return QCoreApplication.translate(type(self).__name__, text)

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return self.tr(self.DISPLAY)

    def group(self):
        return self.tr(self.GROUP)

    def groupId(self):  # noqa: N802
        return self.GROUP.lower().replace(" ", "_")

    def shortHelpString(self):  # noqa: N802
        return self.tr(self.HELP)

    def icon(self):  # the plugin's, not the generic gear
        from qgis.PyQt.QtGui import QIcon

        from .provider import ICON

        return QIcon(ICON)

    def svgIconPath(self):  # noqa: N802
        from .provider import ICON

        return ICON

    def createInstance(self):  # noqa: N802
        return type(self)()

    @staticmethod
    def progress(feedback, start=0.0, end=100.0):
        """A core progress callback `(percent, message)` mapped onto [start, end] of the
        algorithm's bar; raises Cancelled when the user cancels."""
        def report(pct, message):
            if feedback.isCanceled():
                raise Cancelled("cancelled")
            feedback.setProgress(start + (end - start) * pct / 100.0)
            if message:
                feedback.setProgressText(message)
        return report

    def add_predictor_parameters(self, default):
        """PREDICTORS (numeric fields of INPUT) and UNITS (a divisor each), for the models."""
        from qgis.core import QgsProcessingParameterField, QgsProcessingParameterString

        self.addParameter(QgsProcessingParameterField(
            "PREDICTORS", self.tr("Predictors"), default, "INPUT",
            QgsProcessingParameterField.Numeric, allowMultiple=True))
        self.addParameter(QgsProcessingParameterString(
            "UNITS", self.tr("Units (divisor per predictor, comma-separated)"), "",
            optional=True))

    def predictor_terms(self, parameters, context) -> dict:
        """{term: (field, divisor)} of PREDICTORS and UNITS."""
        return parse_units(self.parameterAsString(parameters, "UNITS", context),
                           self.parameterAsFields(parameters, "PREDICTORS", context))

    def read_requests_and_areas(self, parameters, context, feedback, area_id):
        """REQUESTS as normalised requests (note logged) and AREAS checked by `area_id`;
        returns (requests, its source, areas)."""
        from ..core.sources import as_requests, check_areas
        from ..qgis_side.layers import parameter_to_gdf

        raw, src = parameter_to_gdf(self, parameters, "REQUESTS", context, feedback, "requests")
        requests, note = as_requests(raw, src)
        if note:
            feedback.pushInfo(note)
        feedback.setProgress(30)
        areas, area_src = parameter_to_gdf(self, parameters, "AREAS", context, feedback, "areas")
        self.check_cancel(feedback)
        return requests, src, check_areas(areas, area_src, area_id)

    @staticmethod
    def check_cancel(feedback):
        if feedback.isCanceled():
            raise Cancelled("cancelled")

    @staticmethod
    def fail(exc):
        """Core errors (which name the file, field or row) as Processing errors."""
        return QgsProcessingException(str(exc))
