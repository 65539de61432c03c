"""Batch recipes (processing/batch/*.json): one algorithm, several runs of parameters.

${DATA} is the data package, ${OUT} the output folder, ${MIRROR} the raw data mirror. Runs
in this process through Processing, or prints the equivalent qgis_process commands.
"""
from __future__ import annotations

import json
import os
import shlex
import string

from ..core.package import REPO_ROOT, default_package


def load_recipe(path: str, out: str) -> dict:
    with open(path, encoding="utf-8") as f:
        recipe = json.load(f)
    for key in ("algorithm", "runs"):
        if key not in recipe:
            raise ValueError(f"{path}: a recipe needs '{key}'")
    values = {"DATA": default_package(), "OUT": os.path.abspath(out),
              "MIRROR": os.environ.get("BOSTON_CIVIC_MIRROR", os.path.join(
                  os.path.dirname(REPO_ROOT), "shared", "data", "raw"))}

    def fill(v):
        return string.Template(v).substitute(values) if isinstance(v, str) else v
    for run in recipe["runs"]:
        run["parameters"] = {k: fill(v) for k, v in run["parameters"].items()}
    return recipe


def commands(recipe: dict) -> list:
    """The qgis_process command line of each run."""
    return [" ".join(["qgis_process.bin", "run", recipe["algorithm"], "--json", "--"] +
                     [shlex.quote(f"{k}={str(v).lower() if isinstance(v, bool) else v}")
                      for k, v in run["parameters"].items()])
            for run in recipe["runs"]]


def run_recipe(recipe: dict, log=print) -> list:
    """Run every entry through Processing; returns the results."""
    import processing
    from processing.core.Processing import Processing
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback

    Processing.initialize()
    if QgsApplication.processingRegistry().providerById("bostoncivic") is None:
        from .. import classFactory

        run_recipe.plugin = classFactory(None)  # keeps the provider's owner alive
        run_recipe.plugin.initProcessing()
    results = []
    for run in recipe["runs"]:
        for key, value in run["parameters"].items():
            if key.startswith("OUTPUT") and isinstance(value, str) and "/" in value:
                folder = value if key == "OUTPUT_FOLDER" else os.path.dirname(value)
                os.makedirs(folder, exist_ok=True)
        log(f"{run.get('name', '')}: {recipe['algorithm']}")
        result = processing.run(recipe["algorithm"], run["parameters"],
                                context=QgsProcessingContext(),
                                feedback=QgsProcessingFeedback())
        results.append({"name": run.get("name", ""), "results": result})
    return results
