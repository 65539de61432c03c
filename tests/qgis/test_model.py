"""The Processing model in processing/ opens and reproduces the core's models."""
import os

import pytest

from tests.conftest import ROOT
from tests.qgis.conftest import features

MODEL = os.path.join(ROOT, "processing", "boston_civic_analysis.model3")


def test_model_runs_and_matches_the_core(run, package):
    from qgis.core import QgsProcessingModelAlgorithm

    from boston_civic_qgis.core.package import read_inputs
    from boston_civic_qgis.core.pipeline import run_analysis

    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(MODEL)
    assert {c.algorithmId() for c in model.childAlgorithms().values()} == {
        "bostoncivic:countrequests", "bostoncivic:percapitarates",
        "bostoncivic:regressresiduals"}
    out = run(model, {
        "requests": f"{package}|layername=requests_311", "tracts": f"{package}|layername=tracts",
        "precincts": f"{package}|layername=precincts", "min_population": 200,
        "regress_tracts:Tracts with residuals": "TEMPORARY_OUTPUT",
        "regress_tracts:Tract regression": "TEMPORARY_OUTPUT",
        "regress_precincts:Precincts with residuals": "TEMPORARY_OUTPUT",
        "regress_precincts:Precinct regression": "TEMPORARY_OUTPUT",
        "count_tracts:Ledger (tracts)": "TEMPORARY_OUTPUT",
        "count_precincts:Ledger (precincts)": "TEMPORARY_OUTPUT"})
    req, tr, pr, _, _ = read_inputs()
    core = run_analysis(req, tr, pr)
    tract_terms = features(out["regress_tracts:Tract regression"], "term")
    expected = core.model("requests_on_income_and_race").terms.set_index("term")
    assert tract_terms["median_income_acs2022_per_1000"]["estimate"] == pytest.approx(
        expected.loc["median_income_per_1000", "estimate"], rel=1e-9)
    precinct_terms = features(out["regress_precincts:Precinct regression"], "term")
    assert precinct_terms["requests_per_10"]["estimate"] == pytest.approx(
        core.model("ballots_on_requests").term("requests_per_10").estimate, rel=1e-9)
    residuals = features(out["regress_precincts:Precincts with residuals"], "ward_precinct")
    assert len(residuals) == 255
