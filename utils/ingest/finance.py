"""Finance tables: the budget summary, the income statements (sector and areas) and investments.

Each table is found by its heading (config/mapping.toml), its columns by their printed heads,
and its service area by the first cell of its header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from utils.core.fi_numbers import NotANumber, decimals_of, parse_fi_decimal, parse_fi_int
from utils.ingest.common import Document, IngestError, area_lookup, html_to_text, norm, read_rows


@dataclass(frozen=True)
class Column:
    role: str  # "amount", "deviation" or "realization"
    year: int | None = None
    scenario: str | None = None


_ACTUAL = re.compile(r"^(?:tilinpäätös|tp|toteuma)\s*(\d{4})$")
_BUDGET = re.compile(r"^(?:talousarvio|ta)\s*(\d{4})$")
_ACTUAL_NO_YEAR = re.compile(r"^toteuma\s*1\s*[-–]\s*12$")


def _column_of_head(head: str, line_no: int) -> Column | None:
    key = " ".join(head.split()).casefold()
    if m := _ACTUAL.match(key):
        return Column("amount", int(m[1]), "actual")
    if m := _BUDGET.match(key):
        return Column("amount", int(m[1]), "budget")
    if _ACTUAL_NO_YEAR.match(key):
        return None  # the actual of the budget's year: dated by classify_columns
    if key == "poikkeama":
        return Column("deviation")
    if key in ("toteuma %", "toteuma%"):
        return Column("realization")
    expected = "column heads like 'Tilinpäätös 2023', 'Talousarvio 2024', 'Toteuma 2024', 'Poikkeama', 'Toteuma %'"
    raise IngestError(line_no, expected, head)


def classify_columns(heads: list[str], line_no: int) -> list[Column]:
    """Printed column heads (after the label column) -> what each column holds.

    'Tilinpäätös 2023' / 'TP2023' -> 2023 actual; 'Talousarvio 2024' / 'TA 2024' -> 2024 budget;
    'Toteuma 2024' -> 2024 actual; 'Toteuma 1-12' -> actual of the budget's year;
    'Poikkeama' -> deviation; 'Toteuma %' -> realisation per cent.
    """
    columns: list[Column | None] = [_column_of_head(head, line_no) for head in heads]  # None: 'Toteuma 1-12'
    budget_years = [c.year for c in columns if c and c.scenario == "budget"]
    for i, col in enumerate(columns):
        if col is None:
            if len(budget_years) != 1:
                raise IngestError(line_no, "one budget column to date 'Toteuma 1-12'", heads[i])
            columns[i] = Column("amount", budget_years[0], "actual")
    roles = [c.role for c in columns]  # type: ignore[union-attr]
    if roles.count("deviation") != 1 or roles.count("realization") != 1 or roles.count("amount") < 2:
        raise IngestError(line_no, "amount columns plus one 'Poikkeama' and one 'Toteuma %' column", " | ".join(heads))
    return columns  # type: ignore[return-value]


def _find_header(doc: Document, start: int, stop: int) -> tuple[int, list[str], str]:
    """Locate the header from `start`: a row with 'Poikkeama', possibly continued by a 'Selite 2023 ...' line.

    Returns (index of the first body line, column heads, first cell as printed).
    """
    for idx in range(start, stop):
        line = doc.lines[idx]
        cells = [html_to_text(c) for c in line.cells]
        if not line.is_row or not any(c.casefold() == "poikkeama" for c in cells):
            continue
        doc.claim(line, "finance:header")
        heads, first = cells[1:], cells[0]
        nxt = doc.lines[idx + 1] if idx + 1 < len(doc.lines) else None
        if nxt is not None and nxt.is_row and html_to_text(nxt.cells[0]).casefold() == "selite":
            # two-line header: the second line carries years and the '%' of Toteuma %
            more = [html_to_text(c) for c in nxt.cells[1:]] + [""] * len(heads)
            heads = [f"{h} {m}".strip() for h, m in zip(heads, more)]
            doc.claim(nxt, "finance:header")
            idx += 1
        return idx + 1, heads, first
    raise IngestError(doc.lines[start].number if start < len(doc.lines) else None, "a table header with 'Poikkeama'")


def _area_of(first_cell: str, lookup: dict[str, str], line_no: int) -> str:
    label = re.sub(r"\s*selite\s*$", "", first_cell, flags=re.IGNORECASE)
    code = lookup.get(norm(label))
    if code is None:
        raise IngestError(line_no, "a service area named in config/mapping.toml in the header's first cell", first_cell)
    return code


def accounts_of(mapping: dict, statement: str) -> dict[str, tuple[str, dict]]:
    """Normalised label -> (mapping key, entry) for the accounts a table of `statement` may print: those whose
    `statements` name it, or that name none. Matching is case-insensitive only within one table, so the budget
    summary's 'MENOT' is never read as the investments table's 'Menot'; two labels of one table that differ only
    in case are refused."""
    out: dict[str, tuple[str, dict]] = {}
    for key, entry in mapping["accounts"].items():
        if statement not in entry.get("statements", [statement]):
            continue
        if norm(key) in out:
            raise IngestError(None, f"account labels of the {statement} table that differ in more than case in "
                              "config/mapping.toml", f"{out[norm(key)][0]} / {key}")
        out[norm(key)] = (key, entry)
    return out


def _table_end(doc: Document, tables: list[dict], t_index: int, h_idx: int) -> int:
    """Where a finance table's search stops: the next table's heading, or the end of the document."""
    if t_index + 1 < len(tables):
        try:
            return doc.find_heading(tables[t_index + 1]["heading"], h_idx + 1)
        except IngestError:
            pass
    return len(doc.lines)


def _row_values(row, columns: list[Column], heads: list[str], values: list[str]) -> dict[int, object]:
    """A row's printed cells as numbers: whole euros, or (Decimal, text) for the realisation per cent."""
    line_no = row.lines[0]
    parsed: dict[int, object] = {}
    for i, (col, text) in enumerate(zip(columns, values)):
        if not text:
            raise IngestError(line_no, f"a figure in column {heads[i]!r}", row.cells[0])
        try:
            parsed[i] = (parse_fi_decimal(text), text) if col.role == "realization" else parse_fi_int(text)
        except NotANumber:
            raise IngestError(line_no, f"a number in column {heads[i]!r}", text) from None
    return parsed


def _records(spec: dict, area: str, label: str, acc: dict, section: str, order: int, row, columns: list[Column],
             heads: list[str], parsed: dict[int, object]) -> list[dict]:
    """One tidy record per amount column of a printed row; Poikkeama and Toteuma % on the compared column."""
    deviation = next(parsed[i] for i, c in enumerate(columns) if c.role == "deviation")
    pct, pct_text = next(parsed[i] for i, c in enumerate(columns) if c.role == "realization")
    budget_year = max(c.year for c in columns if c.scenario == "budget")
    out = []
    for i, col in enumerate(columns):
        if col.role != "amount":
            continue
        compared = col.scenario == "actual" and col.year == budget_year
        out.append({
            "statement": spec["statement"], "service_area": area, "account": label, "year": col.year,
            "scenario": col.scenario, "amount_eur": parsed[i], "account_en": acc["en"], "account_kind": acc["kind"],
            "is_subtotal": acc["kind"] == "subtotal", "shown_as": acc["shown_as"], "section": section,
            "row_order": order,
            "deviation_eur": deviation if compared else None,
            "realization_pct": str(pct) if compared else None,
            "realization_pct_printed": pct_text if compared else None,
            "realization_decimals": decimals_of(pct_text) if compared else None,
            "column_printed": heads[i], "source_line": row.source_line,
        })
    return out


def _parse_rows(rows, spec: dict, area: str, accounts: dict, columns: list[Column], heads: list[str]) -> list[dict]:
    out: list[dict] = []
    section = ""
    order = 0
    for row in rows:
        label = html_to_text(row.cells[0])
        values = [html_to_text(c) for c in row.cells[1:]]
        if not any(values):
            section = label  # TOIMINTATUOTOT, TOIMINTAKULUT: headings without figures are not rows
            continue
        if norm(label) not in accounts:
            raise IngestError(row.lines[0], "an account named in config/mapping.toml", label)
        _, acc = accounts[norm(label)]
        order += 1
        out += _records(spec, area, label, acc, section, order, row, columns, heads,
                        _row_values(row, columns, heads, values))
    return out


def parse_finance(doc: Document, mapping: dict) -> list[dict]:
    lookup = area_lookup(mapping)
    out: list[dict] = []
    cursor = 0
    tables = mapping["finance_tables"]
    for t_index, spec in enumerate(tables):
        h_idx = doc.find_heading(spec["heading"], cursor)
        doc.claim(doc.lines[h_idx], "finance:heading")
        body, heads, first = _find_header(doc, h_idx + 1, _table_end(doc, tables, t_index, h_idx))
        header_line = doc.lines[body - 1].number
        columns = classify_columns(heads, header_line)
        area = _area_of(first, lookup, header_line)
        # a title row such as 'Irtain omaisuus' sits above the header in the investments table
        for idx in range(h_idx + 1, body):
            line = doc.lines[idx]
            if line.is_row and not any(c.strip() for c in line.cells[1:]):
                doc.claim(line, "finance:title")
        rows, end = read_rows(doc, body, 1 + len(columns), f"finance:{spec['statement']}:{area}", lambda cells: True)
        if not rows:
            raise IngestError(doc.lines[body].number if body < len(doc.lines) else None,
                              "rows of figures under the header")
        out += _parse_rows(rows, spec, area, accounts_of(mapping, spec["statement"]), columns, heads)
        cursor = end
    return out
