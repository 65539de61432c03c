"""Known 311 export layouts: source column name -> normalised name.

A layout is recognised when all its `required` columns are present (compared case-insensitively).
"""

LAYOUTS = {
    "boston_classic": {
        "description": "Analyze Boston 311 export, classic columns (2011-2023)",
        "columns": {
            "case_enquiry_id": "case_id",
            "open_dt": "opened",
            "closed_dt": "closed",
            "type": "type",
            "source": "channel",
            "latitude": "latitude",
            "longitude": "longitude",
        },
        "timezone": "America/New_York",
    },
    "boston_crm_2025": {
        "description": "Boston's new CRM export (2025 on): report_source, UTC times",
        "columns": {
            "case_id": "case_id",
            "open_date": "opened",
            "close_date": "closed",
            "service_name": "type",
            "report_source": "channel",
            "latitude": "latitude",
            "longitude": "longitude",
        },
        "timezone": "UTC",
    },
}
