"""The in-person and hybrid entries as GeoJSON (RFC 7946), for mapping tools.

One Point feature per entry whose place has coordinates, at the precision the privacy rules
publish (`privacy.public_coordinates`: a venue's own where its street address is public, else
the town's, rounded), with `approximate` saying which. Online-only entries have no place and
are left out; nothing is geocoded here, so a place without coordinates is left out too.
"""

from __future__ import annotations

import json
from typing import Any

from generator.catalog import opendata
from generator.catalog.catalog import Catalog, CatalogEntry
from generator.model import privacy
from generator.text import urls


def geojson_files(catalog: Catalog) -> dict[str, bytes]:
    """Return data/directory.geojson: a FeatureCollection of the entries that meet somewhere."""
    features = [
        feature for item in catalog.published if (feature := _feature(catalog, item)) is not None
    ]
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    return {opendata.GEOJSON.path: text.encode("utf-8") + b"\n"}


def _feature(catalog: Catalog, item: CatalogEntry) -> dict[str, Any] | None:
    entry = item.entry
    location = entry.location
    if entry.attendance == "online" or location is None:
        return None
    coordinates = privacy.public_coordinates(location)
    if coordinates is None:
        return None
    latitude, longitude = coordinates
    site = catalog.site
    return {
        "type": "Feature",
        "id": item.slug,
        # RFC 7946: longitude first
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": {
            "name": item.text(entry.name, item.language, site.default_language).text,
            "url": urls.entry_url(site.base_url, item.page_language(site), item.slug),
            "kind": entry.kind,
            "attendance": entry.attendance,
            "approximate": privacy.is_approximate(location),
        },
    }
