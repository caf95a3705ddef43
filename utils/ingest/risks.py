"""Risk management (Riskienhallinta): risk class, risk, probability and significance, mitigation."""

from __future__ import annotations

import re

from utils.ingest.common import Document, IngestError, Table, html_to_text, read_table

HEADING = "Riskienhallinta"
OWNER = "risks"

COLUMNS = {
    "risk_class": ("Riskiluokka", r"riskiluokka"),
    "risk": ("Tunnistettu riski", r"(?:tunnistettu)?riski"),
    "value": ("Riskiarvo", r"riskiarvo"),
    "mitigation": ("Hallintakeino", r"hallintakeino(?:t)?"),
    "outcome": ("Hallintakeinon toteutuminen", r"hallintakeino(?:n|jen)toteutuminen"),
}

# '<b>Todennäköisyys: 1</b> <b>Merkittävyys: 1</b>' (as plain text)
_PROBABILITY = re.compile(r"todennäköisyys\s*:\s*(\d+)", re.IGNORECASE)
_SIGNIFICANCE = re.compile(r"merkittävyys\s*:\s*(\d+)", re.IGNORECASE)


def parse_risks(doc: Document, mapping: dict) -> list[dict]:
    """One dict per identified risk, in document order."""

    def is_new_row(t: Table, cells: list[str]) -> bool:
        # a risk has its class and its value; a line with neither continues the risk above
        return bool(html_to_text(cells[t.columns["risk_class"]]) or html_to_text(cells[t.columns["value"]]))

    table = read_table(doc, HEADING, COLUMNS, OWNER, is_new_row)
    out = []
    for risk_id, row in enumerate(table.rows, start=1):
        line = row.lines[0]
        texts = {key: table.text(row, key) for key in COLUMNS}
        for key in ("risk_class", "risk"):
            if not texts[key]:
                raise IngestError(line, f"a value in column {COLUMNS[key][0]!r}", row.cells[0])
        value = texts["value"]
        probability = _PROBABILITY.findall(value)
        significance = _SIGNIFICANCE.findall(value)
        if len(probability) != 1 or len(significance) != 1:
            raise IngestError(line, "'Todennäköisyys: <n> Merkittävyys: <n>' in column 'Riskiarvo'", value)
        out.append(
            {
                "risk_id": risk_id,
                "risk_class": texts["risk_class"],
                "risk": texts["risk"],
                "probability": int(probability[0]),
                "significance": int(significance[0]),
                "risk_value_printed": value,
                "mitigation": texts["mitigation"],
                "mitigation_outcome": texts["outcome"],
                "source_line": row.source_line,
            }
        )
    return out
