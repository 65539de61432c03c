"""Service equity: how the city answered each area's requests, not only how many it got."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..definitions import fields as F

# closures that are not a resolution: the case was noted, judged invalid or a duplicate, or
# nothing was done (Boston's closure texts: "Case Closed Case Noted ...", "... Case Invalid")
# ("Noted" alone in the 2025 CRM export)
NON_RESOLUTION = re.compile(r"\bnoted\b|case invalid|duplicate|no action|unable to|"
                            r"not found|could not", re.IGNORECASE)
# the resident apps: Citizens Connect (2011), BOS:311 (the CRM's "BOS311")
APP_CHANNELS = re.compile(r"app|bos311|mobile", re.IGNORECASE)
OPEN_STATUSES = {"open", "new", "in progress", "acknowledged", "create", "submit",
                 "needs reallocation"}
MIN_REQUESTS = 5  # fewer counted requests than this: no measure (NULL), not a share of 2

MEASURES = ("median_days_to_close", "p90_days_to_close", "days_vs_type_median",
            "open_share", "on_time_share",
            "closed_photo_share", "non_resolution_share", "app_share", "type_diversity")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")


def service_measures(requests: pd.DataFrame, area: pd.Series, period_end=None,
                     per_request: pd.DataFrame | None = None) -> pd.DataFrame:
    """Measures per area of the requests counted in it (`area`: area id per request, NA for
    requests not counted). Times are days from opening to closing; a request not closed by
    `period_end` (default: the last opening in the data) is open. Shares are of the requests
    the measure can be known for (on time: closed with a target date; photo and resolution:
    closed; on time: closed by the target, and an open request past its target counts as
    late). Days to close are of closed requests: an area with many requests still open looks
    faster than it is (open_share says how many). `days_vs_type_median` is the area's median
    of (days to close − the city-wide median for the request's type): positive where the city
    answers slower than it does for the same kinds of request elsewhere. Areas with fewer
    than MIN_REQUESTS counted requests get NULL measures. `per_request`: request_service()
    of these requests, worked out once when several levels are measured.
    """
    counted = area.notna().to_numpy()
    if per_request is None:
        per_request = request_service(requests.loc[counted], period_end)
    rows = per_request.loc[requests.index[counted]].copy()
    rows["area"] = area[counted].to_numpy()
    # a slow answer to a slow kind of request is not a slow answer: each closing time against
    # the city-wide median of its request type
    type_median = rows.groupby(F.TYPE)["days"].transform("median")
    rows["excess_days"] = rows["days"] - type_median

    g = rows.groupby("area")
    out = pd.DataFrame({
        "median_days_to_close": g["days"].median(),
        "p90_days_to_close": g["days"].quantile(0.9),
        "days_vs_type_median": g["excess_days"].median(),
        "open_share": g["is_open"].mean(),
        "on_time_share": g["on_time"].mean(),
        "closed_photo_share": g["photo"].mean(),
        "non_resolution_share": g["non_resolution"].mean(),
        "app_share": g["app"].mean(),
        "type_diversity": _shannon(rows["area"], rows[F.TYPE]),
        # how many requests each share is of (weights of the share models)
        "on_time_known": g["on_time"].count(),
        "resolution_known": g["non_resolution"].count(),
        "service_requests": g.size(),
    })
    channels = pd.crosstab(rows["area"], rows[F.CHANNEL].fillna("unknown"), normalize="index")
    channels.columns = [f"channel_{_slug(c)}_share" for c in channels.columns]
    out = out.join(channels)
    thin = out["service_requests"] < MIN_REQUESTS
    out.loc[thin, [c for c in out.columns if c != "service_requests"]] = np.nan
    return out.drop(columns="service_requests")


def request_service(requests: pd.DataFrame, period_end=None) -> pd.DataFrame:
    """What service_measures needs of each request: days to close (NaN if open), open, on
    time, closed with a photo, closed without a resolution (1.0/0.0, NaN where not known),
    by an app; with its type and channel. `period_end`: see service_measures."""
    rows = pd.DataFrame({F.TYPE: requests[F.TYPE], F.CHANNEL: requests[F.CHANNEL]},
                        index=requests.index)
    opened = pd.to_datetime(requests[F.OPENED], utc=True)
    closed = pd.to_datetime(requests[F.CLOSED], utc=True) if F.CLOSED in requests else \
        pd.Series(pd.NaT, index=requests.index, dtype="datetime64[ns, UTC]")
    end = pd.Timestamp(period_end) if period_end is not None else opened.max()
    is_closed = closed.notna() & (closed <= end)
    if "status" in requests:  # a case the export says is open is open, whatever else it says
        still_open = _by_value(requests["status"], lambda v: v.strip().lower() in OPEN_STATUSES)
        is_closed &= ~still_open
    rows["days"] = ((closed - opened).dt.total_seconds() / 86400).where(is_closed)
    rows["is_open"] = ~is_closed
    target = pd.to_datetime(requests["target"], utc=True) if "target" in requests else \
        pd.Series(pd.NaT, index=requests.index, dtype="datetime64[ns, UTC]")
    # closed by the target, or still open past it at the end (late either way); a request
    # still open before its target is not yet on time or late
    overdue_open = ~is_closed & target.notna() & (target < end)
    # yes/no measures as 1.0/0.0, NaN where not known: means and counts skip NaN
    rows["on_time"] = (closed <= target).astype(float).where(is_closed & target.notna())
    rows.loc[overdue_open, "on_time"] = 0.0
    photo = requests["closed_photo"] if "closed_photo" in requests else \
        pd.Series(pd.NA, index=requests.index)
    rows["photo"] = photo.astype("boolean").astype(float).where(is_closed)
    reason = requests["closure_reason"] if "closure_reason" in requests else \
        pd.Series(pd.NA, index=requests.index)
    rows["non_resolution"] = _by_value(reason, lambda v: bool(NON_RESOLUTION.search(v))).astype(
        float).where(is_closed & reason.notna().to_numpy())
    rows["app"] = _by_value(requests[F.CHANNEL], lambda v: bool(APP_CHANNELS.search(v)))
    return rows


def _by_value(values: pd.Series, test) -> pd.Series:
    """`test` of each distinct text once (a few hundred closure reasons, not 280,000 rows);
    False where missing."""
    codes, uniques = pd.factorize(values)
    hits = np.array([bool(test(str(u))) for u in uniques] + [False])
    return pd.Series(hits[codes], index=values.index)  # code -1 (missing) takes the last


def _shannon(area: pd.Series, types: pd.Series) -> pd.Series:
    """Shannon diversity (natural log) of request types per area: 0 when one type, higher
    when many; NaN for an area whose requests have no type."""
    counts = pd.DataFrame({"area": area, "type": types}).groupby(["area", "type"]).size()
    share = counts / counts.groupby(level="area").transform("sum")
    return -(share * np.log(share)).groupby(level="area").sum().reindex(area.unique())
