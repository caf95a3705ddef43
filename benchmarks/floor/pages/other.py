"""The floor's second page: text only (a page switch within the floor app)."""

import streamlit as st
from floor_menu import menu

st.set_page_config(page_title="Toinen sivu", layout="wide")
menu()
st.title("Toinen sivu")
st.markdown("Tekstiä.")
