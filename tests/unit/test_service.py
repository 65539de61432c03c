"""Service measures on a hand-made fixture whose times, photos, reasons and channels are known."""
import numpy as np
import pandas as pd
import pytest

from boston_civic_qgis.core.service import service_measures

T = pd.Timestamp


def requests():
    day = pd.Timedelta(days=1)
    opened = T("2024-01-01 09:00", tz="UTC")
    rows = [  # area A: six requests; area B: three (under the minimum of 5)
        # (area, days to close or None, target in days, photo, reason, channel, type)
        ("A", 1, 2, True, "Case Resolved", "Citizens Connect App", "Pothole"),
        ("A", 3, 2, False, "Case Noted", "Constituent Call", "Pothole"),
        ("A", 5, 10, True, "Case Invalid", "Constituent Call", "Graffiti"),
        ("A", 2, None, False, "Case Resolved", "Self Service", "Graffiti"),
        ("A", None, 5, None, None, "BOS311", "Trash"),
        ("A", 4, 3, False, "duplicate of 123", "Constituent Call", "Trash"),
        ("B", 1, 2, True, "Case Resolved", "Constituent Call", "Pothole"),
        ("B", 1, 2, True, "Case Resolved", "Constituent Call", "Pothole"),
        ("B", None, 2, None, None, "Constituent Call", "Pothole"),
    ]
    return pd.DataFrame({
        "opened": [opened] * len(rows),
        "closed": [opened + d * day if d is not None else pd.NaT for _, d, *_ in rows],
        "target": [opened + t * day if t is not None else pd.NaT for _, _, t, *_ in rows],
        "closed_photo": pd.array([p for *_, p, _, _, _ in rows], dtype="boolean"),
        "closure_reason": [r for *_, r, _, _ in rows],
        "channel": [c for *_, c, _ in rows],
        "type": [t for *_, t in rows],
    }), pd.Series([a for a, *_ in rows])


def test_measures_known_by_hand():
    req, area = requests()
    m = service_measures(req, area, period_end=T("2024-02-01", tz="UTC")).loc["A"]
    assert m.median_days_to_close == 3  # closed after 1, 2, 3, 4, 5 days
    assert m.p90_days_to_close == pytest.approx(4.6)  # numpy's linear quantile of 1..5
    assert m.open_share == pytest.approx(1 / 6)
    # closed with a target: 1<=2 yes, 3<=2 no, 5<=10 yes, 4<=3 no; and the open request
    # whose target (day 5) passed before the end counts as late: 2 of 5
    assert m.on_time_share == pytest.approx(2 / 5)
    assert m.closed_photo_share == pytest.approx(2 / 5)
    assert m.non_resolution_share == pytest.approx(3 / 5)  # noted, invalid, duplicate
    assert m.app_share == pytest.approx(2 / 6)  # Citizens Connect App, BOS311
    assert m.channel_constituent_call_share == pytest.approx(3 / 6)
    assert m.type_diversity == pytest.approx(np.log(3))  # three types, two each
    # city-wide type medians (A and B): Pothole 1 (1,3,1,1 -> 1), Graffiti 3.5, Trash 4;
    # A's excesses: 0, 2, 1.5, -1.5, 0 -> median 0
    assert m.days_vs_type_median == 0


def test_too_few_requests_give_no_measure():
    req, area = requests()
    m = service_measures(req, area)
    assert m.loc["B"].isna().all()


def test_requests_closed_after_the_period_are_open():
    req, area = requests()
    m = service_measures(req, area, period_end=T("2024-01-03 12:00", tz="UTC")).loc["A"]
    assert m.open_share == pytest.approx(4 / 6)  # only the 1- and 2-day closings count


def test_open_status_and_overdue_open_requests():
    req, area = requests()
    req["status"] = ["closed"] * 9
    req.loc[0, "status"] = "Open"  # closed date present, but the export says it is open
    m = service_measures(req, area, period_end=T("2024-02-01", tz="UTC")).loc["A"]
    assert m.open_share == pytest.approx(2 / 6)
    # request 5 (open, target day 5 < end) is late; request 1 is open, target day 2: late
    # closed with a target: 3<=2 no, 5<=10 yes, 4<=3 no -> on time 1 of 5
    assert m.on_time_share == pytest.approx(1 / 5)
