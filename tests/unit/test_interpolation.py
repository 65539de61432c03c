"""Areal interpolation on shapes whose overlaps are known by hand."""
import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import box

from boston_civic_qgis.core.interpolation import interpolate


@pytest.fixture
def layers():
    # two tracts side by side; one precinct straddles them, 3/4 over the left one
    tracts = gpd.GeoDataFrame({"GEOID": ["L", "R"], "population": [100, 900],
                               "income": [50_000.0, 100_000.0], "white": [80.0, np.nan]},
                              geometry=[box(0, 0, 10, 10), box(10, 0, 20, 10)], crs=2249)
    precincts = gpd.GeoDataFrame({"ward_precinct": ["P"]},
                                 geometry=[box(2.5, 0, 12.5, 10)], crs=2249)
    return tracts, precincts


def test_population_weighted(layers):
    tracts, precincts = layers
    out = interpolate(tracts, precincts, "GEOID", "ward_precinct", ["income", "white"])
    # the piece of L holds 75 % of L's 100 people = 75; the piece of R 25 % of 900 = 225
    assert out.loc["P", "income"] == pytest.approx((75 * 50_000 + 225 * 100_000) / 300)
    assert out.loc["P", "white"] == pytest.approx(80.0)  # R has no value: no weight
    assert out.loc["P", "coverage"] == pytest.approx(1.0)


def test_area_weighted(layers):
    tracts, precincts = layers
    out = interpolate(tracts, precincts, "GEOID", "ward_precinct", ["income"], weight="area")
    assert out.loc["P", "income"] == pytest.approx(0.75 * 50_000 + 0.25 * 100_000)


def test_land_clipping_moves_the_weight(layers):
    tracts, precincts = layers
    # R is mostly harbour: only its left fifth (x 10-12) is land
    land = gpd.GeoDataFrame(geometry=[box(0, 0, 12, 10)], crs=2249)
    out = interpolate(tracts, precincts, "GEOID", "ward_precinct", ["income"], land=land)
    # L piece: 75 of 100 people; R piece (x 10-12, all of R's land): all 900 people
    assert out.loc["P", "income"] == pytest.approx((75 * 50_000 + 900 * 100_000) / 975)


def test_a_value_from_slivers_is_refused(layers):
    tracts, precincts = layers
    # white share is known only for L, which holds 75 of the 300 residents (25 %)
    out = interpolate(tracts.assign(white=[80.0, np.nan]), precincts, "GEOID", "ward_precinct",
                      ["white"], min_value_share=0.5)
    assert np.isnan(out.loc["P", "white"]) and out.loc["P", "white_thin"]
    kept = interpolate(tracts, precincts, "GEOID", "ward_precinct", ["white"],
                       min_value_share=0.2)
    assert kept.loc["P", "white"] == pytest.approx(80.0)
