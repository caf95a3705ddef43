"""The document's own words: printed labels with their English gloss, texts by topic and area, and source
line numbers written compactly. Pure polars."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from utils.core import i18n


def one_line(text: str | None) -> str:
    """Document text on one line: runs of whitespace (line breaks too) become one space; None -> ''.

    The pages escape the result with blocks.escape_md, so a line break can never start a list or a heading."""
    return " ".join(text.split()) if text else ""


def document_label(lang: str, table: str, printed: str) -> str:
    """A term the document prints (a status, a strategic aim, a risk class) as shown in `lang`.

    The locale table holds the label: in Finnish the printed word itself, in English a gloss with the printed
    word in brackets ("Met (Toteutuu)"). A word the table does not know is shown as printed."""
    return i18n.strings(lang).get(f"{table}.{printed}") or i18n.strings(i18n.DEFAULT_LANG).get(
        f"{table}.{printed}", printed
    )


def compact_lines(sources: Iterable[str | None]) -> str:
    """Source-line cells ('20', '270;275', ...) -> '20–22, 24, 270' (sorted, runs joined)."""
    numbers = sorted({int(n) for s in sources if s for n in str(s).split(";") if n.strip().isdigit()})
    runs: list[str] = []
    start = prev = None
    for n in [*numbers, None]:
        if start is not None and (n is None or n != prev + 1):
            runs.append(str(start) if start == prev else f"{start}–{prev}")
            start = None
        if n is not None and start is None:
            start = n
        prev = n
    return ", ".join(runs)


def first_line(source_line: str) -> str:
    """'118;119' -> '118': the first line a row was read from."""
    return source_line.split(";")[0]


def texts_of(texts: pl.DataFrame, topics: Iterable[str]) -> pl.DataFrame:
    """Paragraphs of the given topics, in document order."""
    return texts.filter(pl.col("topic").is_in(list(topics))).sort("text_id")


def joined_lines(sources: Iterable[str]) -> str:
    """Source-line cells joined as they are: '20;24;270'."""
    return ";".join(sources)


def line_span(sources: Iterable[str]) -> str:
    """The first and the last source-line cell of rows in printed order: '20–35'."""
    values = list(sources)
    return f"{values[0] if values else None}–{values[-1] if values else None}"


def distinct_lines(sources: Iterable[str]) -> str:
    """Source-line cells once each, ordered by their first line: '20;24;270;275'."""
    return ";".join(sorted(set(sources), key=lambda s: int(s.split(";")[0])))


def area_texts(texts: pl.DataFrame, topic: str, area: str) -> pl.DataFrame:
    """The paragraphs of one topic about one area, in their order."""
    return texts.filter(pl.col("topic") == topic, pl.col("service_area") == area)


def by_topic_and_area(texts: pl.DataFrame, areas: list[str]) -> list[tuple[str, list[tuple[str, pl.DataFrame]]]]:
    """The paragraphs of the chosen areas, topic by topic in the document's order and area by area in the order
    of `areas`: [(topic, [(area, its paragraphs), ...]), ...]; topics without a paragraph of these areas left out."""
    out = []
    for topic in texts["topic"].unique(maintain_order=True).to_list():
        chosen = texts.filter(pl.col("topic") == topic, pl.col("service_area").is_in(areas))
        present = chosen["service_area"].to_list()
        parts = [(area, chosen.filter(pl.col("service_area") == area)) for area in areas if area in present]
        if parts:
            out.append((topic, parts))
    return out
