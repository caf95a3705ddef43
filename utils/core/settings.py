"""Configuration, read once and only here: the document's facts (config/mapping.toml: its service areas, years,
names and dates, the raw file, the status words of its goals), the figures and thresholds of this site's editorial
reading (config/editorial_figures.toml, config/editorial_notes.toml, config/profile.toml) and the explorer's own
settings (config/app.toml). Another sector or city is a new mapping, not new code. Plain Python."""

from __future__ import annotations

import datetime
import tomllib
from functools import lru_cache
from pathlib import Path

from utils.core import paths

MAPPING_PATH = paths.CONFIG_DIR / "mapping.toml"
SECTOR = "ALL"  # the code of the whole sector's rows


def read_toml(path: Path) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def load_mapping(path: Path = MAPPING_PATH) -> dict:
    """The mapping as a dict (read again on each call: the ingest may be pointed at another mapping)."""
    return read_toml(path)


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


def document_date() -> datetime.date:
    """The date the document was signed (mapping: document.date)."""
    return datetime.date.fromisoformat(mapping()["document"]["date"])


def archive_name() -> str:
    """The data set's zip, without .zip: also the name of the folder inside it."""
    return mapping()["document"]["archive_name"]


def package_name() -> str:
    """The name of data/datapackage.json."""
    return mapping()["document"]["package_name"]


def report_file_name(area: str, lang: str) -> str:
    """The printable profile's file name: <archive_name>-<report_name>-<area>-<lang>.pdf."""
    return f"{archive_name()}-{mapping()['document']['report_name']}-{area}-{lang}.pdf"


@lru_cache(maxsize=1)
def goal_status() -> dict[str, str]:
    """The status words the goals tables print: met, partly, not_met, no_data -> the word as printed."""
    return dict(mapping()["goal_status"])


@lru_cache(maxsize=1)
def per_resident_net_costs() -> dict[str, str]:
    """Key figures that are an area's net cost over the population: indicator key -> area code."""
    return {ind["key"]: ind["area"] for ind in mapping()["indicators"] if ind.get("net_cost_per_resident")}


# ---------------------------------------------------------------- this site's editorial reading
EDITORIAL_FIGURES_PATH = paths.CONFIG_DIR / "editorial_figures.toml"
EDITORIAL_NOTES_PATH = paths.CONFIG_DIR / "editorial_notes.toml"


@lru_cache(maxsize=1)
def _editorial_figures_file() -> dict:
    return read_toml(EDITORIAL_FIGURES_PATH)


def editorial_figures() -> dict:
    """Amounts the document states only in its running text, by group (investments: library, gym), each with the
    line of data/raw that prints it."""
    return {group: specs for group, specs in _editorial_figures_file().items() if group != "thresholds"}


def thresholds() -> dict:
    """The thresholds of this site's findings (stated to users beside each finding)."""
    return _editorial_figures_file()["thresholds"]


@lru_cache(maxsize=4)
def editorial_notes(path: Path = EDITORIAL_NOTES_PATH) -> tuple[dict, ...]:
    """The site's notes on the document's commentary (config/editorial_notes.toml), in file order."""
    return tuple(read_toml(path).get("notes", []))


PROFILE_PATH = paths.CONFIG_DIR / "profile.toml"


@lru_cache(maxsize=1)
def profile_settings() -> dict:
    """The profile's editorial settings, its report's settings and the hand-reviewed ties of projects to areas
    (config/profile.toml). Read once per process."""
    return read_toml(PROFILE_PATH)


APP_SETTINGS_PATH = paths.CONFIG_DIR / "app.toml"


@lru_cache(maxsize=1)
def app_settings() -> dict:
    """The explorer's own settings (config/app.toml): list lengths, input limits, layout; not facts of the
    document. Read once per process."""
    return read_toml(APP_SETTINGS_PATH)
