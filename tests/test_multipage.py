"""The pages/ folder mode through AppTest, as served: a deep link is a session's first run on the page's own
script; the menu is the app's (st.page_link), and the shared filters live in session state and the URL.

What once went wrong on 1.67 (FACTS.md, "Multipage"): filters dropped on a page switch, a deep link's filters
lost on a fresh session's first run, and the first filter change of a session dropped on the next run.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import open_page
from utils.core import i18n
from utils.core.navigation import PAGES, groups


def params(at: AppTest) -> dict[str, list[str]]:
    """The URL's filter parameters after the run, every value as a list."""
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def language_switch(at: AppTest) -> str:
    """The sidebar's language switch (plain links, frame.language_links), as HTML."""
    found = [h.proto.body for h in at.get("html") if h.proto.body.startswith("<nav")]
    assert len(found) == 1, found
    return found[0]


def shown_language(at: AppTest) -> str:
    """The language the switch marks as the current one."""
    return re.search(r'<strong lang="(\w+)" aria-current="true">', language_switch(at)).group(1)


def widgets(at: AppTest) -> tuple:
    return (at.multiselect(key="f_area").value, at.selectbox(key="f_year").value, at.radio(key="f_per").value,
            shown_language(at))


def menu(at: AppTest) -> list:
    return [link.proto for link in at.get("page_link")]


def switch_by_menu(at: AppTest, url_path: str) -> tuple[AppTest, dict[str, list[str]]]:
    """Follow the menu's link to /<url_path>, as a click does; return the app and the link's query parameters."""
    link = next(p for p in menu(at) if p.page == url_path)
    spec = next(s for s in PAGES if s.url_path == url_path)
    return at.switch_page(spec.path).run(), parse_qs(link.query_string)


def test_menu_lists_every_page_in_the_chosen_language():
    at = open_page("pages/kpis.py", area=["VAKA"], lang="en")
    links = menu(at)
    assert [p.page for p in links] == [s.url_path for s in PAGES]
    assert [p.label for p in links] == [i18n.t("en", f"nav.{s.key}") for s in PAGES]
    assert all(p.query_string == "area=VAKA&lang=en" for p in links), [p.query_string for p in links]
    headers = [h.value for h in at.sidebar.subheader]
    assert headers == [i18n.t("en", k) for k in ("nav.finance", "nav.activity", "nav.info")] and len(groups()) == 3


def test_switch_by_the_menu_keeps_the_filters():
    at = open_page("app.py", lang="en")
    at.multiselect(key="f_area").set_value(["VAKA", "HYTE"]).run()
    at.selectbox(key="f_year").set_value(2023).run()
    at.radio(key="f_per").set_value("per_resident").run()
    chosen = (["HYTE", "VAKA"], 2023, "per_resident", "en")
    url = {"area": ["HYTE", "VAKA"], "year": ["2023"], "per": ["resident"], "lang": ["en"]}
    assert widgets(at) == chosen and params(at) == url
    for target in ("kpis", "budget", "about", ""):
        at, link_params = switch_by_menu(at, target)
        assert not at.exception, [e.value for e in at.exception]
        assert link_params == url, "the menu's link carries the filters"
        assert widgets(at) == chosen, f"after switching to /{target}"
        assert params(at) == url, f"after switching to /{target}"
        assert at.title[0].value == i18n.t("en", f"{target or 'overview'}.title")


def test_deep_link_keeps_its_filters_from_the_first_run_on():
    at = open_page("pages/kpis.py", area="VAKA", lang="en")
    assert widgets(at) == (["VAKA"], 2024, "eur", "en")
    assert params(at) == {"area": ["VAKA"], "lang": ["en"]}
    assert at.title[0].value == i18n.t("en", "kpis.title")
    at.run()  # the second run of the session: nothing is lost
    assert widgets(at) == (["VAKA"], 2024, "eur", "en") and params(at) == {"area": ["VAKA"], "lang": ["en"]}


def test_first_filter_change_of_a_session_is_kept():
    at = open_page("pages/budget.py")
    at.multiselect(key="f_area").set_value(["VIRE"]).run()
    assert at.multiselect(key="f_area").value == ["VIRE"] and params(at) == {"area": ["VIRE"]}
    at.run()
    assert at.multiselect(key="f_area").value == ["VIRE"] and params(at) == {"area": ["VIRE"]}
    at.selectbox(key="f_year").set_value(2023).run()
    assert widgets(at)[:2] == (["VIRE"], 2023) and params(at) == {"area": ["VIRE"], "year": ["2023"]}


def test_the_language_switch_links_to_the_same_view_in_the_other_language():
    """The switch is two plain links (a new page load, so that <html lang> can follow ?lang through the recipe):
    the other language's link keeps the page and every filter; following it, the page and its menu are in that
    language, with the same filters."""
    at = open_page("pages/goals.py", area=["VAKA"], year="2023", per="resident")
    switch = language_switch(at)
    assert shown_language(at) == "fi"
    assert '<a href="?area=VAKA&amp;year=2023&amp;per=resident&amp;lang=en" hreflang="en" lang="en">English</a>' \
        in switch, switch
    assert 'href="?area=VAKA&amp;year=2023&amp;per=resident&amp;lang=fi"' not in switch, "the current one is no link"
    at = open_page("pages/goals.py", area=["VAKA"], year="2023", per="resident", lang="en")
    assert [p.label for p in menu(at)] == [i18n.t("en", f"nav.{s.key}") for s in PAGES]
    assert at.title[0].value == i18n.t("en", "goals.title")
    assert widgets(at) == (["VAKA"], 2023, "per_resident", "en")
    assert '<a href="?area=VAKA&amp;year=2023&amp;per=resident&amp;lang=fi" hreflang="fi" lang="fi">Suomi</a>' \
        in language_switch(at)
