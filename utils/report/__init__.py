"""The printable report of a profile: an A4 PDF typeset on the server by Typst (the `typst` package from the
package registry: a compiler in a wheel, no system service), with the shipped DejaVu Sans (assets/fonts) for
Finnish letters and the euro sign, and charts as SVG vectors from vl-convert. Plain Python, no streamlit.

`build_profile_pdf(area, lang)` builds one report from data/ (read once per process). The app never calls it in
its own threads: the download button asks the export worker (utils/app/exports.py: report_export), which builds each
report once per area, language, link and data version in its one process and keeps it in its cache.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import polars as pl

from utils.core.loading import read_all, read_datapackage
from utils.core.settings import load_mapping
from utils.questions import finance
from utils.questions import profile as profiles
from utils.report.charts import FONTS_DIR
from utils.report.document import document

TEMPLATE = Path(__file__).with_name("profile.typ")


@lru_cache(maxsize=1)
def _inputs() -> tuple[dict, pl.DataFrame, dict, str]:
    """The published tables, their wide finance table, the mapping and the data version, once per process."""
    tables = read_all()
    version = read_datapackage()["sources"][0]["hash"].removeprefix("sha256:")[:12]
    return tables, finance.finance_wide(tables["finance"]), load_mapping(), version


def content(area: str, lang: str, base_url: str = "") -> tuple[dict, dict[str, str]]:
    """The report's content and charts (what the template lays out), for tests and for build_profile_pdf."""
    tables, wide, mapping, version = _inputs()
    config = profiles.settings()
    p = profiles.build(tables, area, mapping, wide=wide, config=config)
    lines = finance.statement_rows(wide, (area,)).filter(pl.col("account_kind").is_in(["income", "cost"]))
    url = base_url.rstrip("/") + profiles.canonical_path(area, lang)
    return document(p, lang, mapping, lines, version, url, config)


class DataVersionMismatch(RuntimeError):
    """The data on disk is not the version the app shows: no report of other figures than the page's."""


def build_profile_pdf(area: str, lang: str, base_url: str = "", version: str | None = None) -> bytes:
    """The report of `area` (a service-area code, or ALL for the whole sector) in `lang`, as PDF bytes. Its link
    is base_url + /profile?area=X&lang=L (just the path when base_url is empty). With `version` (the data version
    the app shows), the data is read again if it differs, and the build refused if it still does."""
    import typst

    if version is not None and _inputs()[3] != version:
        _inputs.cache_clear()
        if _inputs()[3] != version:
            raise DataVersionMismatch(f"data/ is version {_inputs()[3]}, the app shows {version}")

    doc, svgs = content(area, lang, base_url)
    inputs = {"doc": json.dumps(doc, ensure_ascii=False), **svgs}
    return typst.compile(TEMPLATE.read_bytes(), format="pdf", font_paths=[str(FONTS_DIR)], ignore_system_fonts=True,
                         sys_inputs=inputs, root=str(TEMPLATE.parent))

