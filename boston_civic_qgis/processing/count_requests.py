"""Count requests by area: resident-initiated 311 requests per polygon, with a ledger."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
)

from ..core.counting import count_requests
from ..core.sources import InputError
from ..qgis_side.layers import frame_to_sink
from .base import BostonCivicAlgorithm


class CountRequestsByArea(BostonCivicAlgorithm):
    NAME = "countrequests"
    DISPLAY = "Count requests by area"
    GROUP = "Analysis"
    HELP = (
        "Counts resident-initiated 311 requests in each polygon (point in polygon).\n\n"
        "<b>Requests</b>: a point layer. A normalised layer (the data package's requests_311) "
        "or a known 311 export layout is classified by channel; any other point layer is "
        "taken as resident-initiated requests.\n"
        "<b>Areas</b> and <b>Area id</b>: polygons with a unique id (GEOID, ward_precinct).\n\n"
        "Outputs: the areas with a 'requests' field (0 where none), and a ledger table that "
        "puts every input row in exactly one category: duplicate, invalid, staff_initiated, "
        "no_coordinates, default_location (the geocoder's fallback at City Hall), "
        "outside_all_areas, counted. A point on a boundary shared by several areas is counted once, "
        "in the area with the smallest id. Points are reprojected to the areas' CRS."
    )
    REQUESTS, AREAS, AREA_ID, OUTPUT, LEDGER = "REQUESTS", "AREAS", "AREA_ID", "OUTPUT", "LEDGER"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.REQUESTS, self.tr("311 requests"), [QgsProcessing.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.AREAS, self.tr("Areas (tracts, precincts, ...)"),
            [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.AREA_ID, self.tr("Area id field"), "GEOID", self.AREAS))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Areas with request counts"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.LEDGER, self.tr("Ledger"), QgsProcessing.TypeVector))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        area_id = self.parameterAsString(parameters, self.AREA_ID, context)
        try:
            streamed = self.count_streamed(parameters, context, feedback, area_id)
            if streamed is not None:
                counted, ledger = streamed
            else:
                requests, src, areas = self.read_requests_and_areas(parameters, context,
                                                                    feedback, area_id)
                counted, ledger, _ = count_requests(requests, areas, area_id, level="areas",
                                                    source=src)
        except InputError as exc:
            raise self.fail(exc)
        feedback.setProgress(70)
        for _, row in ledger.iterrows():
            feedback.pushInfo(f"{row.category}: {row.rows:,}")
        source = self.parameterAsSource(parameters, self.AREAS, context)
        out = frame_to_sink(self, parameters, self.OUTPUT, context, counted, feedback,
                            source.sourceCrs())
        led = frame_to_sink(self, parameters, self.LEDGER, context, ledger, feedback)
        return {self.OUTPUT: out, self.LEDGER: led}

    def count_streamed(self, parameters, context, feedback, area_id):
        """A whole normalised GeoPackage (or other file) of requests is counted straight from
        the file in chunks (core.counting.count_file): fast, and memory stays low however many
        requests it holds. None for other layers (selections, filters, raw exports)."""
        import pyogrio

        from ..core.counting import count_file
        from ..core.sources import check_areas
        from ..definitions import fields as F
        from ..qgis_side.layers import parameter_to_gdf, whole_file

        whole = whole_file(self, parameters, self.REQUESTS, context)
        if whole is None:
            return None
        try:
            fields = set(pyogrio.read_info(*whole)["fields"])
        except Exception:
            return None
        if not {F.CASE_ID, F.RESIDENT_INITIATED, F.LOCATION_STATUS} <= fields:
            return None
        areas, area_src = parameter_to_gdf(self, parameters, self.AREAS, context, feedback,
                                           "areas")
        areas = check_areas(areas, area_src, area_id)
        feedback.pushInfo(f"{whole[0]}: counted straight from the file, in chunks")
        result = count_file(*whole, {"areas": (areas, area_id)},
                            progress=self.progress(feedback, 5, 70), source=whole[0])
        counted, ledger = result["areas"]
        if ledger.attrs.get("warning"):
            feedback.reportError(ledger.attrs["warning"], fatalError=False)
        return counted, ledger
