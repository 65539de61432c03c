"""Regressions of the brief: OLS with classical and robust (HC3) standard errors, and residuals."""
from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field

import warnings

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
    kind: str = "ols"
    diagnostics: dict = field(default_factory=dict)
    influential: pd.Series | None = None  # Cook's distance above 4/n, by area
    data: pd.DataFrame | None = None      # outcome and predictors of the areas used (for plots)

    def term(self, name):
        return self.terms.set_index("term").loc[name]


def _fails_by_name(fit):
    """Numerical failures of a fit (a singular matrix from an extreme or constant value) as
    an error that names the model and its fields, not a traceback from statsmodels."""
    @functools.wraps(fit)
    def wrapper(*args, **kwargs):
        try:
            return fit(*args, **kwargs)
        except (np.linalg.LinAlgError, FloatingPointError, OverflowError) as exc:
            bound = inspect.signature(fit).bind(*args, **kwargs).arguments
            fields = [bound.get(k) for k in ("outcome", "count", "share", "population",
                                             "trials") if bound.get(k)]
            fields += [f for f, _ in bound["predictors"].values()]
            raise ValueError(f"model {bound['name']}: cannot be fitted ({exc}); look for "
                             f"extreme or constant values in {fields}") from exc
    return wrapper


@_fails_by_name
def fit_ols(data: pd.DataFrame, outcome: str, predictors: dict, name: str, level: str,
            description: str = "", mask=None) -> ModelResult:
    """OLS of `outcome` on predictors, each given as {term: (field, divisor)}.

    The divisor sets the unit of the coefficient (income per $1,000: divisor 1000; voters per
    10 requests: divisor 10). Rows with any missing value, or outside `mask`, are left out and
    get NaN predictions; n says how many were used.
    """
    use = _usable(data, [outcome] + [f for f, _ in predictors.values()], mask, name)
    rows = data.loc[use]
    if len(rows) <= len(predictors) + 1:
        raise ValueError(f"model {name}: only {len(rows)} complete areas, too few to fit")
    X, y = _design(rows, outcome, predictors)
    fit = sm.OLS(y, X).fit()
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
    cooks = fit.get_influence().cooks_distance[0]
    influential = pd.Series(pd.NA, index=data.index, dtype="boolean")
    influential.loc[use] = cooks > 4 / fit.nobs
    terms["vif"] = _vif(X)
    diagnostics = {"aic": float(fit.aic), "condition_number": float(fit.condition_number),
                   "r2_adjusted": float(fit.rsquared_adj),
                   "influential_areas": int(influential.sum())}
    for k in ("aic", "condition_number"):
        terms[k] = diagnostics[k]
    return ModelResult(name, level, outcome, description, terms, predicted, residual,
                       int(fit.nobs), float(fit.rsquared),
                       {t: d for t, (_, d) in predictors.items()}, "ols", diagnostics,
                       influential, pd.concat([y.rename(outcome), X.drop(columns="intercept")],
                                              axis=1))


def _design(rows, outcome, predictors):
    X = pd.DataFrame({t: pd.to_numeric(rows[f]) / d for t, (f, d) in predictors.items()})
    X = sm.add_constant(X, has_constant="add").rename(columns={"const": "intercept"})
    return X.astype(float), pd.to_numeric(rows[outcome]).astype(float)


def _vif(X: pd.DataFrame) -> list:
    """Variance inflation factor of each slope (NaN for the intercept, and with one slope)."""
    from statsmodels.stats.outliers_influence import variance_inflation_factor

    if X.shape[1] <= 2:
        return [np.nan] * X.shape[1]
    return [np.nan if c == "intercept" else float(variance_inflation_factor(X.to_numpy(), i))
            for i, c in enumerate(X.columns)]


def _usable(data, cols, mask, name):
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise KeyError(f"model {name}: fields {missing} not in the layer")
    use = data[cols].apply(pd.to_numeric, errors="coerce").notna().all(axis=1)
    if mask is not None:
        use &= pd.Series(mask, index=data.index).astype(bool)
    return use


def _weighted_rows(data, outcome, weight, predictors, mask, name):
    """The complete areas with a positive `weight` (population, requests), enough to fit."""
    use = _usable(data, [outcome, weight] + [f for f, _ in predictors.values()], mask, name)
    use &= pd.to_numeric(data[weight], errors="coerce") > 0
    rows = data.loc[use]
    if len(rows) <= len(predictors) + 2:
        raise ValueError(f"model {name}: only {len(rows)} complete areas, too few to fit")
    return use, rows


@_fails_by_name
def fit_count(data: pd.DataFrame, count: str, population: str, predictors: dict, name: str,
              level: str, family: str = "poisson", description: str = "",
              mask=None) -> ModelResult:
    """Poisson or negative binomial (NB2) model of a count with log(population) as offset.

    Estimates are log rate ratios; `irr` columns give incidence-rate ratios exp(b) with their
    95 % interval. Robust (HC3 is not defined for these: HC1 sandwich) errors beside the
    model-based ones. For Poisson, the Cameron-Trivedi test of overdispersion is recorded.
    """
    use, rows = _weighted_rows(data, count, population, predictors, mask, name)
    X, y = _design(rows, count, predictors)
    offset = np.log(pd.to_numeric(rows[population]).astype(float))
    with warnings.catch_warnings():
        # convergence chatter of the robust refit (it starts from the fitted values)
        warnings.simplefilter("ignore")
        return _fit_count(data, use, rows, X, y, offset, count, predictors, name, level,
                          family, description)


def _fit_count(data, use, rows, X, y, offset, count, predictors, name, level, family,
               description):
    if family == "poisson":
        model = sm.GLM(y, X, family=sm.families.Poisson(), offset=offset)
        fit = model.fit()
        robust = model.fit(cov_type="HC1", start_params=fit.params)
        params, bse, rbse = fit.params, fit.bse, robust.bse
        pvalues, ci = robust.pvalues, np.asarray(robust.conf_int())
        mu = fit.mu
        pseudo_r2 = fit.pseudo_rsquared(kind="mcf")  # McFadden's, as for NB2
        aux = sm.OLS(((y - mu) ** 2 - y) / mu, mu).fit()  # Cameron & Trivedi (1990)
        diagnostics = {"aic": float(fit.aic), "pseudo_r2": float(pseudo_r2),
                       "dispersion_pearson": float(fit.pearson_chi2 / fit.df_resid),
                       "overdispersion_alpha": float(aux.params.iloc[0]),
                       "overdispersion_p": float(aux.pvalues.iloc[0])}
    elif family == "nb2":
        model = sm.NegativeBinomial(y, X, loglike_method="nb2", offset=offset)
        fit = model.fit(disp=False, maxiter=200)
        robust = model.fit(disp=False, maxiter=200, cov_type="HC1", start_params=fit.params)
        keep = [c for c in fit.params.index if c != "alpha"]
        params, bse, rbse = fit.params[keep], fit.bse[keep], robust.bse[keep]
        pvalues, ci = robust.pvalues[keep], np.asarray(robust.conf_int().loc[keep])
        mu = fit.predict(X, offset=offset)
        diagnostics = {"aic": float(fit.aic), "pseudo_r2": float(fit.prsquared),
                       "alpha": float(fit.params["alpha"])}
    else:
        raise ValueError(f"unknown count family {family!r}: poisson or nb2")
    terms = pd.DataFrame({
        "model": name, "level": level, "outcome": count, "term": X.columns,
        "estimate": np.asarray(params), "std_error": np.asarray(bse),
        "robust_std_error": np.asarray(rbse), "p_value": np.asarray(pvalues),
        "ci_low": ci[:, 0], "ci_high": ci[:, 1], "n": len(rows),
        "r2": diagnostics["pseudo_r2"], "irr": np.exp(np.asarray(params)),
        "irr_ci_low": np.exp(ci[:, 0]), "irr_ci_high": np.exp(ci[:, 1]),
        "aic": diagnostics["aic"]})
    predicted = pd.Series(np.nan, index=data.index)
    predicted.loc[use] = np.asarray(mu)
    residual = pd.Series(np.nan, index=data.index)
    residual.loc[use] = (y - np.asarray(mu)).to_numpy()
    return ModelResult(name, level, count, description, terms, predicted, residual, len(rows),
                       diagnostics["pseudo_r2"], {t: d for t, (_, d) in predictors.items()},
                       family, diagnostics)


@_fails_by_name
def fit_share(data: pd.DataFrame, share: str, trials: str, predictors: dict, name: str,
              level: str, description: str = "", mask=None) -> ModelResult:
    """Binomial GLM (logit) of a share of `trials` requests per area: each area weighs as many
    requests as the share is of. Estimates are log odds ratios (`irr` holds the odds ratios);
    robust (HC1) errors beside the model-based ones."""
    use, rows = _weighted_rows(data, share, trials, predictors, mask, name)
    X, y = _design(rows, share, predictors)
    weights = pd.to_numeric(rows[trials]).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = sm.GLM(y, X, family=sm.families.Binomial(), var_weights=weights)
        fit = model.fit()
        robust = model.fit(cov_type="HC1", start_params=fit.params)
    ci = np.asarray(robust.conf_int())
    pseudo = float(fit.pseudo_rsquared(kind="mcf"))
    terms = pd.DataFrame({
        "model": name, "level": level, "outcome": share, "term": X.columns,
        "estimate": fit.params.to_numpy(), "std_error": fit.bse.to_numpy(),
        "robust_std_error": robust.bse.to_numpy(), "p_value": robust.pvalues.to_numpy(),
        "ci_low": ci[:, 0], "ci_high": ci[:, 1], "n": len(rows), "r2": pseudo,
        "irr": np.exp(fit.params.to_numpy()), "irr_ci_low": np.exp(ci[:, 0]),
        "irr_ci_high": np.exp(ci[:, 1]), "aic": float(fit.aic)})
    predicted = pd.Series(np.nan, index=data.index)
    predicted.loc[use] = fit.fittedvalues.to_numpy()
    residual = pd.Series(np.nan, index=data.index)
    residual.loc[use] = (y - fit.fittedvalues).to_numpy()
    return ModelResult(name, level, share, description, terms, predicted, residual, len(rows),
                       pseudo, {t: d for t, (_, d) in predictors.items()}, "binomial",
                       {"aic": float(fit.aic), "pseudo_r2": pseudo})
