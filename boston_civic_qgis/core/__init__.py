"""The analysis core: plain functions on (Geo)DataFrames. Never imports qgis."""
