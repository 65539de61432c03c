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


# every file a run may write, relative to its output folder (an input there is refused)
KNOWN_OUTPUTS = ("boston_civic.gpkg", "boston_civic.qgz", "regressions.csv", "report.html",
                 "request_density.tif", "request_density.qml", "request_density.tif.aux.xml",
                 "report.pdf", "maps/*.png", "maps/*.pdf", "maps/*.svg", "figures/*.png",
                 "figures/*.svg")


# the files the last run in a folder wrote, relative to it: only those are ever removed
MANIFEST = ".boston_civic_outputs.json"


def remove_stale(out_dir: str, written: dict) -> list:
    """Remove the files the previous run in `out_dir` wrote (as its manifest lists them) that
    this run did not rewrite, so that an output folder never mixes two runs; then record this
    run's files. A file the tool did not write is never removed, whatever its name."""
    import json

    folder = os.path.realpath(out_dir)
    fresh = set()
    for value in written.values():
        for path in value if isinstance(value, list) else [value]:
            if isinstance(path, str) and os.path.exists(path):
                fresh.add(os.path.realpath(path))
    manifest = os.path.join(out_dir, MANIFEST)
    try:
        with open(manifest, encoding="utf-8") as f:
            previous = json.load(f)
    except (OSError, ValueError):
        previous = []  # no earlier run of this tool here (or an unreadable record): keep all
    removed = []
    for rel in previous if isinstance(previous, list) else []:
        path = os.path.realpath(os.path.join(folder, str(rel)))
        if path.startswith(folder + os.sep) and path not in fresh and os.path.isfile(path):
            os.remove(path)
            removed.append(path)
    ours = sorted(os.path.relpath(p, folder) for p in fresh if p.startswith(folder + os.sep))
    with atomic_path(manifest) as tmp:
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(ours, f, indent=0)
    return removed
