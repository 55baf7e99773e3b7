"""The build: runs the stages in order (load -> validate -> catalog -> plan -> render -> write
-> publish), in parallel where it pays, reusing what the cache allows.

Owns: `site` (`build_site`, the worker pool, memory settings, theme discovery).
May import: every stage below it.
Never does: print to the terminal or parse arguments (that is `cli`), or run volunteer tools.
"""
