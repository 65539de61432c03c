"""OLS estimates, robust errors and residuals against independent numpy computations."""
import numpy as np
import pandas as pd
import pytest

from boston_civic_qgis.core.models import fit_ols


@pytest.fixture
def areas():
    rng = np.random.default_rng(7)
    n = 40
    income = rng.uniform(20_000, 200_000, n)
    white = rng.uniform(0, 100, n)
    rate = 2 + 0.03 * income / 1000 - 0.01 * white + rng.normal(0, 1 + income / 100_000, n)
    df = pd.DataFrame({"rate": rate, "income": income, "white": white},
                      index=[f"g{i}" for i in range(n)])
    df.loc["g3", "income"] = np.nan  # a missing value: that area is out of the model
    return df


def test_estimates_equal_numpy_least_squares(areas):
    m = fit_ols(areas, "rate", {"income_k": ("income", 1000), "white": ("white", 1)},
                name="m", level="tracts")
    used = areas.dropna()
    X = np.column_stack([np.ones(len(used)), used.income / 1000, used.white])
    beta, *_ = np.linalg.lstsq(X, used.rate, rcond=None)
    np.testing.assert_allclose(m.terms.estimate, beta, rtol=1e-10)
    assert m.n == 39

    # HC3 robust standard errors, by the textbook formula
    resid = used.rate - X @ beta
    xtx_inv = np.linalg.inv(X.T @ X)
    h = np.einsum("ij,jk,ik->i", X, xtx_inv, X)
    meat = X.T @ (X * (resid.to_numpy() ** 2 / (1 - h) ** 2)[:, None])
    hc3 = np.sqrt(np.diag(xtx_inv @ meat @ xtx_inv))
    np.testing.assert_allclose(m.terms.robust_std_error, hc3, rtol=1e-10)


def test_residuals_are_keyed_to_their_area_even_with_missing_values(areas):
    m = fit_ols(areas, "rate", {"income": ("income", 1), "white": ("white", 1)},
                name="m", level="tracts")
    assert np.isnan(m.residual["g3"]) and np.isnan(m.predicted["g3"])
    used = areas.drop("g3")
    np.testing.assert_allclose(m.predicted[used.index] + m.residual[used.index], used.rate)


def test_mask_leaves_areas_out(areas):
    mask = pd.Series(True, index=areas.index)
    mask["g5"] = False
    m = fit_ols(areas, "rate", {"white": ("white", 1)}, name="m", level="t", mask=mask)
    assert m.n == 39 and np.isnan(m.residual["g5"])


def test_too_few_areas_is_a_clear_error():
    df = pd.DataFrame({"y": [1.0, 2.0], "x": [1.0, np.nan]})
    with pytest.raises(ValueError, match="only 1 complete areas"):
        fit_ols(df, "y", {"x": ("x", 1)}, name="tiny", level="t")
