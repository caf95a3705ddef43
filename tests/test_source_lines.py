"""The "show source lines" boxes under figures: built only when opened, then showing the document's lines as
they are in data/raw, numbered."""

import html
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import open_page
from utils.app import data
from utils.core.navigation import PAGES

BY_URL = {p.url_path: p.path for p in PAGES}
RAW = data.raw_lines()


def source_boxes(at: AppTest) -> list[str]:
    return [f"source-lines-{digest}-{n}" for digest, count in at.session_state["_source_boxes"].items()
            for n in range(count)]


def shown_lines(at: AppTest) -> list[str]:
    """The text of every source-lines box shown (a <pre> through st.html, not st.code: no syntax highlighter)."""
    return [html.unescape(re.sub(r"^<pre[^>]*>|</pre>$", "", h.proto.body)) for h in at.get("html")
            if h.proto.body.startswith("<pre")]


@pytest.mark.parametrize("url", ["", "goals", "projects", "texts"])
def test_closed_boxes_send_no_lines_and_an_opened_box_shows_its_lines(url):
    at = open_page(BY_URL[url])
    boxes = source_boxes(at)
    assert boxes, "the page should have source-line boxes"
    shown_before = shown_lines(at)
    assert not [v for v in shown_before if v.split(": ")[0].isdigit()], "raw lines sent while every box was closed"

    at.session_state[boxes[-1]] = True
    at.run()
    assert not at.exception
    opened = [text for text in shown_lines(at) if text not in shown_before]
    assert len(opened) == 1
    for row in opened[0].splitlines():
        number, _, text = row.partition(": ")
        assert RAW[int(number) - 1] == text, f"line {number} is not shown as it is in data/raw"


def test_the_same_source_twice_on_a_page_gets_two_boxes():
    def page():
        import streamlit as st

        from utils.app import blocks

        st.session_state["_source_boxes"] = {}
        blocks.source_caption("A", "20")
        blocks.source_caption("A", "20")
        blocks.source_caption("B", "20")

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert len(at.expander) == 3
    assert sorted(at.session_state["_source_boxes"].values()) == [1, 2]


def test_a_box_stays_open_across_a_filter_change():
    at = open_page(BY_URL["goals"])
    box = source_boxes(at)[0]
    at.session_state[box] = True
    at.run()
    opened = len(shown_lines(at))
    assert opened >= 1
    at.selectbox(key="f_year").set_value(2023).run()
    assert not at.exception
    assert at.session_state[box] is True
    assert len(shown_lines(at)) == opened
