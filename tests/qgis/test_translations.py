"""Spanish: every string of the plugin translated, and QGIS shows it in Spanish."""
import os
import subprocess
import sys

from tests.conftest import ROOT


def test_every_string_has_a_spanish_translation_and_the_ts_is_current():
    ts = os.path.join(ROOT, "boston_civic_qgis", "i18n", "boston_civic_qgis_es.ts")
    before = open(ts, encoding="utf-8").read()
    res = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "i18n.py"), "--check"],
                         cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout  # lists the strings without a translation
    assert open(ts, encoding="utf-8").read() == before, "run scripts/i18n.py and commit"
    assert 'type="unfinished"' not in before


def test_the_plugin_speaks_spanish_in_a_spanish_qgis(provider):
    from qgis.core import QgsApplication, QgsSettings

    from boston_civic_qgis.plugin import install_translator

    translator = install_translator("es")
    try:
        assert translator is not None
        alg = QgsApplication.processingRegistry().algorithmById("bostoncivic:countrequests")
        assert alg.displayName() == "Contar solicitudes por área"
        assert alg.group() == "Análisis"
        assert alg.shortHelpString().startswith("Cuenta las solicitudes al 311")
        alg = QgsApplication.processingRegistry().algorithmById("bostoncivic:runanalysis")
        assert alg.displayName() == "Ejecutar todo el análisis del 311"
        assert QgsApplication.processingRegistry().providerById("bostoncivic").name() == \
            "Boston Cívico"  # as in the menu
        settings = QgsSettings()
        before = settings.value("locale/userLocale", "")
        settings.setValue("locale/userLocale", "es_US")
        try:
            fresh = alg.create()
            fresh.initAlgorithm()
        finally:
            settings.setValue("locale/userLocale", before)
        assert fresh.parameterDefinition("MIN_POPULATION").description() == "Población mínima"
        # the choices are in Spanish too, and the maps default to QGIS's language
        assert "ACS de 5 años 2018-2022" in " ".join(
            fresh.parameterDefinition("INCOME_VINTAGE").options())
        assert fresh.parameterDefinition("LANGUAGE").defaultValue() == 1
    finally:
        from qgis.PyQt.QtCore import QCoreApplication

        QCoreApplication.removeTranslator(translator)
