"""Open data made from the catalog: JSON, CSV, the Meeting Guide feed, HSDS and calendars.

Owns: `exports` (directory.json, CSV, Meeting Guide), `hsds` (Human Services Data
Specification), `ics` (iCalendar files for meetings).
May import: `incremental` (fragments), `catalog`, `reading`, `model`, `text`.
Never does: plan or render HTML pages, or write files (it returns bytes for `publishing`).
"""
