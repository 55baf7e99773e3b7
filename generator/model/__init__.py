"""What volunteers write and how the site is set up: the models, their field types, the site
settings and the JSON Schemas made from them.

Owns: `models` (entries, guides, vocabularies), `fields` (field types and the checks and wording
shared by them), `suggestions` (did-you-mean from the words of every site language), `contact`
(web address, email and phone fields), `config` (site.yaml), `schema` (JSON Schemas for editors
and CI), `privacy` (which fields are published, how precisely a place is, what looks like a
personal email).
May import: `text` (language data for checking language tags).
Never does: read or write files, know about pages, HTML or templates.
"""
