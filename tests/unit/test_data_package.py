"""The built data package (make data) holds the real Boston inputs, complete and in EPSG:2249."""
import os

import pyogrio
import pytest

from tests.conftest import ROOT


def _layer(package, name):
    return pyogrio.read_dataframe(package, layer=name)


def test_layers_and_crs(package):
    layers = dict(pyogrio.list_layers(package))
    assert set(layers) >= {"requests_311", "tracts", "precincts", "neighborhoods", "provenance"}
    for name in ("requests_311", "tracts", "precincts", "neighborhoods"):
        info = pyogrio.read_info(package, layer=name)
        assert info["crs"] == "EPSG:2249", name  # an EPSG code, not a custom CRS


def test_requests_complete_and_flagged(package):
    req = _layer(package, "requests_311")
    assert len(req) == 58_251
    assert req.case_id.is_unique
    assert (req.location_status == "default_location").sum() == 4_775
    assert req.channel.value_counts().to_dict() == {
        "Constituent Call": 28_136, "Employee Generated": 17_925, "Self Service": 8_160,
        "Citizens Connect App": 3_907, "Maximo Integration": 120, "Twitter": 3}
    assert req.resident_initiated.sum() == 28_136 + 8_160 + 3_907 + 3


def test_tracts(package):
    t = _layer(package, "tracts")
    assert len(t) == 207 and t.GEOID.str.len().eq(11).all()
    assert t.population.sum() == 675_654  # 2020 Census, the 207 tracts (SOURCES.md)
    assert t.households_acs2022.sum() == 276_053 and t.households_acs2020.sum() == 273_188
    assert t.median_income_acs2022.notna().sum() == 191
    assert t.median_income_acs2020.notna().sum() == 187
    assert t.median_income_topcoded_acs2020.sum() == 1
    # P2 records for 169 tracts, two of them with no residents: no share there
    assert t.nh_white_share_2020.notna().sum() == 167
    assert t.white_alone_share_2020.isna().sum() == (t.population == 0).sum() == 4
    assert t.white_alone_share_2020.dropna().between(0, 100).all()
    assert t.loc[t.name == "9815.02", "population"].item() == 7


def test_precincts(package):
    p = _layer(package, "precincts")
    assert len(p) == 255 and p.ward_precinct.is_unique and p.ward.nunique() == 22
    assert p.ballots_cast.sum() == 144_380
    assert p.registered_voters.sum() == 392_188
    assert (p.registered_voters_year == 2017).all()
    # the missing-CRS trap is fixed: the shapes sit on Boston, in feet
    x0, y0, x1, y1 = p.total_bounds
    assert 739_000 < x0 < x1 < 804_000 and 2_908_000 < y0 < y1 < 2_971_000


def test_provenance_lists_every_source_with_checksum(package):
    prov = _layer(package, "provenance")
    assert len(prov) == 13 and prov.sha256.str.len().eq(64).all()
    assert prov.official.str.startswith("https://").all()


def test_missing_mirror_is_a_clear_error(tmp_path):
    import sys

    sys.path.insert(0, os.path.join(ROOT, "data"))
    import build

    with pytest.raises(build.InputError, match="requests_2011: .* not found"):
        build.build(mirror=str(tmp_path), out=str(tmp_path / "x.gpkg"), quiet=True)


def test_changed_file_fails_the_checksum(tmp_path):
    import sys

    sys.path.insert(0, os.path.join(ROOT, "data"))
    import build

    src = build.load_manifest()["requests_2011"]
    fake = tmp_path / src["mirror"]
    fake.parent.mkdir(parents=True)
    fake.write_bytes(b"not the 2011 file")
    with pytest.raises(build.InputError, match="sha256 .* the manifest expects f0a1c1ab"):
        build.build(mirror=str(tmp_path), out=str(tmp_path / "x.gpkg"), quiet=True)
    assert not (tmp_path / "x.gpkg").exists()


def test_precinct_population(package):
    p = _layer(package, "precincts")
    assert p.population.sum() == 675_650  # 2020 Census by VTD, area-matched (Boston: 675,647)
    assert p.loc[p.ward_precinct == "0115", "population"].item() == 3  # Harbor Islands
