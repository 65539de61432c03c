"""Readers and schema normalisation: raw 311 exports and area layers to the columns the core uses.

Everything here raises `InputError` naming the file, column or row, never a pandas KeyError.
"""
from __future__ import annotations

import os

import geopandas as gpd
import numpy as np
import pandas as pd

from ..definitions import fields as F
from ..definitions.channels import (
    BOSTON_RESIDENT_CHANNELS,
    BOSTON_STAFF_CHANNELS,
    FALSE_WORDS,
    TRUE_WORDS,
    ChannelTableError,
    read_channels,
)
from ..definitions.schemas import LAYOUTS, LayoutError, read_layout

WGS84 = "EPSG:4326"
# a single coordinate pair with more than this share of the requests is taken as a default
# location (Boston's City Hall fallback holds 8 % of 2011; the busiest real address 0.3 %)
DEFAULT_LOCATION_SHARE = 0.02


class InputError(ValueError):
    """Bad input, with a message that names the file, field or row and says what to do."""


def detect_layout(columns, source="input"):
    """Name of the known 311 layout whose columns are all present (case-insensitive)."""
    present = {c.lower() for c in columns}
    for name, layout in LAYOUTS.items():
        if all(c.lower() in present for c in layout["columns"]):
            return name
    known = "; ".join(f"{n}: {', '.join(l['columns'])}" for n, l in LAYOUTS.items())
    raise InputError(
        f"{source}: the columns {sorted(columns)} match no known 311 layout ({known}). "
        "Rename the columns, or give a column mapping file (--layout; see "
        "boston_civic_qgis/definitions/layouts/ for examples)."
    )


def resolve_layout(layout, columns, source):
    """A layout dict from a name, a mapping file path, or detection from the columns."""
    if isinstance(layout, dict):
        return layout
    if layout is None:
        return LAYOUTS[detect_layout(columns, source)]
    if layout in LAYOUTS:
        return LAYOUTS[layout]
    if not os.path.exists(layout):
        raise InputError(f"--layout {layout}: neither a file nor a shipped layout "
                         f"({', '.join(LAYOUTS)})")
    try:
        return read_layout(layout)
    except LayoutError as exc:
        raise InputError(str(exc)) from None


def normalise_requests(
    raw: pd.DataFrame,
    source: str = "input",
    layout=None,
    resident_channels=None,
    staff_channels=None,
    default_locations=None,
    channels_table=None,
) -> gpd.GeoDataFrame:
    """A raw 311 table (strings) -> normalised requests in EPSG:4326, one row per input row.

    `layout`: a known layout's name, a mapping file, or None to detect it. The channel table
    and default locations come from the layout unless given. Rows are kept whatever their
    quality; `location_status` says whether the point can be used (`ok`, `no_coordinates`,
    `default_location`), so that the ledger accounts for every row.
    """
    spec = resolve_layout(layout, raw.columns, source)
    by_lower = {c.lower(): c for c in raw.columns}
    wanted = {old.lower() for old in (*spec["columns"], *spec.get("optional_columns", {}))}
    twins = [c for c in raw.columns if c.lower() in wanted
             and sum(o.lower() == c.lower() for o in raw.columns) > 1]
    if twins:
        raise InputError(f"{source}: columns {twins} differ only in case, and the {spec['name']} "
                         "layout cannot tell which to read; rename or remove one")
    absent = [old for old in spec["columns"] if old.lower() not in by_lower]
    if absent:
        raise InputError(f"{source}: the mapping {spec['name']} names columns the file does "
                         f"not have: {absent}; it has {list(raw.columns)}")
    df = pd.DataFrame({new: raw[by_lower[old.lower()]] for old, new in spec["columns"].items()})
    for old, new in spec.get("optional_columns", {}).items():
        if old.lower() in by_lower and new not in df:
            df[new] = raw[by_lower[old.lower()]]
    from_file = set(df.columns)
    for optional in ("closed", "type", "target", "status", "closure_reason", "closed_photo"):
        if optional not in df:
            df[optional] = None
    notes = list(raw.attrs.get("notes", []))
    if resident_channels is None and spec.get("channels"):
        resident_channels, staff_channels = read_channels(spec["channels"])
    if "channel" not in df:
        df["channel"] = "unknown"
        resident_channels, staff_channels = frozenset({"unknown"}), frozenset()
        notes.append(f"{source}: the {spec['name']} layout has no channel: every request is "
                     "taken as resident-initiated")
    elif resident_channels is None:
        resident_channels, staff_channels = BOSTON_RESIDENT_CHANNELS, BOSTON_STAFF_CHANNELS
    staff_channels = staff_channels or frozenset()
    if default_locations is None:
        default_locations = [tuple(p) for p in spec.get("default_locations", [])]

    channel = df["channel"].fillna("").astype(str).str.strip()
    unknown = sorted(set(channel) - set(resident_channels) - set(staff_channels))
    if unknown:
        counts = channel[channel.isin(unknown)].value_counts()
        listing = ", ".join(f"{k!r} ({v} rows)" for k, v in counts.items())
        table = channels_table or spec.get("channels") or "the channel table"
        raise InputError(
            f"{source}: column '{_source_column(spec, 'channel')}' has channels that are neither "
            f"resident- nor staff-initiated in {table}: {listing}. Add them to the table."
        )
    lat_col, lon_col = _source_column(spec, "latitude"), _source_column(spec, "longitude")
    lat, bad_lat = _numeric(df["latitude"], source, lat_col)
    lon, bad_lon = _numeric(df["longitude"], source, lon_col)
    if (lat.abs() > 90).mean() > 0.5:
        raise InputError(
            f"{source}: columns '{_source_column(spec, 'latitude')}' and "
            f"'{_source_column(spec, 'longitude')}' look swapped (latitudes from "
            f"{lat.min():g} to {lat.max():g} are not possible); swap them and run again")
    has_xy = lat.notna() & lon.notna() & ~((lat == 0) & (lon == 0))
    on_default = pd.Series(False, index=df.index)
    for dlat, dlon in default_locations:
        # published coordinates are rounded to 4 decimals: compare within half a unit of that
        on_default |= has_xy & ((lat - dlat).abs() < 5e-5) & ((lon - dlon).abs() < 5e-5)
    # any single point holding an implausible share of the requests is a geocoder's fallback
    pairs = (lat.round(4).astype(str) + "," + lon.round(4).astype(str)).where(has_xy)
    shares = pairs.value_counts(normalize=True)
    piles = shares[(shares > DEFAULT_LOCATION_SHARE) & (pairs.value_counts() >= 20)]
    new_piles = piles[~piles.index.isin(pairs[on_default].unique())]
    on_default |= pairs.isin(piles.index)
    for where, share in new_piles.items():
        notes.append(f"{source}: {share:.1%} of the requests sit on one point ({where}, "
                     f"latitude,longitude): taken as a geocoder's default location and not "
                     "counted; check that point on a map")
    # a few coordinates that are not numbers or not on Earth: those rows are "invalid"
    invalid = bad_lat | bad_lon | (lat.abs() > 90) | (lon.abs() > 180)
    has_xy &= ~invalid
    status = np.where(invalid, F.LEDGER_INVALID,
                      np.where(~has_xy, F.LEDGER_NO_COORDINATES,
                               np.where(on_default, F.LEDGER_DEFAULT_LOCATION, "ok")))

    geometry = gpd.points_from_xy(lon.where(has_xy), lat.where(has_xy), crs=WGS84)
    opened = _timestamps(df["opened"], spec["timezone"], notes,
                         f"{source}: opening dates in column '{_source_column(spec, 'opened')}'")
    unreadable = opened.isna() & df["opened"].notna()
    out = gpd.GeoDataFrame(
        {
            # blank ids stay missing: they are not the same request as each other
            F.CASE_ID: df["case_id"].astype("string").str.strip().replace("", pd.NA),
            F.OPENED: opened,
            F.CLOSED: _timestamps(df["closed"], spec["timezone"]),
            F.TYPE: df["type"].astype("string").str.strip(),
            "target": _timestamps(df["target"], spec["timezone"]),
            "status": df["status"].astype("string").str.strip(),
            "closure_reason": df["closure_reason"].astype("string").str.strip(),
            # a photo is a URL or file name in the export, empty when none was taken;
            # unknown (NA) when the export has no photo column
            "closed_photo": (df["closed_photo"].astype("string").str.strip().fillna("").ne("")
                             if "closed_photo" in from_file
                             else pd.Series(pd.NA, index=df.index, dtype="boolean")),
            F.CHANNEL: channel,
            F.RESIDENT_INITIATED: channel.isin(resident_channels).to_numpy(),
            F.LOCATION_STATUS: status,
        },
        geometry=geometry,
        crs=WGS84,
    )
    if invalid.any():
        first = int(np.flatnonzero(invalid.to_numpy())[0]) + 2
        notes.append(f"{source}: {int(invalid.sum())} rows have coordinates that are not "
                     f"numbers or not on Earth (columns '{lat_col}', '{lon_col}'; first at line "
                     f"{first}): counted as invalid")
    out.attrs["notes"] = notes
    out.attrs["layout"] = spec["name"]
    out.attrs["channels"] = spec.get("channels") or "none (every request resident-initiated)"
    out.attrs["local_timezone"] = spec.get("local_timezone") or spec["timezone"]
    if unreadable.any():
        first = int(np.flatnonzero(unreadable.to_numpy())[0]) + 2
        out.attrs["notes"] += [
            f"{source}: {int(unreadable.sum())} opening dates in column "
            f"'{_source_column(spec, 'opened')}' could not be read (first at line {first}: "
            f"{df['opened'][unreadable].iloc[0]!r}); those rows are counted, without a date"]
    return out


def read_raw_requests(path: str, layout: str | None = None, **kwargs) -> gpd.GeoDataFrame:
    """Read a 311 CSV export (plain or zipped, one CSV inside) and normalise it."""
    if not os.path.exists(path):
        raise InputError(f"{path}: file not found")
    return normalise_requests(read_csv_text(path), source=path, layout=layout, **kwargs)


def read_parquet(path: str, layout=None, channels=None) -> gpd.GeoDataFrame:
    """A GeoParquet layer, or a Parquet table of a 311 export (normalised like a CSV)."""
    if not os.path.exists(path):
        raise InputError(f"{path}: file not found")
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f"{path}: reading Parquet needs the Python package pyarrow") from None
    try:
        meta = pq.read_schema(path).metadata or {}
        if b"geo" in meta:
            return gpd.read_parquet(path)
        raw = pd.read_parquet(path)
    except Exception as exc:  # pyarrow's errors name neither the file nor the fix
        raise InputError(f"{path}: cannot be read as Parquet: {exc}") from None
    raw = raw.astype("string").astype(object).where(raw.notna(), None)
    if len(raw) == 0:
        raise InputError(f"{path}: the table has no rows")
    return normalise_requests(raw, source=path, layout=layout, **channel_sets(channels))


def read_csv_text(path: str) -> pd.DataFrame:
    """A CSV (plain, .gz, or a .zip holding one CSV) as text columns, with errors that name
    the file. UTF-8 (with or without BOM) first; Windows-1252, which many exports use, next."""
    encodings = ("utf-8-sig", "cp1252")
    if not path.lower().endswith((".zip", ".gz")):
        with open(path, "rb") as f:
            if f.read(2) in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode text"
                encodings = ("utf-16",)
    for encoding in encodings:
        try:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""],
                              encoding=encoding)
            break
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError:
            raise InputError(f"{path}: the file is empty (no header line)") from None
        except (pd.errors.ParserError, ValueError) as exc:
            raise InputError(f"{path}: cannot be read as a CSV file: {exc}") from None
    else:
        raise InputError(f"{path}: neither UTF-8 nor Windows-1252 text; save it as UTF-8")
    if len(raw.columns) == 0:
        raise InputError(f"{path}: the file is empty (no header line)")
    if len(raw) == 0:
        raise InputError(f"{path}: the file has a header but no rows")
    lines = _line_count(path)
    if lines is not None and lines - 1 > len(raw):
        # quoted fields may hold line breaks; a stray quote swallows the rows up to the next
        raw.attrs["notes"] = [
            f"{path}: {lines - 1:,} lines after the header were read as {len(raw):,} rows: "
            "some fields span several lines (quoted line breaks, or a stray quote that joins "
            "rows); the ledger counts the rows"]
    return raw


def _line_count(path: str):
    """Lines of a plain CSV (None for zipped or compressed files)."""
    if path.lower().endswith((".zip", ".gz")):
        return None
    with open(path, "rb") as f:
        count = sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b""))
        f.seek(-1, os.SEEK_END)
        return count + (f.read(1) != b"\n")


def normalise_geoid(values: pd.Series) -> pd.Series:
    """Census tract ids as 11-character text: '1400000US25025000101', 25025000101 and
    25025000101.0 all become '25025000101'."""
    text = values.astype("string").str.strip()
    text = text.str.replace(r"^1400000US", "", regex=True).str.replace(r"\.0+$", "", regex=True)
    return text.where(~text.str.fullmatch(r"\d{1,11}").fillna(False), text.str.zfill(11))


def normalise_ward_precinct(values: pd.Series) -> pd.Series:
    """Boston precinct ids in the Analyze Boston form: '0502A' from '0502A', '502A', '5-2A',
    '5-2.5' (2.5 is how one file codes 2A), 'Ward 5 Precinct 2A', '05-02'."""
    import re

    def one(v):
        if v is None or v is pd.NA:
            return v
        s = str(v).strip().upper()
        m = re.fullmatch(r"(?:WARD\s*)?(\d{1,2})\s*(?:[-/ ]|\s*PRECINCT\s*|\s*PCT\.?\s*)"
                         r"\s*(\d{1,2})(?:\.5|([A-Z]))?", s)
        if m is None:
            m4 = re.fullmatch(r"(\d{2})(\d{2})([A-Z]?)", s) or re.fullmatch(
                r"(\d)(\d{2})([A-Z]?)", s)
            if m4 is None:
                return s
            return f"{int(m4.group(1)):02d}{int(m4.group(2)):02d}{m4.group(3)}"
        letter = "A" if s.endswith(".5") else (m.group(3) or "")
        return f"{int(m.group(1)):02d}{int(m.group(2)):02d}{letter}"
    return values.map(one).astype("string")


def check_areas(gdf: gpd.GeoDataFrame, name: str, id_field: str, required=()) -> gpd.GeoDataFrame:
    """The area layer checked and cleaned: polygons with a CRS, unique non-empty ids in their
    normal form, repaired geometries, and the `required` fields as numbers (see
    area_numbers). What was changed is said in `attrs["notes"]`."""
    missing = [c for c in (id_field, *required) if c not in gdf.columns]
    if missing:
        raise InputError(f"{name}: missing fields {missing}; it has {list(gdf.columns)}")
    if len(gdf) == 0:
        raise InputError(f"{name}: the layer has no features")
    kinds = set(gdf.geometry.dropna().geom_type) - {"Polygon", "MultiPolygon"}
    if kinds:
        raise InputError(f"{name}: areas must be polygons, but the layer holds "
                         f"{', '.join(sorted(kinds))} geometries; is it the right layer?")
    no_id = gdf[id_field].isna() | gdf[id_field].astype(str).str.strip().isin(["", "nan", "None"])
    if no_id.any():
        rows = (np.flatnonzero(no_id.to_numpy())[:10] + 1).tolist()
        raise InputError(f"{name}: {int(no_id.sum())} features have no '{id_field}' (features "
                         f"{rows}, counting from 1); give every area an id")
    if gdf.crs is None:
        raise InputError(f"{name}: the layer has no CRS; assign one (e.g. EPSG:2249) first")
    if gdf.crs.is_geographic:
        x0, y0, x1, y1 = gdf.total_bounds
        if max(abs(x0), abs(x1)) > 180 or max(abs(y0), abs(y1)) > 90:
            raise InputError(
                f"{name}: the layer declares {gdf.crs.to_string()} (degrees) but its "
                f"coordinates run from {x0:,.0f} to {x1:,.0f} and {y0:,.0f} to {y1:,.0f}: they "
                "are projected. Assign the CRS they are in (for Boston's files, EPSG:2249, "
                "NAD83 / Massachusetts Mainland, US feet).")
    gdf = gdf.copy()
    if id_field == F.GEOID:
        gdf[id_field] = normalise_geoid(gdf[id_field])
    elif id_field == F.WARD_PRECINCT:
        gdf[id_field] = normalise_ward_precinct(gdf[id_field])
    gdf[id_field] = gdf[id_field].astype(str)
    dup = gdf[id_field][gdf[id_field].duplicated()]
    if len(dup):
        raise InputError(f"{name}: field '{id_field}' is not unique: {sorted(set(dup))[:10]}")
    nulls = gdf.geometry.isna() | gdf.geometry.is_empty
    if nulls.any():
        raise InputError(
            f"{name}: {int(nulls.sum())} features without geometry "
            f"({id_field} {gdf.loc[nulls, id_field].tolist()[:10]})"
        )
    notes = []
    invalid = ~gdf.geometry.is_valid
    if invalid.any():
        gdf.loc[invalid, "geometry"] = gdf.geometry[invalid].make_valid()
        notes.append(f"{name}: {int(invalid.sum())} invalid polygons repaired ({id_field} "
                     f"{gdf.loc[invalid, id_field].tolist()[:5]})")
    for field in required:
        gdf[field], note = area_numbers(gdf[field], name, field, gdf[id_field])
        notes += [note] if note else []
    gdf.attrs["notes"] = notes
    return gdf


# how census and election tables write "no figure"
NO_FIGURE = {"", "-", "--", "*", "**", "***", "n/a", "na", "nan", "none", "null", "(x)", "x"}


def read_figures(values: pd.Series):
    """Census figures as written -> (numbers, top-coded flag): "12,345" is 12345, "250,000+"
    is 250000 and flagged; marks of no figure ("-", "**", "N") are NaN."""
    text = values.fillna("").astype(str).str.strip()
    topcoded = text.str.endswith("+")
    numbers = pd.to_numeric(text.str.replace(",", "", regex=False).str.rstrip("+"),
                            errors="coerce")
    return numbers, topcoded


def area_numbers(values: pd.Series, name: str, field: str, ids: pd.Series):
    """An area field as numbers, and a note of what was read as missing (or None).

    Text numbers are read ("12,345"; "250,000+" as 250,000, top-coded); the census's marks of
    no figure ("-", "**", "N/A") and negative codes (ACS writes -666666666) become missing. A
    field mostly of other text is an error naming it."""
    said = []
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        out = values.astype(float)
    else:
        text = values.astype("string").str.strip()
        blank = values.isna() | text.str.lower().isin(NO_FIGURE).fillna(True)
        out, top = read_figures(values.where(~blank))
        bad = out.isna() & ~blank
        if bad.sum() > 0.5 * (~blank).sum() and bad.any():
            raise InputError(
                f"{name}: field '{field}' is not numbers ({int(bad.sum())} of "
                f"{int((~blank).sum())} values, e.g. {text[bad].head(3).tolist()}); choose "
                "the field that holds the figures")
        if bad.any():
            said.append(f"{int(bad.sum())} unreadable (e.g. {text[bad].iloc[0]!r} at "
                        f"{ids[bad].iloc[0]})")
        if top.any():
            said.append(f"{int(top.sum())} top-coded values such as {text[top].iloc[0]!r} "
                        "read as their bound")
    negative = out < 0
    if negative.any():
        said.append(f"{int(negative.sum())} negative codes (no estimate) read as missing")
        out = out.where(~negative)
    note = f"{name}: field '{field}': {'; '.join(said)}" if said else None
    return out, note


def read_layer(path, layer=None, channels: str | None = None,
               columns=None, layout=None, text=()) -> gpd.GeoDataFrame:
    """A vector layer (any format GDAL reads), or a raw 311 CSV export (plain or zipped),
    normalised with the channel table `channels` (None: Boston's). `columns`: read only
    these fields, when the layer has them all (reading fewer fields is much faster); `text`:
    fields read as text whatever their type (identifiers)."""
    if path.lower().endswith((".csv", ".zip", ".csv.gz", ".gz")) and not path.startswith("zip://"):
        return read_raw_requests(path, layout=layout, **channel_sets(channels))
    if path.lower().endswith((".parquet", ".geoparquet")):
        return read_parquet(path, layout, channels)
    if not os.path.exists(path.split("!")[0].removeprefix("zip://")):
        raise InputError(f"{path}: file not found")
    try:
        import pyogrio

        from .reader import read_vector

        info = pyogrio.read_info(path, layer=layer)
        # only `columns` when the layer has them all; else all: it may be a raw export
        wanted = columns if columns is not None and set(columns) <= set(info["fields"]) \
            else None
        return read_vector(path, layer, wanted, info=info,
                           text=[t for t in text if t in set(info["fields"])])
    except Exception as exc:  # pyogrio's errors name neither the file nor the layer
        raise InputError(f"{_name(path, layer)}: cannot be read as a vector layer: {exc}") from exc


def _name(path, layer):
    return f"{path} (layer {layer})" if layer else path


def _source_column(spec, new):
    return next(old for old, n in spec["columns"].items() if n == new)


def _numeric(values: pd.Series, source: str, column: str):
    """Numbers, and the mask of values that are not; most of them not numbers is an error."""
    out = pd.to_numeric(values, errors="coerce")
    bad = values.notna() & values.astype(str).str.strip().ne("") & out.isna()
    if bad.mean() > 0.5:
        rows = (bad[bad].index[:5] + 2).tolist()  # +2: header line and 1-based lines
        raise InputError(
            f"{source}: column '{column}' has {int(bad.sum())} values that are not numbers "
            f"(first at lines {rows}: {values[bad].head(3).tolist()}); is it the right column?"
        )
    return out, bad


def _timestamps(values: pd.Series, timezone: str, notes: list | None = None,
                what: str = "dates") -> pd.Series:
    """Parse to UTC-aware timestamps, row by row as each is written.

    A time with its own offset (Z, -04:00) is converted as it says; one without is local time
    in the city's time zone, even in a column where other rows carry offsets. Dates written
    a/b/yyyy are day-first when some a is over 12 and no b is, month-first (US) otherwise; a
    column mixing both, or ISO and slashed dates, gets a note in `notes`.
    """
    text = values.astype("string").str.strip()
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    offset = text.str.contains(r"(?:Z|[+-]\d\d:?\d\d)$", regex=True).fillna(False).to_numpy()
    if offset.any():
        out[offset] = pd.to_datetime(text[offset], errors="coerce", format="mixed", utc=True)
    local = text[~offset]
    slashed = local.str.extract(r"^(\d{1,2})/(\d{1,2})/\d{2,4}\b").astype(float)
    is_slashed = slashed[0].notna().to_numpy()
    parsed = pd.Series(pd.NaT, index=local.index, dtype="datetime64[ns]")
    # each way of writing (digits aside) is one format: its own rows tell its day order
    shape = pd.Series("other", index=local.index, dtype=object)
    shape[is_slashed] = local[is_slashed].str.replace(r"\d+", "9", regex=True)
    order = {"day/month/year": 0, "month/day/year": 0, "either": 0}
    for key, rows in shape.groupby(shape, sort=False).groups.items():
        a, b = slashed[0][rows], slashed[1][rows]
        dayfirst = key != "other" and bool((a > 12).any() and not (b > 12).any())
        if key != "other":
            both = bool((a > 12).any() and (b > 12).any())
            order["either" if both else "day/month/year" if dayfirst
                  else "month/day/year"] += len(rows)
        got = pd.to_datetime(local[rows], errors="coerce", format="mixed", dayfirst=dayfirst)
        if getattr(got.dt, "tz", None) is not None:
            got = got.dt.tz_localize(None)
        parsed[rows] = got
    if len(parsed):
        # the repeated hour when clocks go back: read as the first (daylight) occurrence
        parsed = parsed.dt.tz_localize(timezone, ambiguous=np.ones(len(parsed), dtype=bool),
                                       nonexistent="shift_forward")
        out[~offset] = parsed.dt.tz_convert("UTC")
    if notes is not None:
        written = {"with their own UTC offset": int(offset.sum()),
                   "in other forms (ISO and the like)": int((~is_slashed).sum()),
                   "day/month/year (some days over 12 come first)": order["day/month/year"],
                   "month/day/year (US)": order["month/day/year"],
                   "slashed with days over 12 in either place, read month first":
                       order["either"]}
        kinds = {k: n for k, n in written.items() if n}
        if len(kinds) > 1 or order["either"]:
            notes.append(f"{what} are written in several ways: " + "; ".join(
                f"{n:,} {k}" for k, n in kinds.items()) + f". Those without an offset are "
                f"read as local time ({timezone}): check them")
    return out


NORMALISED = (F.CASE_ID, F.OPENED, F.CLOSED, F.TYPE, F.CHANNEL, F.RESIDENT_INITIATED,
              F.LOCATION_STATUS)
LOCATION_STATUSES = ("ok", F.LEDGER_NO_COORDINATES, F.LEDGER_DEFAULT_LOCATION, F.LEDGER_INVALID)


def reclassify_channels(requests: gpd.GeoDataFrame, channels_csv: str, source="requests"):
    """Set `resident_initiated` from a channel table (definitions/channels.csv is Boston's)."""
    try:
        resident, staff = read_channels(channels_csv)
    except (OSError, ChannelTableError) as exc:
        raise InputError(str(exc)) from None
    channel = requests[F.CHANNEL].fillna("").astype(str).str.strip()
    unknown = channel[~channel.isin(resident | staff)].value_counts()
    if len(unknown):
        listing = ", ".join(f"{k!r} ({v} rows)" for k, v in unknown.items())
        raise InputError(f"{source}: channels not in {channels_csv}: {listing}. Add them to "
                         "the table as resident-initiated or not.")
    out = requests.copy()
    out[F.RESIDENT_INITIATED] = channel.isin(resident).to_numpy()
    return out


def id_text(ids: pd.Series) -> pd.Series:
    """Identifiers as text; whole numbers stored as floats (an integer column with NULLs)
    without a trailing '.0'. NULL stays NULL."""
    if not pd.api.types.is_float_dtype(ids):
        return ids
    out = ids.astype(object).where(ids.notna(), None)
    whole = ids.notna() & (ids == np.floor(ids))
    out[whole] = ids[whole].astype("int64").astype(str)
    out[ids.notna() & ~whole] = ids[ids.notna() & ~whole].astype(str)
    return out


def parse_flags(values: pd.Series, source: str, field: str) -> pd.Series:
    """Booleans stored as booleans, 0/1 or words; anything else is an error naming it."""
    if pd.api.types.is_bool_dtype(values) and not values.isna().any():
        return values.astype(bool)
    if pd.api.types.is_numeric_dtype(values) and values.isin([0, 1]).all():
        return (values == 1).to_numpy()  # 0/1, as GeoPackages store booleans
    shown = values
    if pd.api.types.is_numeric_dtype(values):  # 1.0/0.0 (a boolean field with NULLs)
        text = shown = values.map(lambda v: None if pd.isna(v) else f"{v:g}").astype("string")
    else:
        text = values.astype("string").str.strip().str.lower()
    bad = text.notna() & ~text.isin(TRUE_WORDS | FALSE_WORDS)
    if bad.any() or text.isna().any():
        examples = sorted(set(shown[bad].astype(str)))[:5]
        said = [f"{examples} in {int(bad.sum()):,} rows"] if bad.any() else []
        said += [f"NULL in {int(text.isna().sum()):,} rows"] if text.isna().any() else []
        raise InputError(f"{source}: field '{field}' must be true/false (or 1/0); found "
                         f"{' and '.join(said)}")
    return text.isin(TRUE_WORDS).to_numpy()


def channel_sets(channels_csv: str | None):
    """{resident_channels, staff_channels} keyword arguments of a channel table (None: Boston)."""
    if channels_csv is None:
        return {}
    try:
        resident, staff = read_channels(channels_csv)
    except (OSError, ChannelTableError) as exc:
        raise InputError(str(exc)) from None
    return {"resident_channels": resident, "staff_channels": staff,
            "channels_table": channels_csv}


def as_requests(gdf: gpd.GeoDataFrame, source: str = "requests", channels: str | None = None,
                layout=None):
    """Any point table -> normalised requests, and a note of what was assumed (or "").

    A normalised layer is used as it is; a known 311 layout is normalised; any other point
    layer is taken as resident-initiated requests, placed where its geometry is.
    """
    if isinstance(gdf, gpd.GeoDataFrame) and gdf.geometry.name in gdf.columns:
        kinds = set(gdf.geometry.dropna().geom_type) - {"Point"}
        if kinds:
            raise InputError(f"{source}: requests must be points; this layer has "
                             f"{', '.join(sorted(kinds))} geometries")
    if len(gdf) == 0:
        raise InputError(f"{source}: the layer has no rows")
    # a shapefile keeps 10 characters of a field name
    gdf = gdf.rename(columns={f[:10]: f for f in NORMALISED if f[:10] in gdf.columns
                              and f not in gdf.columns})
    if {F.RESIDENT_INITIATED, F.LOCATION_STATUS} <= set(gdf.columns):
        if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry.name not in gdf.columns:
            raise InputError(f"{source}: the layer has no geometry; requests must be points")
        out = gdf.copy()
        if F.CASE_ID in out.columns:
            out[F.CASE_ID] = id_text(out[F.CASE_ID])
        out[F.RESIDENT_INITIATED] = parse_flags(out[F.RESIDENT_INITIATED], source,
                                                F.RESIDENT_INITIATED)
        bad = sorted(set(out[F.LOCATION_STATUS].dropna()) - set(LOCATION_STATUSES))
        if bad or out[F.LOCATION_STATUS].isna().any():
            raise InputError(f"{source}: field '{F.LOCATION_STATUS}' must be one of "
                             f"{LOCATION_STATUSES}; found {bad or ['NULL']}")
        if channels is not None:
            out = reclassify_channels(out, channels, source)
        note = ""
        if ".shp" in str(source).lower() and F.OPENED in out.columns:
            note = (f"{source}: a shapefile keeps dates without their time of day, so opening "
                    "times are midnight and a period may shift by a day; a GeoPackage keeps "
                    "them")
        return out, note
    if layout is None:
        try:
            layout = detect_layout(gdf.columns, source)
        except InputError:
            layout = None
    if layout is not None:
        raw = pd.DataFrame(gdf.drop(columns=gdf.geometry.name, errors="ignore")).astype(
            object).where(lambda d: d.notna(), None)
        raw = raw.apply(lambda c: c.map(lambda v: None if v is None else str(v)))
        return normalise_requests(raw, source=source, layout=layout,
                                  **channel_sets(channels)), \
            f"{source}: read as the {layout} 311 layout"
    if gdf.crs is None or gdf.geometry is None:
        raise InputError(f"{source}: not a point layer with a CRS, and its columns match no "
                         "311 layout")
    out = gdf.copy()
    empty = out.geometry.isna() | out.geometry.is_empty
    out[F.RESIDENT_INITIATED] = True
    out[F.LOCATION_STATUS] = np.where(empty, F.LEDGER_NO_COORDINATES, "ok")
    undated = [f for f in (F.OPENED, F.CLOSED) if f not in out.columns]
    for f in undated:  # no times: no period, no service measures, but the counts stand
        out[f] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns, UTC]")
    for f, value in ((F.TYPE, pd.NA), (F.CASE_ID, pd.NA), (F.CHANNEL, "unknown")):
        if f not in out.columns:
            out[f] = pd.Series(value, index=out.index, dtype="string")
    return out, (f"{source}: no '{F.RESIDENT_INITIATED}' field, so every one of its {len(out)} "
                 "points is counted as a resident-initiated request" + (
                     f"; no {' or '.join(repr(f) for f in undated)} field, so no period and no "
                     "times to close" if undated else ""))
