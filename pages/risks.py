"""Risks: which risks did the sector identify, how likely and how significant did it judge them, and how did
their management go in 2024?"""

import streamlit as st

from utils.app import blocks, data, frame, tables
from utils.app.answers import document_text, risk_table, views
from utils.charts import risk_matrix
from utils.core import settings

t = frame.t
doc = blocks.doc_text
filters = frame.page_header(t("risks.title"), t("risks.question"))
lang = filters.lang
risks = data.load_risks()
lines = document_text.compact_lines(risks["source_line"])


def said(label_key: str, text: str | None) -> None:
    """One labelled quote of the document's words, rendered as plain text (an em dash where it has none).
    The introduction above the expanders says once that the quotes are in Finnish."""
    st.markdown(f"*{t(label_key)}*\n\n> {doc(text) or '–'}")


# ---- what area and year mean here
if filters.areas:
    st.info(t("risks.areas_info"))
else:
    st.caption(t("risks.areas_caption"))
if filters.year != settings.budget_year():
    st.info(t("risks.other_year", year=filters.year))

# ---- the matrix
st.header(t("risks.matrix_title"))
st.markdown(t("risks.matrix_explain", n=risks.height))
left, right = st.columns(2)
with left:
    tables.chart(risk_matrix.risk_matrix_chart, risk_table.risk_points(risks), risk_table.risk_grid(), lang=lang,
                 name="risk-matrix")
with right:
    st.markdown(t("risks.numbers_title"))
    st.markdown("\n".join(
        t("risks.number_item", id=r["risk_id"], risk=doc(r["risk"]), p=r["probability"], s=r["significance"])
        for r in risks.iter_rows(named=True)
    ))
    st.caption(t("risks.same_below"))
blocks.source_caption(t("risks.source_matrix"), lines)
top = risk_table.top_risks(risks)
blocks.cite(t(
    "risks.cite_sentence", score=top["score"].first(),
    risks=t("risks.cite_and").join(
        t("risks.cite_risk", risk=document_text.one_line(r["risk"]), cls=views.risk_class(r["risk_class"]),
          p=r["probability"], s=r["significance"], outcome=document_text.one_line(r["mitigation_outcome"]))
        for r in top.iter_rows(named=True)
    ),
) + f" [{t('app.source_lines', lines=document_text.compact_lines(top['source_line'])).strip(' ·')}]")

# ---- the whole table
st.header(t("risks.table_title"))
tables.table(*views.risks_table(risks, "risks"), name="risks")
blocks.source_caption(t("risks.source"), lines)

st.markdown(t("risks.details_intro"))
for risk in risks.iter_rows(named=True):
    risk_class = blocks.escape_md(views.risk_class(risk["risk_class"]))
    with st.expander(f"{risk['risk_id']}. {doc(risk['risk'])} ({risk_class})"):
        st.markdown(t("risks.risk_values", p=risk["probability"], s=risk["significance"],
                      printed=doc(risk["risk_value_printed"])))
        said("risks.label_mitigation", risk["mitigation"])
        said("risks.label_outcome", risk["mitigation_outcome"])
        blocks.source_caption(t("risks.source"), risk["source_line"])
frame.footer()
