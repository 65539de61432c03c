"""Real QGIS (pytest-qgis's qgis_app and qgis_processing) with the plugin's provider."""
import pytest


@pytest.fixture(scope="session")
def provider(qgis_app, qgis_processing):
    from qgis.core import QgsApplication

    import boston_civic_qgis

    registry = QgsApplication.processingRegistry()
    plugin = None
    if registry.providerById("bostoncivic") is None:
        plugin = boston_civic_qgis.classFactory(None)  # owns the provider: keep it alive
        plugin.initProcessing()
    yield registry.providerById("bostoncivic")
    if plugin is not None:
        plugin.unload()


@pytest.fixture
def run(provider):
    """processing.run, failing loudly."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    def _run(alg, params):
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        return processing.run(alg, params, context=context, feedback=QgsProcessingFeedback())
    return _run


def features(layer_or_path, key):
    """{key value: attribute dict} of a layer or 'path|layername=x'."""
    from qgis.core import QgsVectorLayer

    layer = layer_or_path if not isinstance(layer_or_path, str) else \
        QgsVectorLayer(layer_or_path, "t", "ogr")
    assert layer.isValid(), layer_or_path
    names = layer.fields().names()
    out = {}
    for f in layer.getFeatures():
        attrs = {n: (None if _is_null(v) else v) for n, v in zip(names, f.attributes())}
        out[attrs[key]] = attrs
    return out


def _is_null(v):
    from qgis.PyQt.QtCore import QVariant

    return v is None or isinstance(v, QVariant)
