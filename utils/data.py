"""The only place that caches. Frames are immutable, so one copy is shared by every session."""

from __future__ import annotations

import polars as pl
import streamlit as st

from utils import search, transform
from utils.ingest.common import load_mapping
from utils.loading import DATA_DIR, read_all, read_datapackage


@st.cache_resource(show_spinner=False)
def tables() -> dict[str, pl.DataFrame]:
    """Every published table, read and checked once per server process. Raises loading.DataError."""
    return read_all()


@st.cache_resource(show_spinner=False)
def mapping() -> dict:
    return load_mapping()


def load_finance() -> pl.DataFrame:
    return tables()["finance"]


@st.cache_resource(show_spinner=False)
def finance_wide() -> pl.DataFrame:
    return transform.finance_wide(load_finance())


def load_kpis() -> pl.DataFrame:
    return tables()["kpis"]


def load_goals() -> pl.DataFrame:
    return tables()["goals"]


def load_projects() -> pl.DataFrame:
    return tables()["projects"]


def load_risks() -> pl.DataFrame:
    return tables()["risks"]


def load_texts() -> pl.DataFrame:
    return tables()["texts"]


def load_checks() -> pl.DataFrame:
    return tables()["checks"]


def population() -> dict:
    """The population the document states (one row: year, population, source_line)."""
    return tables()["population"].row(0, named=True)


def area_names(lang: str = "fi") -> dict[str, str]:
    return {code: spec[f"short_{lang}"] for code, spec in mapping()["areas"].items()}


@st.cache_resource(show_spinner=False)
def datapackage() -> dict:
    return read_datapackage()


@st.cache_resource(show_spinner=False)
def account_names(lang: str = "fi") -> dict[str, str]:
    """Printed account label -> its name in `lang` (Finnish: as printed)."""
    return {label: (label if lang == "fi" else spec.get(lang, label)) for label, spec in mapping()["accounts"].items()}


@st.cache_resource(show_spinner=False)
def raw_lines() -> list[str]:
    """The source document's lines, for showing a figure's source line on request."""
    return (DATA_DIR / "raw" / "tilinpaatos-2024-hyvinvointi.txt").read_text(encoding="utf-8").split("\n")


@st.cache_resource(show_spinner=False)
def data_version() -> str:
    """A short, stable name for this build of the data: the first 12 hex digits of the source's sha256."""
    return datapackage()["sources"][0]["hash"].removeprefix("sha256:")[:12]


@st.cache_resource(show_spinner=False)
def indicator_names(lang: str = "fi") -> dict[str, str]:
    """Indicator key -> its short name in `lang`."""
    return {s["key"]: s.get(lang, s["fi"]) for s in mapping()["indicators"]}


@st.cache_resource(show_spinner=False)
def search_index() -> pl.DataFrame:
    return search.build_index(tables())


@st.cache_data(show_spinner=False, max_entries=1000)
def chart_spec(factory_name: str, _factory, *args, **kwargs) -> dict:
    """A chart's Vega-Lite spec, built once per factory, data and arguments (shared by sessions): altair's
    builders take tens of milliseconds a chart, far more than the queries. The factories build known-good
    specs, so altair's schema validation is skipped too."""
    return _factory(*args, **kwargs).to_dict(validate=False)
