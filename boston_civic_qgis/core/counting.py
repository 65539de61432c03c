"""Assigning requests to areas (point in polygon) and counting them, with a ledger of every row."""
from __future__ import annotations

import glob
import hashlib
import logging
import os
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd

from ..definitions import fields as F
from .ledger import ledger_of_counts, ledger_table
from .sources import LOCATION_STATUSES, InputError, id_text, parse_flags


def assign_to_areas(points: gpd.GeoSeries, areas: gpd.GeoDataFrame, id_field: str,
                    method: str = "auto", grid=None) -> pd.Series:
    """The id of the area each point falls in (NA outside every area or without geometry).

    A point on a boundary shared by several areas goes to the one with the smallest id, so
    that it is counted once and the rule does not depend on the order of the features.

    method "grid" (the default for more than 100,000 points) rasterises the areas: a point in
    a cell that no boundary touches takes that cell's area by array lookup, and only points in
    cells along a boundary get the exact test. The result is identical to "exact". The grid
    of a layer is built once (AreaGrid.cached); another can be passed as `grid`.
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
    x = points.x.to_numpy() if len(points) else np.array([])
    y = points.y.to_numpy() if len(points) else np.array([])
    return xy_positions(x, y, areas, id_field, method, grid)


def xy_positions(x: np.ndarray, y: np.ndarray, areas: gpd.GeoDataFrame, id_field: str,
                 method: str = "auto", grid=None) -> np.ndarray:
    """area_positions of coordinates in the areas' CRS (NaN: no point)."""
    ids = areas[id_field].to_numpy()
    position = np.full(len(x), -1)  # index into areas; -1: none
    todo = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    if grid is not None or method == "grid" or (method == "auto" and len(todo) > 100_000):
        grid = grid or AreaGrid.cached(areas)
        found, exact = grid.lookup(x[todo], y[todo])
        position[todo] = found
        todo = todo[exact]
    if len(todo):
        import shapely

        position[todo] = _exact_positions(shapely.points(x[todo], y[todo]), areas, ids)
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
        # the pairs by point, then by the rank of the area's id: the first of each point wins
        rank = np.argsort(np.argsort(ids, kind="stable"), kind="stable")
        order = np.lexsort((rank[area_pos], point_pos))
        point_pos, area_pos = point_pos[order], area_pos[order]
        first = np.ones(len(point_pos), bool)
        first[1:] = point_pos[1:] != point_pos[:-1]
        result[point_pos[first]] = area_pos[first]
    return result


def origin_transform(west: float, north: float, cell: float):
    """rasterio's from_origin, built directly: rasterio 1.4's own uses affine's `*`, which
    raises a PendingDeprecationWarning (it reached users' consoles), and silencing it with
    catch_warnings is not safe in threads."""
    from affine import Affine

    return Affine(cell, 0.0, west, 0.0, -cell, north)


# rasterio warns of a dataset without georeferencing when two threads rasterize at once (the
# grids are the same: tested); the warning would only alarm
warnings.filterwarnings("ignore", message="Dataset has no geotransform", module="rasterio")
_GRIDS: dict = {}
MAX_CELLS = 4_000_000
GRID_FORMAT, GRIDS_KEPT = 1, 16  # files in the cache folder: 9 MB each for Boston's layers


def grid_cache_folder() -> str | None:
    """Where area grids are kept between runs: $BOSTON_CIVIC_CACHE ('' or 'off': nowhere),
    else the user's cache folder ($XDG_CACHE_HOME or ~/.cache)/boston_civic_qgis/grids."""
    value = os.environ.get("BOSTON_CIVIC_CACHE")
    if value is not None:
        return None if value.strip().lower() in ("", "off") else value
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "boston_civic_qgis", "grids")


def _widen(mask: np.ndarray) -> np.ndarray:
    """The mask grown by one cell in all eight directions (a margin for rounding at the
    cells' edges)."""
    out = mask.copy()
    out[1:] |= mask[:-1]
    out[:-1] |= mask[1:]
    grown = out.copy()
    out[:, 1:] |= grown[:, :-1]
    out[:, :-1] |= grown[:, 1:]
    return out


class AreaGrid:
    """A raster of the areas: each cell holds the area its centre falls in, and a flag for the
    cells that a boundary touches (widened by one cell), where only an exact test can tell."""

    def __init__(self, areas: gpd.GeoDataFrame, max_cells: int | None = None):
        from rasterio import features

        x0, y0, x1, y1 = areas.total_bounds
        max_cells = max_cells or MAX_CELLS
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
        self.edge = _widen(edges.astype(bool))

    @classmethod
    def cached(cls, areas: gpd.GeoDataFrame) -> "AreaGrid":
        """The grid of these areas, built once: kept for the process (a QGIS session or a
        notebook counts into the same tracts and precincts again and again) and in the
        user's cache folder (each qgis_process or command-line run is a new process), under
        a digest of the areas' geometries, so that a changed layer gets a grid of its own."""
        import shapely

        digest = hashlib.sha1(b"".join(shapely.to_wkb(areas.geometry.values)) +
                              str(areas.crs).encode() + str(MAX_CELLS).encode()).hexdigest()
        if digest not in _GRIDS:
            if len(_GRIDS) >= 8:
                _GRIDS.pop(next(iter(_GRIDS)))
            _GRIDS[digest] = cls._load(digest) or cls._store(cls(areas), digest)
        return _GRIDS[digest]

    @staticmethod
    def _file(digest: str) -> str | None:
        folder = grid_cache_folder()
        return os.path.join(folder, f"{digest}-v{GRID_FORMAT}.npz") if folder else None

    @classmethod
    def _load(cls, digest: str):
        path = cls._file(digest)
        if not path or not os.path.exists(path):
            return None
        try:
            with np.load(path) as saved:
                grid = cls.__new__(cls)
                grid.x0, grid.y1, grid.size = (float(v) for v in saved["origin"])
                grid.height, grid.width = (int(v) for v in saved["shape"])
                grid.label = saved["label"]
                grid.edge = np.unpackbits(saved["edge"], count=grid.height * grid.width
                                          ).reshape(grid.height, grid.width).astype(bool)
            if grid.label.shape != (grid.height, grid.width):
                return None
            os.utime(path)  # recently used: kept when the folder is trimmed
            return grid
        except Exception:  # unreadable or of another version: built again
            return None

    @classmethod
    def _store(cls, grid: "AreaGrid", digest: str) -> "AreaGrid":
        path = cls._file(digest)
        if not path:
            return grid
        label = grid.label.astype(np.int16) if grid.label.max() < 2 ** 15 else grid.label
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            tmp = f"{path}.{os.getpid()}.tmp.npz"
            np.savez(tmp, origin=[grid.x0, grid.y1, grid.size],
                     shape=[grid.height, grid.width], label=label,
                     edge=np.packbits(grid.edge.ravel()))
            os.replace(tmp, path)
            kept = sorted(glob.glob(os.path.join(os.path.dirname(path), "*.npz")),
                          key=os.path.getmtime)
            for old in kept[:-GRIDS_KEPT]:
                os.remove(old)
        except OSError:  # a read-only home: the grid is still used, only not kept
            pass
        return grid

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


def classify_requests(requests: gpd.GeoDataFrame, area_ids: pd.Series | None, period=None,
                      duplicate=None) -> pd.Series:
    """One ledger category per request; the first rule in `LEDGER_CATEGORIES` that applies.

    `area_ids`: the area of each request (NA: none); None leaves the areas out, so that
    "counted" means "to be placed" (the same rules then serve several levels).
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
    in_period = np.ones(len(requests), bool)
    if period is not None:
        in_period = opened_in(requests[F.OPENED], period)
    # a point without geometry has no coordinates, whatever its status says
    no_point = (requests.geometry.isna() | requests.geometry.is_empty).to_numpy()
    outside = np.zeros(len(requests), bool) if area_ids is None else area_ids.isna().to_numpy()
    category = ledger_codes(duplicate.to_numpy(), status_codes(requests[F.LOCATION_STATUS]),
                            in_period, np.asarray(requests[F.RESIDENT_INITIATED], bool),
                            no_point, outside)
    return pd.Series(np.asarray(F.LEDGER_CATEGORIES, dtype=object)[category],
                     index=requests.index, name="category")


# the location statuses of a normalised layer, in the order of their codes
STATUSES = LOCATION_STATUSES
CODE = {c: i for i, c in enumerate(F.LEDGER_CATEGORIES)}


def status_codes(values) -> np.ndarray:
    """Location statuses as their positions in STATUSES (-1: another value or none), each
    distinct text compared once."""
    codes, uniques = pd.factorize(pd.Series(values))
    known = np.array([STATUSES.index(u) if u in STATUSES else -1 for u in uniques] + [-1])
    return known[codes]


def opened_in(opened, period) -> np.ndarray:
    """Whether each opening time falls in the period (local dates, inclusive); no date: no."""
    first, last = period
    utc = pd.to_datetime(pd.Series(opened), utc=True)
    return ((utc >= first) & (utc < last + pd.Timedelta(days=1))).to_numpy()


def ledger_codes(duplicate, status, in_period, resident, no_point, outside) -> np.ndarray:
    """The ledger category of each row (its position in LEDGER_CATEGORIES), from arrays:
    the first rule in the ledger's order that applies."""
    return np.select(
        [duplicate, status == STATUSES.index(F.LEDGER_INVALID), ~in_period, ~resident,
         (status == STATUSES.index(F.LEDGER_NO_COORDINATES)) | no_point,
         status == STATUSES.index(F.LEDGER_DEFAULT_LOCATION), outside],
        [CODE[F.LEDGER_DUPLICATE], CODE[F.LEDGER_INVALID], CODE[F.LEDGER_OUTSIDE_PERIOD],
         CODE[F.LEDGER_STAFF], CODE[F.LEDGER_NO_COORDINATES], CODE[F.LEDGER_DEFAULT_LOCATION],
         CODE[F.LEDGER_OUTSIDE]],
        default=CODE[F.LEDGER_COUNTED]).astype(np.int8)


def count_requests(requests: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, id_field: str,
                   level: str = "areas", source: str = "requests", period=None, base=None):
    """Resident-initiated requests per area, and the ledger of all requests.

    Returns (areas with a `requests` field, ledger DataFrame, per-request area id and category).
    Areas with no request get 0, not NULL: zero engagement is a value. `base`: the requests'
    categories without areas (classify_requests(requests, None, period)), when counting the
    same requests into several levels; only the requests it leaves to place are placed.
    """
    if len(requests) == 0:
        raise InputError(f"{source}: no requests to count")
    if base is None:
        base = classify_requests(requests, None, period)
    to_place = (base == F.LEDGER_COUNTED).to_numpy()
    area_ids = pd.Series(pd.NA, index=requests.index, dtype="string")
    if to_place.any():
        area_ids.iloc[np.flatnonzero(to_place)] = assign_to_areas(
            requests.geometry[to_place], areas, id_field).to_numpy()
    category = base.mask(to_place & area_ids.isna().to_numpy(), F.LEDGER_OUTSIDE)
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


def count_file(path, layer: str | None, levels: dict, chunk_size: int = 500_000,
               period=None, progress=None, source: str | None = None) -> dict:
    """Count a normalised requests file into several area layers in one pass, reading
    `chunk_size` rows at a time (only the fields the count needs), so that files larger than
    memory can be counted. `levels`: {level: (areas, id field)}. Returns {level: (areas with
    a `requests` field, ledger)}, the same as count_requests on the whole file.

    `path` may also be a list of (path, layer) pairs: the files are read one after another as
    one stream of requests, so that a case id repeated in a later file (overlapping exports)
    is a duplicate, as within a file.

    Each row leaves a few bytes behind (a 64-bit hash of its case id, its category, its area
    at each level), so that duplicates across chunks are found by one sort at the end, not a
    search per chunk. `progress(percent, message)` is called after each chunk; it may raise
    to cancel.
    """
    import pyogrio

    files = list(path) if isinstance(path, (list, tuple)) else [(path, layer)]
    names = [source or p for p, _ in files] if len(files) == 1 else [p for p, _ in files]
    columns = [F.CASE_ID, F.RESIDENT_INITIATED, F.LOCATION_STATUS] + \
        ([F.OPENED] if period is not None else [])
    infos = []
    for (p, lay), name in zip(files, names):
        info = pyogrio.read_info(p, layer=lay)
        missing = [c for c in columns if c not in info["fields"]]
        if missing:
            raise InputError(f"{name}: counting a file needs a normalised requests layer "
                             f"(the data package's requests_311); missing fields {missing}")
        infos.append(info)
    total = sum(int(info["features"]) for info in infos)
    source = ", ".join(names)
    # what each row leaves behind, filled chunk by chunk (grown if the layer's count was low)
    hashes, has_id = np.zeros(total, np.uint64), np.zeros(total, bool)
    base = np.zeros(total, np.int8)
    small = all(len(a) < 2 ** 15 for a, _ in levels.values())
    positions = {name: np.full(total, -1, np.int16 if small else np.int32) for name in levels}
    done = 0
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool, \
            ThreadPoolExecutor(max_workers=1) as reading, \
            ThreadPoolExecutor(max_workers=1) as building:
        # the grids are built one after the other on one core while the first chunk is read
        # on the other (more threads at once only slowed each other on two cores)
        grids = {name: building.submit(AreaGrid.cached, areas)
                 for name, (areas, _) in levels.items()}

        def place(name, chunk, rows, todo):
            areas, id_field = levels[name]
            x, y = chunk.xy_in(areas.crs)
            positions[name][rows][todo] = xy_positions(x[todo], y[todo], areas, id_field,
                                                       grid=grids[name].result())
        chunks = (chunk for (p, lay), info, name in zip(files, infos, names)
                  for chunk in read_request_chunks(p, lay, columns, chunk_size, info, name))
        for chunk in _prefetched(chunks, reading):
            rows = slice(done, done + chunk.rows)
            if rows.stop > len(hashes):
                grow = max(rows.stop - len(hashes), chunk_size)
                hashes, has_id, base = (np.concatenate([a, np.zeros(grow, a.dtype)])
                                        for a in (hashes, has_id, base))
                positions = {k: np.concatenate([p, np.full(grow, -1, p.dtype)])
                             for k, p in positions.items()}
            has_id[rows], hashes[rows] = chunk.id_hashes()
            status = chunk.status
            if (status < 0).any():
                bad = sorted(set(pd.Series(chunk.status_text[status < 0]).fillna(
                    "NULL").astype(str)))[:5]
                raise InputError(f"{chunk.source}: field '{F.LOCATION_STATUS}' must be one of "
                                 f"{STATUSES}; found {bad}")
            in_period = np.ones(chunk.rows, bool) if period is None else \
                opened_in(chunk.opened, period)
            # duplicates and areas are settled below; "counted" here means "to be placed"
            code = ledger_codes(np.zeros(chunk.rows, bool), status, in_period, chunk.resident,
                                ~(np.isfinite(chunk.x) & np.isfinite(chunk.y)),
                                np.zeros(chunk.rows, bool))
            base[rows] = code
            todo = np.flatnonzero(code == CODE[F.LEDGER_COUNTED])
            # one level on each core (shapely and numpy release Python's lock)
            for placed in [pool.submit(place, name, chunk, rows, todo) for name in levels]:
                placed.result()
            done += chunk.rows
            if progress is not None:
                progress(100 * min(done, total) / max(total, 1), f"{done:,} rows")
    base, hashes, has_id = base[:done], hashes[:done], has_id[:done]
    duplicate = np.zeros(done, bool)
    if done > 1:
        order = np.argsort(hashes, kind="stable")  # the first of equal ids keeps its place
        ordered = hashes[order]
        later = order[1:][ordered[1:] == ordered[:-1]]
        del ordered, order
        duplicate[later[has_id[later]]] = True  # rows without a case id are never duplicates
    results = {}
    for name, (areas, id_field) in levels.items():
        position = positions[name][:done]
        code = base.copy()
        code[(code == CODE[F.LEDGER_COUNTED]) & (position < 0)] = CODE[F.LEDGER_OUTSIDE]
        code[duplicate] = CODE[F.LEDGER_DUPLICATE]
        counted = code == CODE[F.LEDGER_COUNTED]
        out = areas.copy()
        out[F.REQUESTS] = np.bincount(position[counted], minlength=len(areas)).astype("int64")
        rows = np.bincount(code, minlength=len(F.LEDGER_CATEGORIES))
        ledger = ledger_of_counts(rows, done, name)
        ledger.attrs["warning"] = _placement_warning(rows, source, name)
        results[name] = (out, ledger)
    return results


def _prefetched(chunks, thread):
    """The items of an iterator, the next one read on `thread` while this one is worked on
    (GDAL reads without Python's lock)."""
    ahead = thread.submit(next, chunks, None)
    while True:
        chunk = ahead.result()
        if chunk is None:
            return
        ahead = thread.submit(next, chunks, None)
        yield chunk


def _placement_warning(rows, source, level) -> str:
    """check_placement from a ledger's counts: an error when no located request falls in
    any area, a warning when most do not."""
    outside, counted = rows[CODE[F.LEDGER_OUTSIDE]], rows[CODE[F.LEDGER_COUNTED]]
    located = outside + counted
    if located and not counted:
        raise InputError(f"{source}: none of the {located:,} located requests falls in any "
                         f"of the {level}. Check that both layers declare the right CRS.")
    if located and outside / located > 0.5:
        return (f"{source}: {outside:,} of {located:,} located requests fall outside every "
                f"area of the {level}")
    return ""


def count_in_chunks(path: str, layer: str | None, areas: gpd.GeoDataFrame, id_field: str,
                    chunk_size: int = 500_000, level: str = "areas", period=None,
                    progress=None):
    """count_file for one area layer: (areas with a `requests` field, ledger)."""
    return count_file(path, layer, {level: (areas, id_field)}, chunk_size, period,
                      progress)[level]


class RequestChunk:
    """The fields of some rows of a requests file that counting needs, as arrays.
    `status`: location statuses as text, or as (codes, their texts) when read encoded."""

    def __init__(self, x, y, crs, case_id, resident, status, opened=None):
        self.x, self.y, self.crs = x, y, crs
        self.case_id, self.resident, self.opened = case_id, resident, opened
        if isinstance(status, tuple):  # each distinct text compared once
            codes, texts = status
            known = status_codes(texts)
            self.status = np.append(known, -1)[codes]  # code -1 (NULL) takes the last
            self.status_text = np.append(np.asarray(texts, dtype=object), None)[codes]
        else:
            self.status_text, self.status = status, status_codes(status)
        self.rows = len(x)
        self.source = ""  # the file, named in errors

    def id_hashes(self):
        """(has an id, 64-bit hash of the id as text); no id: hash 0, so that no id written
        "nan" or "None" is taken as another's repeat."""
        ids = pd.Series(self.case_id)
        has = ids.notna().to_numpy()
        if ids.dtype != object:
            ids = ids.astype(str)
        # Python's own string hash (64-bit SipHash, cached on each string) is several times
        # faster than pandas' hash_array; hashes are compared within this process only
        hashed = np.fromiter(map(hash, ids.to_numpy()), np.int64, len(ids)).view(np.uint64)
        return has, np.where(has, hashed, np.uint64(0))

    def xy_in(self, crs):
        """x and y in `crs` (NaN where no point)."""
        if crs is None or self.crs is None or pyproj_equal(self.crs, crs):
            return self.x, self.y
        from pyproj import Transformer

        return Transformer.from_crs(self.crs, crs, always_xy=True).transform(self.x, self.y)


def pyproj_equal(a, b) -> bool:
    from pyproj import CRS

    return CRS.from_user_input(a) == CRS.from_user_input(b)


def read_request_chunks(path, layer, columns, chunk_size, info, source):
    """RequestChunks of a requests file, in its order. A GeoPackage is streamed through
    Arrow, coordinates taken straight from the points' WKB; where Arrow would misread it (see
    core.reader), it is paged by its primary key (skipping features re-reads all before
    them: quadratic in the rows); other formats are read by pyogrio's row reader. Case ids
    are read as text (integer ids with NULLs would become floats)."""
    import pyogrio
    import shapely

    from .reader import arrow_chunk_reader, read_vector

    kinds = {"Point", "Point Z", "Point M", "Point ZM", "Unknown", None}
    if info.get("geometry_type") not in kinds:
        raise InputError(f"{source}: requests must be points; this layer has "
                         f"{info.get('geometry_type')} geometries")
    text = (F.CASE_ID,)
    reader = arrow_chunk_reader(path, layer, columns, info, text)
    if reader is not None:
        for table in reader(chunk_size):
            yield _chunk_of_arrow(table, columns, info["crs"], source)
        return
    keyset = info["driver"] == "GPKG" and bool(info["fid_column"])
    last, start = -1, 0
    while start < int(info["features"]) or keyset:
        if keyset:
            fid = '"' + info["fid_column"].replace('"', '""') + '"'
            frame = read_vector(path, layer, columns, info=info, text=text, arrow=False,
                                sql_where=f"WHERE {fid} > {last} ORDER BY {fid} "
                                          f"LIMIT {chunk_size}")
            if len(frame) == 0:
                return
            last = int(frame.index.max())
        else:
            frame = pyogrio.read_dataframe(path, layer=layer, columns=columns,
                                           skip_features=start, max_features=chunk_size)
        start += len(frame)
        if not isinstance(frame, gpd.GeoDataFrame):
            raise InputError(f"{source}: has no geometry; requests must be points")
        geometry = frame.geometry.values
        _points_only(geometry, source)
        chunk = RequestChunk(shapely.get_x(geometry), shapely.get_y(geometry), frame.crs,
                             id_text(frame[F.CASE_ID]).to_numpy(),
                             np.asarray(parse_flags(frame[F.RESIDENT_INITIATED], source,
                                                    F.RESIDENT_INITIATED), bool),
                             frame[F.LOCATION_STATUS].to_numpy(),
                             frame[F.OPENED] if F.OPENED in columns else None)
        chunk.source = source
        yield chunk


def _points_only(geometry, source):
    """Raise if some geometries are not points (a mixed layer read whole)."""
    import shapely

    kinds = shapely.get_type_id(np.asarray(geometry))
    other = (kinds != 0) & (kinds != -1)  # -1: missing
    if other.any():
        names = sorted({g.geom_type for g in np.asarray(geometry)[other][:20]})
        raise InputError(f"{source}: requests must be points; {int(other.sum()):,} rows have "
                         f"{', '.join(names)} geometries")


def _chunk_of_arrow(table, columns, crs, source):
    import pyarrow.compute as pc

    from .reader import wkb_points_xy

    try:
        x, y = wkb_points_xy(table.column(table.column_names[-1]))
    except ValueError as exc:  # not points
        raise InputError(f"{source}: requests must be points; {exc}") from None
    flags = np.asarray(parse_flags(table.column(F.RESIDENT_INITIATED).to_pandas(), source,
                                   F.RESIDENT_INITIATED), bool)
    opened = None
    if F.OPENED in columns:
        opened = pd.Series(table.column(F.OPENED).to_numpy(zero_copy_only=False))
        if pd.api.types.is_datetime64_any_dtype(opened):  # stored as a DATETIME, in UTC
            opened = opened.dt.tz_localize("UTC")
    status = pc.dictionary_encode(table.column(F.LOCATION_STATUS).combine_chunks())
    codes = status.indices.fill_null(-1).to_numpy()
    chunk = RequestChunk(x, y, crs, table.column(F.CASE_ID).to_numpy(zero_copy_only=False),
                         flags, (codes, status.dictionary.to_pylist()), opened)
    chunk.source = source
    return chunk


def count_files_distributed(paths, areas: gpd.GeoDataFrame | None = None,
                            id_field: str | None = None, client=None,
                            layer: str | None = None, chunk_size: int = 500_000,
                            level: str = "areas", levels: dict | None = None, period=None):
    """Count requests split over many files (years, cities) on a dask cluster: each file is
    counted where a worker runs (count_file) and the counts and ledgers are added up. Each of
    `paths` is a path (its layer: `layer`) or a (path, layer) pair.
    `client`: a dask.distributed Client, or an address of a scheduler ("tcp://host:8786");
    None starts a local cluster for the call. `levels` ({level: (areas, id field)}) counts
    into several area layers at once and returns {level: (areas, ledger)}; without it, one
    (areas, ledger) of `areas`. The result equals counting the files one by one here; a case
    id repeated in two files is counted in both (ids are per file)."""
    from dask.distributed import Client, LocalCluster

    several = levels is not None
    levels = levels if several else {level: (areas, id_field)}
    own = None
    if client is None or isinstance(client, str):
        own = Client(client) if isinstance(client, str) else Client(
            # the workers' logs of a failed task (with its arguments: the areas) only
            # repeat the error that is raised here
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                         dashboard_address=None, silence_logs=logging.CRITICAL))
        client = own
    try:
        # in a list: a dict would be scattered value by value
        shared = client.scatter([levels], broadcast=True)[0]
        # each file a path, or (path, layer name)
        files = [p if isinstance(p, tuple) else (p, layer) for p in paths]
        futures = client.map(lambda f, lv: count_file(f[0], f[1], lv, chunk_size, period),
                             files, lv=shared, pure=False)
        results = client.gather(futures)
    finally:
        if own is not None:
            cluster = own.cluster
            own.close()
            if cluster is not None:
                cluster.close()
    summed = add_counts(results)
    return summed if several else summed[level]


def add_counts(results: list) -> dict:
    """count_file results of several files added up: {level: (areas, ledger)}."""
    summed = {}
    for name in results[0]:
        out, ledger = results[0][name][0].copy(), results[0][name][1].copy()
        out[F.REQUESTS] = sum(r[name][0][F.REQUESTS].to_numpy() for r in results)
        ledger["rows"] = sum(r[name][1]["rows"].to_numpy() for r in results)
        summed[name] = (out, ledger)
    return summed
