"""Batch recipes in processing/batch run, and print their qgis_process commands."""
import json
import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.qgis.conftest import features

BATCH = os.path.join(ROOT, "processing", "batch")


def test_recipes_are_valid_and_print_commands():
    for name in os.listdir(BATCH):
        res = subprocess.run([sys.executable, "-m", "boston_civic_qgis", "batch",
                              os.path.join(BATCH, name), "--print-commands", "--out", "/x"],
                             cwd=ROOT, capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
        recipe = json.load(open(os.path.join(BATCH, name)))
        lines = res.stdout.splitlines()
        assert len(lines) == len(recipe["runs"])
        assert all(line.startswith(f"qgis_process.bin run {recipe['algorithm']} --json -- ")
                   for line in lines)
        assert "${" not in res.stdout


def test_the_311_exports_recipe_runs(package, tmp_path):
    res = subprocess.run([sys.executable, "-m", "boston_civic_qgis", "batch",
                          os.path.join(BATCH, "boston_311_exports.json"), "--out",
                          str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert res.returncode == 0, res.stderr
    runs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["name"] for r in runs] == ["2011", "2023", "2025-26"]
    counts = features(str(tmp_path / "counts_2011.gpkg"), "GEOID")
    assert sum(v["requests"] for v in counts.values()) == 36_373
    assert sum(v["requests"] for v in features(str(tmp_path / "counts_2025.gpkg"),
                                               "GEOID").values()) == 5_415
