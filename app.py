"""Heinola welfare sector, financial statement 2024: the frame, the router and the shared filters.

Pages live one level down (pages/<group>/x.py) and are registered here with st.Page. The first request to a
fresh server still comes in Streamlit's legacy pages/ mode; utils/first_request.py explains how deep links and
the first visitor's filters survive it.
"""

import streamlit as st

from utils import data, i18n, ui
from utils.first_request import keep_main_identity
from utils.loading import DataError
from utils.navigation import PAGES, groups

keep_main_identity()  # the first run of a fresh server comes in legacy mode: see utils/first_request.py
st.set_page_config(
    page_title="Heinolan hyvinvointitoimialan tilinpäätös 2024",
    page_icon="📊",
    layout="wide",
    initial_sidebar_state="auto",
)

try:
    data.tables()
except DataError as error:
    ui.data_error_page(error)
    st.stop()

filters = ui.sidebar_filters()
GROUP_KEYS = {"Talous": "nav.finance", "Toiminta": "nav.activity", "Tietoa": "nav.info"}
pages = {
    i18n.t(filters.lang, GROUP_KEYS[group]): [
        st.Page(p.path, title=i18n.t(filters.lang, f"nav.{p.key}"), icon=p.icon, url_path=p.url_path or None,
                default=(p is PAGES[0]))
        for p in specs
    ]
    for group, specs in groups().items()
}
st.navigation(pages).run()
ui.footer()
