"""The catalog: checked content as one immutable, per-language view (text with fallback), and
what can be browsed by.

Owns: `catalog` (catalog entries and guides, per-language text), `labels` (the words shown for
each value and facet, marked for translation), `facets` (the ways to browse and the entries
under each value), `opendata` (the list of exports: each one's files, formats and the words
the data page shows for it), `gazetteer` (a town's approximate coordinates, for entries that
give a town but none, and the towns a visitor may type), `nearby` (the countries near-me
covers and where their towns' lists are published).
May import: `reading.checked` (the checked content it is built from; never `validate`),
`reading`, `model`, `text`.
Never does: read the content's files (only the gazetteer's packaged data), plan pages, render
HTML or write output.
"""
