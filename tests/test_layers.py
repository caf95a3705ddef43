"""The layers stay visible: Streamlit only in app.py, pages/ and utils/app/; each layer below the app imports only
the layers under it, so everything below utils/app runs (and is tested) without a server."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# layer -> the layers it may import (itself included)
ALLOWED = {
    "core": {"core"},
    "ingest": {"core", "ingest"},
    "questions": {"core", "questions"},
    "charts": {"core", "questions", "charts"},
    "report": {"core", "questions", "charts", "report"},
    "app": {"core", "ingest", "questions", "charts", "report", "app"},
}


def imports(source: str) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.lineno, node.module))
            if node.module == "utils":
                out += [(node.lineno, f"utils.{a.name}") for a in node.names]
    return out


def problems(layer: str, source: str) -> list[str]:
    found = []
    for line, module in imports(source):
        if (module == "streamlit" or module.startswith("streamlit.")) and layer != "app":
            found.append(f"line {line}: imports {module} below the app layer")
        parts = module.split(".")
        if parts[0] == "utils" and len(parts) > 1 and parts[1] in ALLOWED and parts[1] not in ALLOWED[layer]:
            found.append(f"line {line}: {layer} imports utils.{parts[1]}")
    return found


def test_every_module_is_in_a_layer():
    loose = [p.name for p in (ROOT / "utils").glob("*.py") if p.name != "__init__.py"]
    assert not loose, f"modules outside a layer: {loose}"
    assert {p.name for p in (ROOT / "utils").iterdir() if p.is_dir() and p.name != "__pycache__"} == set(ALLOWED)


def test_layers_import_only_downwards_and_streamlit_only_in_the_app_layer():
    found = []
    for layer in ALLOWED:
        for path in sorted((ROOT / "utils" / layer).rglob("*.py")):
            found += [f"{path.relative_to(ROOT)}: {p}" for p in problems(layer, path.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)


def test_the_check_can_fail():
    assert problems("questions", "import streamlit as st\n")
    assert problems("core", "from utils.app import data\n")
    assert problems("charts", "from utils import ingest\n")
    assert not problems("app", "import streamlit as st\nfrom utils.questions import claims\n")
