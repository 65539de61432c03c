"""The QGIS plugin: registers the Processing provider, adds a menu entry and toolbar button."""
from __future__ import annotations

from qgis.core import QgsApplication


class BostonCivicPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.action = None

    def initProcessing(self):  # noqa: N802 (called by qgis_process too)
        from .processing.provider import BostonCivicProvider

        self.provider = BostonCivicProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()
        if self.iface is None:
            return
        from qgis.PyQt.QtGui import QIcon
        from qgis.PyQt.QtWidgets import QAction

        from .processing.provider import ICON

        self.action = QAction(QIcon(ICON), "Run the whole 311 analysis…",
                              self.iface.mainWindow())
        self.action.triggered.connect(self.open_dialog)
        self.iface.addPluginToMenu("Boston Civic", self.action)
        self.iface.addToolBarIcon(self.action)

    def open_dialog(self):
        from processing import execAlgorithmDialog  # QGIS's own processing package

        execAlgorithmDialog("bostoncivic:runanalysis")

    def unload(self):
        if self.action is not None:
            self.iface.removePluginMenu("Boston Civic", self.action)
            self.iface.removeToolBarIcon(self.action)
            self.action = None
        if self.provider is not None:
            from qgis.PyQt import sip

            # the registry deletes a provider it removes: never remove one twice
            if not sip.isdeleted(self.provider):
                QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
