"""The HTML report: findings in words, maps, regression tables, ledger and provenance."""
from __future__ import annotations

import datetime as dt
import html
import os

import numpy as np
import pandas as pd

from .outputs import atomic_path
from .package import provenance

CSS = """
body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60em;margin:2em auto;color:#222;
line-height:1.45}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:2em;
page-break-after:avoid}h3{page-break-after:avoid}figure,table{page-break-inside:avoid}
table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ccc;padding:.25em .6em;
font-size:.9em}th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums}
table.wrap{table-layout:fixed;width:100%}table.wrap td{word-wrap:break-word}
figure{margin:1em 0}img{max-width:100%;border:1px solid #ddd}.note{color:#555;font-size:.9em}
"""

LEDGER_WORDS = {
    "invalid": "coordinates that are not numbers or not on Earth: not counted",
    "outside_period": "opened outside the period asked for, or without a date: not counted",
    "duplicate": "the case id of an earlier row (the first is kept): not counted again",
    "staff_initiated": "created by city staff (not resident-initiated): not counted",
    "no_coordinates": "resident-initiated, no coordinates: not counted",
    "default_location": "resident-initiated, on the geocoder's default location (City Hall): "
                        "not counted",
    "outside_all_areas": "resident-initiated, outside every area: not counted",
    "counted": "resident-initiated, counted in an area",
    "total_input": "input rows",
}


UNITS = {"median_income_per_1000": "each additional $1,000 of median household income",
         "white_share_pct": "each additional percentage point of white residents",
         "requests_per_10": "each additional 10 resident-initiated requests",
         "requests_per_100": "each additional resident-initiated request per 100 residents",
         "population_per_1000": "each additional 1,000 residents"}
OUTCOMES = {"requests_per_100": "requests per 100 residents", "requests": "requests",
            "ballots_cast": "ballots cast", "registered_voters": "registered voters",
            "median_income": "dollars of median household income",
            "turnout_pct": "points of turnout",
            "median_days_to_close": "days of median time to close",
            "days_vs_type_median": "days to close beyond the median for the request type",
            "on_time_share": "of the share closed on time (0 to 1)",
            "non_resolution_share": "of the share of closures that are not a resolution (0 to 1)"}
BINOMIAL_WORDS = {"on_time_share": "closed on time",
                  "non_resolution_share": "closed without a resolution"}


def number(x: float) -> str:
    """A number as a reader wants it: 1,257 not 1.26e+03; 0.0302 not 3.02e-02."""
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 1:
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    if x == 0:
        return "0"
    digits = max(3, 2 - int(np.floor(np.log10(abs(x)))))  # three significant, no exponent
    return f"{x:.{digits}f}".rstrip("0")


def reading(model) -> str:
    """One plain-language sentence per slope of a model."""
    out = []
    for _, t in model.terms[model.terms.term != "intercept"].iterrows():
        unit = UNITS.get(t.term, f"each additional unit of {t.term}")
        sig = ("statistically significant at the 5% level" if t.p_value < 0.05
               else "not statistically significant at the 5% level")
        if model.kind == "binomial":
            change = (t.irr - 1) * 100
            out.append(f"With {unit}, the odds that a request is "
                       f"{BINOMIAL_WORDS.get(model.outcome, model.outcome)}"
                       f" are {number(abs(change))}% {'higher' if change > 0 else 'lower'} "
                       f"(odds ratio {t.irr:.4f}, 95% CI {t.irr_ci_low:.4f} to "
                       f"{t.irr_ci_high:.4f}); {sig}.")
            continue
        if model.kind in ("poisson", "nb2"):
            change = (t.irr - 1) * 100
            out.append(f"With {unit}, the expected number of requests per resident is "
                       f"{number(abs(change))}% {'higher' if change > 0 else 'lower'} (rate ratio "
                       f"{t.irr:.4f}, 95% CI {t.irr_ci_low:.4f} to {t.irr_ci_high:.4f}); {sig}.")
            continue
        outcome = OUTCOMES.get(model.outcome, model.outcome)
        direction = "more" if t.estimate > 0 else "fewer"
        out.append(f"With {unit}, an area has {number(abs(t.estimate))} {direction} {outcome} "
                   f"on average{', holding the other terms fixed' if len(model.terms) > 2 else ''}"
                   f"; {sig} (robust HC3 errors), n = {t.n}.")
    return " ".join(out)


def in_brief(result) -> list:
    """The main findings in a few sentences: the brief's questions, answered from the models
    of this run (each sentence only where its models were fitted)."""
    by = {m.name: m for m in result.models}

    def est(model, term):
        t = by[model].term(term)
        return t.estimate, t.robust_std_error, t.p_value

    def p_words(p):
        return "significant at the 5% level" if p < 0.05 else f"not significant, p = {p:.3f}"

    def signed(x):
        return number(x).replace("-", "\u2212")

    def more(x):
        return "more" if x > 0 else "fewer"

    out = []
    if {"requests_on_income", "requests_on_race"} <= set(by):
        b_inc, _, p_inc = est("requests_on_income", "median_income_per_1000")
        b_race, _, p_race = est("requests_on_race", "white_share_pct")
        out.append(
            f"Tracts with higher median income file {more(b_inc)} resident-initiated 311 "
            f"requests per resident: {number(abs(b_inc))} {more(b_inc)} per 100 residents with "
            f"each $1,000 of income ({p_words(p_inc)}); tracts with a larger white share "
            f"{number(abs(b_race))} {more(b_race)} with each percentage point "
            f"({p_words(p_race)}).")
    if "requests_on_income_and_race" in by:
        b_inc, se_inc, p_inc = est("requests_on_income_and_race", "median_income_per_1000")
        b_race, _, p_race = est("requests_on_income_and_race", "white_share_pct")
        out.append(
            f"In one model of both, income has {signed(b_inc)} per $1,000 (robust SE "
            f"{number(se_inc)}, {p_words(p_inc)}) and white share {signed(b_race)} per point "
            f"({p_words(p_race)}).")
    for raw, controlled, what in (("ballots_on_requests", "ballots_on_requests_controlled",
                                   "ballots cast in the 2021 mayoral election"),
                                  ("registered_on_requests", "registered_on_requests_controlled",
                                   "registered voters")):
        if raw in by:
            b, se, p = est(raw, "requests_per_10")
            text = (f"Precincts with 10 more requests have {number(abs(b))} {more(b)} {what} "
                    f"(robust SE {number(se)}, {p_words(p)})")
            if controlled in by:
                bc, _, pc = est(controlled, "requests_per_10")
                text += (f"; holding population, income and white share fixed, "
                         f"{signed(bc)} ({p_words(pc)})")
            out.append(text + ".")
    for s in getattr(result, "spatial", [])[:1]:
        out.append(f"The {s.level}' residuals {'cluster' if s.p_value < 0.05 else 'do not cluster'}"
                   f" in space (Moran's I {number(s.i)}, permutation p = {number(s.p_value)}): "
                   "the LISA map shows where engagement is below what income and race "
                   "predict.")
    return out


def _model_section(m, figure, base_dir) -> str:
    kind = {"ols": "OLS; p-values and intervals use heteroskedasticity-robust (HC3) errors",
            "poisson": "Poisson GLM with log(population) offset; robust (HC1) errors",
            "nb2": "Negative binomial (NB2) with log(population) offset; robust (HC1) errors",
            "binomial": "Binomial GLM (logit), tracts weighted by their requests; robust (HC1) "
                        "errors; irr columns are odds ratios"}
    if m.kind == "ols":
        cols = ["term", "estimate", "std_error", "robust_std_error", "p_value", "ci_low",
                "ci_high"] + (["vif"] if len(m.terms) > 2 else [])
    else:  # log rate ratios: the rate ratios and their interval say it (and fit the page)
        cols = ["term", "estimate", "std_error", "robust_std_error", "p_value", "irr",
                "irr_ci_low", "irr_ci_high"]
    diag = ", ".join(f"{k.replace('_', ' ')} {v:.4g}" for k, v in m.diagnostics.items())
    parts = [f"<h3>{html.escape(m.name)}</h3>",
             f"<p><b>Model.</b> {html.escape(m.description)}. {kind[m.kind]}. n = {m.n}, "
             f"{'R²' if m.kind == 'ols' else 'pseudo-R²'} = {m.r2:.3f}.</p>",
             f"<p><b>Reading.</b> {html.escape(reading(m))}</p>"]
    if figure:
        rel = os.path.relpath(figure, base_dir)
        parts.append(f"<figure><img src='{html.escape(rel)}' alt='{html.escape(m.name)}'>"
                     "</figure>")
    parts.append(_table(m.terms[cols]))
    parts.append(f"<p class='note'>Diagnostics: {html.escape(diag)}.</p>")
    return "\n".join(parts)


def _table(df: pd.DataFrame, floats="{:.4g}", css="") -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    for _, r in df.iterrows():
        cells = []
        for v in r:
            if isinstance(v, float):
                text = "–" if v != v else floats.format(v)
                cells.append(f'<td class="num">{text}</td>')
            elif isinstance(v, int) or (hasattr(v, "dtype") and "int" in str(v.dtype)):
                cells.append(f'<td class="num">{v:,}</td>')
            else:
                cells.append(f"<td>{html.escape(str(v))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cls = f" class='{css}'" if css else ""
    return f"<table{cls}><tr>{head}</tr>{''.join(rows)}</table>"


def build_report(result, maps=(), base_dir=".", figures=None, atlases=()) -> str:
    p = result.parameters
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
             f"<title>311 engagement in Boston</title><style>{CSS}</style></head><body>",
             "<h1>Who asks the city? 311 requests, income, race and voting in Boston</h1>",
             f"<p><b>Data:</b> resident-initiated 311 requests opened "
             f"{html.escape(result.period)} (local time); {len(result.tracts)} census tracts, "
             f"{len(result.precincts)} precincts. Made {dt.date.today().isoformat()} by Boston "
             "Civic QGIS.</p>",
             ]
    brief = in_brief(result)
    if brief:
        parts.append("<h2>In brief</h2>" + "".join(f"<p>{html.escape(t)}</p>" for t in brief))
    parts.append("<h2>Findings, model by model</h2><ul>")
    for m in result.models:
        parts.append(f"<li><b>{html.escape(m.name)}.</b> {html.escape(reading(m))}</li>")
    parts.append("</ul>")
    if maps:
        parts.append("<h2>Maps</h2>")
        for path, caption in maps:
            rel = os.path.relpath(path, base_dir)
            parts.append(f"<figure><img src='{html.escape(rel)}' alt='{html.escape(caption)}'>"
                         f"<figcaption>{html.escape(caption)}</figcaption></figure>")
    if atlases:
        parts.append("<p><b>By neighborhood</b> (a PDF page per neighborhood, with the "
                     "city-wide classes): " + "; ".join(
                         f"<a href='{html.escape(os.path.relpath(path, base_dir))}'>"
                         f"{html.escape(caption)}</a>" for path, caption in atlases) + ".</p>")
    if len(result.summary):
        parts.append("<h2>City-wide figures</h2>")
        summary = result.summary.assign(value=[number(v) for v in result.summary.value])
        parts.append(_table(summary))
    parts.append("<h2>Models</h2>")
    for m in result.models:
        parts.append(_model_section(m, (figures or {}).get(m.name), base_dir))
    if result.spatial:
        parts.append("<h2>Are the residuals clustered in space?</h2><p>Moran's I of the "
                     "residuals of the main model at each level, with a permutation p-value; "
                     "a significant positive I means that areas engaging less than predicted "
                     "sit next to each other, so a neighbourhood effect is missing from the "
                     "model. LISA clusters are on the layers (field lisa_cluster).</p>")
        parts.append(_table(result.spatial_table().astype({"seed": str})))
        for m in result.spatial:
            counts = m.clusters.value_counts().to_dict()
            parts.append(f"<p>{m.level}: " + ", ".join(
                f"{html.escape(str(k))} {v}" for k, v in counts.items()) + "</p>")
    if len(result.by_type):
        parts.append("<h2>Service by request type and income</h2><p>Median days from opening "
                     "to closing of the common request types (300 requests or more), by the "
                     "income tercile of the tract they came from: where the city is slower in "
                     "some tracts for the same kind of request, the difference is not the mix "
                     "of requests.</p>")
        parts.append(_table(result.by_type))
    if result.notes:
        parts.append("<h2>Notes</h2><ul>" + "".join(
            f"<li>{html.escape(n)}</li>" for n in result.notes) + "</ul>")
    parts.append("<h2>Ledger: where every input row went</h2><p>Each input row is in exactly "
                 "one category per level; the categories add up to the input rows.</p>")
    ledger = result.ledger.assign(meaning=result.ledger.category.map(LEDGER_WORDS))
    parts.append(_table(ledger))
    parts.append("<h2>Parameters</h2>")
    parts.append(_table(pd.DataFrame(list(p.describe().items()), columns=["parameter", "value"])))
    parts.append("<h2>Areas left out</h2>")
    for layer, key in ((result.tracts, "GEOID"), (result.precincts, "ward_precinct")):
        if "included" not in layer.columns:
            continue
        excluded = layer[~layer["included"].astype(bool)]
        with_rate = excluded["requests_per_100"].notna().sum()
        level = "tracts" if key == "GEOID" else "precincts"
        parts.append(f"<p>{len(excluded)} of {len(layer)} {level} are on the maps but not in "
                     f"the models that need them ({with_rate} of these still have a rate: "
                     "their population is large enough but another value is missing):</p>")
        cols = [c for c in (key, "name", "population", "requests_per_100",
                            "exclusion_reason") if c in excluded.columns]
        if len(excluded):
            parts.append(_table(excluded[cols]))
    for m in result.models:
        level = result.tracts if m.level == "tracts" else result.precincts
        key = "GEOID" if m.level == "tracts" else "ward_precinct"
        out = level.loc[m.residual.reindex(level.index).isna(), key]
        if 0 < len(out) <= 30 and m.level == "precincts":
            parts.append(f"<p class='note'>{html.escape(m.name)}: n = {m.n}; left out: "
                         f"{html.escape(', '.join(map(str, out)))}.</p>")
    parts.append("<h2>Inputs and provenance</h2>")
    if result.inputs:
        files, sources = provenance(result.inputs)
        short = lambda t: t.assign(sha256=t.sha256.str[:16] + "…")  # noqa: E731 (full in gpkg)
        parts.append(_table(short(files), css="wrap"))
        if len(sources):
            parts.append("<p>Sources of the data package (full checksums in its provenance "
                         "table):</p>")
            parts.append(_table(short(sources[["source", "role", "publisher", "official",
                                               "vintage", "licence", "copied_from",
                                               "sha256"]]), css="wrap"))
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(result, path, maps=(), atlases=()) -> str:
    """The report and, beside it in figures/, one scatter plot per OLS model."""
    from .figures import model_figure

    base = os.path.dirname(os.path.abspath(path))
    figures = {m.name: model_figure(m, os.path.join(base, "figures", f"{m.name}.png"))
               for m in result.models}
    result.figures = [f for png in figures.values() if png
                      for f in (png, os.path.splitext(png)[0] + ".svg")]
    text = build_report(result, maps, base_dir=base, figures=figures, atlases=atlases)
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
    return path
