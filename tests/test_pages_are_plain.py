"""Pages read top to bottom: filters -> one call per question -> a chart and a table -> source (issue 11).

The page scripts (app.py and pages/*.py) hold no data logic: they do not import polars, build no frames
(select, filter, with_columns, ... live in utils/questions/ or, for display, in utils/app/views.py), and write no
number but 0, 1 and 2 (an index, a column count up to two, decimals) and no area code or
year as a string. Every other number is a setting of config/app.toml (utils.core.settings.app_settings) or a named
constant of the app layer; the sector's code is utils.core.settings.SECTOR."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
ALLOWED_NUMBERS = {0, 1, 2}
# the mapping's area codes and years: a page that names one decides about a fact of the document
with open(ROOT / "config" / "mapping.toml", "rb") as _mapping:
    _MAPPING = tomllib.load(_mapping)
DOCUMENT_FACTS = {*_MAPPING["areas"], *(str(y) for y in _MAPPING["document"]["years"])}
# methods that build or reshape a frame: a page that calls one does the questions' work
FRAME_METHODS = {
    "select", "with_columns", "filter", "sort", "group_by", "agg", "unique", "value_counts", "pivot", "unpivot",
    "explode", "map_elements", "replace_strict", "alias", "cast", "fill_null", "is_in", "join_where", "with_row_index",
}


def problems(source: str) -> list[str]:
    """What makes a page script more than a plain page: 'line N: ...' for each finding."""
    found = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", "?")
        if isinstance(node, ast.Import):
            found += [f"line {line}: import {a.name}" for a in node.names if a.name.split(".")[0] == "polars"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "polars":
            found.append(f"line {line}: from {node.module} import ...")
        elif (isinstance(node, ast.Constant) and isinstance(node.value, int | float | complex)
              and not isinstance(node.value, bool) and node.value not in ALLOWED_NUMBERS):
            found.append(f"line {line}: the number {node.value!r} (a setting of config/app.toml or a named constant)")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in DOCUMENT_FACTS:
            found.append(f"line {line}: the string {node.value!r} (an area code or year of config/mapping.toml)")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in FRAME_METHODS:
            found.append(f"line {line}: .{node.func.attr}(...) builds a frame (a question of utils/questions/)")
    return found


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_page_is_plain(path):
    assert problems(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_what_it_forbids():
    source = "\n".join([
        "import polars as pl",
        "from polars import col",
        "import streamlit as st",
        "rows = data.load_goals().filter(pl.col('is_empty'))",
        "top = finance.largest_differences(rows, n=6)",
        "st.text(text[:300])",
        "ratio = 2.5",
        "if area == 'HYTE': st.caption(note)",
    ])
    found = problems(source)
    assert "line 1: import polars" in found
    assert "line 2: from polars import ..." in found
    assert any(f.startswith("line 4: .filter(") for f in found)
    assert any(f.startswith("line 5: the number 6 ") for f in found)
    assert any(f.startswith("line 6: the number 300 ") for f in found)
    assert any(f.startswith("line 7: the number 2.5 ") for f in found)
    assert any(f.startswith("line 8: the string 'HYTE' ") for f in found)
    assert len(found) == 7


def test_the_check_allows_a_plain_page():
    source = "\n".join([
        "import streamlit as st",
        "from utils.core import settings",
        "LISTS = settings.app_settings()['lists']",
        "left, right = st.columns(2)",
        "first = rows[0] if flag is True else rows[-1]",
        "top = finance.largest_differences(rows, n=LISTS['largest_deviations'])",
        "st.caption(f'{value:.2f} {\", \".join(names)}')",
    ])
    assert problems(source) == []
