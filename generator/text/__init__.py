"""Words and addresses every stage shares: languages and locale formatting, Markdown made into
safe HTML, and the address of every page.

Owns: `i18n` (Babel locales, translation catalogs, dates, language and country names),
`markup` (Markdown -> HTML through an allowlist), `urls` (page paths, relative links, slugs),
`links` (every link target and bare address written in a text), `rooms` (whether an address
opens a meeting room or chat group itself).
May import: nothing else in the generator (the bottom layer).
Never does: know about entries or pages, or write files; it reads only the translation
catalogs it is handed.
"""
