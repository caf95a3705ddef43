"""Search across everything; each hit opens the page and the service area that show it."""

import streamlit as st

from utils.app import blocks, data, frame
from utils.app.answers import search
from utils.core import settings
from utils.core.navigation import PAGES

t = frame.t
SEARCH = settings.app_settings()["search"]
if "search_goto" in st.session_state:  # set by a hit's button: the filters are already changed, now switch
    st.switch_page(st.session_state.pop("search_goto"))

filters = frame.page_header(t("search.title"), t("search.question"))
query = st.text_input(t("search.box"), placeholder=t("search.placeholder"), key="search_query",
                      max_chars=search.MAX_QUERY)
st.caption(t("search.hint"))
names = frame.area_names()
page_of = {p.key: p for p in PAGES}


def open_hit(page_key: str, area: str) -> None:
    frame.set_areas([] if area == settings.SECTOR else [area])
    st.session_state["search_goto"] = page_of[page_key].path


if query.strip():
    hits = search.search(data.search_index(), query, limit=SEARCH["hits"], excerpt_chars=SEARCH["excerpt_chars"])
    if hits.is_empty():
        blocks.no_data(t("search.none"))
    else:
        st.caption(t("search.count", n=hits.height, limit=SEARCH["hits"]))
    for i, hit in enumerate(hits.iter_rows(named=True)):
        with st.container(border=True):
            st.markdown(f"**{t('search.kind_' + hit['kind'])}** · {names.get(hit['area'], hit['area'])}")
            excerpt = "  \n" + blocks.escape_md(hit["excerpt"]) if hit["excerpt"] else ""
            st.markdown(blocks.escape_md(hit["title"] or "") + excerpt)
            st.button(t("search.open", page=t(f"nav.{hit['page']}"), area=names.get(hit["area"], hit["area"])),
                      key=f"hit-{i}", on_click=open_hit, args=(hit["page"], hit["area"]))
            blocks.source_caption(t(f"search.kind_{hit['kind']}"), hit["source_line"])
frame.footer()
