"""Class breaks for choropleths (mapclassify), so that QGIS styles and reports agree."""
from __future__ import annotations

import warnings

import mapclassify
import numpy as np
import pandas as pd

# without numba mapclassify warns that Fisher-Jenks is slow: on a few hundred areas it is not
# (a filter, not catch_warnings: QGIS runs algorithms on threads, and that is not thread-safe)
warnings.filterwarnings("ignore", message="Numba not installed")


def _values(values) -> np.ndarray:
    v = pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(dtype=float)
    if len(v) == 0:
        raise ValueError("no values to classify: every value is NULL")
    return v


def sequential_breaks(values, k: int = 5, method: str = "quantiles"):
    """(lower, upper) bounds of k classes covering the values: quantiles or natural breaks."""
    v = _values(values)
    k = max(1, min(k, len(np.unique(v))))
    if method == "quantiles":
        cls = mapclassify.Quantiles(v, k=k)
    elif method == "natural_breaks":
        cls = mapclassify.FisherJenks(v, k=k)
    else:
        raise ValueError(f"unknown classification method {method!r}")
    uppers = list(cls.bins)
    lowers = [float(v.min())] + uppers[:-1]
    return list(zip(lowers, uppers))


def diverging_breaks(values):
    """Classes of residuals centred on zero, one and two standard deviations wide.

    Returns five (lower, upper) bounds: below -2 sd, -2 to -1 sd, -1 to +1 sd, +1 to +2 sd,
    above +2 sd, widened where needed so that every value falls in a class.
    """
    v = _values(values)
    sd = float(v.std(ddof=1)) if len(v) > 1 else 1.0
    sd = sd or 1.0
    edges = [min(v.min(), -2 * sd), -2 * sd, -sd, sd, 2 * sd, max(v.max(), 2 * sd)]
    return [(float(a), float(b)) for a, b in zip(edges[:-1], edges[1:])], sd


def bivariate_classes(x, y, k: int = 3):
    """'i-j' class of each area: tercile i of x and tercile j of y (1 = lowest), NA where either
    is missing. Returns (codes, x bounds, y bounds)."""
    xs, ys = pd.to_numeric(pd.Series(x), errors="coerce"), pd.to_numeric(pd.Series(y),
                                                                          errors="coerce")
    ok = xs.notna() & ys.notna()
    xb = mapclassify.Quantiles(xs[ok].to_numpy(dtype=float), k=k)
    yb = mapclassify.Quantiles(ys[ok].to_numpy(dtype=float), k=k)
    codes = pd.Series(pd.NA, index=xs.index, dtype="string")
    codes[ok] = [f"{i + 1}-{j + 1}" for i, j in zip(xb.yb, yb.yb)]
    return codes, list(xb.bins), list(yb.bins)
