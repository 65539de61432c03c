"""The QGIS plugin: registers the Processing provider, adds a menu entry and toolbar button."""
from __future__ import annotations

from qgis.core import QgsApplication


def install_translator(locale: str | None = None):
    """Load i18n/boston_civic_qgis_LL.qm for QGIS's user locale (or `locale`), if there is one."""
    import os

    from qgis.core import QgsSettings
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    locale = (locale or str(QgsSettings().value("locale/userLocale", "") or ""))[:2]
    path = os.path.join(os.path.dirname(__file__), "i18n", f"boston_civic_qgis_{locale}.qm")
    if not locale or not os.path.exists(path):
        return None
    translator = QTranslator()
    if translator.load(path):
        QCoreApplication.installTranslator(translator)
        return translator
    return None


class BostonCivicPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.translator = install_translator()
        self.provider = None
        self.action = None
        self.missing = ""  # install instructions when dependencies are missing

    def tr(self, text):
        from qgis.PyQt.QtCore import QCoreApplication

        return QCoreApplication.translate("BostonCivicPlugin", text)

    def initProcessing(self):  # noqa: N802 (called by qgis_process too)
        from .dependencies import install_instructions, missing_dependencies

        missing = missing_dependencies()
        if missing:
            # load anyway, and say exactly what to install: no ImportError at start-up
            from qgis.core import Qgis, QgsMessageLog

            self.missing = install_instructions(missing)
            QgsMessageLog.logMessage(self.missing, "Boston Civic", Qgis.Critical)
            return
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

        self.action = QAction(QIcon(ICON), self.tr("Run the whole 311 analysis…"),
                              self.iface.mainWindow())
        self.action.triggered.connect(self.open_dialog)
        self.iface.addPluginToMenu(self.tr("Boston Civic"), self.action)
        self.iface.addToolBarIcon(self.action)
        if self.missing:
            from qgis.core import Qgis

            self.iface.messageBar().pushMessage(
                "Boston Civic QGIS", self.missing.splitlines()[0], level=Qgis.Critical,
                duration=0)

    def open_dialog(self):
        if self.missing:
            from qgis.PyQt.QtWidgets import QMessageBox

            QMessageBox.warning(self.iface.mainWindow(), "Boston Civic QGIS", self.missing)
            return
        from processing import execAlgorithmDialog  # QGIS's own processing package

        execAlgorithmDialog("bostoncivic:runanalysis")

    def unload(self):
        if self.action is not None:
            self.iface.removePluginMenu(self.tr("Boston Civic"), self.action)
            self.iface.removeToolBarIcon(self.action)
            self.action = None
        if self.provider is not None:
            from qgis.PyQt import sip

            # the registry deletes a provider it removes: never remove one twice
            if not sip.isdeleted(self.provider):
                QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:  # last: the menu was found by its translated name
            from qgis.PyQt.QtCore import QCoreApplication

            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
