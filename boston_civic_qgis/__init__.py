"""Boston Civic QGIS: 311 requests, census tracts and precincts, rates, regressions and maps.

QGIS loads the plugin through classFactory; the analysis core (`boston_civic_qgis.core`) imports
no QGIS and is usable from plain Python.
"""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import BostonCivicPlugin

    return BostonCivicPlugin(iface)
