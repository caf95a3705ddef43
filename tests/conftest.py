"""Shared fixtures for the unit and ingest tests (tests/e2e has its own conftest)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
RAW_DOCUMENT = DATA_DIR / "raw" / "tilinpaatos-2024-hyvinvointi.txt"


@pytest.fixture(scope="session")
def raw_bytes() -> bytes:
    return RAW_DOCUMENT.read_bytes()


@pytest.fixture(scope="session")
def mapping() -> dict:
    from utils.ingest.common import load_mapping

    return load_mapping()


@pytest.fixture(scope="session")
def built(raw_bytes):
    """build_tables on the committed document, once per session (read-only: do not mutate the frames)."""
    from utils.ingest.pipeline import build_tables

    return build_tables(raw_bytes, RAW_DOCUMENT.name)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ (CSV files, datapackage.json and raw/) to damage."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target

