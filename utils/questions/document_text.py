"""Part of the former plans.py: see the module list in README (Code layout)."""

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


def texts_of(texts: pl.DataFrame, topics: Iterable[str]) -> pl.DataFrame:
    """Paragraphs of the given topics, in document order."""
    return texts.filter(pl.col("topic").is_in(list(topics))).sort("text_id")
