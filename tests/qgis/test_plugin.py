"""The plugin as QGIS loads it: classFactory, initGui (provider, menu, toolbar), unload."""
from qgis.core import QgsApplication


def test_load_and_unload(qgis_iface, qgis_processing):
    import boston_civic_qgis

    registry = QgsApplication.processingRegistry()
    had_provider = registry.providerById("bostoncivic") is not None
    plugin = boston_civic_qgis.classFactory(qgis_iface)
    if had_provider:  # the session's provider (tests/qgis/conftest.py) is already registered
        registry.removeProvider(registry.providerById("bostoncivic"))
    plugin.initGui()
    assert registry.providerById("bostoncivic") is not None
    assert len(registry.providerById("bostoncivic").algorithms()) == 11
    assert plugin.action is not None and "analysis" in plugin.action.text()
    plugin.unload()
    assert registry.providerById("bostoncivic") is None
    assert plugin.action is None
    # reload, as the plugin reloader does
    plugin = boston_civic_qgis.classFactory(qgis_iface)
    plugin.initGui()
    assert registry.providerById("bostoncivic") is not None
    if not had_provider:
        plugin.unload()


def test_missing_dependency_is_named_not_a_crash():
    """In a QGIS whose Python lacks statsmodels, the plugin loads and says what to install."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import sys; sys.modules['statsmodels'] = None\n"
        "from boston_civic_qgis.qgis_side.app import start_qgis; start_qgis()\n"
        "from qgis.core import QgsApplication\n"
        "import boston_civic_qgis\n"
        "p = boston_civic_qgis.classFactory(None); p.initProcessing()\n"
        "print(QgsApplication.processingRegistry().providerById('bostoncivic') is None)\n"
        "print(p.missing)\n")
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == "True"
    assert "which QGIS's Python does not have: statsmodels." in res.stdout
    assert "OSGeo4W Shell" in res.stdout and "python -m pip install statsmodels" in res.stdout
