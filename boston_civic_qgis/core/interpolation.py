"""Areal interpolation: carry tract attributes to precincts, which do not nest in tracts."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd


def interpolate(source: gpd.GeoDataFrame, target: gpd.GeoDataFrame, source_id: str,
                target_id: str, fields, weight: str = "population",
                population: str = "population", land: gpd.GeoDataFrame | None = None,
                min_value_share: float = 0.0):
    """Weighted means of `fields` of the source areas over each target area.

    Both layers are clipped to `land` first (when given): tracts and precincts reach into the
    harbour, and water would otherwise take weight. With weight="population" each source
    area's residents are spread evenly over its land, so a piece weighs its share of them;
    with weight="area" a piece weighs its area. A source value that is missing takes no
    weight; where the pieces with a value hold less than `min_value_share` of a target's
    weight, the target gets no value (FIELD_thin is True), rather than a value from slivers.
    Returns a DataFrame indexed by target id, with `coverage` (the share of the target's land
    covered by source areas).
    """
    if source.crs != target.crs:
        source = source.to_crs(target.crs)
    src = source[[source_id, *fields] + ([population] if weight == "population" else [])
                 + [source.geometry.name]].copy()
    tgt = target[[target_id, target.geometry.name]].copy()
    if land is not None:
        shore = land.to_crs(target.crs).union_all() if hasattr(land, "union_all") else \
            land.to_crs(target.crs).unary_union
        src["geometry"] = clip_to(src.geometry, shore)
        tgt["geometry"] = clip_to(tgt.geometry, shore)
    src["source_area"] = src.geometry.area
    tgt["target_area"] = tgt.geometry.area
    pieces = gpd.overlay(src, tgt, how="intersection", keep_geom_type=True)
    area = pieces.geometry.area
    if weight == "population":
        share = area / pieces["source_area"].where(pieces["source_area"] > 0)
        w = pd.to_numeric(pieces[population], errors="coerce") * share
    elif weight == "area":
        w = area
    else:
        raise ValueError(f"weight must be 'population' or 'area', not {weight!r}")
    out = pd.DataFrame(index=pd.Index(target[target_id].unique(), name=target_id))
    for f in fields:
        value = pd.to_numeric(pieces[f], errors="coerce")
        ok = value.notna() & w.notna()
        num = (value * w).where(ok).groupby(pieces[target_id]).sum()
        den = w.where(ok).groupby(pieces[target_id]).sum()
        total = w.groupby(pieces[target_id]).sum()
        share = (den / total.where(total > 0)).reindex(out.index)
        out[f] = (num / den.where(den > 0)).reindex(out.index)
        out[f"{f}_thin"] = (share < min_value_share) & out[f].notna()
        out.loc[out[f"{f}_thin"], f] = np.nan
    covered = area.groupby(pieces[target_id]).sum()
    out["coverage"] = (covered / tgt.set_index(target_id)["target_area"]).reindex(out.index)
    return out.replace([np.inf, -np.inf], np.nan)


def clip_to(geometry: gpd.GeoSeries, shore) -> gpd.GeoSeries:
    """geometry ∩ shore, ten times faster than intersecting each polygon with the whole city's
    land: a polygon wholly inside is kept as it is, and the others meet only the land in
    their bounding box."""
    import shapely

    values = geometry.values
    shapely.prepare(shore)
    inside = shapely.contains_properly(shore, values)
    out = np.array(values, dtype=object)
    rest = ~inside & ~shapely.is_missing(np.asarray(values))
    if rest.any():
        boxes = shapely.box(*shapely.bounds(np.asarray(values)[rest]).T)
        out[rest] = shapely.intersection(np.asarray(values)[rest],
                                         shapely.intersection(shore, boxes))
    return gpd.GeoSeries(out, index=geometry.index, crs=geometry.crs)
