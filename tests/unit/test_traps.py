"""The traps of real inputs (issue 5), one table-driven case each: an exact count or message."""
import io

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from boston_civic_qgis.core.counting import count_requests
from boston_civic_qgis.core.ledger import check_ledger
from boston_civic_qgis.core.sources import (
    InputError, check_areas, normalise_geoid, normalise_requests, normalise_ward_precinct)

HEADER = "case_enquiry_id,open_dt,closed_dt,type,source,latitude,longitude\n"


@pytest.mark.parametrize("raw,expected", [
    ("1400000US25025000101", "25025000101"), ("25025000101", "25025000101"),
    ("25025000101.0", "25025000101"), ("  25025000101 ", "25025000101"),
])
def test_census_ids(raw, expected):
    assert normalise_geoid(pd.Series([raw])).iloc[0] == expected


@pytest.mark.parametrize("raw,expected", [
    ("0502A", "0502A"), ("502A", "0502A"), ("5-2A", "0502A"), ("5-2.5", "0502A"),
    ("Ward 5 Precinct 2A", "0502A"), ("05-02", "0502"), ("2213", "2213"), ("22-13", "2213"),
    ("Ward 3 Precinct 7", "0307"),
])
def test_precinct_ids(raw, expected):
    assert normalise_ward_precinct(pd.Series([raw])).iloc[0] == expected


def test_projected_coordinates_declared_as_degrees_are_named():
    layer = gpd.GeoDataFrame({"ward_precinct": ["0101"]},
                             geometry=[box(739594, 2908187, 803688, 2970073)], crs=4326)
    with pytest.raises(InputError, match=r"p.geojson: the layer declares EPSG:4326 .* projected"):
        check_areas(layer, "p.geojson", "ward_precinct")


def test_a_pile_of_requests_on_one_point_is_a_default_location():
    rows = [f"{i},2011-07-01 09:00:00,,Pothole,Self Service,42.3000,-71.1000" for i in range(30)]
    rows += [f"{100 + i},2011-07-01 09:00:00,,Pothole,Self Service,42.{3100 + i},-71.{1100 + i}"
             for i in range(970)]
    raw = pd.read_csv(io.StringIO(HEADER + "\n".join(rows)), dtype=str)
    status = normalise_requests(raw).location_status
    assert (status == "default_location").sum() == 30  # 3 % of the rows on one point


def _areas():
    return gpd.GeoDataFrame({"GEOID": ["A", "B"]}, geometry=[box(0, 0, 10, 10), box(10, 0, 20, 10)],
                            crs=2249)


rows = st.lists(st.tuples(
    st.one_of(st.none(), st.tuples(st.floats(-5, 25), st.floats(-5, 15))),  # location
    st.booleans(),                                                           # resident
    st.sampled_from(["ok", "default_location"]),                             # status
    st.integers(0, 30),                                                      # case id
), min_size=1, max_size=60)


@settings(max_examples=150, deadline=None)
@given(rows)
def test_every_row_ends_in_exactly_one_category(data):
    geoms = [None if loc is None else gpd.points_from_xy([loc[0]], [loc[1]])[0]
             for loc, *_ in data]
    requests = gpd.GeoDataFrame({
        "case_id": [str(c) for *_, c in data],
        "resident_initiated": [r for _, r, _, _ in data],
        "location_status": ["no_coordinates" if loc is None else s for loc, _, s, _ in data],
    }, geometry=gpd.GeoSeries(geoms, crs=2249))
    try:
        areas, ledger, assignment = count_requests(requests, _areas(), "GEOID")
    except InputError as exc:  # nothing located falls in an area: a stop, never a silent 0
        assert "none of the" in str(exc)
        return
    check_ledger(ledger)
    rows_by = dict(zip(ledger.category, ledger.rows))
    assert rows_by["total_input"] == len(data)
    assert sum(v for k, v in rows_by.items() if k != "total_input") == len(data)
    assert areas.requests.sum() == rows_by["counted"]
    assert (assignment.category == "counted").sum() == rows_by["counted"]


def _tracts(**columns):
    n = len(next(iter(columns.values())))
    return gpd.GeoDataFrame({"GEOID": [f"250250{i:05d}" for i in range(n)], **columns},
                            geometry=[box(i, 0, i + 1, 1) for i in range(n)], crs=2249)


@pytest.mark.parametrize("values,expected,note", [
    (["1,234", "250,000+", "-", "**", "N/A", "56"], [1234, 250000, None, None, None, 56],
     "1 top-coded values such as '250,000+' read as their bound"),
    ([100.0, -666666666.0, 5.0, 7.0, 9.0, 11.0], [100, None, 5, 7, 9, 11],
     "1 negative codes (no estimate) read as missing"),
    (["12", "abc", "14", "15", "16", "17"], [12, None, 14, 15, 16, 17],
     "1 unreadable (e.g. 'abc'"),
])
def test_area_figures_written_as_text_or_codes(values, expected, note):
    checked = check_areas(_tracts(population=values), "t.gpkg", "GEOID", ["population"])
    got = [None if pd.isna(v) else v for v in checked.population]
    assert got == expected
    assert any(note in n for n in checked.attrs["notes"]), checked.attrs["notes"]


@pytest.mark.parametrize("layer,message", [
    (_tracts(population=["a", "b", "c", "4"]), r"t.gpkg: field 'population' is not numbers "
                                                r"\(3 of 4 values"),
    (_tracts(population=[1, 2]).assign(GEOID=["250250000001", None]),
     r"t.gpkg: 1 features have no 'GEOID' \(features \[2\]"),
    (gpd.GeoDataFrame({"GEOID": ["1"], "population": [5]}, geometry=gpd.points_from_xy([0], [0]),
                      crs=2249), "areas must be polygons, but the layer holds Point"),
])
def test_area_layers_that_cannot_be_used_are_named(layer, message):
    with pytest.raises(InputError, match=message):
        check_areas(layer, "t.gpkg", "GEOID", ["population"])


def test_a_white_share_given_as_a_fraction_is_read_as_percent_and_said_so():
    from boston_civic_qgis.core.pipeline import Parameters, prepare_tracts

    tracts = _tracts(population=[500] * 6, median_income_acs2022=[5e4] * 6,
                     white_alone_share_2020=[0.1, 0.2, 0.3, 0.4, 0.5, 0.95])
    out = prepare_tracts(tracts, Parameters(), "t.gpkg")
    assert out.white_share.round(6).tolist() == [10, 20, 30, 40, 50, 95]
    assert any("read as a fraction and multiplied by 100" in n for n in out.attrs["notes"])
    with pytest.raises(InputError, match="is a percentage, but 1 tracts have more than 100"):
        prepare_tracts(tracts.assign(white_alone_share_2020=[10, 20, 30, 40, 50, 250]),
                       Parameters(), "t.gpkg")


def test_too_few_tracts_for_the_models_say_why_and_what_to_change(hand_requests):
    from boston_civic_qgis.core.pipeline import Parameters, check_enough_tracts
    from boston_civic_qgis.core.rates import per_capita

    tracts = _tracts(requests=[3] * 12, population=[150] * 10 + [0] * 2,
                     median_income=[5e4] * 12, white_share=[50] * 12)
    rated = per_capita(tracts, required=("median_income", "white_share"))
    with pytest.raises(InputError, match=r"only 0 of 12 tracts .* population below 200: 10; "
                                         r"no residents: 2\. .* lower the minimum population"):
        check_enough_tracts(rated, Parameters(), "t.gpkg")
    check_enough_tracts(per_capita(tracts, min_population=100,
                                   required=("median_income", "white_share")),
                        Parameters(min_population=100), "t.gpkg")  # 10 are enough


def test_a_count_field_of_text_is_named():
    from boston_civic_qgis.core.rates import per_capita

    with pytest.raises(ValueError, match=r"field 'requests' must hold numbers; it holds \['many'"):
        per_capita(_tracts(requests=["many", "3"], population=[100, 200]))


def test_an_extreme_value_that_breaks_a_model_names_the_model():
    from boston_civic_qgis.core.models import fit_count

    import numpy as np

    rng = np.random.default_rng(1)
    data = pd.DataFrame({"requests": rng.integers(1, 50, 30),
                         "population": rng.integers(500, 5000, 30).astype(float),
                         "income": rng.normal(50, 10, 30)})
    data.loc[0, "population"] = 1e15  # one tract of a billion households
    with pytest.raises(ValueError, match=r"model m: cannot be fitted .* \['requests', "
                                         r"'population', 'income'\]"):
        fit_count(data, "requests", "population", {"income": ("income", 1)}, name="m",
                  level="tracts", family="nb2")


def test_a_point_without_geometry_has_no_coordinates_whatever_its_status(hand_requests,
                                                                       hand_areas):
    req = hand_requests.copy()
    req.loc[req.location_status == "ok", "geometry"] = None
    _, ledger, _ = count_requests(req, hand_areas, "GEOID")
    rows = dict(zip(ledger.category, ledger.rows))
    assert rows["outside_all_areas"] == 0 and rows["counted"] == 0
    check_ledger(ledger)


def test_columns_that_differ_only_in_case_are_refused():
    raw = pd.read_csv(io.StringIO("case_enquiry_id,open_dt,closed_dt,type,source,latitude,"
                                  "longitude,Latitude\n1,2011-07-01 09:00:00,,P,Self Service,"
                                  "42.3,-71.1,-71.1\n"), dtype=str)
    with pytest.raises(InputError, match=r"columns \['latitude', 'Latitude'\] differ only in "
                                         r"case"):
        normalise_requests(raw)


def test_a_plain_point_layer_runs_the_whole_analysis_without_times(package):
    import pyogrio

    from boston_civic_qgis.core.package import read_inputs
    from boston_civic_qgis.core.pipeline import run_analysis
    from boston_civic_qgis.core.sources import as_requests

    points = pyogrio.read_dataframe(package, layer="requests_311").iloc[:3000]
    plain = points[["geometry"]].to_crs(4326).assign(foo=1)  # no 311 field at all
    requests, note = as_requests(plain, "p.gpkg")
    assert "no 'opened' or 'closed' field, so no period" in note
    _, tracts, precincts, _, _ = read_inputs()
    result = run_analysis(requests, tracts, precincts)
    rows = dict(zip(result.ledger.category, result.ledger.rows))
    assert rows["total_input"] == 3000 and rows["staff_initiated"] == 0
    assert int(result.tracts.requests.sum()) == rows["counted"]


def test_a_utf16_export_is_read(tmp_path):
    from boston_civic_qgis.core.sources import read_raw_requests

    path = tmp_path / "u.csv"
    path.write_text(HEADER + "1,2011-07-01 09:00:00,,Bache,Self Service,42.305,-71.095\n",
                    encoding="utf-16")
    assert read_raw_requests(str(path))["type"].tolist() == ["Bache"]


def test_rows_joined_by_a_stray_quote_are_reported(tmp_path):
    from boston_civic_qgis.core.sources import read_raw_requests

    rows = [f'{i},2011-07-01 09:00:00,,Pothole,Self Service,42.305,-71.095' for i in range(6)]
    rows[1] = rows[1].replace("Pothole", '"Pothole 12 in.')  # its quote closes on row 4
    rows[4] = rows[4].replace("Pothole", 'Pothole"')
    path = tmp_path / "q.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n")
    req = read_raw_requests(str(path))
    assert len(req) == 3
    assert any("6 lines after the header were read as 3 rows" in n for n in req.attrs["notes"])


def test_a_file_of_several_layers_needs_its_layer_named(tmp_path, hand_requests, hand_areas):
    from boston_civic_qgis.core.package import _layer_of

    path = tmp_path / "two.gpkg"
    hand_areas.to_file(path, layer="areas")
    hand_requests.to_file(path, layer="calls")
    with pytest.raises(InputError, match=r"has 2 layers \(areas, calls\); say which holds the "
                                         r"tracts, e.g. '.*two.gpkg\|layername=areas'"):
        _layer_of(str(path), "tracts", "tracts")
    hand_areas.to_file(path, layer="tracts")
    assert _layer_of(str(path), "tracts", "tracts")[1] == "tracts"
    assert _layer_of(f"{path}|layername=calls", "tracts", "tracts")[1] == "calls"
