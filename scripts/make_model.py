"""Write processing/boston_civic_analysis.model3: the analysis as a Processing model.

The model chains the plugin's algorithms as an analyst would in the model designer:
count requests in tracts -> per-capita rates -> regress rates on income and race; count
requests in precincts -> regress ballots cast on requests. Rerun after changing an algorithm's
parameters:  QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_model.py
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from qgis.core import (  # noqa: E402
    QgsProcessingModelAlgorithm, QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource as Src, QgsProcessingModelOutput,
    QgsProcessingModelParameter, QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber, QgsProcessing, QgsApplication,
)
from qgis.PyQt.QtCore import QPointF  # noqa: E402

from boston_civic_qgis.qgis_side.app import start_qgis  # noqa: E402

start_qgis()
import boston_civic_qgis  # noqa: E402

PLUGIN = boston_civic_qgis.classFactory(None)  # keep it: it owns the provider
PLUGIN.initProcessing()

model = QgsProcessingModelAlgorithm("Boston civic engagement analysis", "Boston Civic",
                                    "bostoncivicmodels")
model.setHelpContent({"ALG_DESC": (
    "Counts resident-initiated 311 requests per census tract and per precinct, computes "
    "requests per 100 residents, and fits the policy brief's regressions: rates on median "
    "household income (per $1,000, ACS 2018-2022) and white share (2020 Census), and 2021 "
    "mayoral ballots cast on requests (per 10). Inputs: the data package's requests_311, "
    "tracts and precincts layers, or layers with the same fields.")})

inputs = [
    ("requests", "311 requests", QgsProcessing.TypeVectorPoint),
    ("tracts", "Census tracts", QgsProcessing.TypeVectorPolygon),
    ("precincts", "Precincts", QgsProcessing.TypeVectorPolygon),
]
for i, (name, label, kind) in enumerate(inputs):
    model.addModelParameter(QgsProcessingParameterFeatureSource(name, label, [kind]),
                            QgsProcessingModelParameter(name))
    model.parameterComponent(name).setPosition(QPointF(120, 80 + 120 * i))
model.addModelParameter(
    QgsProcessingParameterNumber("min_population", "Minimum population",
                                 QgsProcessingParameterNumber.Integer, 200, minValue=0),
    QgsProcessingModelParameter("min_population"))
model.parameterComponent("min_population").setPosition(QPointF(120, 440))


def child(cid, alg, params, x, y, outputs=()):
    c = QgsProcessingModelChildAlgorithm(alg)
    c.setChildId(cid)
    c.setDescription(QgsApplication.processingRegistry().algorithmById(alg).displayName())
    c.setPosition(QPointF(x, y))
    for key, src in params.items():
        c.addParameterSources(key, src if isinstance(src, list) else [src])
    outs = {}
    for out_name, label in outputs:
        o = QgsProcessingModelOutput(label)
        o.setChildOutputName(out_name)
        o.setChildId(cid)
        outs[label] = o
    c.setModelOutputs(outs)
    model.addChildAlgorithm(c)


child("count_tracts", "bostoncivic:countrequests", {
    "REQUESTS": Src.fromModelParameter("requests"), "AREAS": Src.fromModelParameter("tracts"),
    "AREA_ID": Src.fromStaticValue("GEOID")}, 420, 120, [("LEDGER", "Ledger (tracts)")])
child("rates", "bostoncivic:percapitarates", {
    "INPUT": Src.fromChildOutput("count_tracts", "OUTPUT"),
    "COUNT_FIELD": Src.fromStaticValue("requests"),
    "POPULATION_FIELD": Src.fromStaticValue("population"), "PER": Src.fromStaticValue(100),
    "MIN_POPULATION": Src.fromModelParameter("min_population"),
    "RATE_FIELD": Src.fromStaticValue("requests_per_100"),
    "REQUIRED_FIELDS": Src.fromStaticValue(["median_income_acs2022",
                                            "white_alone_share_2020"])}, 680, 120)
child("regress_tracts", "bostoncivic:regressresiduals", {
    "INPUT": Src.fromChildOutput("rates", "OUTPUT"),
    "OUTCOME": Src.fromStaticValue("requests_per_100"),
    "PREDICTORS": Src.fromStaticValue(["median_income_acs2022", "white_alone_share_2020"]),
    "UNITS": Src.fromStaticValue("1000,1"), "ONLY_INCLUDED": Src.fromStaticValue(True),
    "MODEL_NAME": Src.fromStaticValue("requests_on_income_and_race")}, 940, 120,
    [("OUTPUT", "Tracts with residuals"), ("TABLE", "Tract regression")])
child("count_precincts", "bostoncivic:countrequests", {
    "REQUESTS": Src.fromModelParameter("requests"),
    "AREAS": Src.fromModelParameter("precincts"),
    "AREA_ID": Src.fromStaticValue("ward_precinct")}, 420, 320,
    [("LEDGER", "Ledger (precincts)")])
child("regress_precincts", "bostoncivic:regressresiduals", {
    "INPUT": Src.fromChildOutput("count_precincts", "OUTPUT"),
    "OUTCOME": Src.fromStaticValue("ballots_cast"),
    "PREDICTORS": Src.fromStaticValue(["requests"]), "UNITS": Src.fromStaticValue("10"),
    "ONLY_INCLUDED": Src.fromStaticValue(False),
    "MODEL_NAME": Src.fromStaticValue("ballots_on_requests")}, 680, 320,
    [("OUTPUT", "Precincts with residuals"), ("TABLE", "Precinct regression")])

path = os.path.join(ROOT, "processing", "boston_civic_analysis.model3")
ok = model.toFile(path)
print(("written " if ok else "FAILED ") + path)
