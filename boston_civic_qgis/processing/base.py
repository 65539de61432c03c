"""What every Boston Civic algorithm shares: naming, help, progress and cancel."""
from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication

from ..qgis_side.layers import Cancelled


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

    @staticmethod
    def check_cancel(feedback):
        if feedback.isCanceled():
            raise Cancelled("cancelled")

    @staticmethod
    def fail(exc):
        """Core errors (which name the file, field or row) as Processing errors."""
        return QgsProcessingException(str(exc))
