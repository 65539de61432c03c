"""Shared paths and fixtures. QGIS is started by pytest-qgis (fixtures qgis_app, qgis_processing)
only in tests that ask for it; tests/unit never needs it."""
import os
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
HAND = os.path.join(FIXTURES, "hand")
PACKAGE = os.path.join(ROOT, "data", "build", "boston.gpkg")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# see qgis_side/app.py: QGIS's WAL mode broke reads of GeoPackages in the same process
os.environ.setdefault("OGR_SQLITE_JOURNAL", "DELETE")
# area grids are kept between runs in a cache folder: the tests' own, not the user's
os.environ.setdefault("BOSTON_CIVIC_CACHE", tempfile.mkdtemp(prefix="boston_civic_grids_"))


@pytest.fixture(scope="session")
def package():
    if not os.path.exists(PACKAGE):
        pytest.fail(f"{PACKAGE} is missing: run 'make data' (make test does it)")
    return PACKAGE


@pytest.fixture(scope="session")
def hand_requests():
    from boston_civic_qgis.core.sources import read_raw_requests

    return read_raw_requests(os.path.join(HAND, "requests.csv"))


@pytest.fixture(scope="session")
def hand_areas():
    import geopandas as gpd

    return gpd.read_file(os.path.join(HAND, "areas.geojson"))
