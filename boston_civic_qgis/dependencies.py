"""The Python packages the plugin needs inside QGIS, and how to install the missing ones.

Imports no QGIS and none of the packages it checks (find_spec only), so the plugin can load and
say what is missing instead of failing with an ImportError.
"""
from __future__ import annotations

import importlib.util

# import name -> pip name
REQUIRED = {
    "numpy": "numpy", "pandas": "pandas", "shapely": "shapely", "pyproj": "pyproj",
    "pyogrio": "pyogrio", "geopandas": "geopandas", "scipy": "scipy",
    "statsmodels": "statsmodels", "mapclassify": "mapclassify", "libpysal": "libpysal",
    "esda": "esda", "matplotlib": "matplotlib", "rasterio": "rasterio",
}
# pyarrow (Parquet inputs; without it GeoPackages are read by the slower row reader) and
# dask (counting on a cluster) are asked for only where used


def missing_dependencies() -> list:
    """pip names of the required packages that cannot be imported here."""
    missing = []
    for module, pip_name in REQUIRED.items():
        try:
            if importlib.util.find_spec(module) is None:
                missing.append(pip_name)
        except (ImportError, ValueError):  # a module set to None, a broken install
            missing.append(pip_name)
    return missing


def install_instructions(missing: list) -> str:
    names = " ".join(missing)
    return (
        f"Boston Civic QGIS needs these Python packages, which QGIS's Python does not have: "
        f"{', '.join(missing)}.\n"
        f"Windows: open the OSGeo4W Shell (Start menu, QGIS folder) and run:\n"
        f"    python -m pip install {names}\n"
        f"macOS (QGIS.app): in Terminal run:\n"
        f"    /Applications/QGIS.app/Contents/MacOS/bin/python3 -m pip install --user {names}\n"
        f"Linux: run  python3 -m pip install --user {names}  with the Python QGIS uses "
        f"(Debian/Ubuntu packages: python3-geopandas python3-statsmodels ... where available; "
        f"pyproj and pyogrio should be built on the same PROJ and GDAL as QGIS).\n"
        f"Then restart QGIS."
    )
