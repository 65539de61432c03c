"""The analysis core and the definitions never import QGIS (DESIGN.md: arrows point down)."""
import ast
import os
import subprocess
import sys

from tests.conftest import ROOT

PKG = os.path.join(ROOT, "boston_civic_qgis")


def test_no_qgis_import_in_core_or_definitions():
    offenders = []
    for sub in ("core", "definitions"):
        for dirpath, _, files in os.walk(os.path.join(PKG, sub)):
            for name in files:
                if not name.endswith(".py"):
                    continue
                path = os.path.join(dirpath, name)
                tree = ast.parse(open(path, encoding="utf-8").read())
                for node in ast.walk(tree):
                    mods = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                        [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                    offenders += [f"{path}: {m}" for m in mods if m.split(".")[0] in ("qgis", "PyQt5")]
    assert offenders == []


def test_core_pipeline_runs_where_qgis_cannot_be_imported():
    code = ("import sys; sys.modules['qgis'] = None\n"
            "from boston_civic_qgis.core.pipeline import run_analysis\n"
            "from boston_civic_qgis.core.sources import read_raw_requests\n"
            "print('ok')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr
