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


def test_a_bad_coordinate_is_an_invalid_row_named_by_line():
    raw = _raw(CLASSIC + "2,2011-07-01 10:00:00,,Pothole,Self Service,north,-71.1\n"
               "3,2011-07-01 10:00:00,,Pothole,Self Service,42.3,-371.1\n")
    req = normalise_requests(raw, source="x.csv")
    assert req.location_status.tolist() == ["ok", "invalid", "invalid"]
    assert "x.csv: 2 rows have coordinates that are not numbers" in req.attrs["notes"][0]
    assert "first at line 3" in req.attrs["notes"][0]


def test_a_column_of_words_is_the_wrong_column():
    raw = _raw(CLASSIC.replace("42.30", "north"))
    with pytest.raises(InputError, match=r"x\.csv: column 'latitude' has 1 values .* lines \[2\]"):
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


def test_text_booleans_are_read_and_bad_ones_named(hand_requests):
    req = hand_requests.assign(resident_initiated=hand_requests.resident_initiated.map(
        {True: "true", False: "false"}))
    out, _ = as_requests(req, "r.gpkg")
    assert out.resident_initiated.tolist() == hand_requests.resident_initiated.tolist()
    with pytest.raises(InputError, match=r"r.gpkg: field 'resident_initiated' .* \['maybe'\]"):
        as_requests(req.assign(resident_initiated="maybe"), "r.gpkg")


def test_shapefile_truncated_names_are_recognised(hand_requests):
    short = hand_requests.rename(columns={"resident_initiated": "resident_i",
                                          "location_status": "location_s"})
    out, note = as_requests(short, "r.shp")
    assert out.resident_initiated.sum() == 10
    # the names are read back without a word; what a shapefile loses is said
    assert note.startswith("r.shp: a shapefile keeps dates without their time of day")
    assert as_requests(short, "r.gpkg")[1] == ""


def test_unreadable_dates_are_reported_not_dropped():
    raw = _raw(CLASSIC + "2,someday,,Pothole,Self Service,42.30,-71.10\n")
    req = normalise_requests(raw, source="x.csv")
    assert len(req) == 2 and req.opened.isna().tolist() == [False, True]
    assert "x.csv: 1 opening dates" in req.attrs["notes"][0] and "line 3" in req.attrs["notes"][0]


def test_the_repeated_autumn_hour_keeps_its_date():
    raw = _raw(CLASSIC.replace("2011-07-01 09:00:00", "2011-11-06 01:30:00"))
    assert str(normalise_requests(raw).opened.iloc[0]) == "2011-11-06 05:30:00+00:00"


@pytest.mark.parametrize("content,message", [
    (b"", "the file is empty"),
    (CLASSIC.splitlines()[0].encode() + b"\n", "the file has a header but no rows"),
])
def test_empty_files_are_named(tmp_path, content, message):
    path = tmp_path / "e.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=f"e.csv: {message}"):
        read_raw_requests(str(path))


def test_windows_1252_export_is_read(tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes(CLASSIC.replace("Pothole", "Caf\u00e9 permit").encode("cp1252"))
    assert read_raw_requests(str(path))["type"].iloc[0] == "Caf\u00e9 permit"


def test_the_channel_table_decides_who_is_a_resident(hand_requests, tmp_path):
    from boston_civic_qgis.definitions.channels import CHANNELS_CSV

    table = open(CHANNELS_CSV, encoding="utf-8").read().replace(
        "Twitter,true", "Twitter,false")
    path = tmp_path / "channels.csv"
    path.write_text(table, encoding="utf-8")
    out, _ = as_requests(hand_requests, "r", channels=str(path))
    assert out.resident_initiated.sum() == hand_requests.resident_initiated.sum() - 1
    path.write_text("channel,resident_initiated\nConstituent Call,true\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"channels not in .*channels.csv: 'Self Service'"):
        as_requests(hand_requests, "r", channels=str(path))
    path.write_text("channel,resident_initiated\nCall,maybe\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2: resident_initiated must be true or false"):
        as_requests(hand_requests, "r", channels=str(path))
