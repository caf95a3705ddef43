"""Narrative text: every paragraph no table took, keyed by topic (from headings) and service area.

Runs after the table parsers, so that it can also report lines nobody read.
"""

from __future__ import annotations

import re

from utils.core.settings import SECTOR
from utils.ingest.common import Document, IngestError, area_lookup, html_to_text, norm

_SEPARATOR = re.compile(r"^[-\s]+$")


def parse_texts(doc: Document, mapping: dict) -> list[dict]:
    topics = {norm(k): v for k, v in mapping["topics"].items()}
    areas = area_lookup(mapping)
    topic, area, heading = "title", SECTOR, ""
    out: list[dict] = []
    paragraph_no = 0
    for line in doc.lines:
        if line.is_blank:
            continue
        head = doc.heading_text(line)
        if head is not None:
            doc.claim(line, "texts:heading")
            key = norm(head).rstrip(":").strip()
            if key in topics and topics[key] != topic:
                topic, area = topics[key], SECTOR
            if key in areas:
                area = areas[key]
            heading = head
            paragraph_no = 0
            continue
        if line.number in doc.consumed:
            continue
        if line.is_row:
            if _SEPARATOR.match(line.text.replace("\t", " ")):
                doc.claim(line, "separator")
                continue
            raise IngestError(line.number, "a table row under a known table heading", line.text)
        doc.claim(line, "texts")
        paragraph_no += 1
        out.append(
            {
                "text_id": len(out) + 1,
                "topic": topic,
                "service_area": area,
                "heading": heading,
                "paragraph_no": paragraph_no,
                "text": html_to_text(line.text),
                "source_line": str(line.number),
            }
        )
    return out
