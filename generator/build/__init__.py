"""The build: runs the stages in order (load -> validate -> catalog -> plan -> render -> write
-> publish), in parallel where it pays, reusing what the cache allows.

Owns: `site` (`build_site`: the stages in order, the cache and the publish), `workers` (the
render worker processes and the order they take the pages in), `memory` (handing memory back,
freezing a long-lived heap), `terminal` (the problem report, the summary line, progress and
the build's "today", shared by `cli` and `tools.serve`), `choice_words` (the theme's words for
the values volunteers choose, which the checker's suggestions match).
May import: every stage below it.
Never does: parse arguments (that is `cli`) or import volunteer tools.
"""
