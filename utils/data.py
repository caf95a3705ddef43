"""The only place that caches. Frames are immutable, so one copy is shared by every session."""

from __future__ import annotations

import polars as pl
import streamlit as st

from utils import transform
from utils.ingest.common import load_mapping
from utils.loading import read_all, read_datapackage


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
