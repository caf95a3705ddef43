"""One source of facts: no area code (nor the sector's), year of the document or name of its files is written
in code.

They live in config/mapping.toml and are read through utils/core/settings.py. The scan reads every string and
number of pages/ and utils/ (not docstrings, and not names: a field name such as `budget_2024_eur` or a locale key
such as `years.no_2022` is an identifier of the data or the words, not a fact the code decides on)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from utils.core import settings

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "utils").rglob("*.py"))]
YEARS = {*settings.years(), settings.document_date().year}
FILE_NAMES = {settings.raw_name(), settings.archive_name(), settings.package_name()}
_YEAR = re.compile(r"(?<![\d.])(?:" + "|".join(map(str, sorted(YEARS))) + r")(?!\d)")
_AREA = re.compile(r"\b(?:" + "|".join(settings.service_areas()) + r")\b")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")  # a field name or a locale key
CODES = {settings.SECTOR, *settings.service_areas()}  # a code on its own: settings.SECTOR, settings.service_areas()

# path -> why its literals are allowed (a whole file), or (path, start of the string) -> why
ALLOWED: dict[str | tuple[str, str], str] = {
    "utils/core/settings.py": "reads the configuration",
    "utils/core/schema.py": "the published field descriptions of data/datapackage.json, which carry the years of "
                            "their field names (started_h2_2024): changing them changes the data's contract",
    ("utils/ingest/finance.py", "column heads like"): "an example of the printed layout in an ingest error",
    ("utils/ingest/kpis.py", "column heads like"): "an example of the printed layout in an ingest error",
    ("utils/ingest/projects.py", "a period like"): "an example of the printed layout in an ingest error",
    ("utils/ingest/goals.py", "a goal starting with"): "an example of the printed layout in an ingest error",
    ("utils/ingest/goals.py", "Toimialan tavoite "): "a column head as printed, shown in an ingest error (the "
                                                    "pattern beside it matches any year)",
    ("utils/ingest/goals.py", "Tavoite "): "a column head as printed, shown in an ingest error (the pattern "
                                          "beside it matches any year)",
}


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def facts(source: str) -> list[tuple[int, object]]:
    """(line, literal) of every number that is a year of the document and every string that names a year, a
    service area or one of the document's files."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in skip:
            continue
        value = node.value
        if isinstance(value, int) and not isinstance(value, bool) and value in YEARS:
            found.append((node.lineno, value))
        elif isinstance(value, str) and (value in CODES or not _NAME.fullmatch(value) and (
                _YEAR.search(value) or _AREA.search(value) or any(name in value for name in FILE_NAMES))):
            found.append((node.lineno, value))
    return sorted(found, key=lambda f: f[0])


def _allowed(path: str, value: object) -> bool:
    return path in ALLOWED or any(isinstance(key, tuple) and key[0] == path and str(value).startswith(key[1])
                                  for key in ALLOWED)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_fact_of_the_document_is_written_in_code(path):
    rel = path.relative_to(ROOT).as_posix()
    assert [(line, v) for line, v in facts(path.read_text(encoding="utf-8")) if not _allowed(rel, v)] == []


def test_the_allow_list_names_files_that_exist():
    for key in ALLOWED:
        assert (ROOT / (key if isinstance(key, str) else key[0])).is_file(), key


def test_the_scan_finds_what_it_forbids():
    year, area = settings.budget_year(), settings.service_areas()[0]
    source = "\n".join([
        '"""A docstring may say 2024 and HYTE."""',
        f"if year == {year}: pass",
        f"cols = ('{year - 1} actual', 'TA {year}')",
        f"pairs = {{'leisure_net_cost': '{area}'}}",
        "note = 'Sector = ' + 'HYTE + OPKOU'",
        f"zip_name = '{settings.archive_name()}.zip'",
        f"raw = '{settings.raw_name()}'",
        f"column = 'budget_{year}_eur'",  # a field name: allowed
        f"key = 'years.no_{year - 2}'",  # a locale key: allowed
        "sector = 'ALL'",
    ])
    assert [line for line, _ in facts(source)] == [2, 3, 3, 4, 5, 6, 7, 10]
