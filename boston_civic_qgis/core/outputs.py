"""Writing outputs safely: a file appears whole or not at all, and inputs are never written."""
from __future__ import annotations

import contextlib
import os
import tempfile


@contextlib.contextmanager
def atomic_path(path: str):
    """Yield a temporary path beside `path`; on success it replaces `path` in one rename."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    os.makedirs(folder, exist_ok=True)
    base, ext = os.path.splitext(os.path.basename(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{base}.", suffix=ext, dir=folder)
    os.close(fd)
    os.remove(tmp)  # GDAL wants to create the file itself
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def refuse_to_overwrite_inputs(out_dir: str, inputs) -> None:
    """Raise if an input (a path, or 'path|layername=x') is a file that a run writing to
    `out_dir` may replace or remove as stale (KNOWN_OUTPUTS)."""
    import fnmatch

    folder = os.path.realpath(out_dir)
    for given in inputs:
        if not isinstance(given, str) or not given:
            continue
        path = os.path.realpath(given.split("|")[0].removeprefix("zip://").split("!")[0])
        rel = os.path.relpath(path, folder).replace(os.sep, "/")
        if any(fnmatch.fnmatch(rel, pattern) for pattern in KNOWN_OUTPUTS):
            raise ValueError(f"{given}: this input is in the output folder {out_dir}, where the "
                             f"run writes {rel}; choose another output folder (or move the "
                             "input)")


# every file a run may write, relative to its output folder
KNOWN_OUTPUTS = ("boston_civic.gpkg", "boston_civic.qgz", "regressions.csv", "report.html",
                 "request_density.tif", "request_density.qml", "request_density.tif.aux.xml",
                 "report.pdf", "maps/*.png", "maps/*.pdf", "figures/*.png",
                 "figures/*.svg")


def remove_stale(out_dir: str, written: dict) -> list:
    """Remove the files an earlier run wrote that this run did not rewrite (its own outputs
    only, by name), so that an output folder never mixes two runs."""
    import glob

    fresh = set()
    for value in written.values():
        for path in value if isinstance(value, list) else [value]:
            if isinstance(path, str):
                fresh.add(os.path.realpath(path))
    removed = []
    for pattern in KNOWN_OUTPUTS:
        for path in glob.glob(os.path.join(out_dir, pattern)):
            if os.path.realpath(path) not in fresh:
                os.remove(path)
                removed.append(path)
    return removed
