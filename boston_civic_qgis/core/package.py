"""The Boston data package (data/build/boston.gpkg): where it is and how to read its layers."""
from __future__ import annotations

import hashlib
import os

import pandas as pd
import pyogrio

from ..definitions import fields as F
from .sources import InputError, read_layer, as_requests, check_areas

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def default_package() -> str:
    """$BOSTON_CIVIC_DATA, else data/build/boston.gpkg of the repository checkout."""
    return os.environ.get("BOSTON_CIVIC_DATA",
                          os.path.join(REPO_ROOT, "data", "build", "boston.gpkg"))


def require_package(path: str | None = None) -> str:
    path = path or default_package()
    if not os.path.exists(path):
        raise InputError(f"{path}: the data package is not built. Run 'make data' in the "
                         "repository, or give the requests, tracts and precincts explicitly.")
    return path


def split_source(source: str):
    """'file.gpkg|layername=tracts' (QGIS's form) -> ('file.gpkg', 'tracts')."""
    path, _, opts = source.partition("|")
    layer = None
    for opt in opts.split("|"):
        if opt.startswith("layername="):
            layer = opt.split("=", 1)[1]
    return path, layer


# what the analysis uses of a normalised requests layer
REQUEST_FIELDS = ("case_id", "opened", "closed", "type", "channel", "resident_initiated",
                  "location_status", "target", "status", "closure_reason", "closed_photo")


def _layer_of(source: str, default: str, role: str):
    """(path, layer) of an input; a file of several layers given without one: the layer
    named like the role's in the data package, else an error listing them."""
    path, layer = split_source(source)
    if layer is not None or not path.lower().endswith((".gpkg", ".sqlite", ".gdb")) or \
            not os.path.exists(path):
        return path, layer
    try:
        names = [str(n) for n, _ in pyogrio.list_layers(path)]
    except Exception:  # unreadable: read_layer says so with the file's name
        return path, layer
    if len(names) <= 1:
        return path, layer
    if default in names:
        return path, default
    raise InputError(f"{path}: has {len(names)} layers ({', '.join(names)}); say which holds "
                     f"the {role}, e.g. '{path}|layername={names[0]}'")


def read_inputs(requests=None, tracts=None, precincts=None, names=None, channels=None,
                layout=None):
    """Read the three inputs; each missing one comes from the data package.

    Each input is a path ('file.gpkg|layername=x' for a layer in a GeoPackage) or a
    GeoDataFrame already read (then `names[role]` says where it came from, for provenance).
    `channels` is a channel table (CSV) deciding which requests are resident-initiated
    (None: Boston's); `layout` a 311 column mapping (a file or a known layout's name; None:
    detected). Returns (requests, tracts, precincts, sources, notes).
    """
    given = {"requests": requests, "tracts": tracts, "precincts": precincts}
    names = dict(names or {})
    layer_names = {"requests": "requests_311", "tracts": "tracts", "precincts": "precincts"}
    pkg = None if all(v is not None for v in given.values()) else require_package()
    sources, frames, notes = {}, {}, []
    for role, value in given.items():
        if value is None:
            value = f"{pkg}|layername={layer_names[role]}"
        if isinstance(value, str):
            sources[role] = value
            is_requests = role == "requests"
            frames[role] = read_layer(
                *_layer_of(value, layer_names[role], role),
                channels=channels if is_requests else None,
                columns=REQUEST_FIELDS if is_requests else None,
                layout=layout if is_requests else None,
                text=(F.CASE_ID,) if is_requests else ())
        else:
            sources[role] = names.get(role, f"{role} (in memory)")
            frames[role] = value
    req, note = as_requests(frames["requests"], sources["requests"], channels, layout)
    notes += list(req.attrs.get("notes", [])) + ([note] if note else [])
    tr = check_areas(frames["tracts"], sources["tracts"], F.GEOID)
    pr = check_areas(frames["precincts"], sources["precincts"], F.WARD_PRECINCT)
    return req, tr, pr, sources, notes


def read_land(package: str | None = None):
    """The land of the city (the data package's neighborhoods), or None without a package."""
    path = package or default_package()
    if not os.path.exists(path) or "neighborhoods" not in [n for n, _ in
                                                           pyogrio.list_layers(path)]:
        return None
    return read_layer(path, "neighborhoods")


def provenance(sources: dict) -> pd.DataFrame:
    """Where each input came from: the data package's provenance table when it is one,
    plus the file and its sha256 for every input actually read."""
    rows = []
    for role, src in sources.items():
        path, layer = split_source(src)
        rows.append({"input": role, "path": os.path.abspath(path), "layer": layer or "",
                     "sha256": sha256_file(path) if os.path.isfile(path) else ""})
    table = pd.DataFrame(rows)
    packages = {os.path.abspath(split_source(s)[0]) for s in sources.values()}
    details = []
    for pkg in packages:
        if pkg.endswith(".gpkg") and "provenance" in [n for n, _ in pyogrio.list_layers(pkg)]:
            details.append(pyogrio.read_dataframe(pkg, layer="provenance"))
    return table, (pd.concat(details, ignore_index=True) if details else pd.DataFrame())


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
