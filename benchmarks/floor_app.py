"""The floor: the least a Streamlit chart page can do. One widget, one small altair chart drawn from it.

The widget is a selectbox, like the app's filters: a change is one click on an option of an open list.

Served exactly like the app (`streamlit run benchmarks/floor_app.py` from the project root, so it reads the
same .streamlit/config.toml), it tells what the framework itself costs on this machine: the app's figures are
divided by this page's figures, measured in the same run, interleaved.
"""

import altair as alt
import pandas as pd
import streamlit as st

ROWS = {
    "A": [("HYTE", 5.0), ("OPKOU", 17.3), ("VAKA", 7.7), ("VIRE", 4.4)],
    "B": [("HYTE", 0.6), ("OPKOU", 18.5), ("VAKA", 8.3), ("VIRE", 5.0)],
}

st.title("Floor")
choice = st.selectbox("Sarja", list(ROWS))
frame = pd.DataFrame(ROWS[choice], columns=["area", "value"])
st.altair_chart(
    alt.Chart(frame).mark_bar().encode(x=alt.X("value:Q"), y=alt.Y("area:N")),
    width="stretch",
)
