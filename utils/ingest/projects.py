"""Projects (Hankkeet): funded projects with funder, total funding, city share and spend realisation.

The table ends with a printed total row ('Yhteensä') whose cells are read by what they hold
(one € amount, then two percentages) rather than by column.
"""

from __future__ import annotations

import re
from decimal import Decimal

from utils.core import settings
from utils.core.fi_numbers import NotANumber, parse_fi_decimal, parse_fi_int
from utils.ingest.common import Document, IngestError, Line, Table, html_to_text, is_bold, norm, read_table
from utils.ingest.goals import strategic_aim

HEADING = "Hankkeet"
OWNER = "projects"
TOTAL_LABEL = "Yhteensä"

COLUMNS = {
    "aim": ("Strateginen päämäärä", r"strateginenpäämäärä"),
    "name": ("Hankkeen nimi ja koodi", r"(?:hankkeen)?nimi(?:jakoodi)?"),
    "period": ("Toteutusaika", r"toteutusaika"),
    "funding": ("Hankkeen kokonais-rahoitus", r"(?:hankkeen)?kokonaisrahoitus(?:€)?"),
    "funder": ("Hankkeen rahoittaja", r"(?:hankkeen)?rahoittaja"),
    "city_share": ("Kaupungin rahoitusosuus %", r"kaupungin(?:rahoitus)?osuus%?"),
    "spend": ("Menojen toteuma %", r"menojen(?:toteuma|toteutuma)%?"),
    "description": ("Tilannekatsaus", r"tilannekatsaus"),
}

# '2021–2024' (en dash: a range, not a minus) or a single year '2024'
_PERIOD = re.compile(r"^(?P<start>\d{4})(?:\s*[–—-]\s*(?P<end>\d{4}))?$")

# A start in the second half of 2024, as the descriptions put it: 'toteutus aloitettiin 1.8.2024',
# 'toteutus alkoi 8/2024', 'Hanke käynnistyi elokuussa 2024'. A date alone is not enough: it could be an end date.
_MONTHS = {
    "tammi": 1, "helmi": 2, "maalis": 3, "huhti": 4, "touko": 5, "kesä": 6,
    "heinä": 7, "elo": 8, "syys": 9, "loka": 10, "marras": 11, "joulu": 12,
}
_DATE = (
    r"(?<![\w.])(?:(?P<day>\d{1,2})\.(?P<m1>\d{1,2})\.\s?(?P<y1>\d{4})"
    r"|(?P<m2>\d{1,2})/(?P<y2>\d{4})"
    r"|(?P<mname>" + "|".join(_MONTHS) + r")kuu\w*\s+(?P<y3>\d{4}))"
)
_START_WORD = r"\b(?:aloit|alko|alka|käynnist)\w*"
_STARTS = (  # the start word before the date, or after it ('8/2024 alkanut hanke')
    re.compile(rf"{_START_WORD}[^.]{{0,40}}?{_DATE}", re.IGNORECASE),
    re.compile(rf"{_DATE}[^.]{{0,40}}?{_START_WORD}", re.IGNORECASE),
)


def started_h2_2024(description: str) -> str | None:
    """The phrase that dates the project's start to July–December of the budget year, or None."""
    matches = sorted((m for pattern in _STARTS for m in pattern.finditer(description)), key=lambda m: m.start())
    for m in matches:
        groups = {k: v for k, v in m.groupdict().items() if v is not None}
        year = int(groups.get("y1") or groups.get("y2") or groups.get("y3"))
        if "mname" in groups:
            month = _MONTHS[groups["mname"].casefold()]
        else:
            month = int(groups.get("m1") or groups.get("m2"))
        if year == settings.budget_year() and 7 <= month <= 12:
            return m.group(0)
    return None


def _pct(text: str, line: int, column: str) -> Decimal:
    """'20 %' -> Decimal('20'); '99,5 %' -> Decimal('99.5')."""
    try:
        return parse_fi_decimal(text.replace("%", "").strip())
    except NotANumber:
        raise IngestError(line, f"a percentage in column {column!r}", text) from None


def _eur(text: str, line: int, column: str) -> int:
    """'20000' or '1 335 392 €' -> int."""
    try:
        return parse_fi_int(text.replace("€", "").strip())
    except NotANumber:
        raise IngestError(line, f"a whole number of euros in column {column!r}", text) from None


def _spend(text: str, line: int) -> tuple[str | None, str, bool]:
    """'99 / 106 %' -> (None, '99;106', True); '100 %' -> ('100', '100', False)."""
    parts = [_pct(p, line, "Menojen toteuma %") for p in text.split("/")]
    joined = ";".join(str(p) for p in parts)
    if len(parts) == 1:
        return str(parts[0]), joined, False
    return None, joined, True


def _is_total(line: Line) -> bool:
    return any(norm(c) == norm(TOTAL_LABEL) for c in line.cells)


def _total_row(line: Line) -> dict:
    """'<b>Yhteensä</b>  <b>1 335 392 €</b>  19 %  78 %': the label, one € amount, two percentages,
    in that order, wherever their cells are."""
    texts = [html_to_text(c) for c in line.cells if c.strip()]
    expected = "'Yhteensä', a € amount, the city share % and the spend realisation %"
    amounts = [t for t in texts if "€" in t]
    pcts = [t for t in texts if t.endswith("%")]
    labels = [t for t in texts if norm(t) == norm(TOTAL_LABEL)]
    if len(amounts) != 1 or len(pcts) != 2 or len(labels) != 1 or len(texts) != 4:
        raise IngestError(line.number, expected, line.text)
    if texts.index(amounts[0]) > texts.index(pcts[0]):
        raise IngestError(line.number, expected, line.text)
    spend_pct, parts, multipart = _spend(pcts[1], line.number)
    return {
        "name": labels[0],
        "period": "",
        "period_start": None,
        "period_end": None,
        "strategic_aim": "",
        "strategic_aim_text": "",
        "funder": "",
        "total_funding_eur": _eur(amounts[0], line.number, "Hankkeen kokonais-rahoitus"),
        "total_funding_printed": amounts[0],
        "city_share_pct": str(_pct(pcts[0], line.number, "Kaupungin rahoitusosuus %")),
        "city_share_printed": pcts[0],
        "spend_realization_printed": pcts[1],
        "spend_realization_pct": spend_pct,
        "spend_realization_parts": parts,
        "is_multipart": multipart,
        "started_h2_2024": False,
        "start_note": "",
        "description": "",
        "is_total": True,
        "source_line": str(line.number),
    }


def _project_row(table: Table, row, overrides: dict[str, str]) -> dict:
    line = row.lines[0]
    texts = {key: table.text(row, key) for key in COLUMNS}
    for key in ("name", "period", "funding", "city_share", "spend"):
        if not texts[key]:
            raise IngestError(line, f"a value in column {COLUMNS[key][0]!r}", row.cells[table.columns["name"]])
    period = _PERIOD.match(texts["period"])
    if not period:
        raise IngestError(line, "a period like '2021–2024' or '2024' in column 'Toteutusaika'", texts["period"])
    start = int(period["start"])
    end = int(period["end"]) if period["end"] else start
    if end < start:
        raise IngestError(line, "a period whose end is not before its start", texts["period"])
    spend_pct, parts, multipart = _spend(texts["spend"], line)
    note = started_h2_2024(texts["description"])
    if note is None and texts["name"] in overrides:
        note = overrides[texts["name"]]
    return {
        "name": texts["name"],
        "period": texts["period"],
        "period_start": start,
        "period_end": end,
        "strategic_aim": strategic_aim(table, row),
        "strategic_aim_text": texts["aim"],
        "funder": texts["funder"],
        "total_funding_eur": _eur(texts["funding"], line, COLUMNS["funding"][0]),
        "total_funding_printed": texts["funding"],
        "city_share_pct": str(_pct(texts["city_share"], line, COLUMNS["city_share"][0])),
        "city_share_printed": texts["city_share"],
        "spend_realization_printed": texts["spend"],
        "spend_realization_pct": spend_pct,
        "spend_realization_parts": parts,
        "is_multipart": multipart,
        "started_h2_2024": note is not None,
        "start_note": note or "",
        "description": texts["description"],
        "is_total": False,
        "source_line": row.source_line,
    }


def parse_projects(doc: Document, mapping: dict) -> list[dict]:
    """One dict per project in document order, then the printed total (is_total=True) if there is one."""
    overrides: dict[str, str] = dict(mapping.get("project_start_overrides", {}))

    def is_new_row(t: Table, cells: list[str]) -> bool:
        # a row starts with a bold aim; a line with a period of its own is a row too (and fails
        # later if its aim is missing) rather than being glued to the row above
        return is_bold(cells[t.columns["aim"]]) or bool(html_to_text(cells[t.columns["period"]]))

    table = read_table(doc, HEADING, COLUMNS, OWNER, is_new_row, stop=_is_total)
    out = [_project_row(table, row, overrides) for row in table.rows]

    seen: dict[tuple[str, str], str] = {}
    for row in out:
        key = (row["name"], row["period"])
        if key in seen:
            raise IngestError(
                int(row["source_line"].split(";")[0]),
                f"one row per project name and period (also on line {seen[key]})",
                " ".join(key),
            )
        seen[key] = row["source_line"]
    names = {row["name"] for row in out}
    for name in overrides:
        if name not in names:
            raise IngestError(None, "a project named in project_start_overrides (config/mapping.toml)", name)

    if table.end < len(doc.lines) and _is_total(doc.lines[table.end]):
        line = doc.lines[table.end]
        doc.claim(line, OWNER)
        out.append(_total_row(line))
    return out
