"""Choropleth styles: sequential classes for rates and counts, diverging classes for residuals.

Breaks come from `core.classify` (mapclassify), so maps, legends and the report agree.
"""
from __future__ import annotations

import os

from qgis.core import (
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsRendererRange,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtXml import QDomDocument

from ..core.classify import diverging_breaks, sequential_breaks

# styles/ of the repository; the plugin package links it (and the plugin zip copies it)
STYLES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "styles")

# ColorBrewer YlGnBu (sequential) and RdBu (diverging): print- and colour-blind-friendly.
SEQUENTIAL = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
DIVERGING = ["#ca0020", "#f4a582", "#f7f7f7", "#92c5de", "#0571b0"]
DIVERGING_WORDS = ["far below predicted", "below predicted", "about as predicted",
                   "above predicted", "far above predicted"]
OUTLINE = "#5a5a5a"

STYLE_KINDS = ("sequential_quantiles", "sequential_natural_breaks", "diverging_residuals",
               "lisa_clusters", "bivariate", "diverging_speed")


def _fill(color: str) -> QgsFillSymbol:
    return QgsFillSymbol.createSimple({
        "color": color, "outline_color": OUTLINE, "outline_width": "0.1",
        "outline_width_unit": "MM",
    })


def _fmt(x: float, decimals: int) -> str:
    return f"{x:,.{decimals}f}".replace("-", "\u2212")  # a true minus sign in legends


def enough_decimals(classes, decimals: int, most: int = 4) -> int:
    """`decimals`, or more where fewer would print two different class bounds alike
    ("0.7 – 0.7" for shares between 0.66 and 0.74)."""
    bounds = sorted({b for pair in classes for b in pair})
    while decimals < most and len({round(b, decimals) for b in bounds}) < len(bounds):
        decimals += 1
    return decimals


def _values(layer: QgsVectorLayer, field: str):
    idx = layer.fields().indexOf(field)
    if idx < 0:
        raise KeyError(f"{layer.name()}: no field '{field}' (fields: {layer.fields().names()})")
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    request.setSubsetOfAttributes([idx])
    values = (f.attributes()[idx] for f in layer.getFeatures(request))
    return [v for v in values if v is not None and not isinstance(v, QVariant)]


def graduated_renderer(field: str, classes, colors, labels) -> QgsGraduatedSymbolRenderer:
    ranges = [QgsRendererRange(lo, hi, _fill(c), label)
              for (lo, hi), c, label in zip(classes, colors, labels)]
    renderer = QgsGraduatedSymbolRenderer(field, ranges)
    renderer.setSourceSymbol(_fill(colors[0]))
    return renderer


def sequential_renderer(values, field: str, unit: str = "", k: int = 5,
                        method: str = "quantiles", decimals: int = 1):
    classes = sequential_breaks(values, k, method)
    colors = SEQUENTIAL if len(classes) == 5 else _ramp(SEQUENTIAL, len(classes))
    decimals = enough_decimals(classes, decimals)
    labels = [f"{_fmt(lo, decimals)} – {_fmt(hi, decimals)}{(' ' + unit) if unit else ''}"
              for lo, hi in classes]
    r = graduated_renderer(field, classes, colors, labels)
    r.setClassificationMethod(_qgis_method(method))
    return r


SPEED_WORDS = ["much faster", "faster", "about the same", "slower", "much slower"]


def diverging_renderer(values, field: str, decimals: int = 1, words=None,
                       high_is_bad: bool = False):
    """Classes centred on zero; red marks the side of concern (low residuals: less engagement
    than predicted; with high_is_bad, high values, e.g. slower service)."""
    classes, sd = diverging_breaks(values)
    decimals = enough_decimals(classes, decimals)
    labels = [f"{_fmt(lo, decimals)} – {_fmt(hi, decimals)} ({w})"
              for (lo, hi), w in zip(classes, words or DIVERGING_WORDS)]
    colours = DIVERGING[::-1] if high_is_bad else DIVERGING
    return graduated_renderer(field, classes, colours, labels)


LISA_COLOURS = {"high-high": "#d7191c", "low-low": "#2c7bb6", "high-low": "#fdae61",
                "low-high": "#abd9e9", "not significant": "#f0f0f0"}
LISA_LABELS = {"high-high": "High-high: above predicted, among neighbours above",
               "low-low": "Low-low: below predicted, among neighbours below",
               "high-low": "High-low: above predicted, among neighbours below",
               "low-high": "Low-high: below predicted, among neighbours above",
               "not significant": "Not significant (p ≥ 0.05)"}
# Joshua Stevens' 3x3 bivariate scheme: first digit income tercile, second white-share tercile
BIVARIATE = {"1-1": "#e8e8e8", "2-1": "#e4acac", "3-1": "#c85a5a",
             "1-2": "#b0d5df", "2-2": "#ad9ea5", "3-2": "#985356",
             "1-3": "#64acbe", "2-3": "#627f8c", "3-3": "#574249"}
TERCILE = {"1": "low", "2": "middle", "3": "high"}


def categorized_renderer(field, categories, no_data_label=None):
    """Categories [(value, colour, label)], plus a hatched category for NULL when labelled."""
    from qgis.core import QgsCategorizedSymbolRenderer, QgsRendererCategory

    cats = [QgsRendererCategory(v, _fill(c), label) for v, c, label in categories]
    if no_data_label:
        cats.append(QgsRendererCategory(None, no_data_symbol(), no_data_label))
    return QgsCategorizedSymbolRenderer(field, cats)


def no_data_symbol():
    """The hatched symbol of styles/no_data.qml, for areas without a value."""
    layer = QgsVectorLayer("MultiPolygon", "no data", "memory")
    load_qml(layer, "no_data.qml")
    return layer.renderer().symbol().clone()


def lisa_renderer(field="lisa_cluster", no_data_label="Not in the model"):
    return categorized_renderer(
        field, [(k, LISA_COLOURS[k], LISA_LABELS[k]) for k in LISA_COLOURS], no_data_label)


def bivariate_renderer(field="income_race_class",
                       no_data_label="No data, or population under the minimum",
                       income_bins=(), white_bins=()):
    """The 3x3 classes; with the tercile bounds, labels say them ($ and %)."""
    def span(bins, i, fmt):
        if len(bins) < 3:
            return ""
        lo = fmt(bins[i - 2]) if i > 1 else None
        hi = fmt(bins[i - 1]) if i < 3 else None
        return f" ({'up to ' + hi if lo is None else ('over ' + lo if hi is None else lo + '–' + hi)})"

    def label(k):
        i, j = int(k[0]), int(k[2])
        return (f"income {TERCILE[k[0]]}{span(income_bins, i, lambda v: f'${v / 1000:,.0f}k')}, "
                f"white {TERCILE[k[2]]}{span(white_bins, j, lambda v: f'{v:.0f}%')}")
    return categorized_renderer(field, [(k, c, label(k)) for k, c in BIVARIATE.items()],
                                no_data_label)


def bivariate_key_svg(path: str, income_bins=(), white_bins=(), language: str = "en") -> str:
    """The bivariate legend as cartographers draw it: a 3x3 grid, income rising to the right,
    white share rising upwards, the tercile bounds at the cell edges. Written as SVG (mm)."""
    from xml.sax.saxutils import escape

    from ..definitions.map_text import localise

    cell, x0, y0 = 11, 18, 3
    parts = []
    for key, colour in BIVARIATE.items():
        i, j = int(key[0]), int(key[2])  # income tercile (column), white tercile (row)
        parts.append(f'<rect x="{x0 + (i - 1) * cell}" y="{y0 + (3 - j) * cell}" '
                     f'width="{cell}" height="{cell}" fill="{colour}" stroke="#ffffff" '
                     'stroke-width="0.3"/>')
    text = 'font-family="DejaVu Sans" font-size="2.6" fill="#222222"'
    for n, bound in enumerate(income_bins[:2], start=1):
        parts.append(f'<text x="{x0 + n * cell}" y="{y0 + 3 * cell + 3.4}" {text} '
                     f'text-anchor="middle">${bound / 1000:,.0f}k</text>')
    for n, bound in enumerate(white_bins[:2], start=1):
        parts.append(f'<text x="{x0 - 1}" y="{y0 + (3 - n) * cell + 0.9}" {text} '
                     f'text-anchor="end">{bound:.0f}%</text>')
    income, white = (escape(localise(t, language)) for t in ("Median income →",
                                                              "White share →"))
    parts.append(f'<text x="{x0 + 1.5 * cell}" y="{y0 + 3 * cell + 7.6}" {text} '
                 f'font-weight="bold" text-anchor="middle">{income}</text>')
    parts.append(f'<text transform="translate({x0 - 11},{y0 + 1.5 * cell}) rotate(-90)" {text} '
                 f'font-weight="bold" text-anchor="middle">{white}</text>')
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="58mm" height="48mm" '
           'viewBox="0 0 58 48">' + "".join(parts) + "</svg>")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(svg)
    return path


def renderer_for(values, field: str, kind: str = "sequential_quantiles", unit: str = "",
                 k: int = 5, decimals: int = 1, bins: dict | None = None):
    """The graduated renderer of `field` for these values (NULLs already removed)."""
    if kind == "diverging_residuals":
        return diverging_renderer(values, field, decimals)
    if kind == "diverging_speed":
        return diverging_renderer(values, field, decimals, SPEED_WORDS, high_is_bad=True)
    if kind == "lisa_clusters":
        return lisa_renderer(field)
    if kind == "bivariate":
        return bivariate_renderer(field, **(bins or {}))
    if kind.startswith("sequential_"):
        return sequential_renderer(values, field, unit, k, kind.removeprefix("sequential_"),
                                   decimals)
    raise ValueError(f"unknown style {kind!r}; one of {STYLE_KINDS}")


def apply_style(layer: QgsVectorLayer, field: str, kind: str = "sequential_quantiles",
                unit: str = "", k: int = 5, decimals: int = 1, bins: dict | None = None):
    """Classify `field` of `layer` and set the renderer. Returns the renderer."""
    values = [] if kind in ("lisa_clusters", "bivariate") else _values(layer, field)
    renderer = renderer_for(values, field, kind, unit, k, decimals, bins)
    layer.setRenderer(renderer)
    layer.triggerRepaint()
    return renderer


def style_qml(renderer, field: str) -> str:
    """The QML document of a polygon layer drawn with `renderer`.

    Made on an empty memory layer, so that no connection to the GeoPackage is held open while
    the core writes the style into it (saveStyleToDatabase on an open layer left WAL files
    behind and broke later reads in the same process).
    """
    layer = QgsVectorLayer(f"MultiPolygon?field={field}:string", "style", "memory")
    layer.setRenderer(renderer.clone())
    doc = QDomDocument("qgis")
    err = layer.exportNamedStyle(doc)
    if err:
        raise RuntimeError(f"style of {field}: {err}")
    return doc.toString()


def no_data_layer(source_layer: QgsVectorLayer, expression: str, label: str) -> QgsVectorLayer:
    """A layer of the areas left out of a choropleth, drawn with an explicit hatch and label."""
    layer = QgsVectorLayer(source_layer.source(), label, source_layer.providerType())
    layer.setSubsetString(expression)
    load_qml(layer, "no_data.qml")
    return layer


def load_qml(layer: QgsVectorLayer, name: str) -> None:
    """Apply styles/NAME to the layer. (loadNamedStyle on a GeoPackage layer loaded the
    style stored in the GeoPackage instead of the file.)"""
    path = os.path.join(STYLES_DIR, name)
    doc = QDomDocument("qgis")
    with open(path, encoding="utf-8") as f:
        if not doc.setContent(f.read()):
            raise RuntimeError(f"{path}: not a QML document")
    ok, err = layer.importNamedStyle(doc)
    if not ok:
        raise RuntimeError(f"{path}: {err}")


def _ramp(colors, n):
    if n <= 1:
        return colors[-1:]
    step = (len(colors) - 1) / (n - 1)
    return [colors[round(i * step)] for i in range(n)]


def _qgis_method(method):
    from qgis.core import QgsClassificationJenks, QgsClassificationQuantile

    return QgsClassificationQuantile() if method == "quantiles" else QgsClassificationJenks()


def style_density(tif: str, unit: str = "per 100 residents", k: int = 5, language="en"):
    """A quantile pseudocolour style for the density GeoTIFF, saved beside it as .qml (QGIS
    loads it with the raster). Returns the styled layer."""
    import numpy as np
    import rasterio
    from qgis.core import (QgsColorRampShader, QgsRasterLayer, QgsRasterShader,
                           QgsSingleBandPseudoColorRenderer)

    with rasterio.open(tif) as src:
        band = src.read(1, masked=True)
    values = np.asarray(band.compressed(), dtype=float)
    classes = sequential_breaks(values, k)
    colors = SEQUENTIAL if len(classes) == 5 else _ramp(SEQUENTIAL, len(classes))
    from ..definitions.map_text import localise

    items = [QgsColorRampShader.ColorRampItem(
        hi, QColor(c), localise(f"{_fmt(lo, 1)} – {_fmt(hi, 1)} {unit}", language))
        for (lo, hi), c in zip(classes, colors)]
    ramp = QgsColorRampShader(float(values.min()), float(values.max()))
    ramp.setColorRampType(QgsColorRampShader.Discrete)
    ramp.setColorRampItemList(items)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(ramp)
    layer = QgsRasterLayer(tif, localise("Requests per 100 residents (kernel density)",
                                         language))
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader)
    renderer.setClassificationMin(float(values.min()))
    renderer.setClassificationMax(float(values.max()))
    layer.setRenderer(renderer)
    layer.renderer().setOpacity(0.9)
    layer.saveNamedStyle(os.path.splitext(tif)[0] + ".qml")
    return layer


def localise_labels(renderer, language: str):
    """Translate the legend labels of a graduated or categorized renderer in place."""
    from ..definitions.map_text import localise

    if language == "en" or renderer is None:
        return renderer
    if hasattr(renderer, "ranges"):
        for i, r in enumerate(renderer.ranges()):
            renderer.updateRangeLabel(i, localise(r.label(), language))
    elif hasattr(renderer, "categories"):
        for i, c in enumerate(renderer.categories()):
            renderer.updateCategoryLabel(i, localise(c.label(), language))
    return renderer
