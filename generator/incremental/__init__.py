"""Incremental builds: what the published site was built from, so a rebuild redoes only what
changed and still gives the bytes of a clean build.

Owns: `cache` (input hashes and the build record beside the output folder), `fragments`
(per-entry pieces of the open-data files kept between builds), `reuse` (which published pages
a build may copy instead of planning and rendering them, and the mark of such a page).
May import: `catalog`, `reading`, `model`, `text`.
Never does: plan, render or publish; it only says what may be reused and stores the pieces.
"""
