"""AppTest of the narrative, glossary and search pages."""

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import open_page
from utils.core.loading import read_all

DATA = read_all()




def quoted(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown).replace("\\", "")


@pytest.mark.parametrize("area,other", [("VAKA", "VIRE"), ("HYTE", "OPKOU")])
def test_texts_page_shows_the_chosen_area_and_not_the_others(area, other):
    at = open_page("pages/texts.py", area=[area])
    text = quoted(at)
    texts = DATA["texts"]
    mine = texts.filter(pl.col("service_area") == area)["text"].to_list()
    theirs = texts.filter(pl.col("service_area") == other)["text"].to_list()
    assert all(t[:40] in text for t in mine)
    assert not any(t[:40] in text for t in theirs)


def test_texts_page_leaves_no_paragraph_out_for_the_whole_sector():
    at = open_page("pages/texts.py")
    text = quoted(at)
    assert all(t[:40] in text for t in DATA["texts"]["text"].to_list())


def test_glossary_filters_by_a_word_in_either_language():
    at = open_page("pages/glossary.py")
    at.text_input(key="glossary_query").input("toimintakate").run()
    shown = quoted(at)
    assert "Toimintakate" in shown and "Hanke" not in shown
    en = open_page("pages/glossary.py", lang="en")
    en.text_input(key="glossary_query").input("operating margin").run()
    assert "Toimintakate (operating margin)" in quoted(en)


def test_search_hit_opens_its_page_with_its_area():
    at = open_page("pages/search.py")
    at.text_input(key="search_query").input("harrastemalli").run()
    buttons = [b for b in at.button if b.key and b.key.startswith("hit-")]
    assert buttons, "no hits for a word the document uses"
    at.text_input(key="search_query").input("Henkilöstökulut").run()
    hit = next(b for b in at.button if b.key and b.key.startswith("hit-") and "Varhaiskasvatus" in b.label)
    hit.click().run()
    assert not at.exception
    assert at.session_state["f_area"] == ["VAKA"]
    assert any("Talousarvio ja toteuma" in t.value for t in at.title)


def test_search_treats_the_query_as_text_not_a_pattern():
    at = open_page("pages/search.py")
    at.text_input(key="search_query").input(".*[(").run()
    assert not at.exception
    assert any("Ei osumia" in i.value for i in at.info)


def test_a_search_hit_shows_the_first_characters_of_its_text():
    from utils.questions import search

    hits = search.search(search.build_index(DATA), "kirjasto", excerpt_chars=40)
    assert hits.height and hits["excerpt"].to_list() == [(text or "")[:40] for text in hits["text"]]
    assert search.search(search.build_index(DATA), "  ").is_empty()
