"""A headless QGIS application for the command line and scripts (not needed inside QGIS)."""
from __future__ import annotations

import os
import sys

_APP = None


def start_qgis():
    """Start QGIS once per process (offscreen), with the native Processing algorithms."""
    global _APP
    from qgis.core import QgsApplication

    if QgsApplication.instance() is not None and _APP is None:
        return QgsApplication.instance()  # inside QGIS or a test harness: use what runs
    if _APP is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        if not os.environ.get("XDG_RUNTIME_DIR"):  # Qt warns on every start without one
            runtime = os.path.join("/tmp", f"runtime-{os.getuid()}")
            os.makedirs(runtime, mode=0o700, exist_ok=True)
            os.environ["XDG_RUNTIME_DIR"] = runtime
        # QGIS turns GeoPackages it opens for update into WAL mode; other connections of the
        # same process then failed with "unable to open database file" and maps came out empty.
        os.environ.setdefault("OGR_SQLITE_JOURNAL", "DELETE")
        QgsApplication.setPrefixPath("/usr", True)
        _APP = QgsApplication([], False)
        _APP.initQgis()
        from qgis.analysis import QgsNativeAlgorithms

        QgsApplication.processingRegistry().addProvider(QgsNativeAlgorithms())
        # QGIS's own `processing` package (a regular package: it wins over the repository's
        # processing/ folder of models, which is no package)
        plugins = os.path.join(QgsApplication.pkgDataPath(), "python", "plugins")
        if plugins not in sys.path:
            sys.path.append(plugins)
    return _APP
