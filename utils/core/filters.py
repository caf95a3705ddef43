"""The shared filters and their URL form (?area=VAKA&area=HYTE&year=2023&per=resident&lang=en). Plain Python.

Parsing never echoes a bad value back: a notice says which parameter was ignored, not what it held.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from utils.core import settings
from utils.core.settings import SECTOR

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
        return self.areas or (SECTOR,)


@dataclass
class Parsed:
    filters: Filters
    notices: list[str] = field(default_factory=list)  # names of parameters that were ignored


def _values(params: dict[str, list[str]], key: str) -> list[str]:
    return [v for v in params.get(key, []) if isinstance(v, str)]


def _areas(values: list[str]) -> tuple[tuple[str, ...], bool]:
    """The valid area codes (ALL or empty mean the whole sector) in the mapping's order, and whether any was bad."""
    areas: list[str] = []
    bad = False
    for raw in values:
        code = raw.strip().upper()[:MAX_PARAM_LENGTH]
        if code in (SECTOR, ""):
            continue
        if code in AREAS and len(raw) <= MAX_PARAM_LENGTH:
            areas.append(code)
        else:
            bad = True
    return tuple(a for a in AREAS if a in areas), bad


def _year(raw: str) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 and int(raw) in YEARS else None


def _measure(raw: str) -> str | None:
    return {"resident": "per_resident", "per_resident": "per_resident", "eur": "eur", "": "eur"}.get(raw)


_KEEP = object()  # a value that is neither valid nor wrong (an empty lang=): it changes nothing


def _lang(raw: str):
    return raw if raw in LANGS else (_KEEP if raw == "" else None)


def _lower(raw: str) -> str:
    return raw.strip().lower()


def _first(values: list[str], read, default, normalise=str.strip):
    """Every value of a repeated parameter is judged (any bad one is noticed); the first one decides, as nginx's
    $arg_lang reads ?lang (deploy/nginx.conf.template), so the page's <html lang> and its text agree. A bad or
    empty first value leaves the default: a later valid one does not replace it. -> (value, any bad one)."""
    parsed = [read(normalise(raw)) for raw in values]
    first = parsed[0] if parsed else None
    return (default if first is None or first is _KEEP else first), any(p is None for p in parsed)


def parse_params(params: dict[str, list[str]]) -> Parsed:
    """Query parameters (every value of each key) -> filters, plus the names of ignored parameters."""
    areas, bad_area = _areas(_values(params, "area"))
    year, bad_year = _first(_values(params, "year"), _year, DEFAULT_YEAR)
    measure, bad_measure = _first(_values(params, "per"), _measure, "eur", _lower)
    lang, bad_lang = _first(_values(params, "lang"), _lang, DEFAULT_LANG, _lower)
    notices = [name for name, bad in (("area", bad_area), ("year", bad_year), ("per", bad_measure),
                                      ("lang", bad_lang)) if bad]
    return Parsed(Filters(areas, year, measure, lang), notices)


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
