"""The brief's statistics against independent computations: EB smoothing by hand, Moran's I by
formula on a lattice, Poisson's closed form, influence flags, missing values and islands."""
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box
import geopandas as gpd

from boston_civic_qgis.core.models import fit_count, fit_ols
from boston_civic_qgis.core.spatial import eb_rates, moran


def row_of_squares(n, gap_after=None):
    """n unit squares in a row (each touches the next); one more far away if gap_after."""
    geoms = [box(i, 0, i + 1, 1) for i in range(n)]
    if gap_after is not None:
        geoms.append(box(n + 10, 0, n + 11, 1))
    return gpd.GeoDataFrame(geometry=geoms, crs=2249)


# five areas: events e, populations b (a hand-worked example)
E = np.array([2.0, 10.0, 3.0, 40.0, 1.0])
B = np.array([100.0, 400.0, 50.0, 1000.0, 10.0])


def eb_by_hand(e, b):
    """Marshall's global empirical Bayes, as GeoDa: shrink each raw rate toward the mean."""
    r, theta = e / b, e.sum() / b.sum()
    s2 = (b * (r - theta) ** 2).sum() / b.sum()
    alpha = max(s2 - theta / b.mean(), 0.0)
    w = alpha / (alpha + theta / b)
    return w * r + (1 - w) * theta


def test_global_eb_by_hand():
    areas = row_of_squares(5).assign(requests=E, population=B)
    glob, _ = eb_rates(areas, "requests", "population", per=1)
    # by hand: theta = 56/1560 = 0.035897; s2 = 0.00010237 < theta / mean(b) = 0.00011506,
    # so the prior variance is 0 and every area gets the pooled rate
    np.testing.assert_allclose(glob, eb_by_hand(E, B), rtol=1e-10)
    np.testing.assert_allclose(glob, 56 / 1560, rtol=1e-12)


def test_global_eb_shrinks_small_areas_more():
    e, b = np.array([2.0, 30.0, 3.0, 80.0, 4.0]), np.array([100.0, 400.0, 50.0, 1000.0, 10.0])
    areas = row_of_squares(5).assign(requests=e, population=b)
    glob, _ = eb_rates(areas, "requests", "population", per=1)
    np.testing.assert_allclose(glob, eb_by_hand(e, b), rtol=1e-10)
    theta, raw = e.sum() / b.sum(), e / b
    pull = np.abs(glob - raw) / np.abs(theta - raw)  # share of the way to the pooled rate
    assert pull[4] > pull[0] > pull[3]  # 10 people shrink most, 1,000 least


def test_spatial_eb_by_hand():
    areas = row_of_squares(5).assign(requests=E, population=B)
    _, spatial = eb_rates(areas, "requests", "population", per=1)
    windows = [[0, 1], [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4]]  # each area and its neighbours
    expected = []
    for i, win in enumerate(windows):
        e, b = E[win], B[win]
        r, theta = e / b, e.sum() / b.sum()
        s2 = (b * (r - theta) ** 2).sum() / b.sum()
        alpha = max(s2 - theta / b.mean(), 0.0)
        w = alpha / (alpha + theta / B[i])
        expected.append(w * E[i] / B[i] + (1 - w) * theta)
    np.testing.assert_allclose(spatial, expected, rtol=1e-10)


def test_eb_skips_zero_population():
    areas = row_of_squares(5).assign(requests=E, population=[100, 0, 50, 1000, 10])
    glob, spatial = eb_rates(areas, "requests", "population")
    assert np.isnan(glob.iloc[1]) and np.isnan(spatial.iloc[1]) and glob.notna().sum() == 4


def test_morans_i_equals_the_formula_on_a_lattice():
    grid = gpd.GeoDataFrame(geometry=[box(x, y, x + 1, y + 1) for y in range(4) for x in range(4)],
                            crs=2249)
    y = np.array([1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6, 9, 1, 7, 2], dtype=float)
    grid["residual"] = y
    result = moran(grid, "residual", permutations=99, seed=1)
    # queen neighbours on a 4x4 grid, row-standardised
    n = 16
    W = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            di, dj = abs(i // 4 - j // 4), abs(i % 4 - j % 4)
            if i != j and di <= 1 and dj <= 1:
                W[i, j] = 1
    W = W / W.sum(axis=1, keepdims=True)
    z = y - y.mean()
    expected = n / W.sum() * (z @ W @ z) / (z @ z)
    assert result.i == pytest.approx(expected, rel=1e-12)
    assert result.expected_i == pytest.approx(-1 / 15)
    # the recorded seed makes the permutation p-value repeatable
    assert moran(grid, "residual", permutations=99, seed=1).p_value == result.p_value


def test_missing_values_and_islands_are_left_out_and_reported():
    areas = row_of_squares(6, gap_after=True)
    areas["residual"] = [1.0, 2.0, np.nan, 4.0, 5.0, 6.0, 3.0]
    result = moran(areas, "residual", permutations=99)
    assert result.n == 5  # 7 areas, one NaN, one island
    assert result.islands == [6]
    assert result.clusters.isna().tolist() == [False, False, True, False, False, False, True]


def test_poisson_matches_the_closed_form():
    # one binary predictor: the MLE rate ratio is the ratio of the two groups' pooled rates
    df = pd.DataFrame({"requests": [3, 5, 8, 20, 14], "population": [100, 200, 150, 300, 250],
                       "group": [0, 0, 0, 1, 1]})
    m = fit_count(df, "requests", "population", {"group": ("group", 1)}, "p", "t")
    expected = np.log((34 / 550) / (16 / 450))
    assert m.terms.set_index("term").loc["group", "estimate"] == pytest.approx(expected, rel=1e-6)
    assert m.terms.set_index("term").loc["group", "irr"] == pytest.approx(
        (34 / 550) / (16 / 450), rel=1e-6)


def test_overdispersed_counts_are_detected_and_nb2_fits():
    rng = np.random.default_rng(3)
    pop = rng.integers(500, 5000, 200)
    x = rng.normal(0, 1, 200)
    mu = pop * 0.05 * np.exp(0.3 * x) * rng.gamma(1 / 0.5, 0.5, 200)  # NB with alpha 0.5
    df = pd.DataFrame({"requests": rng.poisson(mu), "population": pop, "x": x})
    p = fit_count(df, "requests", "population", {"x": ("x", 1)}, "p", "t", "poisson")
    nb = fit_count(df, "requests", "population", {"x": ("x", 1)}, "nb", "t", "nb2")
    assert p.diagnostics["overdispersion_p"] < 0.001
    assert nb.diagnostics["alpha"] == pytest.approx(0.5, rel=0.35)
    assert nb.term("x").irr == pytest.approx(np.exp(0.3), rel=0.15)


def test_cooks_distance_flags_a_planted_outlier():
    x = np.arange(30, dtype=float)
    y = 2 * x + np.sin(x)
    y[29] = 200  # far off the line, at the edge of x: high leverage and residual
    m = fit_ols(pd.DataFrame({"y": y, "x": x}), "y", {"x": ("x", 1)}, "m", "t")
    assert m.influential.iloc[29] and m.influential.sum() <= 3
    assert "condition_number" in m.diagnostics and "aic" in m.diagnostics


def test_bivariate_classes_are_terciles_of_each_variable():
    from boston_civic_qgis.core.classify import bivariate_classes

    x = [1, 2, 3, 4, 5, 6, 7, 8, 9, None]
    y = [9, 8, 7, 6, 5, 4, 3, 2, 1, 5]
    codes, xb, yb = bivariate_classes(x, y)
    assert codes.tolist()[:9] == ["1-3", "1-3", "1-3", "2-2", "2-2", "2-2", "3-1", "3-1", "3-1"]
    assert codes.isna().tolist()[-1]


def test_binomial_share_model_matches_the_closed_form():
    from boston_civic_qgis.core.models import fit_share

    # two groups of areas: pooled shares 18/30 and 35/50; the odds ratio is their odds' ratio
    df = pd.DataFrame({"share": [0.5, 0.7, 0.6, 0.75], "n": [10, 20, 10, 40],
                       "group": [0, 0, 1, 1]})
    df.loc[0:1, "share"] = [5 / 10, 13 / 20]   # 18 of 30
    df.loc[2:3, "share"] = [6 / 10, 29 / 40]   # 35 of 50
    m = fit_share(df, "share", "n", {"group": ("group", 1)}, "b", "t")
    expected = (35 / 15) / (18 / 12)
    assert m.term("group").irr == pytest.approx(expected, rel=1e-6)
