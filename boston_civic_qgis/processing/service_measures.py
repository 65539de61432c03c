"""Service measures by area: time to close, on-time, photos, non-resolutions, channels, types."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
)

from ..core.counting import count_requests
from ..core.service import service_measures
from ..core.sources import InputError
from ..definitions import fields as F
from ..qgis_side.layers import frame_to_sink
from .base import BostonCivicAlgorithm


class ServiceMeasures(BostonCivicAlgorithm):
    NAME = "servicemeasures"
    DISPLAY = "Service measures by area"
    GROUP = "Service equity"
    HELP = (
        "How the city answered the resident-initiated requests of each area (the requests "
        "'Count requests by area' counts). Adds median_days_to_close and p90_days_to_close "
        "(days from opening to closing, of closed requests), days_vs_type_median (each "
        "closing time minus the city-wide median for its request type, median per area: "
        "controls for the mix of request types), open_share (not closed by the last opening "
        "in the data, or open by its status), on_time_share (closed by the target date; an "
        "open request past its target counts as late), "
        "closed_photo_share, non_resolution_share (closures noted, invalid, duplicate or with "
        "no action, from the closure reason), app_share and one channel_*_share per channel, "
        "and type_diversity (Shannon index of request types). Areas with fewer than 5 "
        "requests get NULL. The requests need the normalised fields (the data package's "
        "requests_311, or a known 311 export layout)."
    )
    REQUESTS, AREAS, AREA_ID, OUTPUT = "REQUESTS", "AREAS", "AREA_ID", "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.REQUESTS, self.tr("311 requests"), [QgsProcessing.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.AREAS, self.tr("Areas"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.AREA_ID, self.tr("Area id field"), F.GEOID, self.AREAS))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Areas with service measures"), QgsProcessing.TypeVectorPolygon))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        area_id = self.parameterAsString(parameters, self.AREA_ID, context)
        try:
            requests, src, areas = self.read_requests_and_areas(parameters, context, feedback,
                                                                area_id)
            missing = [c for c in (F.OPENED, F.CLOSED, F.TYPE) if c not in requests.columns]
            if missing:
                raise InputError(f"{src}: service measures need the fields {missing}")
            counted, _, assignment = count_requests(requests, areas, area_id, source=src)
            measures = service_measures(
                requests, assignment["area"].where(assignment["category"] == F.LEDGER_COUNTED))
        except (InputError, KeyError, ValueError) as exc:
            raise self.fail(exc)
        out = counted
        for col in measures.columns:
            out[col] = out[area_id].map(measures[col])
        feedback.pushInfo(f"{int(out['median_days_to_close'].notna().sum())} of {len(out)} "
                          "areas have at least 5 requests")
        source = self.parameterAsSource(parameters, self.AREAS, context)
        return {self.OUTPUT: frame_to_sink(self, parameters, self.OUTPUT, context, out, feedback,
                                           source.sourceCrs())}
