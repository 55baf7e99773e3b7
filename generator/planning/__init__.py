"""Page planning: from the catalog, every page of the site with its finished data (view models),
before any template runs.

Owns: `pages` (the `Planner`: home, entry, list and browse pages), `search_words` (what search
finds an entry by beyond its text, in the page's language, and the search page's table of the
other languages' words), `site_pages` (guides,
statements, data, feed, search and 404 pages), `page_maker` (their shared state and how a
page is made), `views` (the view models handed to the templates: `Page`, `Link`, `Card`,
...), `wording` (per-language wording of places, schedules and phone numbers), `jsonld`
(schema.org structured data of entry pages), `when` (an entry's meetings as the compact rule
and search hours that when.js reads), `handout` (what paper needs: an entry's address
as a QR code, a card's phone and website).
May import: `catalog`, `reading`, `model`, `text`. Never `incremental`: the planner names each
page (`views.Planned`) and the build decides whether to make it or copy the published one.
Never does: render templates, write files, or import rendering, exports or publishing.
"""
