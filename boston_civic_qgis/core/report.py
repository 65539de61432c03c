"""The HTML report: findings in words, maps, regression tables, ledger and provenance."""
from __future__ import annotations

import datetime as dt
import html
import os

import pandas as pd

from .outputs import atomic_path
from .package import provenance

CSS = """
body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60em;margin:2em auto;color:#222;
line-height:1.45}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ccc;padding:.25em .6em;
font-size:.9em}th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1em 0}img{max-width:100%;border:1px solid #ddd}.note{color:#555;font-size:.9em}
"""

LEDGER_WORDS = {
    "staff_initiated": "created by city staff (not resident-initiated): not counted",
    "no_coordinates": "resident-initiated, no coordinates: not counted",
    "default_location": "resident-initiated, on the geocoder's default location (City Hall): "
                        "not counted",
    "outside_all_areas": "resident-initiated, outside every area: not counted",
    "counted": "resident-initiated, counted in an area",
    "total_input": "input rows",
}


def reading(model) -> str:
    """One plain-language sentence per slope of a model."""
    out = []
    for _, t in model.terms[model.terms.term != "intercept"].iterrows():
        unit = {"median_income_per_1000": "each additional $1,000 of median household income",
                "white_share_pct": "each additional percentage point of white residents",
                "requests_per_10": "each additional 10 resident-initiated requests"}.get(
                    t.term, t.term)
        outcome = {"requests_per_100": "requests per 100 residents",
                   "ballots_cast": "ballots cast", "registered_voters": "registered voters"}.get(
                       model.outcome, model.outcome)
        direction = "more" if t.estimate > 0 else "fewer"
        sig = ("statistically significant at the 5% level (robust HC3 errors)" if t.p_value < 0.05
               else "not statistically significant at the 5% level (robust HC3 errors)")
        out.append(f"With {unit}, an area has {abs(t.estimate):.3g} {direction} {outcome} "
                   f"on average, holding the other terms fixed; {sig}, n = {t.n}.")
    return " ".join(out)


def _table(df: pd.DataFrame, floats="{:.4g}") -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    for _, r in df.iterrows():
        cells = []
        for v in r:
            if isinstance(v, float):
                cells.append(f'<td class="num">{floats.format(v)}</td>')
            elif isinstance(v, int) or (hasattr(v, "dtype") and "int" in str(v.dtype)):
                cells.append(f'<td class="num">{v:,}</td>')
            else:
                cells.append(f"<td>{html.escape(str(v))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def build_report(result, maps=(), base_dir=".") -> str:
    p = result.parameters
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
             f"<title>311 engagement in Boston</title><style>{CSS}</style></head><body>",
             "<h1>Who asks the city? 311 requests, income, race and voting in Boston</h1>",
             f"<p class='note'>Made {dt.date.today().isoformat()} by Boston Civic QGIS.</p>",
             "<h2>Findings</h2><ul>"]
    for m in result.models:
        parts.append(f"<li><b>{html.escape(m.description)}.</b> {html.escape(reading(m))}</li>")
    parts.append("</ul>")
    if maps:
        parts.append("<h2>Maps</h2>")
        for path, caption in maps:
            rel = os.path.relpath(path, base_dir)
            parts.append(f"<figure><img src='{html.escape(rel)}' alt='{html.escape(caption)}'>"
                         f"<figcaption>{html.escape(caption)}</figcaption></figure>")
    parts.append("<h2>Regression tables</h2>")
    for m in result.models:
        cols = ["term", "estimate", "std_error", "robust_std_error", "p_value", "ci_low",
                "ci_high"]
        parts.append(f"<h3>{html.escape(m.name)}</h3><p>{html.escape(m.description)}. "
                     f"OLS; n = {m.n}, R² = {m.r2:.3f}. Confidence intervals and p-values use "
                     f"heteroskedasticity-robust (HC3) standard errors.</p>")
        parts.append(_table(m.terms[cols]))
    parts.append("<h2>Ledger: where every input row went</h2><p>Each input row is in exactly "
                 "one category per level; the categories add up to the input rows.</p>")
    ledger = result.ledger.assign(meaning=result.ledger.category.map(LEDGER_WORDS))
    parts.append(_table(ledger))
    parts.append("<h2>Parameters</h2>")
    parts.append(_table(pd.DataFrame(list(p.describe().items()), columns=["parameter", "value"])))
    excluded = result.tracts[~result.tracts["included"]]
    parts.append(f"<p>{len(excluded)} of {len(result.tracts)} tracts are on the map but not in "
                 "the rates or the model:</p>")
    parts.append(_table(excluded[["GEOID", "name", "population", "exclusion_reason"]]))
    parts.append("<h2>Inputs and provenance</h2>")
    if result.inputs:
        files, sources = provenance(result.inputs)
        parts.append(_table(files))
        if len(sources):
            parts.append("<p>Sources of the data package:</p>")
            parts.append(_table(sources[["source", "role", "publisher", "official", "vintage",
                                         "licence", "copied_from", "sha256"]]))
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(result, path, maps=()) -> str:
    text = build_report(result, maps, base_dir=os.path.dirname(os.path.abspath(path)))
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
    return path
