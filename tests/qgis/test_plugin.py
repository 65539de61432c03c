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
    assert len(registry.providerById("bostoncivic").algorithms()) == 10
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
