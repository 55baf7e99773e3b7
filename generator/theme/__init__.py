"""The theme: its static assets under fingerprinted names and the content security policy its
pages run under.

Owns: `assets` (collecting a theme's static files, fingerprinting them, `Assets`, `CSP`).
May import: `reading` (problems), `model`, `text`.
Never does: render templates, plan pages or write files (`publishing` writes what it returns).
"""
