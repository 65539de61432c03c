"""Regressions of the brief: OLS with classical and robust (HC3) standard errors, and residuals."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm


@dataclass
class ModelResult:
    name: str
    level: str
    outcome: str
    description: str
    terms: pd.DataFrame            # one row per term
    predicted: pd.Series           # indexed like the input; NaN where the area was not in the model
    residual: pd.Series
    n: int
    r2: float
    scales: dict = field(default_factory=dict)

    def term(self, name):
        return self.terms.set_index("term").loc[name]


def fit_ols(data: pd.DataFrame, outcome: str, predictors: dict, name: str, level: str,
            description: str = "", mask=None) -> ModelResult:
    """OLS of `outcome` on predictors, each given as {term: (field, divisor)}.

    The divisor sets the unit of the coefficient (income per $1,000: divisor 1000; voters per
    10 requests: divisor 10). Rows with any missing value, or outside `mask`, are left out and
    get NaN predictions; n says how many were used.
    """
    cols = [outcome] + [f for f, _ in predictors.values()]
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise KeyError(f"model {name}: fields {missing} not in the layer")
    use = data[cols].apply(pd.to_numeric, errors="coerce").notna().all(axis=1)
    if mask is not None:
        use &= pd.Series(mask, index=data.index).astype(bool)
    rows = data.loc[use]
    if len(rows) <= len(predictors) + 1:
        raise ValueError(f"model {name}: only {len(rows)} complete areas, too few to fit")
    X = pd.DataFrame({t: pd.to_numeric(rows[f]) / d for t, (f, d) in predictors.items()})
    X = sm.add_constant(X, has_constant="add").rename(columns={"const": "intercept"})
    y = pd.to_numeric(rows[outcome]).astype(float)
    fit = sm.OLS(y, X.astype(float)).fit()
    robust = fit.get_robustcov_results(cov_type="HC3")
    ci = np.asarray(robust.conf_int())
    terms = pd.DataFrame({
        "model": name, "level": level, "outcome": outcome, "term": X.columns,
        "estimate": fit.params.to_numpy(), "std_error": fit.bse.to_numpy(),
        "robust_std_error": robust.bse, "p_value": robust.pvalues,
        "ci_low": ci[:, 0], "ci_high": ci[:, 1], "n": int(fit.nobs), "r2": fit.rsquared,
    })
    predicted = pd.Series(np.nan, index=data.index)
    predicted.loc[use] = fit.fittedvalues.to_numpy()
    residual = pd.Series(np.nan, index=data.index)
    residual.loc[use] = fit.resid.to_numpy()
    return ModelResult(name, level, outcome, description, terms, predicted, residual,
                       int(fit.nobs), float(fit.rsquared),
                       {t: d for t, (_, d) in predictors.items()})
