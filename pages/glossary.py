"""Glossary: the words of a financial statement in plain language."""

import streamlit as st

from utils.app import blocks, frame
from utils.app.answers import search
from utils.core import settings

t = frame.t
filters = frame.page_header(t("glossary.title"), t("glossary.question"))
INPUTS = settings.app_settings()["inputs"]
query = st.text_input(t("glossary.search"), key="glossary_query", max_chars=INPUTS["glossary_max_chars"])
terms = [(t(f"glossary.{term_id}.term"), t(f"glossary.{term_id}.text")) for term_id in t("glossary.order").split()]
shown = search.matching_terms(terms, query)
for term, text in shown:
    st.markdown(f"**{term}**  \n{text}")
if not shown:
    blocks.no_data(t("glossary.none"))
frame.footer()
