import math

import pandas as pd

from boston_civic_qgis.core.counting import count_requests
from boston_civic_qgis.core.rates import per_capita


def test_rates_and_small_population_flag(hand_requests, hand_areas):
    areas, _, _ = count_requests(hand_requests, hand_areas, "GEOID")
    rated = per_capita(areas).set_index("GEOID")
    assert rated.loc["A", "requests_per_100"] == 0.5
    assert rated.loc["C", "requests_per_100"] == 0.2
    assert math.isnan(rated.loc["B", "requests_per_100"])
    assert rated.included.to_dict() == {"C": True, "B": False, "A": True}
    assert rated.loc["B", "exclusion_reason"] == "population below 200"
    assert rated.loc["A", "exclusion_reason"] is None


def test_zero_and_missing_population_never_divide():
    areas = pd.DataFrame({"requests": [3, 0, 4], "population": [0, None, 250],
                          "median_income": [1.0, 2.0, None]})
    rated = per_capita(areas, required=("median_income",))
    assert rated.requests_per_100.isna().tolist() == [True, True, False]
    assert rated.exclusion_reason.tolist() == ["no residents", "no population",
                                               "no median_income"]
    assert rated.requests_per_100.iloc[2] == 1.6


def test_a_minimum_of_zero_still_never_divides_by_zero():
    areas = pd.DataFrame({"requests": [3, 2], "population": [0, 50]})
    rated = per_capita(areas, min_population=0)
    assert rated.requests_per_100.isna().tolist() == [True, False]
    assert rated.included.tolist() == [False, True]
    assert rated.exclusion_reason.tolist()[0] == "no residents"


def test_missing_field_is_named():
    import pytest

    with pytest.raises(KeyError, match="pop"):
        per_capita(pd.DataFrame({"requests": [1]}), population_field="pop")
