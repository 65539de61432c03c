"""python -m boston_civic_qgis count: counts per tract and precinct, straight from the file."""
import os
import shutil

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


def test_files_are_added_up_on_one_machine_and_on_dask(package, tmp_path):
    copy = str(tmp_path / "again.gpkg")
    shutil.copy(package, copy)
    sums = []
    for extra in ([], ["--dask"]):
        out = str(tmp_path / f"counts{len(extra)}.gpkg")
        assert main(["count", "--requests", package, f"{copy}|layername=requests_311",
                     "--out", out, *extra]) == 0
        sums.append(ledger_of(out))
    # a case id repeated in the second file is counted there too: ids are per file
    assert sums[0] == sums[1] and sums[0]["tracts"]["counted"] == 2 * 36_373


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
