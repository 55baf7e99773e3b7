"""Where "near me" looks: the countries whose towns a visitor may type, and where each
country's list of towns is published.

`generator.exports.towns` writes the lists; the search page names them from here, so the
page never asks for a list the build did not write.
"""

from __future__ import annotations

from generator.catalog.catalog import Catalog

TOWNS_FOLDER = "towns/"
"""The folder, from the site root, of the towns' lists, one file per country."""


def covered_countries(catalog: Catalog) -> tuple[str, ...]:
    """Return the countries a visitor may look near: the site's own and those entries meet in,
    or none when the site has no near-me search."""
    site = catalog.site
    if not (site.features.search and site.features.near_me):
        return ()
    found = {site.default_country}
    found.update(e.entry.location.country for e in catalog.published if e.entry.location)
    return tuple(sorted(found))


def towns_file(country: str) -> str:
    """Return the path, from the site root, of a country's list of towns."""
    return f"{TOWNS_FOLDER}{country.lower()}.json"
