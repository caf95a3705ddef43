"""Key figures (Tunnusluvut) and the population they use.

Indicators are matched by their printed label against config/mapping.toml, which also says how many
values (units) each cell holds. A cell whose text contradicts its label, or that cannot be split with
certainty, keeps its text and gets an empty value and a note.
"""

from __future__ import annotations

import re

from utils.core.fi_numbers import NotANumber, parse_fi_decimal
from utils.ingest.common import Document, IngestError, html_to_text, norm, read_rows

_KIND = re.compile(r"^(toteutuma|toteuma|tavoite)\s*(\d{4})$")
_LEADING_NUMBER = re.compile(r"^(-?\s?\d{1,3}(?:[ .\u00a0]\d{3})+(?:,\d+)?|-?\s?\d+(?:,\d+)?)\s*(\D.*)?$")
_POPULATION = re.compile(r"asukaslukua\s*\**\s*(\d[\d \u00a0]*\d)\s*\**", re.IGNORECASE)


def _columns(heads: list[str], line_no: int) -> list[tuple[int, str]]:
    out = []
    for head in heads:
        m = _KIND.match(" ".join(head.split()).casefold())
        if not m:
            raise IngestError(line_no, "column heads like 'Toteutuma 2023' or 'Tavoite 2024'", head)
        out.append((int(m[2]), "target" if m[1] == "tavoite" else "actual"))
    if len(set(out)) != len(out):
        raise IngestError(line_no, "each year and kind once in the header", " | ".join(heads))
    return out


def _unit_key(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def _unit_agrees(printed_unit: str, label_unit: str) -> bool:
    """'€ / as' agrees with '€/asukas' (an abbreviation); '€/ oppilas' does not; a bare '€' or '%' says nothing."""
    got, want = _unit_key(printed_unit), _unit_key(label_unit)
    if got in ("", "€", "%"):
        return True
    return want.startswith(got) or got == want


def _split_cell(text: str, n_units: int) -> list[tuple[str, str]] | None:
    """'421,74 € 11.355,17 €' -> [('421,74', '€'), ('11.355,17', '€')]; None when it does not split into n parts."""
    if n_units == 1:
        m = _LEADING_NUMBER.match(text)
        if not m:
            return None
        return [(m[1].strip(), (m[2] or "").strip())]
    parts = [p.strip() for p in text.split("€") if p.strip()]
    if len(parts) != n_units:
        return None
    return [(p, "€") for p in parts]


def parse_population(doc: Document, start: int, end: int) -> dict:
    for idx in range(start, end):
        line = doc.lines[idx]
        m = _POPULATION.search(line.text)
        if m:
            doc.claim(line, "population")
            return {
                "year": None,  # filled by the caller from the actual column of the table
                "population": int(re.sub(r"\D", "", m[1])),
                "population_printed": m[1],
                "statement_printed": html_to_text(line.text),
                "source_line": str(line.number),
            }
    raise IngestError(doc.lines[start].number, "the population used ('asukaslukua NNNNN') above the key figures")


def parse_kpis(doc: Document, mapping: dict) -> tuple[list[dict], dict]:
    h_idx = doc.find_heading("Tunnusluvut")
    doc.claim(doc.lines[h_idx], "kpis:heading")
    idx = h_idx + 1
    while idx < len(doc.lines) and not doc.lines[idx].is_row:
        idx += 1
    if idx >= len(doc.lines):
        raise IngestError(doc.lines[h_idx].number, "a key-figure table under 'Tunnusluvut'")
    population = parse_population(doc, h_idx + 1, idx)
    header = doc.lines[idx]
    heads = [html_to_text(c) for c in header.cells]
    if norm(heads[0]) != "tunnusluku":
        raise IngestError(header.number, "a header starting with 'Tunnusluku'", header.text)
    columns = _columns(heads[1:], header.number)
    doc.claim(header, "kpis:header")

    specs = {norm(s["label"]): s for s in mapping["indicators"]}

    def is_new_row(cells: list[str]) -> bool:
        label = norm(cells[0])
        return any(key.startswith(label) for key in specs)

    rows, _ = read_rows(doc, idx + 1, 1 + len(columns), "kpis", is_new_row)
    current_year = max(y for y, kind in columns if kind == "actual")
    population["year"] = current_year
    out: list[dict] = []
    for row in rows:
        label = html_to_text(row.cells[0])
        spec = specs.get(norm(label))
        if spec is None:
            raise IngestError(row.lines[0], "an indicator named in config/mapping.toml", label)
        for (year, kind), raw in zip(columns, row.cells[1:]):
            text = html_to_text(raw)
            if spec.get("value_labels"):
                out.extend(_labelled_cells(spec, text, year, kind, row.source_line))
            else:
                out.extend(_plain_cells(spec, text, year, kind, row.source_line, row.lines[0]))
    for i, r in enumerate(out, start=1):
        r["kpi_order"] = i
    return out, population


def _base(spec: dict, unit_index: int, area: str, year: int, kind: str, source_line: str) -> dict:
    return {
        "indicator": spec["label"],
        "indicator_key": spec["key"],
        "indicator_fi": spec["fi"],
        "indicator_en": spec["en"],
        "unit": spec["units"][unit_index],
        "unit_en": spec["units_en"][unit_index],
        "service_area": area,
        "area_basis": "project_reading",
        "year": year,
        "kind": kind,
        "better": spec["better"],
        "better_is_judgement": spec["better_is_judgement"],
        "source_line": source_line,
    }


def _plain_cells(spec: dict, text: str, year: int, kind: str, source_line: str, line_no: int) -> list[dict]:
    units = spec["units"]
    if not text:
        raise IngestError(line_no, f"a value for {year} {kind}", spec["label"])
    parts = _split_cell(text, len(units))
    out = []
    for i, unit in enumerate(units):
        row = _base(spec, i, spec["area"], year, kind, source_line)
        if parts is None:
            row.update(value=None, value_text=text, note_code="not_split",
                       note=f"The cell holds {text!r}; it does not split into the {len(units)} values its label names.")
        else:
            number, printed_unit = parts[i]
            try:
                value = parse_fi_decimal(number)
            except NotANumber:
                raise IngestError(line_no, f"a number for {year} {kind} ({unit})", text) from None
            shown = f"{number} {printed_unit}".strip() if len(units) > 1 else text
            if _unit_agrees(printed_unit, unit):
                row.update(value=str(value), value_text=shown, note="", note_code="")
            else:
                row.update(
                    value=None,
                    value_text=shown,
                    note_code="unit_mismatch",
                    note=f"The {year} {kind} cell says {printed_unit!r} but the row's unit is {unit!r}; "
                    "the value is not used.",
                )
        out.append(row)
    return out


def _labelled_cells(spec: dict, text: str, year: int, kind: str, source_line: str) -> list[dict]:
    """The external-funding row: values are read only where the cell names their area ('vaka 145 485')."""
    labels = spec["value_labels"]
    pattern = re.compile(
        r"(" + "|".join(re.escape(k) for k in labels) + r")\s+(-?\s?\d{1,3}(?:[ \u00a0]\d{3})*)(?!\d)",
        re.IGNORECASE,
    )
    found = {labels[m[1].casefold()]: m[2] for m in pattern.finditer(text)}
    out = []
    for area in spec["areas"]:
        row = _base(spec, 0, area, year, kind, source_line)
        if area in found:
            m_text = found[area]
            printed = next(m[0] for m in pattern.finditer(text) if labels[m[1].casefold()] == area)
            row.update(value=str(parse_fi_decimal(m_text)), value_text=printed, note="", note_code="")
        else:
            row.update(
                value=None,
                value_text=text,
                note_code="garbled",
                note="Garbled cell: several unlabelled numbers for four service areas; "
                "they cannot be assigned to areas with certainty, so no value is read.",
            )
        out.append(row)
    return out
