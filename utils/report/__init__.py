"""The printable report of a profile: an A4 PDF typeset on the server by Typst (the `typst` package from the
package registry: a compiler in a wheel, no system service), with the shipped DejaVu Sans (assets/fonts) for
Finnish letters and the euro sign, and charts as SVG vectors from vl-convert. Plain Python, no streamlit.

`build_profile_pdf(area, lang)` builds one report from data/ (read once per process). The app never calls it in
its own threads: the download button asks the export worker (utils/app/exports.py: report_export), which builds each
report once per area, language, link and data version in its one process and keeps it in its cache.

The worker reads data/ and config/ itself, possibly long after the app loaded its snapshot. So the app sends what
its pages are built from, file by file (`fingerprint`: every data file's sha256 as its snapshot holds it, and the
configuration the report reads as the app holds it), and a report is built only if the worker's inputs are the
same; otherwise it is refused (DataVersionMismatch, naming the files), never built from other figures.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import polars as pl

from utils.core import settings
from utils.core.loading import DATA_DIR, read_snapshot
from utils.questions import finance
from utils.questions import profile as profiles
from utils.report.charts import FONTS_DIR
from utils.report.document import document

TEMPLATE = Path(__file__).with_name("profile.typ")


# the configuration files the report reads (config/<name>), each as the app holds it: see fingerprint
REPORT_CONFIG = {"mapping.toml": settings.MAPPING_PATH, "profile.toml": settings.PROFILE_PATH}


def fingerprint(data_sha256: dict[str, str], config: dict[str, dict]) -> dict[str, str]:
    """What a report is built from, file by file: 'data/<name>' -> the sha256 of the file's bytes (as a verified
    snapshot holds them, datapackage.json and the source document included), 'config/<name>' -> the sha256 of the
    file's parsed content (the app keeps the parsed tables, not the bytes). Two equal fingerprints: the same
    figures, names and settings."""
    found = {f"data/{name}": digest for name, digest in data_sha256.items()}
    for name, value in config.items():
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)
        found[f"config/{name}"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return dict(sorted(found.items()))


class _Inputs(NamedTuple):
    tables: dict
    wide: pl.DataFrame
    mapping: dict
    config: dict
    version: str  # the data version printed in the report (the source document's sha256, 12 digits)
    fingerprint: dict[str, str]


@lru_cache(maxsize=1)
def _inputs() -> _Inputs:
    """The published tables (read and checked once: utils.core.loading.read_snapshot), their wide finance table,
    the configuration the report reads (each file read once and parsed from those bytes), the data version and
    the fingerprint of all of it, once per process."""
    snap = read_snapshot(DATA_DIR)
    # read afresh (settings.read_toml, not the cached readers): the worker compares the files as they are now
    config = {name: settings.read_toml(path) for name, path in REPORT_CONFIG.items()}
    version = snap.package["sources"][0]["hash"].removeprefix("sha256:")[:12]
    return _Inputs(snap.frames, finance.finance_wide(snap.frames["finance"]), config["mapping.toml"],
                   config["profile.toml"], version, fingerprint(snap.sha256, config))


def content(area: str, lang: str, base_url: str = "") -> tuple[dict, dict[str, str]]:
    """The report's content and charts (what the template lays out), for tests and for build_profile_pdf."""
    tables, wide, mapping, config, version, _ = _inputs()
    p = profiles.build(tables, area, mapping, wide=wide, config=config)
    lines = finance.statement_rows(wide, (area,)).filter(pl.col("account_kind").is_in(["income", "cost"]))
    url = base_url.rstrip("/") + profiles.canonical_path(area, lang)
    return document(p, lang, mapping, lines, version, url, config)


class DataVersionMismatch(RuntimeError):
    """The data on disk is not the version the app shows: no report of other figures than the page's."""


def _differences(version: str | None, expected: dict[str, str] | None) -> list[str]:
    """What of the worker's inputs differs from what the app shows (empty: nothing)."""
    found = _inputs()
    if version is not None and found.version != version:
        return [f"data/ is version {found.version}, the app shows {version}"]
    if expected is not None and found.fingerprint != expected:
        names = sorted(n for n in expected.keys() | found.fingerprint.keys()
                       if expected.get(n) != found.fingerprint.get(n))
        return [", ".join(names) + (" differ" if len(names) > 1 else " differs") + " from what the app shows"]
    return []


def check_inputs(version: str | None = None, expected: dict[str, str] | None = None) -> None:
    """Refuse (DataVersionMismatch) unless data/ and config/ as the worker reads them are what the app shows: the
    data version and, given, the fingerprint of every file. On a difference the files are read again first (the
    worker may hold older ones than the app); if they still differ, the report is refused."""
    if _differences(version, expected):
        _inputs.cache_clear()
        problems = _differences(version, expected)
        if problems:
            raise DataVersionMismatch(f"{problems[0]} (the files changed after the app read them; the app shows "
                                      "the new ones after a restart)")


def build_profile_pdf(area: str, lang: str, base_url: str = "", version: str | None = None,
                      expected: dict[str, str] | None = None) -> bytes:
    """The report of `area` (a service-area code, or ALL for the whole sector) in `lang`, as PDF bytes. Its link
    is base_url + /profile?area=X&lang=L (just the path when base_url is empty). With `version` (the data version
    the app shows) and `expected` (the app's fingerprint of the data and configuration), the build is refused
    unless the worker's inputs are the same (check_inputs)."""
    import typst

    check_inputs(version, expected)
    doc, svgs = content(area, lang, base_url)
    inputs = {"doc": json.dumps(doc, ensure_ascii=False), **svgs}
    return typst.compile(TEMPLATE.read_bytes(), format="pdf", font_paths=[str(FONTS_DIR)], ignore_system_fonts=True,
                         sys_inputs=inputs, root=str(TEMPLATE.parent))

