"""Goals: the council-binding goals of the sector and the operational goals of the service areas.

Both tables are found by their headings and their column heads. A row starts with a bold strategic
aim; a line whose first cell is not bold continues the row above (a page break in the PDF).
"""

from __future__ import annotations

import re

from utils.core import settings
from utils.core.settings import SECTOR
from utils.ingest.common import (
    Document,
    IngestError,
    Row,
    Table,
    area_lookup,
    html_to_text,
    is_bold,
    norm,
    read_table,
)

COUNCIL_HEADING = "STRATEGIASTA JOHDETUT TAVOITTEET/TOIMIALA (VALTUUSTON SITOVUUSTASO)"
OPERATIONAL_HEADING = "KÄYTTÖSUUNNITELMAN PALVELUALUEITTAISET TAVOITTEET"

# column key -> (head as printed in the document, pattern on the head's squeezed form)
COUNCIL_COLUMNS = {
    "aim": ("Strateginen päämäärä", r"strateginenpäämäärä"),
    "goal": ("Toimialan tavoite 2024", r"toimialantavoite\d{4}"),
    "progress_0930": ("Toteuma 30.9.", r"toteu(?:tu)?ma309"),
    "progress_1231": ("Toteuma 31.12.", r"toteu(?:tu)?ma3112"),
    "status": ("Tila", r"tila"),
}
OPERATIONAL_COLUMNS = {
    "aim": ("Strateginen päämäärä", r"strateginenpäämäärä"),
    "goal": ("Tavoite 2024", r"tavoite\d{4}"),
    "measure": ("Mittari ja tavoitetaso", r"mittari(?:ja|&)tavoitetaso"),
    "responsible": ("Vastuu", r"vastuu(?:henkilö)?"),
    "progress_0930": ("Toteuma 30.9.", r"toteu(?:tu)?ma309"),
    "progress_1231": ("Toteuma 31.12.", r"toteu(?:tu)?ma3112"),
    "status": ("Tila", r"tila"),
}

# "--\t--\t--\t--\t---": the rule printed under the council table
_RULE_CELL = re.compile(r"-{2,}")
_BOLD_START = re.compile(r"^\s*(?:<p>\s*)?(?:<b>(?P<html>.*?)</b>|\*\*(?P<md>.*?)\*\*)", re.DOTALL)
_MEASURE = re.compile(r"mittari\s*:", re.IGNORECASE)
_RESPONSIBLE = re.compile(r"^vastuuhenkilö\s*:\s*(?P<who>.+)$", re.IGNORECASE)
_NO_DATA = settings.goal_status()["no_data"].casefold()


def bold_start(cell: str) -> tuple[str, str] | None:
    """'<p><b>VAKA:</b></p> <p>Lasten...' -> ('VAKA:', 'Lasten...'): the leading bold text and the rest,
    both as plain text."""
    m = _BOLD_START.match(cell)
    if not m:
        return None
    bold = m["html"] if m["html"] is not None else m["md"]
    return html_to_text(bold), html_to_text(cell[m.end():])


def strategic_aim(table: Table, row: Row) -> str:
    first = table.cell(row, "aim")
    found = bold_start(first) if is_bold(first) else None
    if not found or not found[0]:
        raise IngestError(row.lines[0], "a row starting with a bold strategic aim", first)
    return found[0]


# ------------------------------------------------------------------ council-binding goals
def _responsible_above(doc: Document, table: Table) -> str:
    """The 'Vastuuhenkilö: ...' line of the section: above the heading (back to the section's own
    heading) or between the heading and the header."""
    h_idx = table.heading.number - 1
    before = []
    for idx in range(h_idx - 1, -1, -1):
        if doc.heading_text(doc.lines[idx]) is not None:
            break
        before.append(idx)
    candidates = before + list(range(h_idx + 1, table.header.number - 1))
    for idx in candidates:
        line = doc.lines[idx]
        m = _RESPONSIBLE.match(html_to_text(line.text))
        if m:
            doc.claim(line, "goals:council")
            return m["who"].strip()
    raise IngestError(table.heading.number, "a line 'Vastuuhenkilö: ...' above the council goals table")


def _council_rows(doc: Document) -> list[dict]:
    owner = "goals:council"
    table = read_table(
        doc,
        COUNCIL_HEADING,
        COUNCIL_COLUMNS,
        owner,
        lambda t, cells: is_bold(cells[t.columns["aim"]]),
        stop=lambda line: all(_RULE_CELL.fullmatch(c.strip()) for c in line.cells),
    )
    if table.end < len(doc.lines) and doc.heading_text(doc.lines[table.end]) is None:
        doc.claim(doc.lines[table.end], owner)  # the rule under the table
    responsible = _responsible_above(doc, table)
    out = []
    for order, row in enumerate(table.rows, start=1):
        aim = strategic_aim(table, row)
        goal_text = table.text(row, "goal")
        m = _MEASURE.search(goal_text)
        if not m or not goal_text[: m.start()].strip():
            expected = "a goal followed by 'Mittari: ...' in column 'Toimialan tavoite'"
            raise IngestError(row.lines[0], expected, goal_text)
        status = table.text(row, "status")
        if not status:
            raise IngestError(row.lines[0], "a status in column 'Tila'", row.cells[table.columns["aim"]])
        out.append(
            {
                "level": "council",
                "row_order": order,
                "goal_id": f"C{order:02d}",
                "strategic_aim": aim,
                "strategic_aim_text": table.text(row, "aim"),
                "service_area": SECTOR,
                "service_area_printed": "",
                "goal": goal_text[: m.start()].strip(),
                "measure": goal_text[m.start():].strip(),
                "responsible": responsible,
                "progress_0930": table.text(row, "progress_0930"),
                "progress_1231": table.text(row, "progress_1231"),
                "status": status,
                "is_empty": False,
                "source_line": row.source_line,
            }
        )
    return out


# ------------------------------------------------------------------ operational goals
def _area_label(cell: str, lookup: dict[str, str]) -> tuple[str, str, str] | None:
    """'<b>HYTE:</b>  Kokemus...' -> ('HYTE:', 'HYTE', 'Kokemus...'); None if the cell does not start
    with a service-area label."""
    found = bold_start(cell)
    if not found:
        return None
    label, rest = found
    if rest.startswith(":"):  # '<b>HYTE</b>: ...'
        label, rest = label + ":", rest[1:].strip()
    code = lookup.get(norm(label.rstrip(":").strip()))
    if code is None:
        return None
    return label, code, rest


def _operational_rows(doc: Document, mapping: dict) -> list[dict]:
    owner = "goals:operational"
    lookup = area_lookup(mapping)

    def is_new_row(t: Table, cells: list[str]) -> bool:
        # a row starts with a bold aim; a goal cell opening with an area label also starts one, so a
        # row whose aim is missing is reported instead of being glued to the row above
        return is_bold(cells[t.columns["aim"]]) or _area_label(cells[t.columns["goal"]], lookup) is not None

    table = read_table(doc, OPERATIONAL_HEADING, OPERATIONAL_COLUMNS, owner, is_new_row)
    out = []
    for order, row in enumerate(table.rows, start=1):
        aim = strategic_aim(table, row)
        status = table.text(row, "status")
        texts = {k: table.text(row, k) for k in ("goal", "measure", "responsible", "progress_0930", "progress_1231")}
        is_empty = not any(texts.values())
        if is_empty:
            if status.casefold() != _NO_DATA:
                expected = "a goal in column 'Tavoite' (only rows marked 'Ei tietoa' are empty)"
                raise IngestError(row.lines[0], expected, status)
            printed = code = goal = ""
        else:
            found = _area_label(table.cell(row, "goal"), lookup)
            if found is None:
                raise IngestError(
                    row.lines[0],
                    "a goal starting with a service-area label named in config/mapping.toml (e.g. 'HYTE:')",
                    table.cell(row, "goal"),
                )
            printed, code, goal = found
            if not status:
                raise IngestError(row.lines[0], "a status in column 'Tila'", table.cell(row, "goal"))
        out.append(
            {
                "level": "operational",
                "row_order": order,
                "goal_id": f"O{order:02d}",
                "strategic_aim": aim,
                "strategic_aim_text": table.text(row, "aim"),
                "service_area": code,
                "service_area_printed": printed,
                "goal": goal,
                "measure": texts["measure"],
                "responsible": texts["responsible"],
                "progress_0930": texts["progress_0930"],
                "progress_1231": texts["progress_1231"],
                "status": status,
                "is_empty": is_empty,
                "source_line": row.source_line,
            }
        )
    return out


def parse_goals(doc: Document, mapping: dict) -> list[dict]:
    """Council-binding goals (level 'council') then operational goals (level 'operational'), in document order."""
    return _council_rows(doc) + _operational_rows(doc, mapping)
