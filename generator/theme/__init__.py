"""The theme: which theme folders a build reads, their static assets under fingerprinted names
and the content security policy the pages run under.

Owns: `folders` (where themes live, the chosen theme over the default, problems with their
files), `assets` (collecting static files, fingerprinting them, `Assets`, `CSP`).
May import: `reading` (file scanning, problems), `model`, `text`.
Never does: render templates, plan pages or write files (`publishing` writes what it returns).
"""
