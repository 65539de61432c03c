"""Counting and the ledger on the hand-counted fixture (tests/fixtures/hand/README.md)."""
import pandas as pd
import pytest

from boston_civic_qgis.core.counting import assign_to_areas, count_requests
from boston_civic_qgis.core.ledger import check_ledger

EXPECTED_COUNTS = {"A": 5, "B": 1, "C": 1}
EXPECTED_LEDGER = {"duplicate": 0, "invalid": 0, "outside_period": 0, "staff_initiated": 3, "no_coordinates": 1, "default_location": 1,
                   "outside_all_areas": 1, "counted": 7, "total_input": 13}


def test_counts_known_by_hand(hand_requests, hand_areas):
    areas, ledger, assignment = count_requests(hand_requests, hand_areas, "GEOID")
    assert dict(zip(areas.GEOID, areas.requests)) == EXPECTED_COUNTS
    assert dict(zip(ledger.category, ledger.rows)) == EXPECTED_LEDGER
    check_ledger(ledger)


def test_every_row_in_its_category(hand_requests, hand_areas):
    _, _, assignment = count_requests(hand_requests, hand_areas, "GEOID")
    by_case = dict(zip(hand_requests.case_id, assignment.category))
    assert by_case == {
        "1": "counted", "2": "counted", "3": "counted", "4": "counted", "5": "counted",
        "6": "counted", "7": "staff_initiated", "8": "staff_initiated",
        "9": "outside_all_areas", "10": "no_coordinates", "11": "default_location",
        "12": "staff_initiated", "13": "counted",
    }


def test_boundary_points_counted_once_whatever_the_feature_order(hand_requests, hand_areas):
    forward = assign_to_areas(hand_requests.geometry, hand_areas, "GEOID")
    backward = assign_to_areas(hand_requests.geometry, hand_areas.iloc[::-1], "GEOID")
    pd.testing.assert_series_equal(forward, backward)
    edge_rows = hand_requests.case_id.isin(["4", "5", "6"])
    assert set(forward[edge_rows]) == {"A"}


def test_points_are_reprojected_to_the_areas_crs(hand_requests, hand_areas):
    projected = hand_areas.to_crs(2249)
    areas, _, _ = count_requests(hand_requests, projected, "GEOID")
    # the edge points may fall a hair to either side after reprojection, but none is lost
    assert areas.requests.sum() == 7
    assert dict(zip(areas.GEOID, areas.requests))["C"] >= 1


def test_area_without_requests_gets_zero(hand_requests, hand_areas):
    staff_only = hand_requests.assign(resident_initiated=False)
    areas, ledger, _ = count_requests(staff_only, hand_areas, "GEOID")
    assert areas.requests.tolist() == [0, 0, 0]
    assert dict(zip(ledger.category, ledger.rows))["staff_initiated"] == 13


def test_duplicate_case_ids_are_counted_once(hand_requests, hand_areas):
    import pandas as pd

    doubled = pd.concat([hand_requests, hand_requests], ignore_index=True)
    areas, ledger, _ = count_requests(doubled, hand_areas, "GEOID")
    assert dict(zip(areas.GEOID, areas.requests)) == EXPECTED_COUNTS
    rows = dict(zip(ledger.category, ledger.rows))
    assert rows["duplicate"] == 13 and rows["total_input"] == 26
    check_ledger(ledger)


def test_swapped_coordinates_are_named(hand_requests, hand_areas):
    import geopandas as gpd
    import pytest

    from boston_civic_qgis.core.sources import InputError

    swapped = hand_requests.copy()
    swapped["geometry"] = gpd.points_from_xy(hand_requests.geometry.y, hand_requests.geometry.x,
                                             crs=4326)
    with pytest.raises(InputError, match="look swapped"):
        count_requests(swapped, hand_areas, "GEOID")


def test_grid_method_equals_exact_on_the_hand_fixture(hand_requests, hand_areas):
    import pandas as pd

    projected = hand_areas.to_crs(2249)
    exact = assign_to_areas(hand_requests.geometry, projected, "GEOID", "exact")
    grid = assign_to_areas(hand_requests.geometry, projected, "GEOID", "grid")
    pd.testing.assert_series_equal(exact, grid)
    on_edges = assign_to_areas(hand_requests.geometry, hand_areas, "GEOID", "grid")
    assert dict(zip(hand_requests.case_id, on_edges.fillna("-"))) == {
        "1": "A", "2": "A", "3": "B", "4": "A", "5": "A", "6": "A", "7": "C", "8": "B",
        "9": "-", "10": "-", "11": "-", "12": "-", "13": "C"}


def test_grid_method_equals_exact_on_the_real_points(package):
    import pyogrio

    req = pyogrio.read_dataframe(package, layer="requests_311")
    for layer, key in (("tracts", "GEOID"), ("precincts", "ward_precinct")):
        areas = pyogrio.read_dataframe(package, layer=layer)
        exact = assign_to_areas(req.geometry, areas, key, "exact")
        grid = assign_to_areas(req.geometry, areas, key, "grid")
        assert (exact.fillna("-") == grid.fillna("-")).all(), layer
        assert exact.notna().sum() > 55_000


def test_requests_outside_the_period_are_set_apart(hand_requests, hand_areas):
    import pandas as pd

    first = pd.Timestamp("2011-07-02", tz="America/New_York")
    last = pd.Timestamp("2011-07-05", tz="America/New_York")
    areas, ledger, assignment = count_requests(hand_requests, hand_areas, "GEOID",
                                               period=(first, last))
    rows = dict(zip(ledger.category, ledger.rows))
    # rows 1, 2 (July 1) and 11, 12, 13 (July 6, 7) are outside; 12 is staff, 11 default
    assert rows["outside_period"] == 5 and rows["counted"] == 4
    assert dict(zip(areas.GEOID, areas.requests)) == {"C": 0, "B": 1, "A": 3}
    check_ledger(ledger)


def test_counting_the_file_in_chunks_equals_counting_at_once(package):
    """count_file reads the file once, in chunks, for both levels; the counts and ledgers
    are those of count_requests on the whole layer, level by level, with a period too."""
    import pyogrio

    from boston_civic_qgis.core.counting import count_file

    tracts = pyogrio.read_dataframe(package, layer="tracts")
    precincts = pyogrio.read_dataframe(package, layer="precincts")
    requests = pyogrio.read_dataframe(package, layer="requests_311")
    levels = {"tracts": (tracts, "GEOID"), "precincts": (precincts, "ward_precinct")}
    period = (pd.Timestamp("2011-08-01", tz="America/New_York"),
              pd.Timestamp("2011-10-31", tz="America/New_York"))
    for when in (None, period):
        chunked = count_file(package, "requests_311", levels, chunk_size=7_000, period=when)
        for level, (areas, key) in levels.items():
            whole, whole_ledger, _ = count_requests(requests, areas, key, level, period=when)
            got, ledger = chunked[level]
            assert got.requests.tolist() == whole.requests.tolist(), level
            assert ledger.rows.tolist() == whole_ledger.rows.tolist(), level
            check_ledger(ledger)
    rows = dict(zip(ledger.category, ledger.rows))
    assert 0 < rows["counted"] < 36_373 and rows["outside_period"] > 0


def test_count_file_converts_the_points_to_the_areas_crs(hand_requests, hand_areas, tmp_path):
    from boston_civic_qgis.core.counting import count_file

    path = str(tmp_path / "requests.gpkg")
    hand_requests.to_crs(2249).to_file(path, layer="requests")  # feet; the areas in degrees
    areas, ledger = count_file(path, None, {"areas": (hand_areas, "GEOID")})["areas"]
    assert dict(zip(areas.GEOID, areas.requests)) == EXPECTED_COUNTS
    assert dict(zip(ledger.category, ledger.rows)) == EXPECTED_LEDGER


def test_count_file_names_a_bad_location_status(hand_requests, hand_areas, tmp_path):
    from boston_civic_qgis.core.counting import count_file
    from boston_civic_qgis.core.sources import InputError

    path = str(tmp_path / "requests.gpkg")
    hand_requests.assign(location_status="geocoded?").to_file(path, layer="requests")
    with pytest.raises(InputError, match=r"location_status.*geocoded\?"):
        count_file(path, None, {"areas": (hand_areas, "GEOID")})


@pytest.mark.parametrize("chunk_size", [13, 5, 100])  # across chunks, both, within one
def test_duplicates_across_chunks_are_found(hand_requests, hand_areas, tmp_path, chunk_size):
    import pandas as pd

    from boston_civic_qgis.core.counting import count_in_chunks

    path = tmp_path / "doubled.gpkg"
    pd.concat([hand_requests, hand_requests], ignore_index=True).to_file(path,
                                                                          layer="requests")
    areas, ledger = count_in_chunks(str(path), "requests", hand_areas, "GEOID",
                                    chunk_size=chunk_size)
    rows = dict(zip(ledger.category, ledger.rows))
    assert rows["duplicate"] == 13 and rows["total_input"] == 26
    assert dict(zip(areas.GEOID, areas.requests)) == EXPECTED_COUNTS


def test_counting_files_on_a_dask_cluster_equals_counting_here(package, tmp_path):
    import pyogrio

    from boston_civic_qgis.core.counting import count_files_distributed, count_in_chunks

    requests = pyogrio.read_dataframe(package, layer="requests_311")
    tracts = pyogrio.read_dataframe(package, layer="tracts")
    paths = []
    for i, part in enumerate((requests.iloc[:20_000], requests.iloc[20_000:])):
        paths.append(str(tmp_path / f"part{i}.gpkg"))
        pyogrio.write_dataframe(part, paths[-1], layer="requests")
    here = [count_in_chunks(p, None, tracts, "GEOID") for p in paths]
    areas, ledger = count_files_distributed(paths, tracts, "GEOID")
    assert areas.requests.tolist() == (here[0][0].requests + here[1][0].requests).tolist()
    assert ledger.rows.tolist() == (here[0][1].rows + here[1][1].rows).tolist()
    assert areas.requests.sum() == 36_373


def test_without_arrow_the_file_is_paged_by_its_key(package, monkeypatch):
    """Where Arrow cannot be used (no pyarrow, or datetimes GDAL 3.6's Arrow would shift),
    the GeoPackage is read in pages of its primary key, with the same counts."""
    import pyogrio

    from boston_civic_qgis.core import reader
    from boston_civic_qgis.core.counting import count_file

    tracts = pyogrio.read_dataframe(package, layer="tracts")
    levels = {"tracts": (tracts, "GEOID")}
    fast = count_file(package, "requests_311", levels, chunk_size=20_000)["tracts"]
    monkeypatch.setattr(reader, "arrow_available", lambda: False)
    assert reader.arrow_chunk_reader(package, "requests_311", ["case_id"],
                                     pyogrio.read_info(package, layer="requests_311")) is None
    paged = count_file(package, "requests_311", levels, chunk_size=20_000)["tracts"]
    assert paged[0].requests.tolist() == fast[0].requests.tolist()
    assert paged[1].rows.tolist() == fast[1].rows.tolist()


def test_area_grids_kept_between_runs_are_the_grids_built(package, tmp_path, monkeypatch):
    """A grid from the cache folder equals the one built; a damaged file is built again;
    BOSTON_CIVIC_CACHE=off keeps none."""
    import glob

    import numpy as np
    import pyogrio

    from boston_civic_qgis.core import counting

    tracts = pyogrio.read_dataframe(package, layer="tracts")
    monkeypatch.setenv("BOSTON_CIVIC_CACHE", str(tmp_path))
    monkeypatch.setattr(counting, "_GRIDS", {})
    built = counting.AreaGrid.cached(tracts)
    [kept] = glob.glob(str(tmp_path / "*.npz"))
    monkeypatch.setattr(counting, "_GRIDS", {})
    loaded = counting.AreaGrid.cached(tracts)
    assert loaded is not built
    assert (loaded.label == built.label).all() and (loaded.edge == built.edge).all()
    assert (loaded.x0, loaded.y1, loaded.size) == (built.x0, built.y1, built.size)
    x, y = np.random.default_rng(1).uniform(*tracts.total_bounds[[0, 2]], 5000), \
        np.random.default_rng(2).uniform(*tracts.total_bounds[[1, 3]], 5000)
    for a, b in zip(loaded.lookup(x, y), built.lookup(x, y)):
        assert (a == b).all()
    with open(kept, "wb") as f:
        f.write(b"not a grid")
    monkeypatch.setattr(counting, "_GRIDS", {})
    again = counting.AreaGrid.cached(tracts)
    assert (again.label == built.label).all()
    monkeypatch.setenv("BOSTON_CIVIC_CACHE", "off")
    assert counting.grid_cache_folder() is None
