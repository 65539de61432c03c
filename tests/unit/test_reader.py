"""The vector reader: Arrow where it gives the classic reader's frame, the classic reader
where GDAL 3.6's Arrow would not (booleans, datetimes with an offset)."""
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from boston_civic_qgis.core.reader import read_vector, wkb_points_xy


@pytest.mark.parametrize("layer", ["requests_311", "tracts", "precincts", "neighborhoods"])
def test_the_package_reads_as_the_classic_reader_reads_it(package, layer):
    fast = read_vector(package, layer)
    classic = pyogrio.read_dataframe(package, layer=layer)
    assert fast.crs == classic.crs
    pd.testing.assert_frame_equal(fast, classic[fast.columns])


def classic(path, **kw):
    return pyogrio.read_dataframe(path, **kw)


def test_offsets_and_null_booleans_read_as_the_classic_reader_reads_them(tmp_path):
    import geopandas as gpd

    # a NULL in the first row: GDAL types a CAST by its first value (then as text)
    frame = gpd.GeoDataFrame(
        {"opened": pd.to_datetime(["2011-07-01T05:32:33Z", "2011-07-01T06:00:00Z",
                                   "2011-07-02T00:00:00Z"]),
         "flag": pd.array([None, True, False], dtype="boolean"),
         "ok": [True, False, True]},
        geometry=[shapely.Point(0, 0), None, shapely.Point(1, 1)], crs=2249)
    path = str(tmp_path / "r.gpkg")
    pyogrio.write_dataframe(frame, path, layer="r")
    got = read_vector(path)
    assert got.flag.tolist()[1:] == [1.0, 0.0] and np.isnan(got.flag[0])
    assert got.ok.tolist() == [True, False, True]
    assert got.opened.tolist() == frame.opened.tolist()  # UTC throughout: through Arrow
    assert got.geometry.isna().tolist() == [False, True, False]
    pd.testing.assert_frame_equal(got, classic(path)[got.columns])
    # an offset Arrow would drop: the classic reader keeps the instant
    from osgeo import ogr

    ds = ogr.Open(path, 1)
    ds.ExecuteSQL("UPDATE r SET opened = '2011-07-01T01:32:33-04:00' WHERE fid = 1")
    ds = None
    got = read_vector(path)
    assert pd.Timestamp(got.opened[0]) == pd.Timestamp("2011-07-01T05:32:33Z")


def test_a_stale_feature_count_loses_no_row(tmp_path):
    """The GeoPackage's stored count (gpkg_ogr_contents) can be stale when a file was edited
    by a tool other than GDAL; a layer read trusted it and dropped the rest."""
    import sqlite3

    import geopandas as gpd

    frame = gpd.GeoDataFrame({"opened": pd.to_datetime(["2011-07-01T05:32:33Z"] * 50)},
                             geometry=[shapely.Point(i, i) for i in range(50)], crs=2249)
    path = str(tmp_path / "r.gpkg")
    pyogrio.write_dataframe(frame, path, layer="r")
    from osgeo import ogr

    ds = ogr.Open(path, 1)  # an offset: the classic reader's path
    ds.ExecuteSQL("UPDATE r SET opened = '2011-07-01T01:32:33-04:00' WHERE fid = 1")
    ds = None
    with sqlite3.connect(path) as db:
        db.execute("UPDATE gpkg_ogr_contents SET feature_count = 10")
    assert len(read_vector(path)) == 50


def test_ids_read_as_text_keep_every_digit(tmp_path):
    import geopandas as gpd

    big = [None, 2 ** 60 + 1, 2 ** 60 + 3]
    frame = gpd.GeoDataFrame({"case_id": pd.array(big, dtype="Int64")},
                             geometry=[shapely.Point(i, i) for i in range(3)], crs=2249)
    path = str(tmp_path / "r.gpkg")
    pyogrio.write_dataframe(frame, path, layer="r")
    assert read_vector(path, text=("case_id",)).case_id.tolist() == [None] + [
        str(b) for b in big[1:]]
    assert read_vector(path, text=("case_id",), arrow=False).case_id.tolist() == [None] + [
        str(b) for b in big[1:]]


def test_wkb_points_are_read_from_their_bytes_or_by_shapely():
    import pyarrow as pa

    points = [shapely.Point(1.5, 2.5), None, shapely.Point(-3, 4), shapely.Point()]
    wkb = pa.array([None if p is None else shapely.to_wkb(p) for p in points], pa.binary())
    x, y = wkb_points_xy(wkb)
    np.testing.assert_array_equal(x, [1.5, np.nan, -3, np.nan])
    np.testing.assert_array_equal(y, [2.5, np.nan, 4, np.nan])
    # 3D and big-endian points take shapely's reader
    other = pa.array([shapely.to_wkb(shapely.Point(1, 2, 3)),
                      shapely.to_wkb(shapely.Point(5, 6), byte_order=0)], pa.binary())
    x, y = wkb_points_xy(other)
    assert x.tolist() == [1, 5] and y.tolist() == [2, 6]
