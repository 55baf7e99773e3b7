"""The whole-directory exports are published gzip-compressed, and open to what they held."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

from generator.catalog import opendata
from generator.catalog.catalog import Catalog
from generator.exports.exports import csv_files, json_files
from generator.exports.hsds import hsds_files
from generator.exports.packing import packed


def test_whole_directory_exports_are_published_compressed_and_open_to_the_same_bytes(
    sample_catalog: Catalog,
) -> None:
    plain = {**json_files(sample_catalog), **csv_files(sample_catalog)}
    published = packed(plain)
    assert sorted(published) == [
        "data/directory.csv.gz",
        "data/directory.json.gz",
        "data/directory.schema.json",  # small, and read by editors and validators by address
    ]
    assert gzip.decompress(published["data/directory.json.gz"]) == plain["data/directory.json"]
    assert gzip.decompress(published["data/directory.csv.gz"]) == plain["data/directory.csv"]
    # the same content gives the same bytes: no time or file name in the gzip header
    assert packed(plain) == published
    assert published["data/directory.json.gz"][4:8] == b"\0\0\0\0"


def test_the_hsds_package_compresses_its_bulk_files_and_keeps_what_apps_fetch_plain(
    sample_catalog: Catalog,
) -> None:
    published = packed(hsds_files(sample_catalog))
    hsds = {path.removeprefix("data/hsds/") for path in published if path.count("/") == 2}
    assert hsds == {
        "index.json",
        "services.json.gz",
        "organizations.json.gz",
        "locations.json.gz",
        "service_at_locations.json.gz",
    }
    # the index names the files as they are published, so a reader can follow it
    index = json.loads(published["data/hsds/index.json"])
    assert {f["path"] for f in index["files"]} == hsds - {"index.json"}
    # the API's pages, the tabular package and the profile are answers fetched by address
    assert "data/hsds/api/services/pages/1.json" in published
    assert "data/hsds/tabular/datapackage.json" in published
    assert "data/hsds/tabular/services.csv" in published


def test_the_built_site_publishes_each_listed_export_where_the_data_page_links_it(
    sample_build: Path,
) -> None:
    data = sample_build / "data"
    listed = [file for export in opendata.EXPORTS for file in export.files]
    assert [
        file.published for file in listed if not (sample_build / file.published).is_file()
    ] == []
    # and not the uncompressed copy beside it
    assert [file.path for file in listed if file.gzip and (sample_build / file.path).exists()] == []
    document = json.loads(gzip.decompress((data / "directory.json.gz").read_bytes()))
    assert document["version"] == "2.0" and len(document["entries"]) > 50
    text = gzip.decompress((data / "directory.csv.gz").read_bytes()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 1 + len(document["entries"])
    services = json.loads(gzip.decompress((data / "hsds" / "services.json.gz").read_bytes()))
    assert len(services) >= len(document["entries"])
