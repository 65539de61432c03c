"""Reading vector files into GeoDataFrames: pyogrio, through Arrow where that gives the same
frame (a GeoPackage of 280,000 requests: 0.6 s instead of 3 s).

QGIS's GDAL (3.6 on Debian 12) has two Arrow faults that pyogrio does not hide: booleans are
misread (pyogrio refuses them), and a datetime's UTC offset is dropped (its wall time is
kept). So booleans are read as integers and turned back, and the Arrow path is taken only
when every stored datetime is in UTC ('Z', as the GeoPackage standard asks); otherwise, and
for other formats, the classic reader runs.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyogrio


def read_vector(path: str, layer=None, columns=None, sql_where: str = "", info=None,
                text=(), arrow: bool = True):
    """The layer as a GeoDataFrame (a DataFrame when it has no geometry), with `columns`
    only when given (all must exist); `sql_where` (a GeoPackage's SQL, e.g. 'fid > 10 ORDER
    BY fid LIMIT 5') pages through it. Fields in `text` are read as text, whatever their type
    (identifiers: an integer column with NULLs would come back as float, and ids over 2^53
    would merge). Raises what pyogrio raises."""
    info = info or pyogrio.read_info(path, layer=layer)
    columns = list(info["fields"]) if columns is None else list(columns)
    frame = _read_arrow(path, layer, columns, sql_where, info, text) if arrow else None
    if frame is not None:
        return frame
    if info.get("driver") == "GPKG" and info["geometry_name"]:
        # by SQL: a layer read trusts the stored feature count, which may be stale
        frame = pyogrio.read_dataframe(path, sql=_select(layer, columns, sql_where, info,
                                                         text), fid_as_index=bool(sql_where))
        return _restore(frame, columns, info, sql_where)
    return pyogrio.read_dataframe(path, layer=layer, columns=columns)


def arrow_available() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _select(layer, columns, where, info, text=()):
    """SQL of `columns` and the geometry: booleans as integers (GDAL 3.6's Arrow misreads
    them), `text` fields as text."""
    name = layer or info["layer_name"]
    types = dict(zip(info["fields"], info["dtypes"]))

    def column(c):
        quoted = _quote(c)
        if c in text:
            return f"CAST({quoted} AS TEXT) AS {quoted}"
        return f"CAST({quoted} AS INTEGER) AS {quoted}" if types.get(c) == "bool" else quoted
    fid = f"{_quote(info['fid_column'])} AS fid, " if where and info["fid_column"] else ""
    geometry = [_quote(info["geometry_name"])] if info["geometry_name"] else []
    return (f"SELECT {fid}{', '.join([column(c) for c in columns] + geometry)} "
            f"FROM {_quote(name)} {where}")


def _quote(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _read_arrow(path, layer, columns, where, info, text=()):
    """The Arrow read, or None where it would not give what the classic reader gives."""
    dates = _arrow_dates(path, layer, columns, info, text)
    if dates is None:
        return None
    try:
        frame = pyogrio.read_dataframe(path, sql=_select(layer, columns, where, info, text),
                                       use_arrow=True, fid_as_index=bool(where))
    except Exception:  # e.g. GDAL 3.6's Arrow reader on a layer of empty geometries only
        return None
    for c in dates:
        frame[c] = pd.to_datetime(frame[c]).dt.tz_localize("UTC")
    return _restore(frame, columns, info, where, text)


def _restore(frame, columns, info, where, text=()):
    """What the SQL changed, back as the classic reader gives it: booleans (bool, or 1.0/0.0
    and NaN where some are NULL), the CRS, the columns in the order asked."""
    if where and "fid" in frame.columns:
        frame = frame.drop(columns="fid")
    types = dict(zip(info["fields"], info["dtypes"]))
    for c in columns:
        if types.get(c) == "bool" and c not in text:
            # GDAL types a CAST by its first value: after a NULL, the column is text
            values = pd.to_numeric(frame[c], errors="coerce")
            frame[c] = values.astype(bool) if values.notna().all() else values.astype(float)
    if info["crs"] and frame.crs is None:
        frame = frame.set_crs(info["crs"])
    return frame[columns + [frame.geometry.name]]


def _arrow_dates(path, layer, columns, info, text=()):
    """The datetime fields among `columns` when GDAL's Arrow reader gives what the classic
    reader gives (a GeoPackage with geometry, pyarrow, every datetime stored in UTC); else
    None."""
    if info.get("driver") != "GPKG" or not arrow_available() or not info["geometry_name"]:
        return None
    types = dict(zip(info["fields"], info["dtypes"]))
    dates = [c for c in columns if str(types.get(c, "")).startswith("datetime")
             and c not in text]
    if dates and not _all_utc(path, layer or info["layer_name"], dates):
        return None
    return dates


def _all_utc(path, layer, dates) -> bool:
    """Whether every stored value of these datetime fields is written in UTC ('...Z')."""
    test = " OR ".join(f"({_quote(c)} IS NOT NULL AND {_quote(c)} NOT LIKE '%Z')"
                       for c in dates)
    try:
        found = pyogrio.read_dataframe(
            path, sql=f"SELECT 1 AS found FROM {_quote(layer)} WHERE {test} LIMIT 1",
            read_geometry=False)
    except Exception:
        return False
    return len(found) == 0


def arrow_chunk_reader(path, layer, columns, info, text=()):
    """A function(batch_size) yielding pyarrow Tables of `columns` and the geometry (WKB,
    last), streamed from the file, or None where the Arrow read would not give what the
    classic reader gives (see the module's note)."""
    if _arrow_dates(path, layer, columns, info, text) is None:
        return None

    def batches(batch_size):
        import pyarrow as pa

        with pyogrio.raw.open_arrow(path, sql=_select(layer, columns, "", info, text),
                                    batch_size=batch_size, use_pyarrow=True) as (_, reader):
            for batch in reader:
                yield pa.Table.from_batches([batch])
    return batches


def wkb_points_xy(wkb) -> tuple[np.ndarray, np.ndarray]:
    """x and y of WKB points (a pyarrow binary array; NaN where null or empty). Little-endian
    2D points, what GDAL gives, are read straight from the bytes; anything else by shapely."""
    import pyarrow as pa
    import shapely

    if isinstance(wkb, pa.ChunkedArray):
        wkb = wkb.combine_chunks()
    n = len(wkb)
    if n and wkb.type in (pa.binary(), pa.large_binary()):
        valid = np.ones(n, bool) if wkb.null_count == 0 else \
            np.asarray(wkb.is_valid().to_numpy(zero_copy_only=False), bool)
        offset_type = np.int32 if wkb.type == pa.binary() else np.int64
        offsets = np.frombuffer(wkb.buffers()[1], offset_type)[wkb.offset:wkb.offset + n + 1]
        lengths = np.diff(offsets)
        if (lengths[valid] == 21).all():
            # nulls take no bytes: the points' 21-byte records follow one another
            count = int(valid.sum())
            data = np.frombuffer(wkb.buffers()[2], np.uint8)
            records = data[offsets[0]:offsets[0] + 21 * count].reshape(count, 21)
            if (records[:, 0] == 1).all() and (records[:, 1:5] == [1, 0, 0, 0]).all():
                coords = np.ascontiguousarray(records[:, 5:]).view("<f8")
                x, y = np.full(n, np.nan), np.full(n, np.nan)
                x[valid], y[valid] = coords[:, 0], coords[:, 1]
                return x, y
    geometry = shapely.from_wkb(np.asarray(wkb.to_numpy(zero_copy_only=False), dtype=object))
    kinds = shapely.get_type_id(geometry)
    other = (kinds != 0) & (kinds != -1)  # 0: point, -1: missing
    if other.any():
        names = sorted({g.geom_type for g in geometry[other][:20]})
        raise ValueError(f"{int(other.sum()):,} rows have {', '.join(names)} geometries")
    return shapely.get_x(geometry), shapely.get_y(geometry)
