"""The whole analysis on the real data, as `make demo` runs it: outputs complete, styled, mapped."""
import os
import sqlite3
import subprocess
import sys

import pyogrio
import pytest

from tests.conftest import ROOT
from tests.qgis.test_algorithms import assert_not_blank


@pytest.fixture(scope="module")
def out(provider, package, tmp_path_factory):
    from boston_civic_qgis.qgis_side.run import run_full

    folder = str(tmp_path_factory.mktemp("out"))
    written = run_full(out_dir=folder, dpi=60, atlas=True)
    return folder, written


def test_layers_and_ledger(out):
    folder, written = out
    gpkg = os.path.join(folder, "boston_civic.gpkg")
    tracts = pyogrio.read_dataframe(gpkg, layer="tracts")
    precincts = pyogrio.read_dataframe(gpkg, layer="precincts")
    assert len(tracts) == 207 and len(precincts) == 255
    for field in ("GEOID", "population", "white_share", "median_income", "requests",
                  "requests_per_100", "included", "predicted", "residual"):
        assert field in tracts.columns, field
    for field in ("ward_precinct", "requests", "registered_voters", "ballots_cast",
                  "predicted", "residual"):
        assert field in precincts.columns, field
    ledger = pyogrio.read_dataframe(gpkg, layer="ledger")
    for level, rows in ledger.groupby("level"):
        total = rows.loc[rows.category == "total_input", "rows"].item()
        assert total == 58_251
        assert rows.loc[rows.category != "total_input", "rows"].sum() == total, level
        counted = rows.loc[rows.category == "counted", "rows"].item()
        layer = tracts if level == "tracts" else precincts
        assert layer.requests.sum() == counted
    # excluded tracts: on the map, without rate or residual
    assert (~tracts.included.astype(bool)).sum() == 18
    assert tracts.loc[tracts.population < 200, "requests_per_100"].isna().all()
    assert tracts.residual.notna().sum() == 189


def test_styles_stored_in_the_geopackage_and_used_by_qgis(out):
    folder, _ = out
    gpkg = os.path.join(folder, "boston_civic.gpkg")
    with sqlite3.connect(gpkg) as db:
        rows = db.execute("SELECT f_table_name, useAsDefault FROM layer_styles").fetchall()
    assert sorted(rows) == [("precincts", 1), ("tracts", 1)]
    # a fresh QGIS process opens the layers styled (as a user opening the file would)
    code = (
        "import os; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "from boston_civic_qgis.qgis_side.app import start_qgis; start_qgis()\n"
        "from qgis.core import QgsVectorLayer\n"
        f"for n in ('tracts','precincts'):\n"
        f"    l = QgsVectorLayer({gpkg!r} + '|layername=' + n, n, 'ogr')\n"
        "    r = l.renderer(); print(n, r.type(), len(r.ranges()), r.classAttribute())\n")
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert res.stdout.split("\n")[:2] == ["tracts graduatedSymbol 5 requests_per_100",
                                         "precincts graduatedSymbol 5 residual"], res.stderr


def test_project_opens_with_valid_layers(out):
    from qgis.core import QgsProject

    folder, _ = out
    project = QgsProject()
    assert project.read(os.path.join(folder, "boston_civic.qgz"))
    layers = {l.name(): l for l in project.mapLayers().values()}
    assert {"Tracts", "Precincts", "Neighborhoods", "Ledger"} <= set(layers)
    assert all(l.isValid() for l in layers.values())
    assert layers["Tracts"].renderer().type() == "graduatedSymbol"
    assert len(project.layoutManager().layouts()) == 10  # 8 maps, 2 atlases


def test_maps_are_drawn(out):
    folder, written = out
    names = sorted(os.path.basename(p) for p in written["maps"])
    assert names == ["days_vs_type_median.png", "income_and_race.png",
                     "precinct_ballots_residuals.png",
                     "request_density.png", "requests_per_100.png", "tract_lisa_clusters.png",
                     "tract_residuals.png", "voters_and_requests.png"]
    for png in written["maps"]:
        assert_not_blank(png)
        assert os.path.getsize(png.replace(".png", ".pdf")) > 10_000


def test_areas_left_out_are_hatched_above_the_colours(out):
    from qgis.core import QgsLayoutItemMap, QgsProject

    folder, _ = out
    project = QgsProject()
    assert project.read(os.path.join(folder, "boston_civic.qgz"))
    checked = 0
    for layout in project.layoutManager().layouts():
        m = next((i for i in layout.items() if isinstance(i, QgsLayoutItemMap)), None)
        names = [lyr.name() for lyr in m.layers()] if m else []
        hatch = [i for i, n in enumerate(names) if n.startswith(("No ", "Not in", "Fewer"))]
        if hatch:  # layers are listed top first: the choropleth is the last
            assert hatch[0] < len(names) - 1, names
            checked += 1
    assert checked >= 4
    # the tracts out of the models have a days-to-close value: none may show through
    tracts = pyogrio.read_dataframe(os.path.join(folder, "boston_civic.gpkg"), layer="tracts")
    assert (tracts.days_vs_type_median.notna() & ~tracts.included.astype(bool)).sum() > 0


def test_the_bivariate_map_has_a_three_by_three_key(out):
    from qgis.core import QgsLayoutItemLegend, QgsLayoutItemPicture, QgsProject

    from boston_civic_qgis.qgis_side.styles import BIVARIATE

    folder, written = out
    key = os.path.join(folder, "maps", "income_and_race_key.svg")
    assert written["map_keys"] == [key]
    svg = open(key, encoding="utf-8").read()
    assert svg.count("<rect") == 9 and all(c in svg for c in BIVARIATE.values())
    assert "$70k" in svg and "$112k" in svg and "37%" in svg and "65%" in svg  # the terciles
    project = QgsProject()
    assert project.read(os.path.join(folder, "boston_civic.qgz"))
    layout = project.layoutManager().layoutByName("income_and_race")
    pictures = [i.picturePath() for i in layout.items() if isinstance(i, QgsLayoutItemPicture)]
    assert any(p.endswith("income_and_race_key.svg") for p in pictures), pictures
    legend = next(i for i in layout.items() if isinstance(i, QgsLayoutItemLegend))
    node = legend.model().rootGroup().findLayers()[0]
    assert len(legend.model().layerLegendNodes(node)) == 1  # only the no-data class is listed


def test_atlases_have_a_page_per_neighborhood(out):
    from tests.qgis.test_atlas import pdf_pages

    folder, written = out
    atlases = sorted(p for p in written["map_pdfs"] if p.endswith("_by_neighborhood.pdf"))
    assert [os.path.basename(p) for p in atlases] == [
        "requests_per_100_by_neighborhood.pdf", "tract_residuals_by_neighborhood.pdf"]
    assert [pdf_pages(p) for p in atlases] == [26, 26]
    html = open(os.path.join(folder, "report.html"), encoding="utf-8").read()
    assert "href='maps/tract_residuals_by_neighborhood.pdf'" in html


def test_report_has_tables_ledger_and_provenance(out):
    folder, _ = out
    html = open(os.path.join(folder, "report.html"), encoding="utf-8").read()
    for text in ("requests_on_income_and_race", "ballots_on_requests", "registered_on_requests",
                 "median_income_per_1000", "Ledger", "total_input", "58,251",
                 "mindfulcoder49", "https://data.boston.gov", "maps/requests_per_100.png",
                 "2011-07-01 to 2011-12-31", "<h2>In brief</h2>",
                 "Tracts with higher median income file more resident-initiated 311 requests",
                 "Precincts with 10 more requests have 24.86 more ballots cast",
                 "median days to close, city-wide"):
        assert text in html, text


@pytest.mark.parametrize("name,role", [
    ("boston_civic.gpkg", "--requests"),  # the name the output GeoPackage would have
    ("regressions.csv", "--requests"),  # a table the run writes
    ("boston_civic.gpkg", "--land"),
    ("maps/land.pdf", "--channels"),  # a file the run would remove as stale
])
def test_an_input_is_never_overwritten(hand_requests, tmp_path, capsys, name, role):
    from boston_civic_qgis.__main__ import main

    source = tmp_path / name
    source.parent.mkdir(exist_ok=True)
    if name.endswith(".gpkg"):
        hand_requests.to_file(source, layer="requests_311")
        given = f"{source}|layername=requests_311"
    else:
        hand_requests.drop(columns="geometry").to_csv(source, index=False)
        given = str(source)
    before = source.read_bytes()
    code = main(["run", role, given, "--out", str(tmp_path), "--no-maps"])
    assert code == 2
    err = capsys.readouterr().err
    assert "this input is in the output folder" in err and "choose another output folder" in err
    assert source.read_bytes() == before


def test_the_processing_run_never_overwrites_an_input_either(provider, hand_requests, tmp_path):
    from boston_civic_qgis.qgis_side.run import run_full

    source = tmp_path / "regressions.csv"
    hand_requests.drop(columns="geometry").to_csv(source, index=False)
    before = source.read_bytes()
    with pytest.raises(ValueError, match="this input is in the output folder"):
        run_full(str(source), out_dir=str(tmp_path), maps=False)
    assert source.read_bytes() == before


def test_statistics_of_the_brief_are_in_the_outputs(out):
    import pandas as pd

    folder, written = out
    reg = pd.read_csv(os.path.join(folder, "regressions.csv"))
    assert set(reg.model) == {
        "income_on_white_share", "requests_on_income", "requests_on_race",
        "requests_on_income_and_race", "requests_poisson", "requests_negative_binomial",
        "registered_on_requests", "ballots_on_requests", "turnout_on_requests_per_capita",
        "registered_on_requests_controlled", "ballots_on_requests_controlled",
        "median_days_to_close_on_income_and_race", "on_time_share_on_income_and_race",
        "days_vs_type_median_on_income_and_race", "on_time_share_binomial",
        "non_resolution_share_binomial",
        "non_resolution_share_on_income_and_race"}
    for col in ("model", "level", "term", "estimate", "std_error", "robust_std_error",
                "p_value", "ci_low", "ci_high", "n", "r2", "income_vintage",
                "white_share_field", "min_population"):
        assert col in reg.columns, col
    gpkg = os.path.join(folder, "boston_civic.gpkg")
    tracts = pyogrio.read_dataframe(gpkg, layer="tracts")
    assert set(tracts.lisa_cluster.dropna()) <= {"high-high", "low-low", "high-low", "low-high",
                                                 "not significant"}
    assert tracts.lisa_cluster.notna().sum() == 189  # the tracts in the model
    assert tracts.requests_per_100_eb.notna().sum() == 203  # every tract with residents
    moran = pyogrio.read_dataframe(gpkg, layer="spatial_autocorrelation")
    assert set(moran.level) == {"tracts", "precincts"} and (moran.seed == 20250101).all()
    html = open(os.path.join(folder, "report.html"), encoding="utf-8").read()
    assert "figures/ballots_on_requests.png" in html and "Moran" in html
    assert os.path.exists(os.path.join(folder, "figures", "requests_on_income.png"))
    for field in ("median_days_to_close", "p90_days_to_close", "open_share", "on_time_share",
                  "closed_photo_share", "non_resolution_share", "app_share", "type_diversity",
                  "channel_constituent_call_share"):
        assert field in tracts.columns, field
    assert tracts.median_days_to_close.notna().sum() == 202  # tracts with 5 requests or more
    assert set(tracts.service_lisa_cluster.dropna()) <= {
        "high-high", "low-low", "high-low", "low-high", "not significant"}
    by_type = pyogrio.read_dataframe(gpkg, layer="service_by_type")
    assert list(by_type.columns[:5]) == ["type", "low income", "middle income", "high income",
                                         "requests"]
    assert (by_type.requests >= 300).all() and by_type.requests.is_monotonic_decreasing
    precincts = pyogrio.read_dataframe(gpkg, layer="precincts")
    # tract income and race carried to precincts (population-weighted, on land)
    assert precincts.median_income.notna().sum() == 254
    assert precincts.white_share.dropna().between(0, 100).all()
    # only the Harbor Islands precinct (1-15) lies on tracts with no residents
    assert precincts.loc[precincts.white_share.isna(), "ward_precinct"].tolist() == ["0115"]


def test_output_folder_that_is_a_file_is_refused(tmp_path, capsys):
    from boston_civic_qgis.__main__ import main

    target = tmp_path / "out"
    target.write_text("not a folder")
    assert main(["run", "--out", str(target), "--no-maps"]) == 2
    assert "a file of that name exists" in capsys.readouterr().err


def test_stale_outputs_of_an_earlier_run_are_removed(package, tmp_path):
    from boston_civic_qgis.__main__ import main

    import json

    (tmp_path / "maps").mkdir()
    old = tmp_path / "maps" / "requests_per_100.png"
    old.write_bytes(b"an earlier run's map")
    # what an earlier run with maps recorded; the user's own files beside them are not in it
    (tmp_path / ".boston_civic_outputs.json").write_text(json.dumps(
        ["maps/requests_per_100.png", "boston_civic.gpkg"]))
    mine = [tmp_path / "notes.txt", tmp_path / "maps" / "mine.png", tmp_path / "figures.svg"]
    for path in mine:
        path.write_text("mine")
    assert main(["run", "--out", str(tmp_path), "--no-maps"]) == 0
    assert not old.exists() and all(path.exists() for path in mine)
    assert (tmp_path / "figures" / "requests_on_income.png").exists()
    recorded = json.loads((tmp_path / ".boston_civic_outputs.json").read_text())
    assert "boston_civic.gpkg" in recorded and "figures/requests_on_income.png" in recorded
    assert "maps/mine.png" not in recorded and "maps/requests_per_100.png" not in recorded


def test_density_surface_is_georeferenced_and_plausible(out):
    import numpy as np
    import rasterio

    folder, written = out
    with rasterio.open(written["density"]) as src:
        assert src.crs.to_epsg() == 2249 and src.res == (250.0, 250.0)
        band = src.read(1, masked=True)
    values = band.compressed()
    assert 0.2 < band.mask.mean() < 0.8  # water and empty land have no value
    # the city-wide rate is 5.38 per 100 residents; the surface is centred near it
    assert 4.0 < np.median(values) < 7.0
    assert os.path.exists(os.path.join(folder, "request_density.qml"))
