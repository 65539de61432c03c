"""Which 311 channels are resident-initiated. Boston's channels are the default table."""

# Values of Boston's `source` (classic export) and `report_source` (2025 CRM) columns.
BOSTON_RESIDENT_CHANNELS = frozenset({
    "Constituent Call",
    "Citizens Connect App",
    "Self Service",
    "Twitter",
    "BOS311",
    "Call",
})
BOSTON_STAFF_CHANNELS = frozenset({
    "Employee Generated",
    "City Worker App",
    "Maximo Integration",
})

# Boston's geocoder puts requests it cannot place on City Hall Plaza.
BOSTON_DEFAULT_LOCATIONS = ((42.3594, -71.0587),)
