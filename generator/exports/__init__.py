"""Open data made from the catalog: JSON, CSV, the Meeting Guide feed, HSDS, GeoJSON and calendars.

Owns: `exports` (directory.json, CSV, Meeting Guide), `hsds` (Human Services Data
Specification), `hsds_api` (the HSDS API as static files, and the peer support profile),
`hsds_tabular` (HSDS as a Tabular Data Package), `geojson` (the map of places), `ics`
(iCalendar files for meetings), `meeting_types` (Meeting Guide's type codes, both ways: the
importer reads them with the same table), `towns` (the towns' lists near-me matches on the
device: not open data, but made from the catalog and the gazetteer the same way), `packing`
(the whole-directory files gzip-compressed, as published).
May import: `incremental` (fragments), `catalog`, `reading`, `model`, `text`.
Never does: plan or render HTML pages, or write files (it returns bytes for `publishing`).
"""
