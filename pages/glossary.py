"""Glossary: the words of a financial statement in plain language."""

import streamlit as st

from utils.app import blocks, frame
from utils.core import settings

t = frame.t
filters = frame.page_header(t("glossary.title"), t("glossary.question"))
INPUTS = settings.app_settings()["inputs"]
query = st.text_input(t("glossary.search"), key="glossary_query",
                      max_chars=INPUTS["glossary_max_chars"]).strip().lower()
shown = 0
for term_id in t("glossary.order").split():
    term, text = t(f"glossary.{term_id}.term"), t(f"glossary.{term_id}.text")
    if query and query not in term.lower() and query not in text.lower():
        continue
    shown += 1
    st.markdown(f"**{term}**  \n{text}")
if not shown:
    blocks.no_data(t("glossary.none"))
frame.footer()
