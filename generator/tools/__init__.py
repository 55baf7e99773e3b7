"""Volunteer and maintainer tools, off the build path: preview server, new-entry scaffolding,
importers of other directories' data, review of a pull request, translation catalogs and the
generated field reference.

Owns: `serve` (live preview), `scaffold` (`new`), `importing` (`import`: one source read by its
format's reader, then written), `importer` (what every importer shares: draft entries, notices
per source row, their YAML, writing without overwriting hand edits), `import_meeting_guide`
(Meeting Guide JSON feeds), `import_csv` (spreadsheets with directory.csv's columns),
`import_hsds` (HSDS 3.0 services, as API JSON or a tabular package), `review` (what a change
touches), `fielddiff` (two versions of a YAML file compared field by field, text made safe to
print), `messages` (extract and update .po files), `contributing` (CONTRIBUTING.md's field
reference), `upkeep` (one issue per entry that needs a look, and the "still running" pull
request) with `upkeep_letters` (the message to a group) and `linkcheck` (polite link checks),
`preview` (a pull request's changed entries, pages and data diff, as a comment), `github_api`
(the few GitHub REST calls those workflows make), `admin` (a built site's forms editor
made into a local trial),
`forms` (the issue forms, generated from the model's values and the vocabularies) and
`from_issue` (`from-issue`: a submitted form's body -> an entry file, or a change to one, which
`correction` writes touching only the changed keys).
May import: `build` and every stage below it.
Never does: get imported by the build or any stage; only `cli` calls it.
"""
