"""Other cities' 311 layouts and a user's own column mapping."""
import json
import os

import pytest

from boston_civic_qgis.core.counting import count_requests
from boston_civic_qgis.core.sources import InputError, read_raw_requests
from tests.conftest import FIXTURES

LAYOUTS = os.path.join(FIXTURES, "layouts")


def test_nyc_layout_is_detected_and_classified(hand_areas):
    req = read_raw_requests(os.path.join(LAYOUTS, "nyc_sample.csv"))
    assert req.resident_initiated.tolist() == [True, True, True, False, False]
    assert str(req.opened.iloc[1]) == "2023-07-02 02:20:00+00:00"  # 10:20 PM EDT
    areas, ledger, _ = count_requests(req, hand_areas, "GEOID")
    assert dict(zip(areas.GEOID, areas.requests)) == {"C": 1, "B": 1, "A": 1}
    assert dict(zip(ledger.category, ledger.rows))["staff_initiated"] == 2


def test_open311_layout_without_channel_counts_every_request(hand_areas):
    req = read_raw_requests(os.path.join(LAYOUTS, "open311_sample.csv"))
    assert req.resident_initiated.all()
    assert "no channel" in req.attrs["notes"][0]
    areas, _, _ = count_requests(req, hand_areas, "GEOID")
    assert dict(zip(areas.GEOID, areas.requests)) == {"C": 1, "B": 0, "A": 2}


def test_a_user_mapping_file(tmp_path, hand_areas):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({
        "columns": {"Unique Key": "case_id", "Created Date": "opened",
                    "Open Data Channel Type": "channel", "Latitude": "latitude",
                    "Longitude": "longitude"},
        "timezone": "America/New_York", "channels": os.path.join(
            os.path.dirname(__import__("boston_civic_qgis").__file__),
            "definitions", "layouts", "nyc_channels.csv")}))
    req = read_raw_requests(os.path.join(LAYOUTS, "nyc_sample.csv"), layout=str(path))
    assert req.resident_initiated.sum() == 3 and req["type"].isna().all()


def test_a_broken_mapping_file_is_named(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"columns": {"Unique Key": "case_id"}}))
    with pytest.raises(InputError, match=r"bad.json: 'columns' must map to .* missing \['opened'"):
        read_raw_requests(os.path.join(LAYOUTS, "nyc_sample.csv"), layout=str(path))


def test_parquet_exports_raw_and_geoparquet(tmp_path, hand_requests):
    import pandas as pd

    from boston_civic_qgis.core.sources import read_layer
    from tests.conftest import HAND

    raw = pd.read_csv(os.path.join(HAND, "requests.csv"), dtype=str)
    raw.to_parquet(tmp_path / "raw.parquet")
    from_raw = read_layer(str(tmp_path / "raw.parquet"))
    assert from_raw.resident_initiated.tolist() == hand_requests.resident_initiated.tolist()
    assert from_raw.location_status.tolist() == hand_requests.location_status.tolist()
    hand_requests.to_parquet(tmp_path / "geo.parquet")
    assert len(read_layer(str(tmp_path / "geo.parquet"))) == 13
    (tmp_path / "bad.parquet").write_bytes(b"not parquet")
    with pytest.raises(InputError, match="bad.parquet: cannot be read as Parquet"):
        read_layer(str(tmp_path / "bad.parquet"))


def test_times_with_their_own_offsets_across_a_clock_change(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text("service_request_id,requested_datetime,status,service_name,lat,long\n"
                    "A,2024-09-01T09:00:00-04:00,open,Pothole,42.305,-71.095\n"
                    "B,2024-12-01T09:00:00-05:00,closed,Pothole,42.305,-71.095\n")
    req = read_raw_requests(str(path), layout="open311_georeport_v2")
    assert [str(t) for t in req.opened] == ["2024-09-01 13:00:00+00:00",
                                            "2024-12-01 14:00:00+00:00"]
    assert req.closed.isna().all()  # updated_datetime is not a closing time


def test_times_without_an_offset_stay_local_beside_times_with_one(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("case_enquiry_id,open_dt,closed_dt,type,source,latitude,longitude\n"
                    "A,2011-07-01T09:00:00-04:00,,Pothole,Self Service,42.305,-71.095\n"
                    "B,2011-07-01 09:00:00,,Pothole,Self Service,42.305,-71.095\n")
    req = read_raw_requests(str(path))
    # both are 9 a.m. in Boston: 13:00 UTC (B was read as UTC, four hours off)
    assert [str(t) for t in req.opened] == ["2011-07-01 13:00:00+00:00"] * 2
    assert any("1 with their own UTC offset; 1 in other forms" in n
               for n in req.attrs["notes"]), req.attrs["notes"]


@pytest.mark.parametrize("dates,expected,reading", [
    # a day over 12 shows that slashed dates are day first ...
    (["2011-09-11 10:00", "11/09/2011 10:00", "25/09/2011 10:00"],
     ["2011-09-11", "2011-09-11", "2011-09-25"], "2 day/month/year"),
    # ... otherwise they are read the US way, and said so
    (["2011-09-11 10:00", "09/11/2011 10:00", "09/25/2011 10:00"],
     ["2011-09-11", "2011-09-11", "2011-09-25"], "2 month/day/year (US)"),
    # each way of writing has its own order: US with seconds and AM/PM, European without
    (["09/11/2011 10:00:00 AM", "09/25/2011 10:00:00 AM", "11/09/2011 10:00", "25/09/2011 10:00"],
     ["2011-09-11", "2011-09-25", "2011-09-11", "2011-09-25"], "2 day/month/year"),
])
def test_dates_written_in_several_ways_are_read_and_named(tmp_path, dates, expected, reading):
    path = tmp_path / "d.csv"
    rows = [f"{i},{d},,Pothole,Self Service,42.305,-71.095" for i, d in enumerate(dates)]
    path.write_text("case_enquiry_id,open_dt,closed_dt,type,source,latitude,longitude\n"
                    + "\n".join(rows) + "\n")
    req = read_raw_requests(str(path))
    assert [t.tz_convert("America/New_York").strftime("%Y-%m-%d") for t in req.opened] == \
        expected
    note = next(n for n in req.attrs["notes"] if "written in several ways" in n)
    assert reading in note and "'open_dt'" in note


def test_blank_case_ids_are_not_duplicates_of_each_other(tmp_path, hand_areas):
    path = tmp_path / "b.csv"
    path.write_text("case_enquiry_id,open_dt,closed_dt,type,source,latitude,longitude\n"
                    ",2011-07-01 09:00:00,,Pothole,Self Service,42.305,-71.095\n"
                    ",2011-07-01 10:00:00,,Pothole,Self Service,42.302,-71.098\n")
    areas, ledger, _ = count_requests(read_raw_requests(str(path)), hand_areas, "GEOID")
    assert dict(zip(ledger.category, ledger.rows))["duplicate"] == 0
    assert dict(zip(areas.GEOID, areas.requests))["A"] == 2


@pytest.mark.parametrize("content,message", [
    ([1, 2], "a mapping is a JSON object"),
    ({"columns": {"a": "case_id", "b": "opened", "c": "latitude", "d": "longitude"},
      "timezone": "Mars/Olympus"}, "'Mars/Olympus' is not a time zone"),
    ({"columns": {"a": "case_id", "b": "opened", "c": "latitude", "d": "longitude"},
      "default_locations": [42.35]}, "'default_locations' must be a list"),
    ({"columns": {"a": "case_id", "b": "opened", "c": "latitude", "d": "longitude",
                  "e": "opened"}}, r"several columns map to \['opened'\]"),
    ({"columns": {"a": "case_id", "b": "opened", "c": "latitude", "d": "longitude"},
      "channels": "nope.csv"}, "its channel table .*nope.csv does not exist"),
])
def test_broken_mappings_are_named(tmp_path, content, message):
    path = tmp_path / "m.json"
    path.write_text(json.dumps(content))
    with pytest.raises(InputError, match=message):
        read_raw_requests(os.path.join(LAYOUTS, "nyc_sample.csv"), layout=str(path))


def test_an_unknown_layout_name_lists_the_known_ones():
    with pytest.raises(InputError, match="neither a file nor a shipped layout .*nyc_311"):
        read_raw_requests(os.path.join(LAYOUTS, "nyc_sample.csv"), layout="nyc")
