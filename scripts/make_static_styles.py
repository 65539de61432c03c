"""Write the static QML styles of styles/ (symbols that do not depend on the data).

Data-driven styles (class breaks) are computed at run time; these are the fixed pieces:
the no-data hatch and the neighborhood outlines with labels. Run with the project venv:
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_static_styles.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from qgis.core import (  # noqa: E402
    QgsFillSymbol, QgsPalLayerSettings, QgsSingleSymbolRenderer, QgsTextBufferSettings,
    QgsTextFormat, QgsVectorLayer, QgsVectorLayerSimpleLabeling, QgsLinePatternFillSymbolLayer,
)
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

from boston_civic_qgis.qgis_side.app import start_qgis  # noqa: E402

start_qgis()
out = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "styles")

layer = QgsVectorLayer("Polygon?crs=EPSG:2249", "no data", "memory")
symbol = QgsFillSymbol.createSimple({"color": "#e6e6e6", "outline_color": "#8c8c8c",
                                     "outline_width": "0.1"})
hatch = QgsLinePatternFillSymbolLayer()
hatch.setLineAngle(45)
hatch.setDistance(1.2)
hatch.setColor(QColor("#9e9e9e"))
hatch.subSymbol().setWidth(0.15)
symbol.appendSymbolLayer(hatch)
layer.setRenderer(QgsSingleSymbolRenderer(symbol))
layer.saveNamedStyle(os.path.join(out, "no_data.qml"))

hoods = QgsVectorLayer("Polygon?crs=EPSG:2249&field=name:string", "neighborhoods", "memory")
hoods.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
    {"style": "no", "outline_color": "#303030", "outline_width": "0.35"})))
fmt = QgsTextFormat()
fmt.setFont(QFont("DejaVu Sans"))
fmt.setSize(7)
fmt.setColor(QColor("#202020"))
buf = QgsTextBufferSettings()
buf.setEnabled(True)
buf.setSize(0.8)
buf.setColor(QColor("#ffffff"))
fmt.setBuffer(buf)
pal = QgsPalLayerSettings()
pal.fieldName = "name"
pal.setFormat(fmt)
hoods.setLabeling(QgsVectorLayerSimpleLabeling(pal))
hoods.setLabelsEnabled(True)
hoods.saveNamedStyle(os.path.join(out, "neighborhoods.qml"))
# categorical styles whose classes do not depend on the data
from boston_civic_qgis.qgis_side.styles import bivariate_renderer, lisa_renderer  # noqa: E402

for name, field, renderer in (("lisa_clusters.qml", "lisa_cluster", lisa_renderer()),
                              ("income_race_bivariate.qml", "income_race_class",
                               bivariate_renderer())):
    layer = QgsVectorLayer(f"MultiPolygon?crs=EPSG:2249&field={field}:string", name, "memory")
    layer.setRenderer(renderer)
    layer.saveNamedStyle(os.path.join(out, name))
print("written", sorted(os.listdir(out)))
