"""The plugin in a fresh QGIS profile, driven by qgis_process as a batch user would."""
import json
import os
import shutil
import site
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import HAND, ROOT
from tests.qgis.conftest import features

# Debian's qgis_process wrapper passes an option the program rejects; call the program itself
QGIS_PROCESS = shutil.which("qgis_process.bin") or shutil.which("qgis_process")


@pytest.fixture(scope="module")
def qgis_process(tmp_path_factory, package):
    if QGIS_PROCESS is None:
        pytest.fail("qgis_process is not installed (make install)")
    profile = tmp_path_factory.mktemp("profile")
    plugins = profile / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    # installed from the plugin zip (make package), as a user installs it
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import package as packaging

    archive = packaging.build(str(tmp_path_factory.mktemp("dist")))
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert all(n.startswith("boston_civic_qgis/") for n in names)
        assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
        assert {"boston_civic_qgis/metadata.txt", "boston_civic_qgis/LICENSE",
                "boston_civic_qgis/icon.svg", "boston_civic_qgis/styles/no_data.qml"} <= \
            set(names)
        zf.extractall(plugins)
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(profile), QT_QPA_PLATFORM="offscreen",
               BOSTON_CIVIC_DATA=package,
               # the plugin's Python dependencies: the venv's, as a user pip-installs them
               PYTHONPATH=os.pathsep.join(site.getsitepackages()))

    def call(*args):
        return subprocess.run([QGIS_PROCESS, *args], env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=300)

    enabled = call("plugins", "enable", "boston_civic_qgis")
    assert enabled.returncode == 0, enabled.stderr
    return call


def test_provider_is_listed(qgis_process):
    listing = qgis_process("list").stdout
    for alg in ("countrequests", "percapitarates", "regressresiduals", "stylechoropleth",
                "exportmap", "runanalysis"):
        assert f"bostoncivic:{alg}" in listing


def test_count_requests_by_qgis_process(qgis_process, tmp_path):
    out = tmp_path / "counts.gpkg"
    res = qgis_process(
        "run", "bostoncivic:countrequests", "--json", "--",
        f"REQUESTS=delimitedtext://file://{HAND}/requests.csv?type=csv&xField=longitude"
        "&yField=latitude&crs=EPSG:4326&detectTypes=no",
        f"AREAS={HAND}/areas.geojson", "AREA_ID=GEOID", f"OUTPUT={out}",
        f"LEDGER={tmp_path / 'ledger.csv'}")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["results"]["OUTPUT"] == str(out)
    assert {k: v["requests"] for k, v in features(str(out), "GEOID").items()} == \
        {"A": 5, "B": 1, "C": 1}


def test_whole_analysis_by_qgis_process(qgis_process, tmp_path):
    res = qgis_process("run", "bostoncivic:runanalysis", "--json", "--",
                       f"OUTPUT_FOLDER={tmp_path}", "EXPORT_MAPS=false")
    assert res.returncode == 0, res.stderr
    results = json.loads(res.stdout)["results"]
    assert results["GEOPACKAGE"] == str(tmp_path / "boston_civic.gpkg")
    assert len(features(results["TRACTS_LAYER"], "GEOID")) == 207


def test_bad_input_is_a_clear_error_not_a_traceback(qgis_process, tmp_path):
    res = qgis_process("run", "bostoncivic:countrequests", "--json", "--",
                       f"REQUESTS={HAND}/areas.geojson", f"AREAS={HAND}/areas.geojson",
                       "AREA_ID=population", f"OUTPUT={tmp_path / 'x.gpkg'}",
                       f"LEDGER={tmp_path / 'l.csv'}")
    assert res.returncode != 0
    assert "requests must be points; this layer has Polygon geometries" in res.stderr
    assert "Traceback" not in res.stderr


def test_a_normalised_geopackage_is_streamed_by_qgis_process(qgis_process, package, tmp_path):
    """Inside qgis_process too (pyarrow, threads and the grid cache in QGIS's own process)."""
    out = tmp_path / "counts.gpkg"
    res = qgis_process(
        "run", "bostoncivic:countrequests", "--json", "--",
        f"REQUESTS={package}|layername=requests_311", f"AREAS={package}|layername=tracts",
        "AREA_ID=GEOID", f"OUTPUT={out}", f"LEDGER={tmp_path / 'ledger.csv'}")
    assert res.returncode == 0, res.stderr
    assert "counted straight from the file" in res.stdout + res.stderr
    counts = features(str(out), "GEOID")
    assert len(counts) == 207 and sum(v["requests"] for v in counts.values()) == 36_373
