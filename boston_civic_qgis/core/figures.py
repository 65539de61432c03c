"""Scatter plots of the models, as the brief's Figure 3: observations and the fitted line."""
from __future__ import annotations

import os

LABELS = {
    "requests_per_100": "Resident-initiated requests per 100 residents",
    "median_income": "Median household income ($)", "median_income_per_1000":
    "Median household income ($1,000)", "white_share_pct": "White share (%)",
    "requests_per_10": "Resident-initiated requests (tens)",
    "registered_voters": "Registered voters", "ballots_cast": "Ballots cast, 2021 mayoral",
    "turnout_pct": "Turnout (ballots per 100 registered)",
}


def model_figure(model, path: str, language: str = "en") -> str | None:
    """A PNG (and SVG) for an OLS model: y on x with the fitted line (one predictor), or
    observed on predicted (several), labelled in `language`. None for models without a plot
    (count models)."""
    if model.kind != "ols" or model.data is None:
        return None
    from ..definitions.map_text import localise

    def label(name):
        return localise(LABELS.get(name, name), language)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    data = model.data
    slopes = [c for c in data.columns if c != model.outcome]
    fig, ax = plt.subplots(figsize=(6.4, 4.4), dpi=120)
    y = data[model.outcome]
    if len(slopes) == 1:
        x = data[slopes[0]]
        est = model.terms.set_index("term")["estimate"]
        ax.scatter(x, y, s=14, alpha=0.6, color="#2c7fb8", edgecolor="none")
        xs = np.linspace(x.min(), x.max(), 50)
        ax.plot(xs, est["intercept"] + est[slopes[0]] * xs, color="#ca0020", lw=2,
                label=localise(f"fitted: slope {est[slopes[0]]:.3g}", language))
        ax.set_xlabel(label(slopes[0]))
        title = f"{label(model.outcome)} vs. {label(slopes[0])}"
    else:
        fitted = y - model.residual.dropna().loc[y.index]
        ax.scatter(fitted, y, s=14, alpha=0.6, color="#2c7fb8", edgecolor="none")
        lims = [min(fitted.min(), y.min()), max(fitted.max(), y.max())]
        ax.plot(lims, lims, color="#ca0020", lw=2, label="observed = predicted")
        ax.set_xlabel(f"Predicted from {len(slopes)} predictors (see the table)")
        title = f"{label(model.outcome)}: {model.name}"
    ax.set_ylabel(label(model.outcome))
    ax.set_title(f"{title} (n = {model.n}, R² = {model.r2:.2f})", fontsize=10)
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fig.savefig(path)
    fig.savefig(os.path.splitext(path)[0] + ".svg")  # vector, for print layouts
    plt.close(fig)
    return path
