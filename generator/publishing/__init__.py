"""Publishing: writing the built site to a fresh folder, indexing it for search, and swapping it
in atomically.

Owns: `output` (the only writer: staging folders, pages and files, the atomic publish), `search`
(the Pagefind index, one bundle per language), `search_copies` (what Pagefind reads of each
searchable page, kept beside the site, and the page as visitors get it without it), `sitemap`
(sitemap.xml, robots.txt, `_headers` and the other files beside the pages), `hosts` (each static
host's limits, the output measured against them), `admin` (the opt-in forms editor: its Decap
CMS configuration from the entry schema, its page and its own security policy).
May import: `theme` (fingerprinted assets, the security policy for `_headers`), `incremental`,
`catalog`, `reading`, `model`, `text`.
Never does: plan or render pages (it is handed bytes), or read content.
"""
