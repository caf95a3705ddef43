"""The document's facts that code needs, read once from configuration (config/mapping.toml): its service areas,
its years, the raw file's name. Another sector or city is a new mapping, not new code. Plain Python."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from utils.core import paths

MAPPING_PATH = paths.CONFIG_DIR / "mapping.toml"
SECTOR = "ALL"  # the code of the whole sector's rows


def load_mapping(path: Path = MAPPING_PATH) -> dict:
    """The mapping as a dict (read again on each call: the ingest may be pointed at another mapping)."""
    with open(path, "rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=1)
def mapping() -> dict:
    """The project's own mapping, read once per process."""
    return load_mapping()


@lru_cache(maxsize=1)
def area_codes() -> tuple[str, ...]:
    """Every area code of the mapping, the sector first: ('ALL', 'HYTE', ...)."""
    codes = tuple(mapping()["areas"])
    return (SECTOR, *[c for c in codes if c != SECTOR])


@lru_cache(maxsize=1)
def service_areas() -> tuple[str, ...]:
    """The service areas' codes in the mapping's order, without the sector."""
    return area_codes()[1:]


def budget_year() -> int:
    return int(mapping()["document"]["budget_year"])


def years() -> tuple[int, ...]:
    return tuple(int(y) for y in mapping()["document"]["years"])


def previous_year() -> int:
    return budget_year() - 1


def raw_name() -> str:
    """The raw document's file name under data/raw/."""
    return mapping()["document"]["raw_file"]


def raw_path() -> Path:
    return paths.DATA_DIR / "raw" / raw_name()


APP_SETTINGS_PATH = paths.CONFIG_DIR / "app.toml"


@lru_cache(maxsize=1)
def app_settings() -> dict:
    """The explorer's own settings (config/app.toml): list lengths, input limits, layout; not facts of the
    document. Read once per process."""
    with open(APP_SETTINGS_PATH, "rb") as fh:
        return tomllib.load(fh)
