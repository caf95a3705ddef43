"""The floor's menu: links drawn with st.page_link under a subheader in the sidebar, like the app's."""

import streamlit as st


def menu() -> None:
    with st.sidebar:
        st.subheader("Sivut")
        st.page_link("app.py", label="Floor", icon=":material/home:")
        st.page_link("pages/other.py", label="Toinen sivu", icon=":material/info:")
