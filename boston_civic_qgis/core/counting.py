"""Assigning requests to areas (point in polygon) and counting them, with a ledger of every row."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from ..definitions import fields as F
from .ledger import ledger_table
from .sources import InputError


def assign_to_areas(points: gpd.GeoSeries, areas: gpd.GeoDataFrame, id_field: str) -> pd.Series:
    """The id of the area each point falls in (NA outside every area or without geometry).

    A point on a boundary shared by several areas goes to the one with the smallest id, so
    that it is counted once and the rule does not depend on the order of the features.
    """
    points = points.to_crs(areas.crs) if points.crs != areas.crs else points
    has_geom = ~(points.isna() | points.is_empty)
    ids = areas[id_field].to_numpy()
    # STRtree query: (point position, area position) for every intersecting pair
    point_pos, area_pos = areas.sindex.query(points[has_geom].values, predicate="intersects")
    pairs = pd.DataFrame({"point": np.flatnonzero(has_geom.to_numpy())[point_pos],
                          "area": ids[area_pos]})
    first = pairs.sort_values(["point", "area"]).drop_duplicates("point")
    out = pd.Series(pd.NA, index=points.index, dtype="string")
    out.iloc[first["point"].to_numpy()] = first["area"].to_numpy()
    return out


def classify_requests(requests: gpd.GeoDataFrame, area_ids: pd.Series) -> pd.Series:
    """One ledger category per request; the first rule in `LEDGER_CATEGORIES` that applies."""
    if F.CASE_ID in requests.columns:
        ids = requests[F.CASE_ID]
        duplicate = ids.notna() & ids.duplicated()
    else:
        duplicate = pd.Series(False, index=requests.index)
    category = np.select(
        [
            duplicate.to_numpy(),
            ~requests[F.RESIDENT_INITIATED].astype(bool),
            requests[F.LOCATION_STATUS] == F.LEDGER_NO_COORDINATES,
            requests[F.LOCATION_STATUS] == F.LEDGER_DEFAULT_LOCATION,
            area_ids.isna(),
        ],
        [F.LEDGER_DUPLICATE, F.LEDGER_STAFF, F.LEDGER_NO_COORDINATES,
         F.LEDGER_DEFAULT_LOCATION, F.LEDGER_OUTSIDE],
        default=F.LEDGER_COUNTED,
    )
    return pd.Series(category, index=requests.index, name="category")


def count_requests(requests: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, id_field: str,
                   level: str = "areas", source: str = "requests"):
    """Resident-initiated requests per area, and the ledger of all requests.

    Returns (areas with a `requests` field, ledger DataFrame, per-request area id and category).
    Areas with no request get 0, not NULL: zero engagement is a value.
    """
    if len(requests) == 0:
        raise InputError(f"{source}: no requests to count")
    area_ids = assign_to_areas(requests.geometry, areas, id_field)
    category = classify_requests(requests, area_ids)
    warning = check_placement(requests, category, areas, source)
    counted = area_ids[category == F.LEDGER_COUNTED]
    counts = counted.value_counts()
    out = areas.copy()
    out[F.REQUESTS] = out[id_field].map(counts).fillna(0).astype("int64")
    ledger = ledger_table(category, level=level)
    assert out[F.REQUESTS].sum() == len(counted), "counts per area must sum to counted rows"
    assignment = pd.DataFrame({"area": area_ids, "category": category})
    assignment.attrs["warning"] = warning
    return out, ledger, assignment


def check_placement(requests: gpd.GeoDataFrame, category: pd.Series, areas: gpd.GeoDataFrame,
                    source: str = "requests") -> str:
    """Raise when no located request falls in any area, saying why if it can tell (swapped
    latitude and longitude, a wrong CRS); return a warning when most fall outside."""
    located = category.isin([F.LEDGER_COUNTED, F.LEDGER_OUTSIDE])
    outside = (category == F.LEDGER_OUTSIDE).sum()
    if located.sum() == 0 or outside / located.sum() <= 0.5:
        return ""
    pts = requests.geometry[located & (category == F.LEDGER_OUTSIDE)]
    hint = ""
    if pts.crs is not None:
        lonlat = pts.to_crs(4326)
        swapped = gpd.GeoSeries(gpd.points_from_xy(lonlat.y, lonlat.x), crs=4326)
        x0, y0, x1, y1 = areas.to_crs(4326).total_bounds
        inside = swapped.x.between(x0, x1) & swapped.y.between(y0, y1)
        if inside.mean() > 0.5:
            hint = (" With latitude and longitude exchanged they would fall on the areas: "
                    "the coordinate columns look swapped.")
    if outside == located.sum():
        raise InputError(f"{source}: none of the {located.sum():,} located requests falls in "
                         f"any area.{hint or ' Check that both layers declare the right CRS.'}")
    return (f"{source}: {outside:,} of {located.sum():,} located requests fall outside every "
            f"area.{hint}")
