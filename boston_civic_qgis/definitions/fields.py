"""Field names and defaults shared by the core, the Processing algorithms and the styles."""

# Normalised 311 request columns (the data package's `requests_311` layer).
CASE_ID = "case_id"
OPENED = "opened"
CLOSED = "closed"
TYPE = "type"
CHANNEL = "channel"
RESIDENT_INITIATED = "resident_initiated"
LOCATION_STATUS = "location_status"  # ok | no_coordinates | default_location

# Area layers.
GEOID = "GEOID"
WARD_PRECINCT = "ward_precinct"
POPULATION = "population"
WHITE_SHARE = "white_share"          # percent, 0-100
MEDIAN_INCOME = "median_income"      # dollars of the chosen ACS vintage
REQUESTS = "requests"
REQUESTS_PER_100 = "requests_per_100"
INCLUDED = "included"
EXCLUSION_REASON = "exclusion_reason"
PREDICTED = "predicted"
RESIDUAL = "residual"
REGISTERED_VOTERS = "registered_voters"
BALLOTS_CAST = "ballots_cast"

# Defaults of the analysis (documented in the README and recorded in every output).
DEFAULT_MIN_POPULATION = 200
DEFAULT_INCOME_VINTAGE = "acs2022"          # ACS 5-year 2018-2022
DEFAULT_WHITE_SHARE = "white_alone_share_2020"
INCOME_VINTAGES = {
    "acs2020": "ACS 5-year 2016-2020, table S1901 (2020 dollars)",
    "acs2022": "ACS 5-year 2018-2022, table S1901 (2022 dollars)",
}
WHITE_SHARE_FIELDS = {
    "white_alone_share_2020": "White alone, 2020 Census P1 (percent of population)",
    "nh_white_share_acs2022": "White alone, not Hispanic, ACS 2018-2022 (percent)",
    "nh_white_share_2020": "White alone, not Hispanic, 2020 Census P2 (percent; 169 of 207 tracts)",
}

# Ledger categories, in the order a row is tested: the first that applies is its category.
LEDGER_DUPLICATE = "duplicate"  # a case id seen in an earlier row: the first one is kept
LEDGER_INVALID = "invalid"      # coordinates that are not numbers or not on Earth
LEDGER_OUTSIDE_PERIOD = "outside_period"  # opened outside the period asked for, or no date
LEDGER_STAFF = "staff_initiated"
LEDGER_NO_COORDINATES = "no_coordinates"
LEDGER_DEFAULT_LOCATION = "default_location"
LEDGER_OUTSIDE = "outside_all_areas"
LEDGER_COUNTED = "counted"
LEDGER_CATEGORIES = (
    LEDGER_DUPLICATE,
    LEDGER_INVALID,
    LEDGER_OUTSIDE_PERIOD,
    LEDGER_STAFF,
    LEDGER_NO_COORDINATES,
    LEDGER_DEFAULT_LOCATION,
    LEDGER_OUTSIDE,
    LEDGER_COUNTED,
)
