"""Atlas: one page per coverage feature, zoomed to it and titled by it."""
import os
import re

import pytest

from tests.conftest import HAND


def pdf_pages(path):
    return len(re.findall(rb"/Type\s*/Page[^s]", open(path, "rb").read()))


def test_each_page_zooms_to_its_area_and_is_titled_by_it(provider, tmp_path):
    from qgis.core import (QgsLayoutItemLabel, QgsLayoutItemMap, QgsLayoutItemScaleBar,
                           QgsProject, QgsVectorLayer)

    from boston_civic_qgis.qgis_side.layouts import export_atlas, make_atlas, map_layout

    project = QgsProject()
    areas = QgsVectorLayer(os.path.join(HAND, "areas.geojson"), "areas", "ogr")
    pages = QgsVectorLayer(os.path.join(HAND, "areas.geojson"), "pages", "ogr")
    project.addMapLayers([areas, pages], False)
    layout = make_atlas(map_layout(project, "hand", [pages, areas], "Requests", "", "note"),
                        pages, "GEOID")
    atlas = layout.atlas()
    assert atlas.updateFeatures() == 3
    m = next(i for i in layout.items() if isinstance(i, QgsLayoutItemMap))
    title = min((i for i in layout.items() if isinstance(i, QgsLayoutItemLabel)),
                key=lambda i: i.pos().y())
    atlas.beginRender()
    seen = []
    for page in range(atlas.count()):
        atlas.seekTo(page)
        feature = atlas.layout().reportContext().feature()
        seen.append(feature["GEOID"])
        assert title.currentText() == f"{feature['GEOID']}: Requests"
        box = feature.geometry().boundingBox()
        assert m.extent().contains(box)  # the whole area is on its page ...
        assert m.extent().width() < 3 * box.width()  # ... and the map is zoomed to it
        bar = next(i for i in layout.items() if isinstance(i, QgsLayoutItemScaleBar))
        # the fixture's areas are about 0.5 mi wide: round segments, the bar a quarter of it
        assert bar.unitsPerSegment() in (0.05, 0.1) and bar.numberOfSegments() == 2
    atlas.endRender()
    assert seen == ["A", "B", "C"]  # sorted by the page name
    pdf = export_atlas(layout, str(tmp_path / "atlas.pdf"))
    assert pdf_pages(pdf) == 3


def test_export_map_algorithm_writes_an_atlas_of_the_neighborhoods(run, package, tmp_path):
    atlas = str(tmp_path / "atlas.pdf")
    result = run("bostoncivic:exportmap", {
        "INPUT": f"{package}|layername=tracts", "FIELD": "population", "STYLE": 0,
        "TITLE": "Population", "DPI": 50, "OUTPUT_PNG": str(tmp_path / "m.png"),
        "COVERAGE": f"{package}|layername=neighborhoods", "PAGE_NAME": "name",
        "OUTPUT_ATLAS": atlas})
    assert result["OUTPUT_ATLAS"] == atlas
    assert pdf_pages(atlas) == 26


@pytest.mark.parametrize("extra,message", [
    ({}, "choose an Atlas coverage layer"),
    ({"COVERAGE": "{HAND}/areas.geojson", "PAGE_NAME": "name"}, "no field 'name'"),
])
def test_export_map_atlas_errors_say_what_to_fix(run, package, tmp_path, extra, message):
    from qgis.core import QgsProcessingException

    params = {"INPUT": f"{package}|layername=tracts", "TITLE": "t", "DPI": 50,
              "OUTPUT_PNG": str(tmp_path / "m.png"), "OUTPUT_ATLAS": str(tmp_path / "a.pdf")}
    params.update({k: v.replace("{HAND}", HAND) for k, v in extra.items()})
    with pytest.raises(QgsProcessingException, match=message):
        run("bostoncivic:exportmap", params)


@pytest.mark.parametrize("x,expected", [(0.7, 0.5), (1.4, 1), (0.3, 0.25), (0.12, 0.1),
                                        (3.9, 2.5), (7, 5), (0.049, 0.025)])
def test_scale_bar_segments_are_round(x, expected):
    from boston_civic_qgis.qgis_side.layouts import round_length

    assert round_length(x) == pytest.approx(expected)
