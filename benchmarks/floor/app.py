"""The floor in the app's own multipage mode: a `pages/` folder beside this script (Streamlit's folder mode), the
default menu hidden (`client.showSidebarNavigation = false` in the project's .streamlit/config.toml) and a menu
drawn with st.page_link under a subheader, as utils/app/frame.py draws the app's. This page: one selectbox and one small
altair chart, the least a chart page can do.

Served like the app (`streamlit run benchmarks/floor/app.py` from the project root, so it reads the same
config): benchmarks/weight.py measures bytes on the wire and the first chart on a phone against it, and
tests/e2e/test_accessibility.py runs axe on it as the minimal app built the same way.
"""

import altair as alt
import pandas as pd
import streamlit as st
from floor_menu import menu

ROWS = {
    "A": [("HYTE", 5.0), ("OPKOU", 17.3), ("VAKA", 7.7), ("VIRE", 4.4)],
    "B": [("HYTE", 0.6), ("OPKOU", 18.5), ("VAKA", 8.3), ("VIRE", 5.0)],
}

st.set_page_config(page_title="Floor", layout="wide")
menu()
st.title("Floor")
choice = st.selectbox("Sarja", list(ROWS))
frame = pd.DataFrame(ROWS[choice], columns=["area", "value"])
st.altair_chart(
    alt.Chart(frame, description="Pylväät: arvo alueittain").mark_bar().encode(x=alt.X("value:Q"), y=alt.Y("area:N")),
    width="stretch",
)
