"""Reading and checking content: files under `content/` become checked models, and every mistake
becomes a `Problem` with its file, line and column.

Owns: `files` (which files are read, and reading them safely), `load` (YAML and front matter
with the position of every node), `validate` (models, cross-field and cross-file checks),
`errors` (pydantic's errors in the volunteer's words), `textlinks` (links and addresses
written inside text), `lookalikes` (entries posing as a crisis line, likely duplicates),
`problems` (what a problem is and how it prints),
`checked` (the checked content handed on: `Validated`, `SourcedEntry`, `SourcedGuide`).
May import: `model`, `text`.
Never does: raise on bad content (problems are returned), build pages or write files.
"""
