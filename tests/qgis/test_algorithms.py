"""Processing algorithms in real QGIS: declarative cases (algorithm_cases.json), then the
algorithms that need more than a table of values."""
import json
import os

import pandas as pd

import pytest

from tests.conftest import HAND
from tests.qgis.conftest import features

CASES = json.load(open(os.path.join(os.path.dirname(__file__), "algorithm_cases.json")))["cases"]


def _fill(value):
    return value.replace("{HAND}", HAND) if isinstance(value, str) else value


@pytest.fixture(scope="module")
def outputs():
    return {}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_declarative_case(case, run, outputs):
    params = {k: _fill(v) for k, v in case["params"].items()}
    for param, ref in case.get("chain", {}).items():
        name, out = ref.rsplit(":", 1)
        params[param] = outputs[name][out]
    result = run(case["algorithm"], params)
    outputs[case["name"]] = result
    for out, spec in case["expected"].items():
        feats = features(result[out], spec["key"])
        for field, expected in spec["values"].items():
            got = {k: feats[k][field] for k in expected}
            assert got == pytest.approx(expected) if all(
                isinstance(v, float) for v in expected.values()) else got == expected, field


def test_count_on_a_selection_only(run, provider):
    from qgis.core import QgsProcessingFeatureSourceDefinition, QgsProject, QgsVectorLayer

    layer = QgsVectorLayer(os.path.join(HAND, "areas.geojson"), "areas", "ogr")
    QgsProject.instance().addMapLayer(layer)
    layer.selectByExpression("\"GEOID\" = 'C'")
    result = run("bostoncivic:countrequests", {
        "REQUESTS": CASES[0]["params"]["REQUESTS"].replace("{HAND}", HAND),
        "AREAS": QgsProcessingFeatureSourceDefinition(layer.id(), True),
        "AREA_ID": "GEOID", "OUTPUT": "TEMPORARY_OUTPUT", "LEDGER": "TEMPORARY_OUTPUT"})
    # only C is counted into: rows 5 and 6 on its edge with A now belong to C alone, with 13
    assert {k: v["requests"] for k, v in features(result["OUTPUT"], "GEOID").items()} == {"C": 3}
    QgsProject.instance().removeMapLayer(layer.id())


def test_regression_matches_the_core(run, package, tmp_path):
    from boston_civic_qgis.core.package import read_inputs
    from boston_civic_qgis.core.pipeline import run_analysis, write_geopackage

    req, tr, pr, sources, _ = read_inputs()
    result = run_analysis(req, tr, pr)
    gpkg = str(tmp_path / "a.gpkg")
    write_geopackage(result, gpkg)
    out = run("bostoncivic:regressresiduals", {
        "INPUT": f"{gpkg}|layername=tracts", "OUTCOME": "requests_per_100",
        "PREDICTORS": ["median_income", "white_share"], "UNITS": "1000,1",
        "ONLY_INCLUDED": True, "MODEL_NAME": "m", "OUTPUT": "TEMPORARY_OUTPUT",
        "TABLE": "TEMPORARY_OUTPUT"})
    table = features(out["TABLE"], "term")
    core = result.model("requests_on_income_and_race").terms.set_index("term")
    assert table["median_income_per_1000"]["estimate"] == pytest.approx(
        core.loc["median_income_per_1000", "estimate"], rel=1e-9)
    assert table["white_share"]["robust_std_error"] == pytest.approx(
        core.loc["white_share_pct", "robust_std_error"], rel=1e-9)
    resid = {k: v["residual"] for k, v in features(out["OUTPUT"], "GEOID").items()}
    expected = dict(zip(result.tracts.GEOID, result.tracts.residual))
    for geoid, value in expected.items():
        assert (resid[geoid] is None) == (value != value), geoid  # NaN <-> NULL, same areas
        if resid[geoid] is not None:
            assert resid[geoid] == pytest.approx(value, rel=1e-9)


def test_units_must_match_predictors(run):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="2 divisors for 1 predictors"):
        run("bostoncivic:regressresiduals", {
            "INPUT": os.path.join(HAND, "areas.geojson"), "OUTCOME": "population",
            "PREDICTORS": ["population"], "UNITS": "1,2", "ONLY_INCLUDED": False,
            "OUTPUT": "TEMPORARY_OUTPUT", "TABLE": "TEMPORARY_OUTPUT"})


def test_style_choropleth_breaks_are_mapclassify_quantiles(run, package):
    import mapclassify
    from qgis.core import QgsProject, QgsVectorLayer

    layer = QgsVectorLayer(f"{package}|layername=tracts", "tracts", "ogr")
    QgsProject.instance().addMapLayer(layer)
    run("bostoncivic:stylechoropleth", {"INPUT": layer.id(), "FIELD": "population",
                                        "STYLE": 0, "CLASSES": 5, "UNIT": "residents",
                                        "DECIMALS": 0})
    renderer = layer.renderer()
    assert renderer.type() == "graduatedSymbol"
    uppers = [r.upperValue() for r in renderer.ranges()]
    expected = mapclassify.Quantiles(
        [f["population"] for f in layer.getFeatures()], k=5).bins.tolist()
    assert uppers == pytest.approx(expected)
    assert renderer.ranges()[0].label().endswith(" residents")
    QgsProject.instance().removeMapLayer(layer.id())


def test_export_map_writes_a_png_that_is_not_blank(run, package, tmp_path):
    from qgis.PyQt.QtGui import QImage

    png, pdf = str(tmp_path / "m.png"), str(tmp_path / "m.pdf")
    run("bostoncivic:exportmap", {
        "INPUT": f"{package}|layername=tracts", "FIELD": "population", "STYLE": 1,
        "CONTEXT": f"{package}|layername=neighborhoods", "TITLE": "Population",
        "DPI": 60, "OUTPUT_PNG": png, "OUTPUT_PDF": pdf})
    assert_not_blank(png)
    assert os.path.getsize(pdf) > 10_000
    assert abs(QImage(png).width() - 297 / 25.4 * 60) <= 1  # A4 landscape at 60 dpi


def assert_not_blank(png, min_colours=20):
    """The map shows data: many distinct colours in the map frame, not just paper white."""
    from qgis.PyQt.QtGui import QImage

    img = QImage(png)
    assert not img.isNull(), png
    w, h = img.width(), img.height()
    # sample the map frame (left two thirds, middle band)
    colours = {img.pixel(x, y) for x in range(w // 20, 2 * w // 3, 3)
               for y in range(h // 5, 4 * h // 5, 3)}
    assert len(colours) >= min_colours, f"{png}: only {len(colours)} colours in the map"


@pytest.fixture(scope="module")
def core_run(package, tmp_path_factory):
    """The core's analysis of the real data, written to a GeoPackage the algorithms read."""
    from boston_civic_qgis.core.package import read_inputs, read_land
    from boston_civic_qgis.core.pipeline import run_analysis, write_geopackage

    req, tr, pr, _, _ = read_inputs()
    result = run_analysis(req, tr, pr, land=read_land())
    gpkg = str(tmp_path_factory.mktemp("core") / "a.gpkg")
    write_geopackage(result, gpkg)
    return result, gpkg


def test_moran_algorithm_equals_the_core(run, core_run):
    result, gpkg = core_run
    out = run("bostoncivic:spatialautocorrelation", {
        "INPUT": f"{gpkg}|layername=tracts", "FIELD": "residual", "WEIGHTS": 0,
        "PERMUTATIONS": 999, "SEED": 20250101, "SIGNIFICANCE": 0.05,
        "OUTPUT": "TEMPORARY_OUTPUT"})
    core = result.spatial[0]
    assert out["MORANS_I"] == pytest.approx(core.i, rel=1e-12)
    assert out["P_VALUE"] == core.p_value
    clusters = {k: v["lisa_cluster"] for k, v in features(out["OUTPUT"], "GEOID").items()}
    expected = dict(zip(result.tracts.GEOID, result.tracts.lisa_cluster))
    assert clusters == {k: (None if v is pd.NA else v) for k, v in expected.items()}


def test_smoothing_algorithm_equals_the_core(run, core_run):
    result, gpkg = core_run
    out = run("bostoncivic:smoothrates", {
        "INPUT": f"{gpkg}|layername=tracts", "COUNT_FIELD": "requests",
        "POPULATION_FIELD": "population", "PER": 100, "OUTPUT": "TEMPORARY_OUTPUT"})
    got = features(out["OUTPUT"], "GEOID")
    for geoid, eb in zip(result.tracts.GEOID, result.tracts.requests_per_100_eb):
        if eb == eb:
            assert got[geoid]["rate_eb"] == pytest.approx(eb, rel=1e-9)
        else:
            assert got[geoid]["rate_eb"] is None


def test_count_model_algorithm_equals_the_core(run, core_run):
    result, gpkg = core_run
    # the algorithm fits every complete area; the core's model only the included tracts
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{gpkg}|layername=tracts", "t", "ogr")
    layer.setSubsetString('"included" = 1')
    out = run("bostoncivic:countmodel", {
        "INPUT": layer, "COUNT_FIELD": "requests", "POPULATION_FIELD": "population",
        "PREDICTORS": ["median_income", "white_share"], "UNITS": "1000,1", "FAMILY": 1,
        "OUTPUT": "TEMPORARY_OUTPUT", "TABLE": "TEMPORARY_OUTPUT"})
    table = features(out["TABLE"], "term")
    core = result.model("requests_negative_binomial").term("median_income_per_1000")
    assert table["median_income_per_1000"]["irr"] == pytest.approx(core.irr, rel=1e-6)


def test_categorized_styles_have_every_class_and_a_no_data_class(qgis_app):
    from qgis.core import QgsVectorLayer

    from boston_civic_qgis.qgis_side.styles import apply_style

    layer = QgsVectorLayer("MultiPolygon?field=lisa_cluster:string&field=income_race_class:string",
                           "t", "memory")
    lisa = apply_style(layer, "lisa_cluster", "lisa_clusters")
    assert lisa.type() == "categorizedSymbol"
    assert [c.value() for c in lisa.categories()] == [
        "high-high", "low-low", "high-low", "low-high", "not significant", None]
    assert lisa.categories()[-1].label() == "Not in the model"
    bivariate = apply_style(layer, "income_race_class", "bivariate")
    assert len(bivariate.categories()) == 10
    assert bivariate.categories()[0].label() == "income low, white low"


def test_interpolation_algorithm_equals_the_core(run, core_run, package):
    result, gpkg = core_run
    out = run("bostoncivic:interpolateareas", {
        "SOURCE": f"{gpkg}|layername=tracts", "SOURCE_ID": "GEOID",
        "FIELDS": ["median_income", "white_share"], "POPULATION_FIELD": "population",
        "TARGET": f"{package}|layername=precincts", "TARGET_ID": "ward_precinct", "WEIGHT": 0,
        "LAND": f"{package}|layername=neighborhoods", "OUTPUT": "TEMPORARY_OUTPUT"})
    got = features(out["OUTPUT"], "ward_precinct")
    assert len(got) == 255
    for wp, income in zip(result.precincts.ward_precinct, result.precincts.median_income):
        if income == income:
            assert got[wp]["median_income"] == pytest.approx(income, rel=1e-9), wp


def test_shipped_categorical_styles_load_with_every_class(qgis_app):
    from qgis.core import QgsVectorLayer

    from boston_civic_qgis.qgis_side.styles import LISA_COLOURS, load_qml

    layer = QgsVectorLayer("MultiPolygon?field=lisa_cluster:string", "t", "memory")
    load_qml(layer, "lisa_clusters.qml")
    values = [c.value() for c in layer.renderer().categories()]
    assert values[:5] == list(LISA_COLOURS) and layer.renderer().classAttribute() == "lisa_cluster"
    load_qml(layer, "income_race_bivariate.qml")
    assert len(layer.renderer().categories()) == 10


def test_service_measures_algorithm_equals_the_core(run, core_run, package):
    result, _ = core_run
    out = run("bostoncivic:servicemeasures", {
        "REQUESTS": f"{package}|layername=requests_311", "AREAS": f"{package}|layername=tracts",
        "AREA_ID": "GEOID", "OUTPUT": "TEMPORARY_OUTPUT"})
    got = features(out["OUTPUT"], "GEOID")
    for geoid, days, ontime in zip(result.tracts.GEOID, result.tracts.median_days_to_close,
                                   result.tracts.on_time_share):
        if days == days:
            assert got[geoid]["median_days_to_close"] == pytest.approx(days, rel=1e-9)
            assert got[geoid]["on_time_share"] == pytest.approx(ontime, rel=1e-9)
        else:
            assert got[geoid]["median_days_to_close"] is None


def test_legend_bounds_get_the_decimals_that_tell_them_apart(provider):
    from boston_civic_qgis.qgis_side.styles import enough_decimals, sequential_renderer

    assert enough_decimals([(0.66, 0.70), (0.70, 0.74)], 1) == 2
    assert enough_decimals([(0.7, 3.4), (3.4, 5.0)], 1) == 1
    shares = [0.66, 0.68, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.8, 0.82]
    labels = [r.label() for r in sequential_renderer(shares, "on_time_share").ranges()]
    assert len(set(labels)) == len(labels) and all(
        lo != hi for lo, hi in (lab.split(" – ") for lab in labels)), labels


def test_count_streams_a_normalised_geopackage(run, provider, hand_requests, tmp_path):
    """A whole normalised GeoPackage is counted straight from the file (count_file), with
    the same counts and ledger as the hand fixture read through QGIS."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    class Said(QgsProcessingFeedback):
        lines = []

        def pushInfo(self, info):  # noqa: N802
            self.lines.append(info)

    path = str(tmp_path / "requests.gpkg")
    hand_requests.to_file(path, layer="requests_311")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    said = Said()
    result = processing.run("bostoncivic:countrequests", {
        "REQUESTS": f"{path}|layername=requests_311", "AREAS": os.path.join(HAND, "areas.geojson"),
        "AREA_ID": "GEOID", "OUTPUT": "TEMPORARY_OUTPUT", "LEDGER": "TEMPORARY_OUTPUT"},
        context=context, feedback=said)
    assert any("counted straight from the file" in line for line in said.lines), said.lines
    assert {k: v["requests"] for k, v in features(result["OUTPUT"], "GEOID").items()} == \
        CASES[0]["expected"]["OUTPUT"]["values"]["requests"]
    assert {k: v["rows"] for k, v in features(result["LEDGER"], "category").items()} == \
        CASES[0]["expected"]["LEDGER"]["values"]["rows"]
