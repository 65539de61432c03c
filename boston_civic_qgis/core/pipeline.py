"""The whole analysis, in order: requests -> areas -> rates -> models -> outputs.

Each step is a plain function; `run_analysis` chains them and `write_outputs` writes the result.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import asdict, dataclass, field

import geopandas as gpd
import pandas as pd
import pyogrio

from ..definitions import fields as F
from ..definitions.channels import CHANNELS_CSV, read_channels
from .classify import bivariate_classes
from .counting import classify_requests, count_requests
from .ledger import check_ledger
from .models import ModelResult, fit_count, fit_ols, fit_share
from .outputs import atomic_path
from .interpolation import interpolate
from .rates import per_capita
from .service import MEASURES, request_service, service_measures
from .spatial import eb_rates, moran
from .sources import InputError, check_areas, reclassify_channels

TRACT_FIELDS = [F.GEOID, "name", "neighborhood", F.POPULATION, F.WHITE_SHARE, F.MEDIAN_INCOME,
                "median_income_moe", F.REQUESTS, F.REQUESTS_PER_100, "requests_per_100_eb",
                "requests_per_100_seb", F.INCLUDED, F.EXCLUSION_REASON, F.PREDICTED, F.RESIDUAL,
                "influential", "lisa_cluster", "income_race_class", *MEASURES,
                "service_residual", "service_lisa_cluster"]
PRECINCT_FIELDS = [F.WARD_PRECINCT, "ward", F.POPULATION, F.MEDIAN_INCOME, F.WHITE_SHARE,
                   F.REQUESTS, F.REQUESTS_PER_100,
                   "requests_per_100_eb", "requests_per_100_seb", F.INCLUDED,
                   F.EXCLUSION_REASON, F.REGISTERED_VOTERS, "registered_voters_year",
                   F.BALLOTS_CAST, "turnout_pct", F.PREDICTED, F.RESIDUAL, "influential",
                   "lisa_cluster", "registered_predicted", "registered_residual", *MEASURES]


@dataclass
class Parameters:
    income_vintage: str = F.DEFAULT_INCOME_VINTAGE
    white_share_field: str = F.DEFAULT_WHITE_SHARE
    min_population: int = F.DEFAULT_MIN_POPULATION
    per: int = 100
    timezone: str = "America/New_York"  # the city's: dates in maps and the report are local
    weights: str = "queen"
    permutations: int = 999
    seed: int = 20250101
    channels: str = CHANNELS_CSV  # the channel table: which channels are resident-initiated
    period_from: str | None = None  # first and last local dates of the requests to count
    period_to: str | None = None

    def period(self):
        if self.period_from is None and self.period_to is None:
            return None

        def day(text, name, default):
            try:
                return pd.Timestamp(dt.date.fromisoformat(text or default), tz=self.timezone)
            except ValueError:
                raise ValueError(f"{name} {text!r}: not a date in the form YYYY-MM-DD") from None
        first = day(self.period_from, "--from", "1900-01-01")
        last = day(self.period_to, "--to", "2200-12-31")
        if last < first:
            raise ValueError(f"the period ends ({last:%Y-%m-%d}) before it starts "
                             f"({first:%Y-%m-%d})")
        return first, last

    def describe(self):
        return {
            "income_vintage": f"{self.income_vintage}: {F.INCOME_VINTAGES.get(self.income_vintage, '')}",
            "white_share_field": f"{self.white_share_field}: "
                                 f"{F.WHITE_SHARE_FIELDS.get(self.white_share_field, '')}",
            "min_population": str(self.min_population),
            "rate": f"resident-initiated requests per {self.per} residents",
            "timezone": self.timezone,
            "period": (f"{self.period_from or 'any'} to {self.period_to or 'any'}"
                       if self.period() else "every request, whatever its date"),
            "resident_channels": f"{', '.join(sorted(read_channels(self.channels)[0]))} "
                                 f"(from {os.path.abspath(self.channels)})"
            if self.channels else "from the layout's channel table",
            "spatial_weights": f"{self.weights} contiguity, row-standardised",
            "permutations": f"{self.permutations} (seed {self.seed})",
        }


def requests_period(requests: pd.DataFrame, timezone: str) -> str:
    """First and last opening date of the requests, in the city's local time."""
    opened = pd.to_datetime(requests["opened"], utc=True).dropna() if "opened" in requests \
        else pd.Series([], dtype="datetime64[ns, UTC]")
    if len(opened) == 0:
        return "unknown period"
    local = opened.dt.tz_convert(timezone)
    return f"{local.min():%Y-%m-%d} to {local.max():%Y-%m-%d}"


@dataclass
class AnalysisResult:
    tracts: gpd.GeoDataFrame
    precincts: gpd.GeoDataFrame
    ledger: pd.DataFrame
    models: list = field(default_factory=list)
    parameters: Parameters = field(default_factory=Parameters)
    inputs: dict = field(default_factory=dict)
    period: str = "unknown period"
    spatial: list = field(default_factory=list)     # MoranResult of residuals
    summary: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list = field(default_factory=list)       # what was skipped, and why
    by_type: pd.DataFrame = field(default_factory=pd.DataFrame)  # service by type and income
    figures: list = field(default_factory=list)     # scatter plots written with the report
    land: gpd.GeoDataFrame | None = None            # context outlines (neighborhoods)
    bivariate_bins: tuple = ((), ())                # tercile upper bounds: income, white share
    counted_points: gpd.GeoSeries | None = None     # the counted requests (density surface)

    def model(self, name) -> ModelResult:
        return next(m for m in self.models if m.name == name)

    def spatial_table(self) -> pd.DataFrame:
        return pd.DataFrame([m.row() for m in self.spatial])

    def regressions(self) -> pd.DataFrame:
        table = pd.concat([m.terms for m in self.models], ignore_index=True)
        for k, v in asdict(self.parameters).items():
            table[k] = v
        return table


def prepare_tracts(tracts: gpd.GeoDataFrame, params: Parameters, name="tracts") -> gpd.GeoDataFrame:
    """Choose the income vintage and white-share variable; name them as the models expect."""
    income = f"median_income_{params.income_vintage}"
    tracts = check_areas(tracts, name, F.GEOID,
                         required=(F.POPULATION, income, params.white_share_field))
    out = tracts.copy()
    out[F.MEDIAN_INCOME] = out[income]
    moe = f"median_income_moe_{params.income_vintage}"
    out["median_income_moe"] = out[moe] if moe in out.columns else pd.NA
    share = out[params.white_share_field]
    if (share > 100).any():
        over = out.loc[share > 100, F.GEOID].tolist()[:5]
        raise InputError(f"{name}: field '{params.white_share_field}' is a percentage, but "
                         f"{int((share > 100).sum())} tracts have more than 100 ({over})")
    if share.notna().sum() >= 5 and share.max() <= 1:
        # a fraction where a percentage is expected: the effects would be per 100 points
        share = share * 100
        tracts.attrs.setdefault("notes", []).append(
            f"{name}: field '{params.white_share_field}' runs from {share.min() / 100:g} to "
            f"{share.max() / 100:g}: read as a fraction and multiplied by 100 (percent)")
    out[F.WHITE_SHARE] = share
    out.attrs["notes"] = tracts.attrs.get("notes", [])
    return out


INCOME_K = {"median_income_per_1000": (F.MEDIAN_INCOME, 1000)}
WHITE_PP = {"white_share_pct": (F.WHITE_SHARE, 1)}
PER_10 = {"requests_per_10": (F.REQUESTS, 10)}


def service_models(tracts, params, notes=None) -> list:
    """How the city responds, on the same demographics as the request rates. A measure known
    for fewer than 20 tracts, or the same in all, is not modelled (and `notes` says so)."""
    ok = tracts[F.INCLUDED]
    who = f"tracts with population of at least {params.min_population}"
    models = []
    notes = notes if notes is not None else []

    def usable(measure):
        values = tracts.loc[ok, measure] if measure in tracts else pd.Series(dtype=float)
        if values.notna().sum() >= 20 and values.nunique() <= 1:
            notes.append(f"{measure} is {values.dropna().iloc[0]:g} in every tract: not "
                         "modelled")
            return False
        return values.notna().sum() >= 20
    modelled = set()
    for measure, words in (("median_days_to_close", "Median days from opening to closing"),
                           ("days_vs_type_median",
                            "Median days to close beyond the city-wide median for the same "
                            "request type (controls for the mix of request types)"),
                           ("on_time_share", "Share of requests closed by their target date"),
                           ("non_resolution_share",
                            "Share of closures that are not a resolution (noted, invalid, "
                            "duplicate, no action)")):
        if usable(measure):
            modelled.add(measure)
            models.append(fit_ols(
                tracts, measure, {**INCOME_K, **WHITE_PP}, name=f"{measure}_on_income_and_race",
                level="tracts", mask=ok,
                description=f"{words} of resident-initiated requests on median household income "
                            f"(per $1,000) and white share (per percentage point), {who}"))
    for share, trials, words in (("on_time_share", "on_time_known", "closed on time"),
                                 ("non_resolution_share", "resolution_known",
                                  "closed without a resolution")):
        if share in modelled:  # usable as the OLS found it
            models.append(fit_share(
                tracts, share, trials, {**INCOME_K, **WHITE_PP},
                name=f"{share}_binomial", level="tracts", mask=ok,
                description=f"Binomial (logit) model of the share of requests {words}, each "
                            f"tract weighted by its requests, on median household income (per "
                            f"$1,000) and white share (per percentage point), {who}"))
    return models


def tract_models(tracts, params) -> list:
    """The brief's tract models, on tracts with at least the minimum population."""
    ok = tracts[F.INCLUDED]
    who = f"tracts with population of at least {params.min_population}"
    rate = "Resident-initiated requests per 100 residents"
    return [
        fit_ols(tracts, F.MEDIAN_INCOME, {"white_share_pct": (F.WHITE_SHARE, 1)},
                name="income_on_white_share", level="tracts", mask=ok,
                description=f"Median household income (dollars) on white share (per "
                            f"percentage point), {who}"),
        fit_ols(tracts, F.REQUESTS_PER_100, INCOME_K, name="requests_on_income",
                level="tracts", mask=ok,
                description=f"{rate} on median household income (per $1,000), {who}"),
        fit_ols(tracts, F.REQUESTS_PER_100, WHITE_PP, name="requests_on_race", level="tracts",
                mask=ok, description=f"{rate} on white share (per percentage point), {who}"),
        fit_ols(tracts, F.REQUESTS_PER_100, {**INCOME_K, **WHITE_PP},
                name="requests_on_income_and_race", level="tracts", mask=ok,
                description=f"{rate} on median household income (per $1,000) and white share "
                            f"(per percentage point), {who}"),
        fit_count(tracts, F.REQUESTS, F.POPULATION, {**INCOME_K, **WHITE_PP},
                  name="requests_poisson", level="tracts", family="poisson", mask=ok,
                  description=f"Poisson model of resident-initiated requests with log "
                              f"population as offset, on income (per $1,000) and white share, "
                              f"{who}"),
        fit_count(tracts, F.REQUESTS, F.POPULATION, {**INCOME_K, **WHITE_PP},
                  name="requests_negative_binomial", level="tracts", family="nb2", mask=ok,
                  description=f"Negative binomial (NB2) model of resident-initiated requests "
                              f"with log population as offset, on income (per $1,000) and "
                              f"white share, {who}"),
    ]


def precinct_models(precincts, notes) -> list:
    # the brief's precinct models use raw counts, so a bigger precinct has more of both:
    # the controlled models hold population, income and race fixed
    controls = {**PER_10, "population_per_1000": (F.POPULATION, 1000), **INCOME_K, **WHITE_PP}
    controlled = []
    if {F.MEDIAN_INCOME, F.WHITE_SHARE, F.POPULATION} <= set(precincts.columns):
        for outcome, name, words in (
                (F.REGISTERED_VOTERS, "registered_on_requests_controlled", "Registered voters"),
                (F.BALLOTS_CAST, "ballots_on_requests_controlled", "Ballots cast in 2021")):
            controlled.append(fit_ols(
                precincts, outcome, controls, name=name, level="precincts",
                description=f"{words} on resident-initiated requests (per 10), controlling "
                            "for population (per 1,000 residents), median household income "
                            "(per $1,000) and white share (per percentage point) carried from "
                            "tracts to precincts (population-weighted, land only)"))
    else:
        notes.append("no tract demographics carried to precincts: precinct models without "
                     "income and race controls only")
    models = [
        fit_ols(precincts, F.REGISTERED_VOTERS, PER_10, name="registered_on_requests",
                level="precincts", description="Registered voters on resident-initiated "
                                               "requests (effect per 10 requests), as in the "
                                               "brief: raw counts, so precinct size is part "
                                               "of the effect"),
        fit_ols(precincts, F.BALLOTS_CAST, PER_10, name="ballots_on_requests",
                level="precincts",
                description="Ballots cast in the 2021 mayoral general election on "
                            "resident-initiated requests (effect per 10 requests), as in the "
                            "brief: raw counts, so precinct size is part of the effect"),
    ]
    if F.REQUESTS_PER_100 in precincts.columns:
        models.append(fit_ols(
            precincts, "turnout_pct", {"requests_per_100": (F.REQUESTS_PER_100, 1)},
            name="turnout_on_requests_per_capita", level="precincts",
            mask=precincts[F.INCLUDED],
            description="Turnout (2021 ballots cast per 100 voters registered at the nearest "
                        "election with registration by precinct) on resident-initiated "
                        "requests per 100 residents, precincts with at least the minimum "
                        "population"))
    else:
        notes.append("precincts have no population field: no requests per capita, no turnout "
                     "model")
    return models + controlled


ELECTION_2021 = pd.Timestamp("2021-11-02", tz="America/New_York")


def period_notes(requests, timezone) -> list:
    """What a reader must know about the requests' period before reading the models."""
    opened = pd.to_datetime(requests["opened"], utc=True).dropna() if "opened" in requests \
        else pd.Series([], dtype="datetime64[ns, UTC]")
    if len(opened) == 0:
        return ["the requests have no opening dates: their period is unknown"]
    first, last = opened.min().tz_convert(timezone), opened.max().tz_convert(timezone)
    notes = []
    days = (last - first).days + 1
    if days < 360:
        notes.append(f"the requests cover {days} days ({first:%Y-%m-%d} to {last:%Y-%m-%d}), "
                     "not a full year: rates are for that period, and seasonal request types "
                     "weigh more or less than in a year")
    if first > ELECTION_2021:
        notes.append(f"the requests ({first:%Y-%m-%d} on) come after the 2021 election: the "
                     "precinct models relate later requests to earlier voting, an "
                     "association, not a prediction")
    return notes


def days_by_type(requests, assignment, tracts, min_requests: int = 300) -> pd.DataFrame:
    """Median days to close of each common request type, by the income tercile of the tract
    the request came from: a slower answer to a different mix of requests is not the same as
    a slower answer."""
    counted = (assignment["category"] == F.LEDGER_COUNTED).to_numpy()
    rows = requests.loc[counted, [F.TYPE, F.OPENED, F.CLOSED]].copy()
    rows["GEOID"] = assignment.loc[counted, "area"].to_numpy()
    income = tracts.set_index(F.GEOID)[F.MEDIAN_INCOME].where(
        tracts.set_index(F.GEOID)[F.INCLUDED])
    terciles = pd.qcut(income, 3, labels=["low income", "middle income", "high income"])
    rows["tercile"] = rows["GEOID"].map(terciles)
    days = (pd.to_datetime(rows[F.CLOSED], utc=True) - pd.to_datetime(rows[F.OPENED], utc=True))
    rows["days"] = days.dt.total_seconds() / 86400
    rows = rows.dropna(subset=["tercile", "days", F.TYPE])
    common = rows[F.TYPE].value_counts()
    common = common[common >= min_requests].index
    rows = rows[rows[F.TYPE].isin(common)]
    if rows.empty:
        return pd.DataFrame()
    table = rows.pivot_table(index=F.TYPE, columns="tercile", values="days", aggfunc="median",
                             observed=True)
    table["requests"] = rows[F.TYPE].value_counts()
    return table.sort_values("requests", ascending=False).round(2).reset_index()


def city_summary(tracts, city_service=None) -> pd.DataFrame:
    """City-wide figures; `city_service`: the service measures of all counted requests."""
    ok = tracts[tracts[F.INCLUDED]]
    rows = [
        ("tracts", len(tracts)), ("tracts in the models", len(ok)),
        ("resident-initiated requests counted", int(tracts[F.REQUESTS].sum())),
        ("mean requests per tract", float(tracts[F.REQUESTS].mean())),
        ("mean requests per 100 residents (tracts in the models, unweighted)",
         float(ok[F.REQUESTS_PER_100].mean())),
        ("requests per 100 residents, city-wide (all tracts)",
         float(100 * tracts[F.REQUESTS].sum() / tracts[F.POPULATION].sum())),
    ]
    if "median_days_to_close" in ok and ok["median_days_to_close"].notna().any():
        rows.append(("median days to close, mean of tract medians (tracts in the models)",
                     float(ok["median_days_to_close"].mean())))
    if city_service is not None and len(city_service):
        rows += [("median days to close, city-wide (closed requests)",
                  float(city_service["median_days_to_close"].iloc[0])),
                 ("share of requests still open at the end of the period, city-wide",
                  float(city_service["open_share"].iloc[0]))]
    return pd.DataFrame(rows, columns=["measure", "value"])


# fewer tracts in the models than this leave nothing to estimate
MIN_TRACTS = 10


def check_enough_tracts(tracts, params, name):
    """Stop with the reasons when too few tracts are left for the models."""
    n = int(tracts[F.INCLUDED].sum())
    if n >= MIN_TRACTS:
        return
    if n == len(tracts):
        raise InputError(f"{name}: the layer has {n} tracts; the models need at least "
                         f"{MIN_TRACTS}")
    reasons = tracts[F.EXCLUSION_REASON].value_counts()
    why = "; ".join(f"{r}: {c}" for r, c in reasons.items())
    raise InputError(
        f"{name}: only {n} of {len(tracts)} tracts can go into the models (at least "
        f"{MIN_TRACTS} are needed); left out: {why}. Check the fields '{F.POPULATION}', "
        f"'median_income_{params.income_vintage}' and '{params.white_share_field}', or lower "
        f"the minimum population ({params.min_population:g})")


def no_requests_counted(source, ledger, requests, params) -> str:
    """Why nothing was counted, with the fix for the category that took the requests."""
    rows = dict(zip(ledger.category, ledger.rows))
    top = max((c for c in rows if c not in (F.LEDGER_COUNTED, "total_input")),
              key=lambda c: rows[c])
    fix = {
        F.LEDGER_OUTSIDE_PERIOD: "the chosen period holds none of them",
        F.LEDGER_STAFF: "check the channel table: which channels are resident-initiated",
        F.LEDGER_OUTSIDE: "check the coordinates and the CRS of both layers",
        F.LEDGER_NO_COORDINATES: "the requests have no coordinates",
        F.LEDGER_DEFAULT_LOCATION: "the requests are on the geocoder's default location",
        F.LEDGER_INVALID: "the coordinates are not numbers or not on Earth",
        F.LEDGER_DUPLICATE: "the case ids repeat",
    }[top]
    if top == F.LEDGER_OUTSIDE_PERIOD and requests is not None:
        opened = pd.to_datetime(requests[F.OPENED], utc=True).dt.tz_convert(params.timezone)
        fix += (f" ({params.period_from or '…'} to {params.period_to or '…'}; the requests "
                f"were opened {opened.min():%Y-%m-%d} to {opened.max():%Y-%m-%d})")
    return (f"{source}: no resident-initiated request was counted in any tract: "
            f"{rows[top]:,} of {rows['total_input']:,} are {top}; {fix}")


def run_analysis(requests: gpd.GeoDataFrame, tracts: gpd.GeoDataFrame,
                 precincts: gpd.GeoDataFrame, params: Parameters | None = None,
                 inputs: dict | None = None, feedback=None, land=None,
                 notes=None) -> AnalysisResult:
    """The main job. `feedback(percent, message)` is called between steps, if given."""
    params = params or Parameters()
    say = feedback or (lambda pct, msg: None)

    names = inputs or {}
    notes = list(notes or [])  # what reading the inputs had to say
    layout_channels = requests.attrs.get("channels")
    if os.path.realpath(params.channels) != os.path.realpath(CHANNELS_CSV):
        requests = reclassify_channels(requests, params.channels, names.get("requests",
                                                                            "requests"))
    elif layout_channels and layout_channels != CHANNELS_CSV:
        params.channels = layout_channels if os.path.exists(layout_channels) else None
    if requests.attrs.get("local_timezone") not in (None, "UTC"):
        params.timezone = requests.attrs["local_timezone"]  # dates shown in the city's time
    say(5, "preparing areas")
    tracts = prepare_tracts(tracts, params, names.get("tracts", "tracts"))
    precincts = check_areas(precincts, names.get("precincts", "precincts"), F.WARD_PRECINCT,
                            required=(F.REGISTERED_VOTERS, F.BALLOTS_CAST))
    notes += tracts.attrs.get("notes", []) + precincts.attrs.get("notes", [])
    if tracts.crs.is_geographic:
        # areas, overlaps, distances and maps need a projected CRS
        crs = tracts.estimate_utm_crs()
        notes.append(f"tracts are in a geographic CRS ({tracts.crs.to_string()}): the analysis "
                     f"and maps use {crs.name}")
        tracts = tracts.to_crs(crs)
    if precincts.crs != tracts.crs:
        precincts = precincts.to_crs(tracts.crs)
    if land is not None:
        land = land.to_crs(tracts.crs)

    source = names.get("requests", "requests")
    # carrying tract demographics to precincts needs no request: it runs on the other core
    # (GEOS releases Python's lock) while the requests are counted, on copies of its own
    from concurrent.futures import ThreadPoolExecutor

    background = ThreadPoolExecutor(max_workers=1)
    carrying = background.submit(
        interpolate, tracts.copy(), precincts.copy(), F.GEOID, F.WARD_PRECINCT,
        [F.MEDIAN_INCOME, F.WHITE_SHARE], "population", F.POPULATION,
        None if land is None else land.copy(), min_value_share=0.5)
    background.shutdown(wait=False)
    say(10, "counting requests in tracts")
    period = params.period()
    base = classify_requests(requests, None, period)  # the same rules at both levels
    tracts, tract_ledger, assigned = count_requests(requests, tracts, F.GEOID, "tracts", source,
                                                    period, base)
    say(35, "counting requests in precincts")
    precincts, precinct_ledger, assigned_p = count_requests(
        requests, precincts, F.WARD_PRECINCT, "precincts", source, period, base)
    notes += [a.attrs["warning"] for a in (assigned, assigned_p) if a.attrs.get("warning")]
    say(40, "service measures")
    counted = (assigned["category"] == F.LEDGER_COUNTED).to_numpy()
    # requests still open at the end of the period (its last day, else the last opening
    # counted) are open, at every level
    end = period[1] + pd.Timedelta(days=1) if period else \
        pd.to_datetime(requests.loc[counted, F.OPENED], utc=True).max()
    either = counted | (assigned_p["category"] == F.LEDGER_COUNTED).to_numpy()
    per_request = request_service(requests.loc[either], end)
    for layer, a, key in ((tracts, assigned, F.GEOID), (precincts, assigned_p, F.WARD_PRECINCT)):
        counted_in = a["area"].where(a["category"] == F.LEDGER_COUNTED)
        measures = service_measures(requests, counted_in, end, per_request)
        for col in measures.columns:
            layer[col] = layer[key].map(measures[col])
    city_service = service_measures(  # every counted request as one area: the city
        requests, pd.Series("city", index=requests.index).where(counted), end, per_request)
    ledger = pd.concat([tract_ledger, precinct_ledger], ignore_index=True)
    check_ledger(ledger)
    if tracts[F.REQUESTS].sum() == 0:
        raise InputError(no_requests_counted(source, tract_ledger, requests, params))

    say(60, "rates per capita")
    tracts = per_capita(tracts, per=params.per, min_population=params.min_population,
                        required=(F.MEDIAN_INCOME, F.WHITE_SHARE))
    if F.POPULATION in precincts.columns:
        precincts = per_capita(precincts, per=params.per, min_population=params.min_population)
        precincts["turnout_pct"] = (100 * precincts[F.BALLOTS_CAST]
                                    / precincts[F.REGISTERED_VOTERS].where(
                                        precincts[F.REGISTERED_VOTERS] > 0))
    check_enough_tracts(tracts, params, names.get("tracts", "tracts"))
    say(65, "carrying tract demographics to precincts")
    carried = carrying.result()
    for f in (F.MEDIAN_INCOME, F.WHITE_SHARE):
        precincts[f] = precincts[F.WARD_PRECINCT].map(carried[f])
        thin = int(carried[f"{f}_thin"].sum())
        if thin:
            notes.append(f"{f} carried to precincts: {thin} precincts left without a value, "
                         "because tracts with a value hold less than half of their residents")
    if land is None:
        notes.append("no land layer: tract demographics carried to precincts over whole "
                     "polygons, water included")
    for layer in (tracts, precincts):
        if F.POPULATION in layer.columns:
            layer["requests_per_100_eb"], layer["requests_per_100_seb"] = eb_rates(
                layer, F.REQUESTS, F.POPULATION, params.per, params.weights)

    # terciles among the tracts in the rates: a few dozen residents give no reliable ACS figure
    tracts["income_race_class"], income_bins, white_bins = bivariate_classes(
        tracts[F.MEDIAN_INCOME].where(tracts[F.INCLUDED]), tracts[F.WHITE_SHARE])

    say(70, "fitting models")
    models = tract_models(tracts, params) + precinct_models(precincts, notes) + \
        service_models(tracts, params, notes)
    by_name = {m.name: m for m in models}
    main_tract, main_precinct = by_name["requests_on_income_and_race"], \
        by_name["ballots_on_requests"]
    for layer, m in ((tracts, main_tract), (precincts, main_precinct)):
        layer[F.PREDICTED], layer[F.RESIDUAL] = m.predicted, m.residual
        layer["influential"] = m.influential
    precincts["registered_predicted"] = by_name["registered_on_requests"].predicted
    precincts["registered_residual"] = by_name["registered_on_requests"].residual

    say(85, "spatial autocorrelation of residuals")
    spatial = []
    for layer, level in ((tracts, "tracts"), (precincts, "precincts")):
        result = moran(layer, F.RESIDUAL, level, params.weights, params.permutations,
                       params.seed)
        layer["lisa_cluster"] = result.clusters
        if result.islands:
            notes.append(f"{level}: {len(result.islands)} areas with no neighbour left out of "
                         f"Moran's I and LISA")
        spatial.append(result)
    service = by_name.get("days_vs_type_median_on_income_and_race")
    if service is not None:  # where the city answers slower than demographics predict
        tracts["service_residual"] = service.residual
        result = moran(tracts, "service_residual", "tracts", params.weights,
                       params.permutations, params.seed)
        result.variable = "days_vs_type_median residual"
        tracts["service_lisa_cluster"] = result.clusters
        spatial.append(result)
    in_period = requests[(assigned["category"] != F.LEDGER_OUTSIDE_PERIOD).to_numpy()]
    notes += period_notes(in_period, params.timezone)
    types = requests.loc[counted, F.TYPE].dropna().unique() if F.TYPE in requests else []
    if 0 < len(types) < 10:  # a year of Boston 311 has some 200 types
        notes.append(f"the counted requests are of only {len(types)} request types "
                     f"({', '.join(sorted(map(str, types))[:6])}{', …' if len(types) > 6 else ''}"
                     "): the rates measure those services, not engagement with 311 as a whole")
    say(90, "analysis done")
    return AnalysisResult(tracts=tracts, precincts=precincts, ledger=ledger,
                          models=models, parameters=params, inputs=inputs or {},
                          period=requests_period(in_period, params.timezone), spatial=spatial,
                          summary=city_summary(tracts, city_service), notes=notes, land=land,
                          bivariate_bins=(income_bins, white_bins),
                          by_type=days_by_type(requests, assigned, tracts),
                          counted_points=requests.geometry[
                              (assigned["category"] == F.LEDGER_COUNTED).to_numpy()])


def output_layers(result: AnalysisResult):
    """The layers and tables of the output GeoPackage, by name."""
    def pick(layer, names):
        channels = [c for c in layer.columns if c.startswith("channel_") and c.endswith("_share")]
        return layer[[c for c in names if c in layer.columns] + channels + ["geometry"]]
    tracts, precincts = pick(result.tracts, TRACT_FIELDS), pick(result.precincts, PRECINCT_FIELDS)
    params = pd.DataFrame(list(result.parameters.describe().items()), columns=["parameter", "value"])
    land = {}
    if result.land is not None:
        keep = [c for c in ("name",) if c in result.land.columns]
        land = {"neighborhoods": result.land[keep + [result.land.geometry.name]]}
    return {"tracts": tracts, "precincts": precincts, **land, "ledger": result.ledger,
            "regressions": result.regressions(), "spatial_autocorrelation":
            result.spatial_table(), "summary": result.summary, "parameters": params,
            **({"service_by_type": result.by_type} if len(result.by_type) else {})}


def layer_styles_table(styles: dict) -> pd.DataFrame:
    """QGIS's `layer_styles` table: {layer: QML} -> rows QGIS reads as each layer's default."""
    now = pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%dT%H:%M:%S")
    return pd.DataFrame([{
        "f_table_catalog": "", "f_table_schema": "", "f_table_name": layer,
        "f_geometry_column": "geom", "styleName": layer, "styleQML": qml, "styleSLD": "",
        "useAsDefault": True, "description": "Boston Civic QGIS default style", "owner": "",
        "ui": None, "update_time": now,
    } for layer, qml in styles.items()])


def write_geopackage(result: AnalysisResult, path: str, styles: dict | None = None) -> str:
    """Write the output GeoPackage atomically, with `styles` ({layer: QML}) as default styles."""
    tables = output_layers(result)
    if styles:
        tables["layer_styles"] = layer_styles_table(styles)
    with atomic_path(path) as tmp:
        for name, table in tables.items():
            pyogrio.write_dataframe(table, tmp, layer=name, driver="GPKG")
    return path


def write_outputs(result: AnalysisResult, out_dir: str, styles=None, maps=None) -> dict:
    """out_dir/boston_civic.gpkg, regressions.csv and report.html. Returns their paths."""
    from .report import write_report

    os.makedirs(out_dir, exist_ok=True)
    gpkg = write_geopackage(result, os.path.join(out_dir, "boston_civic.gpkg"), styles)
    csv = os.path.join(out_dir, "regressions.csv")
    with atomic_path(csv) as tmp:
        result.regressions().to_csv(tmp, index=False)
    written = {"geopackage": gpkg, "regressions": csv}
    if result.counted_points is not None and not result.tracts.crs.is_geographic:
        from .density import density_surface

        written["density"] = density_surface(result.counted_points, result.tracts,
                                             os.path.join(out_dir, "request_density.tif"))
    written["report"] = write_report(result, os.path.join(out_dir, "report.html"),
                                     maps=maps or [])
    written["figures"] = result.figures
    return written


def count_job(requests=None, tracts=None, precincts=None, params: Parameters | None = None,
              chunk_size: int = 500_000, dask=None, progress=None):
    """Requests counted into tracts and precincts, without the rest of the analysis.

    `requests`: one path or several (years, cities), read as one stream (a case id repeated
    in a later file is a duplicate). A normalised layer (the data package's requests_311) is
    counted straight from the file, `chunk_size` rows at a time, so that its size is not
    bounded by memory; with `dask` (a scheduler address, or "local") the files are counted on
    a dask cluster, each file on its own (ids are checked within each file). Any other input
    (a raw 311 export) is read whole and counted as `run` counts it. Missing inputs come
    from the data package. Returns ({level: areas with `requests`}, ledger, notes)."""
    import pyogrio

    from .counting import count_file, count_files_distributed
    from .package import REQUEST_FIELDS, _layer_of, require_package
    from .sources import as_requests, read_layer

    params = params or Parameters()
    period = params.period()
    paths = [requests] if isinstance(requests, str) else list(requests or [])
    package = None if paths and tracts and precincts else require_package()
    areas = {}
    for name, given, key in (("tracts", tracts, F.GEOID), ("precincts", precincts,
                                                            F.WARD_PRECINCT)):
        source = given or f"{package}|layername={name}"
        areas[name] = (check_areas(read_layer(*_layer_of(source, name, name)), source, key), key)
    paths = paths or [f"{package}|layername=requests_311"]
    files = [_layer_of(p, "requests_311", "requests") for p in paths]

    def normalised(path, layer):
        """A layer with geometry and the normalised fields (a CSV of them is read whole)."""
        try:
            info = pyogrio.read_info(path, layer=layer)
        except Exception:
            return False
        return bool(info["geometry_name"] or info["geometry_type"]) and \
            {F.CASE_ID, F.RESIDENT_INITIATED, F.LOCATION_STATUS} <= set(info["fields"])
    seen = set()
    for given, (path, layer) in zip(paths, files):
        key = (os.path.realpath(path), layer)
        if key in seen:
            raise InputError(f"{given}: given twice")
        seen.add(key)
    notes = []
    if all(normalised(*f) for f in files):
        if dask is not None:
            counted = count_files_distributed(
                files, client=None if dask == "local" else dask, chunk_size=chunk_size,
                levels=areas, period=period)
            if len(files) > 1:
                notes.append("on dask each file is counted where a worker runs: a case id "
                             "repeated in two files is counted in both")
        else:
            # the files as one stream: a case repeated in a later (overlapping) export is a
            # duplicate, as within a file
            counted = count_file(files if len(files) > 1 else files[0][0], files[0][1],
                                 areas, chunk_size, period, progress,
                                 source=paths[0] if len(files) == 1 else None)
        notes += [counted[n][1].attrs.get("warning") for n in areas
                  if counted[n][1].attrs.get("warning")]
    else:
        if len(paths) > 1 or dask is not None:
            raise InputError("several files, or --dask, need normalised requests layers (as "
                             "the data package's requests_311); "
                             f"{next(p for p, f in zip(paths, files) if not normalised(*f))} "
                             "is not one")
        req, note = as_requests(read_layer(*files[0], columns=REQUEST_FIELDS,
                                           text=(F.CASE_ID,)), paths[0])
        notes += list(req.attrs.get("notes", [])) + ([note] if note else [])
        base = classify_requests(req, None, period)
        counted = {}
        for name, (layer, key) in areas.items():
            out, ledger, assigned = count_requests(req, layer, key, name, paths[0], period,
                                                   base)
            counted[name] = (out, ledger)
            if assigned.attrs.get("warning"):
                notes.append(assigned.attrs["warning"])
    ledger = pd.concat([counted[n][1] for n in areas], ignore_index=True)
    check_ledger(ledger)
    rows = dict(zip(ledger.category[ledger.level == "tracts"],
                    ledger.rows[ledger.level == "tracts"]))
    names = ", ".join(paths)
    if rows["total_input"] == 0:
        raise InputError(f"{names}: no requests to count (the layer has no rows)")
    if rows[F.LEDGER_COUNTED] == 0:
        raise InputError(no_requests_counted(names, ledger[ledger.level == "tracts"], None,
                                             params))
    return {n: counted[n][0] for n in areas}, ledger, notes
