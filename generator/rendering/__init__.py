"""Rendering: planned pages -> HTML strings with Jinja2 (sandboxed, autoescaped, strict).

Owns: `render` (the Jinja2 environment, translated and escaped strings, the asset names).
May import: `planning` (the view models it renders), `theme` (asset names, the security
policy), and the layers below them.
Never does: write files, plan pages or decide what is on them.
"""
