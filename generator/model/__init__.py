"""What volunteers write and how the site is set up: the models, their field types, the site
settings and the JSON Schemas made from them.

Owns: `models` (entries, guides, vocabularies), `fields` (field types and the checks and wording
shared by them), `config` (site.yaml), `schema` (JSON Schemas for editors and CI), `privacy` (which fields are
published, how precisely a place is, what looks like a personal email).
May import: nothing else in the generator (the bottom layer, beside `text`).
Never does: read or write files, know about pages, HTML or templates.
"""
