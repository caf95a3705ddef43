"""The document's narrative: what the services do, what changed in 2024 and where the focus was."""

import streamlit as st

from utils.app import blocks, data, frame
from utils.app.answers import document_text
from utils.core import settings

t = frame.t
filters = frame.page_header(t("texts.title"), t("texts.question"))
st.caption(t("texts.intro") + " " + t("texts.year_note"))
texts = data.load_texts()
names = frame.area_names()
# The sector's own paragraphs are shown with any choice of areas: they describe the whole sector.
areas = [settings.SECTOR, *filters.areas] if filters.areas else list(settings.area_codes())

for topic, parts in document_text.by_topic_and_area(texts, areas):
    st.header(t(f"texts.topic_{topic}"))
    for area, part in parts:
        st.markdown(f"**{names[area]}**")
        blocks.quote(part["text"].to_list())
        blocks.source_caption(t("texts.source", topic=t(f"texts.topic_{topic}")),
                              document_text.joined_lines(part["source_line"]))
frame.footer()
