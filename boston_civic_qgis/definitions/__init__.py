"""Definitions: field names, defaults, known 311 layouts, channel table. No QGIS, no pandas."""
