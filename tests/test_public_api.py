"""The app, its tests and its benchmarks use Streamlit's public API only: no import of `streamlit.runtime`
(Streamlit's internals) and no mention of `PagesManager` (whose patching once papered over the pages/ folder).

A logger's name that happens to start with "streamlit.runtime" is a string, not an import, and is allowed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("app.py", "pages", "utils", "tests", "benchmarks")
INTERNAL = "streamlit.runtime"


def python_files() -> list[Path]:
    files: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        files += [path] if path.is_file() else sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)
    return files


def _internal(module: str) -> bool:
    return module == INTERNAL or module.startswith(INTERNAL + ".")


def violations(source: str) -> list[str]:
    """What in this Python source reaches Streamlit's internals: imports of streamlit.runtime (however written,
    including importlib.import_module / __import__ with a literal name) and any mention of PagesManager."""
    found = [f"mentions PagesManager (line {n})" for n, line in enumerate(source.splitlines(), 1)
             if "PagesManager" in line]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name} (line {node.lineno})" for a in node.names if _internal(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if _internal(node.module) or (node.module == "streamlit" and any(a.name == "runtime" for a in node.names)):
                found.append(f"from {node.module} import ... (line {node.lineno})")
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in ("import_module", "__import__") and isinstance(node.args[0].value, str) \
                    and _internal(node.args[0].value):
                found.append(f"{name}({node.args[0].value!r}) (line {node.lineno})")
    return found


def test_the_scan_sees_every_part():
    files = {p.relative_to(ROOT).parts[0] for p in python_files()}
    assert files == set(SCANNED), files


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_streamlit_internals(path):
    if path == Path(__file__).resolve():
        return  # this file names what it looks for
    found = violations(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)} uses Streamlit's internals: {found}"


@pytest.mark.parametrize("source", [
    "from streamlit.runtime import pages_manager",
    "import streamlit.runtime.scriptrunner as sr",
    "from streamlit import runtime",
    "import importlib\nimportlib.import_module('streamlit.runtime.pages_manager')",
    "x = __import__('streamlit.runtime')",
    "# patch PagesManager.uses_pages_directory",
])
def test_the_check_can_fail(source):
    assert violations(source)


def test_public_names_and_logger_strings_pass():
    assert not violations("import streamlit as st\nfrom streamlit.testing.v1 import AppTest\n"
                          "import logging\nlogging.getLogger('streamlit.runtime.backend_operation_handler')\n")
