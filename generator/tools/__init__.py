"""Volunteer and maintainer tools, off the build path: preview server, new-entry scaffolding,
review of a pull request, translation catalogs and the generated field reference.

Owns: `serve` (live preview), `scaffold` (`new`), `review` (what a change touches),
`fielddiff` (two versions of a YAML file compared field by field, text made safe to print),
`messages` (extract and update .po files), `contributing` (CONTRIBUTING.md's field reference).
May import: `build` and every stage below it.
Never does: get imported by the build or any stage; only `cli` calls it.
"""
