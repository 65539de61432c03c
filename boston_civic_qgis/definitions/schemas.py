"""Known 311 export layouts, one JSON file each in layouts/: source column -> normalised name,
time zone, channel table and default locations. A user's own mapping file has the same form.

A layout is recognised when all its columns are present (compared case-insensitively).
"""
import json
import os
import zoneinfo

LAYOUTS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "layouts")
REQUIRED = ("case_id", "opened", "latitude", "longitude")
OPTIONAL = ("closed", "type", "channel")
# read when present (a layout is recognised without them): what service measures use
SERVICE = ("target", "status", "closure_reason", "closed_photo")


class LayoutError(ValueError):
    """A mapping file that cannot be used, naming the file and what is wrong."""


def read_layout(path: str) -> dict:
    """A layout file, checked; its channel table path made absolute."""
    try:
        with open(path, encoding="utf-8") as f:
            layout = json.load(f)
    except (OSError, json.JSONDecodeError) as exc:
        known = ", ".join(sorted(n[:-5] for n in os.listdir(LAYOUTS_DIR) if n.endswith(".json")))
        raise LayoutError(f"{path}: not a readable JSON mapping ({exc}); the shipped layouts "
                          f"are {known}") from None
    if not isinstance(layout, dict):
        raise LayoutError(f"{path}: a mapping is a JSON object with 'columns', not a "
                          f"{type(layout).__name__}")
    columns = layout.get("columns")
    if not isinstance(columns, dict):
        raise LayoutError(f"{path}: needs 'columns': {{source column: normalised name}}")
    doubled = sorted({t for t in columns.values() if list(columns.values()).count(t) > 1})
    if doubled:
        raise LayoutError(f"{path}: several columns map to {doubled}; map one column to each")
    targets = set(columns.values())
    missing = [c for c in REQUIRED if c not in targets]
    unknown = sorted(targets - set(REQUIRED) - set(OPTIONAL))
    if missing or unknown:
        raise LayoutError(f"{path}: 'columns' must map to {REQUIRED} (and optionally "
                          f"{OPTIONAL}); missing {missing}, unknown {unknown}")
    extra = layout.setdefault("optional_columns", {})
    if not isinstance(extra, dict):
        raise LayoutError(f"{path}: 'optional_columns' must be an object {{column: name}}")
    bad = sorted(set(extra.values()) - set(OPTIONAL) - set(SERVICE))
    if bad:
        raise LayoutError(f"{path}: 'optional_columns' may map to {OPTIONAL + SERVICE}; "
                          f"not {bad}")
    layout.setdefault("timezone", "UTC")
    for key in ("timezone", "local_timezone"):
        if key in layout:
            try:
                zoneinfo.ZoneInfo(layout[key])
            except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
                raise LayoutError(f"{path}: {key} {layout[key]!r} is not a time zone name "
                                  "(e.g. America/New_York, UTC)") from None
    points = layout.setdefault("default_locations", [])
    if not isinstance(points, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(v, (int, float)) for v in p)
            for p in points):
        raise LayoutError(f"{path}: 'default_locations' must be a list of [latitude, "
                          "longitude] pairs")
    if layout.get("channels"):
        layout["channels"] = os.path.normpath(os.path.join(os.path.dirname(path),
                                                           layout["channels"]))
        if not os.path.exists(layout["channels"]):
            raise LayoutError(f"{path}: its channel table {layout['channels']} does not exist")
    layout["name"] = layout.get("name") or os.path.splitext(os.path.basename(path))[0]
    layout["path"] = path
    return layout


LAYOUTS = {os.path.splitext(n)[0]: read_layout(os.path.join(LAYOUTS_DIR, n))
           for n in sorted(os.listdir(LAYOUTS_DIR)) if n.endswith(".json")}
