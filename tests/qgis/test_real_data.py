"""The counts on the real Boston data equal QGIS's own native:countpointsinpolygon."""
import pytest

from tests.qgis.conftest import features


@pytest.fixture(scope="module")
def core_result(package):
    from boston_civic_qgis.core.package import read_inputs
    from boston_civic_qgis.core.pipeline import run_analysis

    req, tr, pr, sources, _ = read_inputs()
    return run_analysis(req, tr, pr, inputs=sources)


@pytest.mark.parametrize("layer,key", [("tracts", "GEOID"), ("precincts", "ward_precinct")])
def test_counts_equal_qgis_native(run, package, core_result, layer, key):
    from qgis.core import QgsVectorLayer

    points = QgsVectorLayer(f"{package}|layername=requests_311", "requests", "ogr")
    # the requests the analysis counts: resident-initiated, with a real location
    points.setSubsetString("\"resident_initiated\" = 1 AND \"location_status\" = 'ok'")
    native = run("native:countpointsinpolygon", {
        "POLYGONS": f"{package}|layername={layer}", "POINTS": points, "FIELD": "NUMPOINTS",
        "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    qgis_counts = {k: int(v["NUMPOINTS"]) for k, v in features(native, key).items()}
    ours = getattr(core_result, layer)
    ours = dict(zip(ours[key], ours["requests"].astype(int)))
    assert len(ours) == {"tracts": 207, "precincts": 255}[layer]
    assert ours == qgis_counts
