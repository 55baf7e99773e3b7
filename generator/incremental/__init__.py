"""Incremental builds: what the published site was built from, so a rebuild redoes only what
changed and still gives the bytes of a clean build.

Owns: `cache` (input hashes and the build record beside the output folder), `fragments`
(per-entry pieces of the open-data files kept between builds), `reuse` (for each planned
page, whether the build may copy the published file instead of making it: `Reuse.decide`).
May import: `catalog`, `reading`, `model`, `text`.
Never does: plan, render or publish; it only says what may be reused and stores the pieces.
"""
