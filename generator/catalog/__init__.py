"""The catalog: checked content as one immutable, per-language view (text with fallback), and
what can be browsed by.

Owns: `catalog` (catalog entries and guides, per-language text).
May import: `reading` (the checked content it is built from), `model`, `text`.
Never does: read files, plan pages, render HTML or write output.
"""
