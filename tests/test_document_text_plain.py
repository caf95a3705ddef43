"""A project's funder and period are the document's text: the projects page renders them as plain text, so a
document carrying a Markdown link or image cannot make a visitor's browser fetch anything (issue 10, item 7)."""

from __future__ import annotations

import dataclasses
import re

import polars as pl
import pytest

from tests.apptest_helpers import open_boxes, open_page
from utils.app import data

FUNDER = "FUNDERMARK "  # marks the funder's own text on the page (the period carries the same Markdown)
HOSTILE = "[x](https://evil.example/l) ![i](https://evil.example/i.png) <img src=https://evil.example/a.png> **b**"
# Markdown syntax left unescaped: a link or image target "](", an HTML tag "<img"
UNESCAPED = (re.compile(r"(?<!\\)\]\((?!\s)"), re.compile(r"(?<!\\)<img"))


@pytest.fixture
def hostile_projects():
    """The verified snapshot with every project's funder, period and name replaced by hostile Markdown."""
    data.reload()
    snap = data.snapshot()
    projects = snap.frames["projects"].with_columns(
        pl.lit(FUNDER + HOSTILE).alias("funder"), pl.lit("2024 " + HOSTILE).alias("period"))
    data._snapshot = dataclasses.replace(snap, frames={**snap.frames, "projects": projects})
    yield
    data.reload()


def test_projects_page_renders_funder_and_period_as_plain_text(hostile_projects):
    """The funder is written only in the project reports' box, which is built when it is opened: the test opens
    it, as a visitor's click does, so the funder is really rendered."""
    at = open_boxes(open_page("pages/projects.py"), prefix="projects-reports")
    assert not at.exception, [e.message for e in at.exception]
    bodies = [e.value for kind in ("markdown", "caption", "info", "warning", "error") for e in at.get(kind)]
    shown = [b for b in bodies if "evil" in b]
    funders = [b for b in shown if FUNDER.strip() in b]
    assert funders, "the hostile funder is not rendered"
    for body in shown:
        for pattern in UNESCAPED:
            assert not pattern.search(body), f"rendered as Markdown/HTML: {body[:300]!r}"
        assert "**b**" not in body.replace("\\*", ""), f"bold left as Markdown: {body[:300]!r}"
