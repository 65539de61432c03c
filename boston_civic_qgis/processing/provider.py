"""The Processing provider `bostoncivic`."""
from __future__ import annotations

import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .count_model import CountModel
from .count_requests import CountRequestsByArea
from .export_map import ExportMapLayout
from .interpolate_areas import InterpolateAreas
from .per_capita_rates import PerCapitaRates
from .regress_residuals import RegressResiduals
from .run_analysis import RunAnalysis
from .service_measures import ServiceMeasures
from .smooth_rates import SmoothRates
from .spatial_autocorrelation import SpatialAutocorrelation
from .style_choropleth import StyleChoropleth

ICON = os.path.join(os.path.dirname(os.path.dirname(__file__)), "icon.svg")


class BostonCivicProvider(QgsProcessingProvider):
    def id(self):
        return "bostoncivic"

    def name(self):
        from qgis.PyQt.QtCore import QCoreApplication

        return QCoreApplication.translate("BostonCivicPlugin", "Boston Civic")  # the menu's

    def longName(self):  # noqa: N802
        return "Boston Civic: 311 requests, tracts, precincts"

    def icon(self):
        return QIcon(ICON)

    def loadAlgorithms(self):  # noqa: N802
        for alg in (CountRequestsByArea(), PerCapitaRates(), RegressResiduals(),
                    StyleChoropleth(), ExportMapLayout(), RunAnalysis(), SmoothRates(),
                    SpatialAutocorrelation(), CountModel(), InterpolateAreas(),
                    ServiceMeasures()):
            self.addAlgorithm(alg)
