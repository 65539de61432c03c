"""python -m boston_civic_qgis count: counts per tract and precinct, straight from the file."""
import os
import shutil

import pandas as pd
import pyogrio
import pytest

from boston_civic_qgis.__main__ import main
from tests.conftest import HAND

from .test_counting import EXPECTED_COUNTS, EXPECTED_LEDGER


def ledger_of(path):
    ledger = pyogrio.read_dataframe(path, layer="ledger")
    return {level: dict(zip(rows.category, rows.rows)) for level, rows in ledger.groupby("level")}


def test_count_of_the_data_package(package, tmp_path, capsys):
    out = str(tmp_path / "counts.gpkg")
    assert main(["count", "--out", out, "--chunk-size", "20000"]) == 0
    ledger = ledger_of(out)
    assert ledger["tracts"]["counted"] == 36_373 and ledger["tracts"]["total_input"] == 58_251
    tracts = pyogrio.read_dataframe(out, layer="tracts")
    assert len(tracts) == 207 and tracts.requests.sum() == 36_373
    assert "counts: " in capsys.readouterr().out


def test_files_are_read_as_one_stream_and_on_dask_file_by_file(package, tmp_path, capsys):
    import geopandas as gpd

    requests = gpd.read_file(package, layer="requests_311")
    halves = []
    for i, part in enumerate((requests.iloc[:30_000], requests.iloc[30_000:])):
        halves.append(str(tmp_path / f"half{i}.gpkg"))
        part.to_file(halves[-1], layer="requests")
    sums = []
    for extra in ([], ["--dask"]):
        out = str(tmp_path / f"halves{len(extra)}.gpkg")
        assert main(["count", "--requests", *halves, "--out", out, *extra]) == 0
        sums.append(ledger_of(out))
    assert sums[0] == sums[1] and sums[0]["tracts"]["counted"] == 36_373
    # an overlapping export: its repeated cases are duplicates here, and counted again on
    # dask, which says so
    copy = str(tmp_path / "again.gpkg")
    shutil.copy(package, copy)
    out = str(tmp_path / "twice.gpkg")
    assert main(["count", "--requests", package, f"{copy}|layername=requests_311",
                 "--out", out]) == 0
    twice = ledger_of(out)["tracts"]
    assert twice["counted"] == 36_373 and twice["duplicate"] == 58_251
    assert twice["total_input"] == 2 * 58_251
    capsys.readouterr()
    assert main(["count", "--requests", package, copy, "--out", out, "--dask"]) == 0
    assert ledger_of(out)["tracts"]["counted"] == 2 * 36_373
    assert "counted in both" in capsys.readouterr().err


def test_a_raw_export_is_counted_whole(tmp_path):
    import geopandas as gpd

    precincts = gpd.read_file(os.path.join(HAND, "areas.geojson")).rename(
        columns={"GEOID": "ward_precinct"})
    precincts.to_file(tmp_path / "precincts.gpkg")
    out = str(tmp_path / "counts.gpkg")
    assert main(["count", "--requests", os.path.join(HAND, "requests.csv"),
                 "--tracts", os.path.join(HAND, "areas.geojson"),
                 "--precincts", str(tmp_path / "precincts.gpkg"), "--out", out]) == 0
    assert ledger_of(out) == {"tracts": EXPECTED_LEDGER, "precincts": EXPECTED_LEDGER}
    tracts = pyogrio.read_dataframe(out, layer="tracts")
    assert dict(zip(tracts.GEOID, tracts.requests)) == EXPECTED_COUNTS


@pytest.mark.parametrize("args, message", [
    (["--requests", "{pkg}", "--out", "{pkg}"], "is an input"),
    (["--requests", "nowhere.gpkg"], "file not found"),
    (["--from", "2011-13-01"], "not a date"),
    (["--requests", "{hand}", "{pkg}"], "not one"),
])
def test_count_refuses_bad_arguments(package, tmp_path, capsys, args, message):
    hand = os.path.join(HAND, "requests.csv")
    args = [a.format(pkg=package, hand=hand) for a in args]
    if "--out" not in args:
        args += ["--out", str(tmp_path / "c.gpkg")]
    assert main(["count", *args]) == 2
    assert message in capsys.readouterr().err
    assert os.path.getsize(package) > 0


@pytest.fixture(scope="module")
def sample(package, tmp_path_factory):
    """3,000 real requests, written as a normalised GeoPackage."""
    import geopandas as gpd

    requests = gpd.read_file(package, layer="requests_311").iloc[::19].head(3000)
    return requests.reset_index(drop=True)


def write(frame, folder, name):
    path = str(folder / f"{name}.gpkg")
    frame.to_file(path, layer="requests")
    return path


def test_the_default_package_is_never_the_output(package, tmp_path, monkeypatch, capsys):
    copy = str(tmp_path / "boston.gpkg")
    shutil.copy(package, copy)
    monkeypatch.setenv("BOSTON_CIVIC_DATA", copy)
    assert main(["count", "--out", copy]) == 2
    assert "is an input" in capsys.readouterr().err
    assert "requests_311" in pyogrio.list_layers(copy)[:, 0]


def test_integer_ids_with_nulls_repeat_across_chunks(sample, tmp_path):
    """An integer column with a NULL comes back as floats: its ids must still meet their
    repeats in other chunks, and ids over 2^53 must not merge."""
    ids = pd.array([2 ** 60 + i for i in range(len(sample))], dtype="Int64")
    ids[5] = pd.NA
    frame = sample.assign(case_id=ids)
    frame.loc[2500, "case_id"] = frame.loc[7, "case_id"]  # a repeat, 2,500 rows later
    path = write(frame, tmp_path, "ids")
    for size in ("1000", "500000"):
        out = str(tmp_path / f"c{size}.gpkg")
        assert main(["count", "--requests", path, "--chunk-size", size, "--out", out]) == 0
        assert ledger_of(out)["tracts"]["duplicate"] == 1


def test_resident_flags_written_as_words_are_read_as_words(sample, tmp_path):
    words = sample.assign(resident_initiated=sample.resident_initiated.map(
        {True: "yes", False: "no"}))
    out_words, out_flags = str(tmp_path / "w.gpkg"), str(tmp_path / "f.gpkg")
    assert main(["count", "--requests", write(words, tmp_path, "words"), "--out",
                 out_words]) == 0
    assert main(["count", "--requests", write(sample, tmp_path, "flags"), "--out",
                 out_flags]) == 0
    assert ledger_of(out_words) == ledger_of(out_flags)
    assert ledger_of(out_flags)["tracts"]["staff_initiated"] > 0


@pytest.mark.parametrize("damage, message", [
    ("multipoints", "requests must be points"),
    ("no_rows", "no requests to count"),
    ("no_points", "are no_coordinates"),
    ("null_flag", "found NULL in 1 rows"),
])
def test_count_refuses_what_run_refuses(sample, tmp_path, capsys, damage, message):
    import shapely

    frame = sample.copy()
    if damage == "multipoints":
        frame["geometry"] = [shapely.MultiPoint([g]) for g in frame.geometry]
    elif damage == "no_rows":
        frame = frame.iloc[:0]
    elif damage == "no_points":
        frame["geometry"] = None
    elif damage == "null_flag":
        frame["resident_initiated"] = frame.resident_initiated.astype(object)
        frame.loc[0, "resident_initiated"] = None
    path = write(frame, tmp_path, damage)
    assert main(["count", "--requests", path, "--out", str(tmp_path / "c.gpkg")]) == 2
    assert message in capsys.readouterr().err


def test_count_refuses_a_file_given_twice_and_other_outputs(sample, tmp_path, capsys):
    path = write(sample, tmp_path, "once")
    assert main(["count", "--requests", path, path, "--out", str(tmp_path / "c.gpkg")]) == 2
    assert "given twice" in capsys.readouterr().err
    assert main(["count", "--requests", path, "--out", str(tmp_path / "c.csv")]) == 2
    assert "ending in .gpkg" in capsys.readouterr().err
