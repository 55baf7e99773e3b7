"""Page planning: from the catalog, every page of the site with its finished data (view models),
before any template runs.

Owns: `pages` (labels, per-language wording, facets, view models and the planner), `jsonld`
(schema.org structured data of entry pages).
May import: `incremental` (what a rebuild may reuse), `catalog`, `reading`, `model`, `text`.
Never does: render templates, write files, or import rendering, exports or publishing.
"""
