"""Reading and normalising 311 exports: layouts, channels, coordinates, time zones."""
import io

import pandas as pd
import pytest

from boston_civic_qgis.core.sources import (
    InputError, as_requests, detect_layout, normalise_requests, read_raw_requests)

CLASSIC = ("case_enquiry_id,open_dt,closed_dt,type,source,latitude,longitude\n"
           "1,2011-07-01 09:00:00,,Pothole,Constituent Call,42.30,-71.10\n")


def _raw(text):
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])


def test_layouts_detected_whatever_the_case_of_names():
    assert detect_layout(["CASE_ENQUIRY_ID", "Open_dt", "closed_dt", "type", "source",
                          "latitude", "longitude"]) == "boston_classic"
    crm = ["case_id", "open_date", "close_date", "service_name", "report_source", "latitude",
           "longitude", "ward"]
    assert detect_layout(crm) == "boston_crm_2025"


def test_unknown_layout_names_the_file_and_columns():
    with pytest.raises(InputError, match=r"export\.csv: the columns \['a', 'b'\]"):
        detect_layout(["a", "b"], "export.csv")


def test_unknown_channel_is_an_error_with_counts():
    raw = _raw(CLASSIC.replace("Constituent Call", "Carrier Pigeon"))
    with pytest.raises(InputError, match=r"column 'source'.*'Carrier Pigeon' \(1 rows\)"):
        normalise_requests(raw, source="x.csv")


def test_bad_coordinate_names_the_line():
    raw = _raw(CLASSIC + "2,2011-07-01 10:00:00,,Pothole,Self Service,north,-71.1\n")
    with pytest.raises(InputError, match=r"x\.csv: column 'latitude' has 1 values .* lines \[3\]"):
        normalise_requests(raw, source="x.csv")


def test_local_times_become_utc():
    req = normalise_requests(_raw(CLASSIC))
    assert str(req.opened.iloc[0]) == "2011-07-01 13:00:00+00:00"  # EDT is UTC-4


def test_crm_layout_is_utc_already():
    text = ("case_id,open_date,close_date,service_name,report_source,latitude,longitude\n"
            "BCS-1,2025-08-01 12:00:00,,Street Light,BOS311,42.3,-71.1\n"
            "BCS-2,2025-08-01 13:00:00,,Street Light,Employee Generated,42.3,-71.1\n")
    req = normalise_requests(_raw(text))
    assert str(req.opened.iloc[0]) == "2025-08-01 12:00:00+00:00"
    assert req.resident_initiated.tolist() == [True, False]


def test_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match="nothere.csv: file not found"):
        read_raw_requests(str(tmp_path / "nothere.csv"))


def test_any_point_layer_is_taken_as_resident_requests_and_said_so(hand_areas):
    points = hand_areas.copy()
    points["geometry"] = points.to_crs(2249).geometry.centroid.to_crs(4326)
    req, note = as_requests(points, "pts.gpkg")
    assert req.resident_initiated.all() and (req.location_status == "ok").all()
    assert "every one of its 3 points" in note


def test_polygons_are_not_requests(hand_areas):
    with pytest.raises(InputError, match="areas.geojson: requests must be points"):
        as_requests(hand_areas, "areas.geojson")
