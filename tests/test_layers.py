"""The layers stay visible: Streamlit only in app.py, pages/ and utils/app/ (and in the few benchmarks that must
speak to it, each named with its reason); each layer below the app imports only the layers under it, so everything
below utils/app runs (and is tested) without a server."""

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


# benchmark files that import streamlit, and why; every other benchmark measures the app from outside
BENCHMARK_STREAMLIT = {
    "benchmarks/floor_app.py": "a floor page: the smallest Streamlit app, measured beside the app",
    "benchmarks/floor/app.py": "a floor app (multipage): the smallest Streamlit app, measured beside the app",
    "benchmarks/floor/floor_menu.py": "the floor app's menu (st.page_link)",
    "benchmarks/floor/pages/other.py": "the floor app's second page",
    "benchmarks/rerun.py": "times reruns with AppTest (streamlit.testing) in the benchmark process",
    "benchmarks/protocol_load.py": "speaks Streamlit's protocol to a server (streamlit.proto messages)",
    "benchmarks/attacks/client.py": "speaks Streamlit's protocol to a server (streamlit.proto messages)",
    "benchmarks/attacks/developer_messages.py": "sends a server the protocol's messages (streamlit.proto)",
}


def _streamlit_imports(path: Path) -> list[str]:
    return [f"line {line}: imports {module}" for line, module in imports(path.read_text(encoding="utf-8"))
            if module == "streamlit" or module.startswith("streamlit.")]


def test_streamlit_nowhere_else_under_utils_or_benchmarks():
    """Every module under utils/ (utils/__init__.py and any new package included) outside utils/app/, and every
    benchmark but the allowed ones, is free of streamlit imports, at any depth of the file."""
    found = []
    for path in sorted((ROOT / "utils").rglob("*.py")):
        if path.relative_to(ROOT / "utils").parts[0] != "app":
            found += [f"{path.relative_to(ROOT)}: {p}" for p in _streamlit_imports(path)]
    for path in sorted((ROOT / "benchmarks").rglob("*.py")):
        if path.relative_to(ROOT).as_posix() not in BENCHMARK_STREAMLIT:
            found += [f"{path.relative_to(ROOT)}: {p}" for p in _streamlit_imports(path)]
    assert not found, "\n".join(found)


def test_each_allowed_benchmark_still_needs_streamlit():
    for name in BENCHMARK_STREAMLIT:
        assert _streamlit_imports(ROOT / name), f"{name} no longer imports streamlit: drop it from the list"


def test_the_check_can_fail():
    assert problems("questions", "import streamlit as st\n")
    assert problems("core", "from utils.app import data\n")
    assert problems("charts", "from utils import ingest\n")
    assert not problems("app", "import streamlit as st\nfrom utils.questions import claims\n")
