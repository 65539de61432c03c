"""Assigning requests to areas (point in polygon) and counting them, with a ledger of every row."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from ..definitions import fields as F
from .ledger import ledger_table
from .sources import InputError


def assign_to_areas(points: gpd.GeoSeries, areas: gpd.GeoDataFrame, id_field: str,
                    method: str = "auto", grid=None) -> pd.Series:
    """The id of the area each point falls in (NA outside every area or without geometry).

    A point on a boundary shared by several areas goes to the one with the smallest id, so
    that it is counted once and the rule does not depend on the order of the features.

    method "grid" (the default for more than 100,000 points) rasterises the areas: a point in
    a cell that no boundary touches takes that cell's area by array lookup, and only points in
    cells along a boundary get the exact test. The result is identical to "exact". A `grid`
    built once (AreaGrid(areas)) can be passed in when the same areas are used many times.
    """
    position = area_positions(points, areas, id_field, method, grid)
    ids = areas[id_field].to_numpy()
    out = pd.Series(pd.NA, index=points.index, dtype="string")
    inside = position >= 0
    out.iloc[np.flatnonzero(inside)] = ids[position[inside]]
    return out


def area_positions(points: gpd.GeoSeries, areas: gpd.GeoDataFrame, id_field: str,
                   method: str = "auto", grid=None) -> np.ndarray:
    """assign_to_areas as positions in `areas` (-1: in none), an int32 array."""
    points = points.to_crs(areas.crs) if points.crs != areas.crs else points
    ids = areas[id_field].to_numpy()
    x = points.x.to_numpy() if len(points) else np.array([])
    y = points.y.to_numpy() if len(points) else np.array([])
    has = ~(points.isna() | points.is_empty).to_numpy() & np.isfinite(x) & np.isfinite(y)
    position = np.full(len(points), -1)  # index into areas; -1: none
    todo = np.flatnonzero(has)
    if grid is not None or method == "grid" or (method == "auto" and len(todo) > 100_000):
        grid = grid or AreaGrid(areas)
        found, exact = grid.lookup(x[todo], y[todo])
        position[todo] = found
        todo = todo[exact]
    if len(todo):
        position[todo] = _exact_positions(points.values[todo], areas, ids)
    return position.astype(np.int32)


def _exact_positions(geoms, areas, ids) -> np.ndarray:
    """Exact point-in-polygon (intersects: boundaries included), smallest id on ties."""
    import shapely

    # a tree of the points queried by each polygon: each polygon is prepared once, which is
    # several times faster than testing each point against raw polygons
    area_pos, point_pos = shapely.STRtree(geoms).query(areas.geometry.values,
                                                       predicate="intersects")
    result = np.full(len(geoms), -1)
    if len(point_pos):
        pairs = pd.DataFrame({"point": point_pos, "area": area_pos, "id": ids[area_pos]})
        first = pairs.sort_values(["point", "id"]).drop_duplicates("point")
        result[first["point"].to_numpy()] = first["area"].to_numpy()
    return result


def origin_transform(west: float, north: float, cell: float):
    """rasterio's from_origin, without the PendingDeprecationWarning that rasterio 1.4 raises
    on its own use of affine's `*` (it reached users' consoles)."""
    import warnings

    from rasterio import transform

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        return transform.from_origin(west, north, cell, cell)


class AreaGrid:
    """A raster of the areas: each cell holds the area its centre falls in, and a flag for the
    cells that a boundary touches (widened by one cell), where only an exact test can tell."""

    def __init__(self, areas: gpd.GeoDataFrame, max_cells: int = 4_000_000):
        from rasterio import features
        from scipy.ndimage import binary_dilation

        x0, y0, x1, y1 = areas.total_bounds
        size = max((x1 - x0), (y1 - y0)) / np.sqrt(max_cells) or 1.0
        self.width, self.height = int(np.ceil((x1 - x0) / size)) + 2, \
            int(np.ceil((y1 - y0) / size)) + 2
        self.x0, self.y1, self.size = x0 - size, y1 + size, size
        affine = origin_transform(self.x0, self.y1, size)
        shape = (self.height, self.width)
        self.label = features.rasterize(
            ((g, i) for i, g in enumerate(areas.geometry)), out_shape=shape, transform=affine,
            fill=-1, dtype="int32", all_touched=False)
        edges = features.rasterize(((g, 1) for g in areas.geometry.boundary), out_shape=shape,
                                   transform=affine, fill=0, dtype="uint8", all_touched=True)
        self.edge = binary_dilation(edges.astype(bool), iterations=1)

    def lookup(self, x: np.ndarray, y: np.ndarray):
        """(area position or -1 per point, mask of the points that need the exact test)."""
        col = np.floor((x - self.x0) / self.size).astype(np.int64)
        row = np.floor((self.y1 - y) / self.size).astype(np.int64)
        on_grid = (col >= 0) & (col < self.width) & (row >= 0) & (row < self.height)
        found = np.full(len(x), -1)
        exact = ~on_grid.copy()
        # off the grid is outside every area (the grid covers their extent with a margin)
        exact[~on_grid] = False
        c, r = col[on_grid], row[on_grid]
        edge = self.edge[r, c]
        found[np.flatnonzero(on_grid)[~edge]] = self.label[r[~edge], c[~edge]]
        exact[np.flatnonzero(on_grid)[edge]] = True
        return found, exact


def classify_requests(requests: gpd.GeoDataFrame, area_ids: pd.Series, period=None,
                      duplicate=None) -> pd.Series:
    """One ledger category per request; the first rule in `LEDGER_CATEGORIES` that applies.

    `period`: (first, last) local dates, inclusive, as pandas Timestamps with a time zone;
    requests opened outside it, or with no opening date, are `outside_period`.
    `duplicate`: a mask of repeated case ids worked out by the caller (across chunks)."""
    if duplicate is not None:
        duplicate = pd.Series(np.asarray(duplicate, dtype=bool), index=requests.index)
    elif F.CASE_ID in requests.columns:
        ids = requests[F.CASE_ID]
        duplicate = ids.notna() & ids.duplicated()
    else:
        duplicate = pd.Series(False, index=requests.index)
    out_of_period = pd.Series(False, index=requests.index)
    if period is not None:
        first, last = period
        opened = pd.to_datetime(requests[F.OPENED], utc=True).dt.tz_convert(first.tz)
        out_of_period = ~((opened >= first) & (opened < last + pd.Timedelta(days=1)))
    category = np.select(
        [
            duplicate.to_numpy(),
            (requests[F.LOCATION_STATUS] == F.LEDGER_INVALID).to_numpy(),
            out_of_period.to_numpy(),
            ~requests[F.RESIDENT_INITIATED].astype(bool),
            # a point without geometry has no coordinates, whatever its status says
            (requests[F.LOCATION_STATUS] == F.LEDGER_NO_COORDINATES).to_numpy()
            | (requests.geometry.isna() | requests.geometry.is_empty).to_numpy(),
            requests[F.LOCATION_STATUS] == F.LEDGER_DEFAULT_LOCATION,
            area_ids.isna(),
        ],
        [F.LEDGER_DUPLICATE, F.LEDGER_INVALID, F.LEDGER_OUTSIDE_PERIOD, F.LEDGER_STAFF,
         F.LEDGER_NO_COORDINATES, F.LEDGER_DEFAULT_LOCATION, F.LEDGER_OUTSIDE],
        default=F.LEDGER_COUNTED,
    )
    return pd.Series(category, index=requests.index, name="category")


def count_requests(requests: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, id_field: str,
                   level: str = "areas", source: str = "requests", period=None):
    """Resident-initiated requests per area, and the ledger of all requests.

    Returns (areas with a `requests` field, ledger DataFrame, per-request area id and category).
    Areas with no request get 0, not NULL: zero engagement is a value.
    """
    if len(requests) == 0:
        raise InputError(f"{source}: no requests to count")
    area_ids = assign_to_areas(requests.geometry, areas, id_field)
    category = classify_requests(requests, area_ids, period)
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


def count_in_chunks(path: str, layer: str | None, areas: gpd.GeoDataFrame, id_field: str,
                    chunk_size: int = 500_000, level: str = "areas", period=None,
                    progress=None):
    """count_requests for a normalised requests file too large to hold: read `chunk_size`
    rows at a time (only the fields the count needs) and assign them with one grid of the
    areas. Each row leaves 12 bytes behind (a 64-bit hash of its case id, its category, its
    area), so that duplicates across chunks are found with one sort at the end, not a search
    per chunk (which grew with the square of the rows). Same result as count_requests on the
    whole.
    """
    import pyogrio

    from .sources import InputError

    info = pyogrio.read_info(path, layer=layer)
    total = int(info["features"])
    columns = [F.CASE_ID, F.RESIDENT_INITIATED, F.LOCATION_STATUS] + \
        ([F.OPENED] if period is not None else [])
    missing = [c for c in columns if c not in info["fields"]]
    if missing:
        raise InputError(f"{path}: counting in chunks needs a normalised requests layer; "
                         f"missing fields {missing}")
    grid = AreaGrid(areas)
    categories = list(F.LEDGER_CATEGORIES)
    # what each row leaves behind, filled chunk by chunk (grown if the layer's count was low)
    hashes, has_id = np.zeros(total, np.uint64), np.zeros(total, bool)
    codes = np.zeros(total, np.int8)
    positions = np.full(total, -1, np.int16 if len(areas) < 2 ** 15 else np.int32)
    layer_name = layer or pyogrio.list_layers(path)[0][0]
    keyset = info["driver"] == "GPKG" and bool(info["fid_column"])
    last_fid, done = -1, 0
    for start in range(0, total, chunk_size):
        if keyset:
            # page by primary key: skipping features re-reads all before them (quadratic)
            fields = ", ".join(f'"{c}"' for c in columns)
            chunk = pyogrio.read_dataframe(
                path, sql=f'SELECT "{info["fid_column"]}" AS fid, {fields}, '
                          f'"{info["geometry_name"]}" FROM "{layer_name}" WHERE '
                          f'"{info["fid_column"]}" > {last_fid} ORDER BY "{info["fid_column"]}" '
                          f"LIMIT {chunk_size}", fid_as_index=True)
            last_fid = int(chunk.index.max()) if len(chunk) else last_fid
            chunk = chunk.drop(columns="fid", errors="ignore")
        else:
            chunk = pyogrio.read_dataframe(path, layer=layer, columns=columns,
                                           skip_features=start, max_features=chunk_size)
        if chunk.crs != areas.crs:
            chunk = chunk.to_crs(areas.crs)
        rows = slice(done, done + len(chunk))
        if rows.stop > len(hashes):
            grow = rows.stop - len(hashes)
            hashes, has_id, codes = (np.concatenate([a, np.zeros(grow, a.dtype)])
                                     for a in (hashes, has_id, codes))
            positions = np.concatenate([positions, np.full(grow, -1, positions.dtype)])
        ids = chunk[F.CASE_ID]
        has_id[rows] = ids.notna().to_numpy()
        # no id: hash 0, so that no id written "nan" or "None" is taken as its repeat
        hashes[rows] = np.where(has_id[rows], pd.util.hash_array(
            ids.astype(str).to_numpy(dtype=object)), np.uint64(0))
        position = area_positions(chunk.geometry, areas, id_field, grid=grid)
        area_ids = pd.Series(areas[id_field].to_numpy()[position], index=chunk.index).where(
            position >= 0)
        # duplicates are settled at the end, over all chunks
        category = classify_requests(chunk, area_ids, period, np.zeros(len(chunk), bool))
        codes[rows] = pd.Categorical(category, categories=categories).codes
        positions[rows] = position
        done += len(chunk)
        if progress is not None:
            progress(100 * min(start + chunk_size, total) / total, f"{done:,} rows")
    code, position, hashes, has_id = codes[:done], positions[:done], hashes[:done], has_id[:done]
    if done > 1:
        order = np.argsort(hashes, kind="stable")  # the first of equal ids keeps its place
        ordered = hashes[order]
        same = ordered[1:] == ordered[:-1]
        del ordered
        later = order[1:][same]
        later = later[has_id[later]]  # rows without a case id are never duplicates
        code[later] = categories.index(F.LEDGER_DUPLICATE)
        del order
    counted = code == categories.index(F.LEDGER_COUNTED)
    out = areas.copy()
    out[F.REQUESTS] = np.bincount(position[counted], minlength=len(areas)).astype("int64")
    rows = np.bincount(code, minlength=len(categories))
    ledger = pd.DataFrame({"level": level, "category": categories, "rows": rows})
    ledger = pd.concat([ledger, pd.DataFrame({"level": [level], "category": ["total_input"],
                                              "rows": [done]})], ignore_index=True)
    return out, ledger


def count_files_distributed(paths, areas: gpd.GeoDataFrame, id_field: str, client=None,
                            layer: str | None = None, chunk_size: int = 500_000,
                            level: str = "areas"):
    """Count requests split over many files (years, cities) on a dask cluster: each file is
    counted where a worker runs (count_in_chunks) and the counts and ledgers are added up.
    `client`: a dask.distributed Client, or an address of a scheduler ("tcp://host:8786");
    None starts a local cluster for the call. The result equals counting the files one by
    one here; a case id repeated in two files is counted in both (ids are per file)."""
    from dask.distributed import Client, LocalCluster

    own = None
    if client is None or isinstance(client, str):
        own = Client(client) if isinstance(client, str) else Client(
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                         dashboard_address=None))
        client = own
    try:
        shared = client.scatter(areas, broadcast=True)
        futures = client.map(lambda p, a: count_in_chunks(p, layer, a, id_field, chunk_size,
                                                          level),
                             list(paths), a=shared, pure=False)
        results = client.gather(futures)
    finally:
        if own is not None:
            cluster = own.cluster
            own.close()
            if cluster is not None:
                cluster.close()
    out = results[0][0].copy()
    out[F.REQUESTS] = sum(r[0][F.REQUESTS].to_numpy() for r in results)
    ledger = results[0][1].copy()
    ledger["rows"] = sum(r[1]["rows"].to_numpy() for r in results)
    return out, ledger
