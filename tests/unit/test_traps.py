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
