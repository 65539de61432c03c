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


def refuse_to_overwrite_inputs(outputs, inputs):
    """Raise if an output path is one of the inputs."""
    ins = {os.path.realpath(p.split("|")[0]) for p in inputs if p}
    for out in outputs:
        if os.path.realpath(out) in ins:
            raise ValueError(f"{out}: the output would overwrite an input; choose another path")
