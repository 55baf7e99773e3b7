"""The build: runs the stages in order (load -> validate -> catalog -> plan -> render -> write
-> publish), in parallel where it pays, reusing what the cache allows.

Owns: `site` (`build_site`, the worker pool, memory settings, theme discovery), `terminal`
(the problem report and the build's "today", shared by `cli` and `tools.serve`).
May import: every stage below it.
Never does: parse arguments (that is `cli`) or import volunteer tools.
"""
