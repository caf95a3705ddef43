"""Shared reading tools: the document as numbered lines, HTML to plain text, headings, table rows and the
table reader (`read_table`: a table found by its heading and column heads) that every parser uses."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from utils.core import paths
from utils.core.settings import MAPPING_PATH, load_mapping  # noqa: F401 - the ingest's names for them

ROOT = paths.ROOT


class IngestError(Exception):
    """The document does not have the layout the parser expects. Names the line and what was expected."""

    def __init__(self, line: int | None, expected: str, found: str = ""):
        self.line = line
        self.expected = expected
        self.found = found
        where = f"line {line}" if line else "document"
        shown = f" Found: {found[:120]!r}." if found else ""
        super().__init__(f"{where}: expected {expected}.{shown}")


# ------------------------------------------------------------------ text cleaning
_BLOCK_TAGS = re.compile(r"</?(?:p|ul|ol|li|br|div|tr|td|table)\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\u00a0\u202f]+")


@lru_cache(maxsize=65536)  # a pure function that each parser asks again of the same lines
def html_to_text(fragment: str) -> str:
    """'<li>A</li><li>B</li>' -> 'A B': tags become word boundaries where they separate blocks,
    inline tags (<b>) vanish, entities are decoded and whitespace runs become one space."""
    text = _BLOCK_TAGS.sub(" ", fragment)
    text = _ANY_TAG.sub("", text)
    text = html.unescape(text)
    text = text.replace("**", "")
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def norm(label: str) -> str:
    """Key for matching labels: plain text, whitespace collapsed, case folded."""
    return html_to_text(label).casefold()


def is_bold(cell: str) -> bool:
    stripped = re.sub(r"</?p>", "", cell.strip())
    return stripped.startswith("<b>") or stripped.startswith("**")


# ------------------------------------------------------------------ the document
@dataclass(frozen=True)
class Line:
    number: int  # 1-based, as an editor shows it
    text: str

    @property
    def cells(self) -> list[str]:
        return self.text.split("\t")

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    @property
    def is_row(self) -> bool:
        return "\t" in self.text


@dataclass
class Document:
    lines: list[Line]
    consumed: dict[int, str] = field(default_factory=dict)  # line -> which table/text took it

    @classmethod
    def from_bytes(cls, raw: bytes) -> "Document":
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise IngestError(line, "UTF-8 text", "undecodable bytes") from exc
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        # splitlines would also split on \x0b etc.; the document's only separator is \n
        return cls([Line(i + 1, t) for i, t in enumerate(text.split("\n"))])

    def heading_text(self, line: Line) -> str | None:
        """A heading is a Markdown heading (#...) or a line that is bold from start to end."""
        stripped = line.text.strip()
        if stripped.startswith("#"):
            return html_to_text(stripped.lstrip("#"))
        if re.fullmatch(r"\*\*[^*]+\*\*", stripped):
            return html_to_text(stripped)
        return None

    def find_heading(self, heading: str, start: int = 0) -> int:
        """Index (0-based) of the first line from `start` whose heading text equals `heading`."""
        want = norm(heading)
        for idx in range(start, len(self.lines)):
            found = self.heading_text(self.lines[idx])
            if found is not None and norm(found) == want:
                return idx
        raise IngestError(None, f"a heading {heading!r}")

    def claim(self, line: Line, owner: str) -> None:
        self.consumed.setdefault(line.number, owner)


def area_lookup(mapping: dict) -> dict[str, str]:
    """Normalised alias -> area code."""
    out: dict[str, str] = {}
    for code, spec in mapping["areas"].items():
        for alias in [code, *spec.get("aliases", [])]:
            out[norm(alias)] = code
    return out


@dataclass
class Row:
    """One logical table row: its cells (continuations joined with a space) and every source line."""

    cells: list[str]
    lines: list[int]

    @property
    def source_line(self) -> str:
        return ";".join(str(n) for n in self.lines)


def read_rows(
    doc: Document,
    start: int,
    n_columns: int,
    owner: str,
    is_new_row,
    stop=lambda line: False,
) -> tuple[list[Row], int]:
    """Read tab-separated rows from doc.lines[start:] until a heading, `stop(line)`, or a non-row line.

    Blank lines inside a table are skipped (page breaks). A line for which `is_new_row(cells)` is
    false continues the previous row: each of its cells is appended to the same cell with a space.
    Returns the rows and the index of the first line after the table.
    """
    rows: list[Row] = []
    idx = start
    while idx < len(doc.lines):
        line = doc.lines[idx]
        if line.is_blank:
            idx += 1
            continue
        if doc.heading_text(line) is not None or stop(line) or not line.is_row:
            break
        cells = line.cells
        if len(cells) > n_columns:
            extra = cells[n_columns:]
            if any(c.strip() for c in extra):
                raise IngestError(line.number, f"at most {n_columns} columns", line.text)
            cells = cells[:n_columns]
        cells = cells + [""] * (n_columns - len(cells))
        if rows and not is_new_row(cells):
            prev = rows[-1]
            prev.cells = [
                (a + " " + b).strip() if b.strip() else a for a, b in zip(prev.cells, cells)
            ]
            prev.lines.append(line.number)
        else:
            rows.append(Row(cells, [line.number]))
        doc.claim(line, owner)
        idx += 1
    return rows, idx


# ------------------------------------------------------------------ tables by heading and column heads
def squeeze(head: str) -> str:
    """A column head for matching: plain text, case folded, without spaces, hyphens, dots or colons.

    'Toteuma 30.9.' and 'toteuma 30.9' match; so do 'kokonais-rahoitus' and 'kokonaisrahoitus'.
    """
    return re.sub(r"[\s\-\u00ad–.:]+", "", norm(head))


@dataclass
class Table:
    heading: Line
    header: Line
    columns: dict[str, int]  # column key -> cell index
    rows: list[Row]
    end: int  # index of the first line after the table

    def cell(self, row: Row, key: str) -> str:
        return row.cells[self.columns[key]]

    def text(self, row: Row, key: str) -> str:
        return html_to_text(self.cell(row, key))


def find_table(
    doc: Document, heading: str, columns: dict[str, tuple[str, str]], owner: str
) -> tuple[int, int, dict[str, int]]:
    """The header row under `heading`: the first tab-separated line after it, before the next heading.

    Every head must be one of `columns` (in any order, each once). Returns the indexes of the heading
    and of the header, and the cell index of each column key.
    """
    h_idx = doc.find_heading(heading)
    heading_line = doc.lines[h_idx]
    doc.claim(heading_line, owner)
    expected = " | ".join(printed for printed, _ in columns.values())
    for idx in range(h_idx + 1, len(doc.lines)):
        line = doc.lines[idx]
        if doc.heading_text(line) is not None:
            raise IngestError(line.number, f"a table header '{expected}' under the heading {heading!r}", line.text)
        if not line.is_row:
            continue
        cells = line.cells
        while cells and not cells[-1].strip():
            cells = cells[:-1]
        found: dict[str, int] = {}
        for i, cell in enumerate(cells):
            key = next((k for k, (_, pattern) in columns.items() if re.fullmatch(pattern, squeeze(cell))), None)
            if key is None or key in found:
                raise IngestError(line.number, f"the column heads '{expected}'", line.text)
            found[key] = i
        if len(found) != len(columns):
            raise IngestError(line.number, f"the column heads '{expected}'", line.text)
        doc.claim(line, owner)
        return h_idx, idx, found
    raise IngestError(heading_line.number, f"a table header '{expected}' under the heading {heading!r}")


def read_table(
    doc: Document,
    heading: str,
    columns: dict[str, tuple[str, str]],
    owner: str,
    is_new_row,
    stop=lambda line: False,
) -> Table:
    """Header and rows of the table under `heading`; `is_new_row(table, cells)` tells a row from a continuation.

    Each source line must have one cell per column. The table must end at a heading, at `stop(line)`
    or at the end of the document: a stray paragraph in between means the layout is not understood.
    """
    h_idx, header_idx, found = find_table(doc, heading, columns, owner)
    table = Table(doc.lines[h_idx], doc.lines[header_idx], found, [], 0)
    n_columns = len(columns)
    table.rows, table.end = read_rows(
        doc, header_idx + 1, n_columns, owner, lambda cells: is_new_row(table, cells), stop
    )
    for row in table.rows:
        for number in row.lines:
            line = doc.lines[number - 1]
            if len(line.cells) < n_columns:
                raise IngestError(number, f"{n_columns} tab-separated cells (found {len(line.cells)})", line.text)
    if table.end < len(doc.lines):
        line = doc.lines[table.end]
        if doc.heading_text(line) is None and not stop(line):
            raise IngestError(line.number, "a table row, or a heading after the table", line.text)
    if not table.rows:
        raise IngestError(table.header.number, "table rows under the header")
    return table
