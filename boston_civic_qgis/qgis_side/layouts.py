"""Print layouts of a choropleth: title, subtitle, map, legend, scale bar, north arrow, sources.

Exported through QGIS's layout exporter to PNG and (vector) PDF.
"""
from __future__ import annotations

import contextlib
import os

from qgis.core import (
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsMapLayerLegendUtils,
    QgsMapLayerType,
    QgsPrintLayout,
    QgsProject,
    QgsUnitTypes,
)
from qgis.PyQt.QtGui import QColor, QFont

PAGE_W, PAGE_H = 297, 210  # A4 landscape, mm
NORTH_ARROW = ":/images/north_arrows/layout_default_north_arrow.svg"


def _label(layout, text, x, y, w, h, size, bold=False, color="#222222"):
    item = QgsLayoutItemLabel(layout)
    item.setText(text)
    font = QFont("DejaVu Sans", size)
    font.setBold(bold)
    item.setFont(font)
    item.setFontColor(QColor(color))
    _place(layout, item, x, y, w, h)
    return item


def _place(layout, item, x, y, w=None, h=None):
    layout.addLayoutItem(item)
    # size before position: moving a map item that still has no size left it with NaN scale
    if w is not None:
        item.attemptResize(QgsLayoutSize(w, h, QgsUnitTypes.LayoutMillimeters))
    item.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutMillimeters))


def _titled_layout(project, name, title, subtitle) -> QgsPrintLayout:
    """A new A4 landscape layout (replacing one of the same name) with title and subtitle."""
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(name)
    old = project.layoutManager().layoutByName(name)
    if old is not None:
        project.layoutManager().removeLayout(old)
    _label(layout, title, 10, 7, 277, 10, 16, bold=True)
    _label(layout, subtitle, 10, 17, 277, 11, 9, color="#444444")  # room for two lines
    return layout


def map_layout(project: QgsProject, name: str, layers, title: str, subtitle: str,
               source_note: str, legend_layers=None, legend_title="Legend") -> QgsPrintLayout:
    """A one-map A4 landscape layout of `layers` (top first), added to the project."""
    if not project.crs().isValid():
        project.setCrs(layers[-1].crs())
    if project.ellipsoid() in ("", "NONE"):
        # without an ellipsoid the map scale came out as NaN and the map empty
        project.setEllipsoid(project.crs().ellipsoidAcronym() or "EPSG:7019")
    layout = _titled_layout(project, name, title, subtitle)

    m = QgsLayoutItemMap(layout)
    _place(layout, m, 10, 29, 190, 162)
    m.setLayers(list(layers))
    m.setKeepLayerSet(True)
    m.setCrs(project.crs())
    extent = layers[0].extent()
    for lyr in layers[1:]:
        extent.combineExtentWith(lyr.extent())
    m.zoomToExtent(extent)
    m.setScale(m.scale() * 1.03)  # a little margin around the city
    m.setFrameEnabled(True)

    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(m)
    legend.setTitle(legend_title)
    legend.setWrapString("|")  # long legend titles carry a "|" where they may break
    # A legend of its own: edit the legend's copy of the tree (a tree made in Python and set
    # as root is not owned by the legend, and was freed before export: a segfault).
    legend.setAutoUpdateModel(False)
    root = legend.model().rootGroup()
    root.removeAllChildren()
    for lyr in (legend_layers or layers):
        node = root.addLayer(lyr)
        if lyr.type() == QgsMapLayerType.RasterLayer:
            # a raster legend starts with its band's name ("Band 1 (Gray)"): leave it out
            count = len(legend.model().layerLegendNodes(node))
            QgsMapLayerLegendUtils.setLegendNodeOrder(node, list(range(1, count)))
            legend.model().refreshLayerLegend(node)
    legend.setStyleFont(QgsLegendStyle.Title, QFont("DejaVu Sans", 11, QFont.Bold))
    legend.setStyleFont(QgsLegendStyle.Subgroup, QFont("DejaVu Sans", 9, QFont.Bold))
    legend.setStyleFont(QgsLegendStyle.SymbolLabel, QFont("DejaVu Sans", 8))
    legend.setResizeToContents(True)
    _place(layout, legend, 205, 29)

    bar = QgsLayoutItemScaleBar(layout)
    bar.setStyle("Single Box")
    bar.setLinkedMap(m)
    bar.applyDefaultSize(QgsUnitTypes.DistanceMiles)  # sets map units per mile from the CRS
    bar.setUnitLabel("mi")
    bar.setUnitsPerSegment(1)
    bar.setNumberOfSegments(3)
    bar.setNumberOfSegmentsLeft(0)
    _place(layout, bar, 205, 175)
    bar.update()

    arrow = QgsLayoutItemPicture(layout)
    arrow.setPicturePath(NORTH_ARROW)
    arrow.setLinkedMap(m)
    _place(layout, arrow, 275, 168, 9, 13)  # beside the scale bar, off the map

    _label(layout, source_note, 10, 193, 277, 14, 7, color="#555555")
    project.layoutManager().addLayout(layout)
    return layout


def add_key(layout: QgsPrintLayout, key_svg: str, keep_last: int = 1) -> QgsLayoutItemPicture:
    """Put a drawn key (an SVG, e.g. the 3x3 bivariate grid) under the legend, which keeps
    only the last `keep_last` entries of its first layer (the no-data class)."""
    legend = next(i for i in layout.items() if isinstance(i, QgsLayoutItemLegend))
    node = legend.model().rootGroup().findLayers()[0]
    count = len(legend.model().layerLegendNodes(node))
    QgsMapLayerLegendUtils.setLegendNodeOrder(node, list(range(count - keep_last, count)))
    legend.model().refreshLayerLegend(node)
    # the legend's own height with what it now holds (its box is resized only when drawn)
    from qgis.core import QgsLayoutUtils, QgsLegendRenderer

    height = QgsLegendRenderer(legend.model(), legend.legendSettings()).minimumSize(
        QgsLayoutUtils.createRenderContextForLayout(layout, None)).height()
    picture = QgsLayoutItemPicture(layout)
    picture.setPicturePath(key_svg)
    picture.setResizeMode(QgsLayoutItemPicture.Zoom)
    top = legend.pos().y() + height + 4
    _place(layout, picture, legend.pos().x(), top, 62, 53)
    return picture


def figure_layout(project: QgsProject, name: str, image: str, title: str, subtitle: str,
                  source_note: str) -> QgsPrintLayout:
    """An A4 landscape layout of a chart (an SVG or PNG), with the same title block and source
    note as the maps."""
    layout = _titled_layout(project, name, title, subtitle)
    picture = QgsLayoutItemPicture(layout)
    picture.setPicturePath(image)
    picture.setResizeMode(QgsLayoutItemPicture.Zoom)
    _place(layout, picture, 40, 30, 217, 160)
    _label(layout, source_note, 10, 193, 277, 14, 7, color="#555555")
    project.layoutManager().addLayout(layout)
    return layout


def make_atlas(layout: QgsPrintLayout, coverage, name_field: str = "name",
               margin: float = 0.15) -> QgsPrintLayout:
    """Turn a map layout into an atlas with one page per feature of `coverage` (e.g. the
    neighborhoods): the map zooms to each feature, the title names it, the other features are
    faded and the scale bar fits each page's scale. The legend stays the city-wide one, so that
    colours mean the same on every page."""
    from qgis.core import (QgsExpression, QgsFillSymbol, QgsLayoutUtils, QgsRuleBasedRenderer,
                           QgsSimpleFillSymbolLayer)

    atlas = layout.atlas()
    atlas.setCoverageLayer(coverage)
    atlas.setHideCoverage(False)
    atlas.setPageNameExpression(QgsExpression.quotedColumnRef(name_field))
    atlas.setFilenameExpression(f"'{layout.name()}_' || {QgsExpression.quotedColumnRef(name_field)}")
    atlas.setSortFeatures(True)
    atlas.setSortExpression(QgsExpression.quotedColumnRef(name_field))
    atlas.setEnabled(True)
    m = next(i for i in layout.items() if isinstance(i, QgsLayoutItemMap))
    m.setAtlasDriven(True)
    m.setAtlasScalingMode(QgsLayoutItemMap.Auto)
    m.setAtlasMargin(margin)
    # the page's own area in a heavy outline over a white halo, the others in thin grey:
    # no veil over the colours, which must match the legend on every page
    frame = coverage.clone()
    frame.setName(coverage.name())
    root = QgsRuleBasedRenderer.Rule(None)
    for expression, layers in (
            ("$id = @atlas_featureid", [("255,255,255,255", 1.6), ("20,20,20,255", 0.7)]),
            ("$id <> @atlas_featureid", [("110,110,110,255", 0.25)])):
        symbol = QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": layers[0][0],
                                             "outline_width": str(layers[0][1])})
        for color, width in layers[1:]:
            symbol.appendSymbolLayer(QgsSimpleFillSymbolLayer.create(
                {"color": "0,0,0,0", "outline_color": color, "outline_width": str(width)}))
        root.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0, expression))
    frame.setRenderer(QgsRuleBasedRenderer(root))
    frame.setLabelsEnabled(False)
    layout.project().addMapLayer(frame, False)
    m.setLayers([frame] + [lyr for lyr in m.layers() if lyr.id() != coverage.id()])
    title = min((i for i in layout.items() if isinstance(i, QgsLayoutItemLabel)),
                key=lambda i: i.pos().y())  # the top one
    longest = max((str(f[name_field]) for f in coverage.getFeatures()), key=len, default="")
    font = title.font()
    while font.pointSizeF() > 10 and QgsLayoutUtils.textWidthMM(
            font, f"{longest}: {title.text()}") > title.rect().width():
        font.setPointSizeF(font.pointSizeF() - 0.5)  # the longest name still fits one line
    title.setFont(font)
    title.setText(f"[% {QgsExpression.quotedColumnRef(name_field)} %]: {title.text()}")
    bars = [i for i in layout.items() if isinstance(i, QgsLayoutItemScaleBar)]

    def fit_scale_bars(*_):
        # a fixed mile is wider than a small neighborhood's page: two segments of a round
        # length that make the bar about a quarter of the map wide, from the page's extent
        box = atlas.layout().reportContext().feature().geometry().boundingBox()
        if box.isEmpty():
            return
        aspect = m.rect().width() / m.rect().height()
        width = max(box.width(), box.height() * aspect) * (1 + 2 * margin)
        for bar in bars:
            length = width * QgsUnitTypes.fromUnitToUnitFactor(m.crs().mapUnits(), bar.units())
            bar.setUnitsPerSegment(round_length(length * 0.25 / 2))
            bar.setNumberOfSegments(2)
            bar.update()

    atlas.featureChanged.connect(fit_scale_bars)
    layout.fit_scale_bars = fit_scale_bars  # keep the slot alive with the layout
    return layout


def round_length(x: float) -> float:
    """The largest 1, 2 or 5 times a power of ten (and 0.25) not over x."""
    import math

    if x <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(x))
    return max(c * power for c in (1, 2, 2.5, 5) if c * power <= x)


def export_atlas(layout: QgsPrintLayout, pdf: str) -> str:
    """One vector PDF with a page per atlas feature; raises with the exporter's error."""
    os.makedirs(os.path.dirname(os.path.abspath(pdf)), exist_ok=True)
    result, error = QgsLayoutExporter.exportToPdf(layout.atlas(), pdf, _vector_pdf())
    if result != QgsLayoutExporter.Success:
        raise RuntimeError(f"{pdf}: atlas export failed ({error or result})")
    return pdf


def _vector_pdf():
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.forceVectorOutput = True
    settings.rasterizeWholeImage = False
    return settings


@contextlib.contextmanager
def _quiet_gdal():
    """The exporter tries to georeference every image through GDAL, which cannot update a PNG
    and prints 'ERROR 6' although the export succeeded: silence that, keep real failures."""
    try:
        from osgeo import gdal
    except ImportError:
        yield
        return
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        yield
    finally:
        gdal.PopErrorHandler()


def export_layout(layout: QgsPrintLayout, png: str | None = None, pdf: str | None = None,
                  dpi: int = 150) -> list:
    """Export to PNG and/or PDF; raises with the exporter's error on failure."""
    exporter = QgsLayoutExporter(layout)
    written = []
    if png:
        os.makedirs(os.path.dirname(os.path.abspath(png)), exist_ok=True)
        settings = QgsLayoutExporter.ImageExportSettings()
        settings.dpi = dpi
        with _quiet_gdal():
            result = exporter.exportToImage(png, settings)
        if result != QgsLayoutExporter.Success:
            raise RuntimeError(f"{png}: PNG export failed ({exporter.errorFile() or result})")
        written.append(png)
    if pdf:
        os.makedirs(os.path.dirname(os.path.abspath(pdf)), exist_ok=True)
        result = exporter.exportToPdf(pdf, _vector_pdf())
        if result != QgsLayoutExporter.Success:
            raise RuntimeError(f"{pdf}: PDF export failed ({result})")
        written.append(pdf)
    return written
