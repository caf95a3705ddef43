"""The document's narrative: what the services do, what changed in 2024 and where the focus was."""

import polars as pl
import streamlit as st

from utils.app import blocks, data, frame
from utils.core import settings

t = frame.t
filters = frame.page_header(t("texts.title"), t("texts.question"))
st.caption(t("texts.intro") + " " + t("texts.year_note"))
texts = data.load_texts()
names = frame.area_names()
# The sector's own paragraphs are shown with any choice of areas: they describe the whole sector.
areas = ["ALL", *filters.areas] if filters.areas else list(settings.area_codes())

for topic in texts["topic"].unique(maintain_order=True).to_list():
    chosen = texts.filter(pl.col("topic") == topic, pl.col("service_area").is_in(areas))
    if chosen.is_empty():
        continue
    st.header(t(f"texts.topic_{topic}"))
    for area in [a for a in areas if a in chosen["service_area"].to_list()]:
        part = chosen.filter(pl.col("service_area") == area)
        st.markdown(f"**{names[area]}**")
        blocks.quote(part["text"].to_list())
        blocks.source_caption(t("texts.source", topic=t(f"texts.topic_{topic}")), ";".join(part["source_line"].to_list()))
frame.footer()
