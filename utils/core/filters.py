"""The shared filters and their URL form (?area=VAKA&area=HYTE&year=2023&per=resident&lang=en). Plain Python.

Parsing never echoes a bad value back: a notice says which parameter was ignored, not what it held.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from utils.core import settings

AREAS = settings.service_areas()
YEARS = settings.years()
DEFAULT_YEAR = settings.budget_year()
MEASURES = ("eur", "per_resident")
MAX_PARAM_LENGTH = 40


LANGS = ("fi", "en")
DEFAULT_LANG = "fi"


@dataclass(frozen=True)
class Filters:
    areas: tuple[str, ...] = ()  # empty = the whole sector
    year: int = DEFAULT_YEAR
    measure: str = "eur"
    lang: str = DEFAULT_LANG

    @property
    def is_sector(self) -> bool:
        return not self.areas

    @property
    def area_codes(self) -> tuple[str, ...]:
        """Codes to select rows by: ('ALL',) for the whole sector."""
        return self.areas or ("ALL",)


@dataclass
class Parsed:
    filters: Filters
    notices: list[str] = field(default_factory=list)  # names of parameters that were ignored


def _values(params: dict[str, list[str]], key: str) -> list[str]:
    return [v for v in params.get(key, []) if isinstance(v, str)]


def parse_params(params: dict[str, list[str]]) -> Parsed:
    """Query parameters (every value of each key) -> filters, plus the names of ignored parameters."""
    notices: list[str] = []
    areas: list[str] = []
    bad_area = False
    for raw in _values(params, "area"):
        code = raw.strip().upper()[:MAX_PARAM_LENGTH]
        if code == "ALL" or code == "":
            continue
        if code in AREAS and len(raw) <= MAX_PARAM_LENGTH:
            if code not in areas:
                areas.append(code)
        else:
            bad_area = True
    if bad_area:
        notices.append("area")
    # every value of a repeated parameter is judged; the last valid one wins
    year = DEFAULT_YEAR
    for raw in (v.strip() for v in _values(params, "year")):
        if raw.isascii() and raw.isdigit() and len(raw) == 4 and int(raw) in YEARS:
            year = int(raw)
        elif "year" not in notices:
            notices.append("year")
    measure = "eur"
    for raw in (v.strip().lower() for v in _values(params, "per")):
        if raw in ("resident", "per_resident"):
            measure = "per_resident"
        elif raw in ("eur", ""):
            measure = "eur"
        elif "per" not in notices:
            notices.append("per")
    lang = DEFAULT_LANG
    for raw in (v.strip().lower() for v in _values(params, "lang")):
        if raw in LANGS:
            lang = raw
        elif raw and "lang" not in notices:
            notices.append("lang")
    ordered = tuple(a for a in AREAS if a in areas)
    return Parsed(Filters(ordered, year, measure, lang), notices)


def to_params(filters: Filters) -> dict[str, list[str]]:
    """Filters -> query parameters; defaults are left out so a plain link stays plain."""
    out: dict[str, list[str]] = {}
    if filters.areas:
        out["area"] = list(filters.areas)
    if filters.year != DEFAULT_YEAR:
        out["year"] = [str(filters.year)]
    if filters.measure != "eur":
        out["per"] = ["resident"]
    if filters.lang != DEFAULT_LANG:
        out["lang"] = [filters.lang]
    return out


def query_string(filters: Filters) -> str:
    from urllib.parse import urlencode

    pairs = [(k, v) for k, vs in to_params(filters).items() for v in vs]
    return ("?" + urlencode(pairs)) if pairs else ""
