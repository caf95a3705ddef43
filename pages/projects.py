"""Projects and investments: which externally funded projects ran, how much of their money was spent,
and what the sector invested in 2024."""

import streamlit as st

from utils.app import blocks, claim_text, data, frame, tables
from utils.app.answers import claims, document_text, project_table, views
from utils.charts import realization_bars, row_bars
from utils.core import settings

t = frame.t
doc = blocks.doc_text
filters = frame.page_header(t("projects.title"), t("projects.question"))
lang = filters.lang
projects = data.load_projects()
checks = data.load_checks()
texts = data.load_texts()


# ---- what area and year mean here
if filters.areas:
    st.info(t("projects.areas_info"))
else:
    st.caption(t("projects.areas_caption"))
first_year, last_year = project_table.period_span(projects)
year_note = t("projects.year_note", first=first_year, last=last_year)
if filters.year != settings.budget_year():
    st.info(t("projects.other_year", year=filters.year, note=year_note))
else:
    st.caption(year_note)
if filters.measure == "per_resident":  # every figure of this page stays in euros, and says so
    st.info(t("projects.per_resident_info"))

# ---- the projects
st.header(t("projects.projects_title"), help=blocks.term_help("hanke"))
rows = project_table.project_rows(projects, lang)
parts = project_table.realization_parts(rows)
total = project_table.projects_total(projects, checks)
src = total["source_line"]
late = project_table.late_projects(rows)
blocks.figures([
    blocks.Figure(t("projects.m_projects"), total["n_projects"]),
    blocks.Figure(t("projects.m_rows_sum"),
                  claim_text.fact("projects_rows_sum", total["rows_sum_eur"], source_line=src)),
    blocks.Figure(t("projects.m_late"), late.height),
])
st.markdown(t("projects.realization_explain",
              hundred=claim_text.fact("editorial", project_table.FULL_REALIZATION_PCT, claims.PCT),
              multipart=total["n_multipart"], symbol=project_table.LATE_SYMBOL))
tables.chart(realization_bars.realization_chart, parts, project_table.realization_domain_max(parts), lang=lang,
             name="project-spend-realisation")
blocks.source_caption(t("projects.source_realization"), total["rows_source_line"])
if late.height:
    items = "; ".join(f"{r['project_no']}. {doc(r['name'])} ({doc(r['period'])}): {doc(r['start_note'])}"
                      for r in late.iter_rows(named=True))
    st.markdown(t("projects.late_list", symbol=project_table.LATE_SYMBOL, items=items))
tables.table(*views.projects_table(rows), name="projects")
st.caption(t("projects.funders_note"))
blocks.source_caption(t("projects.source_projects"), total["rows_source_line"])
reports = frame.box_if_open(t("projects.reports"), "projects-reports")  # 21 reports: most of the page's elements
if reports is not None:
    with reports:
        for r in rows.iter_rows(named=True):
            st.markdown(f"**{r['project_no']}. {doc(r['name'])}** ({doc(r['period'])}, {doc(r['funder'])})\n\n"
                        f"> {doc(r['description']) or '–'}")
            blocks.source_caption(t("projects.source_reports"), r["source_line"].replace(";", ", "))

# ---- the printed total row against the sum of the rows (the data's check)
st.header(t("projects.total_title"))
blocks.figures([
    blocks.Figure(t("projects.m_printed"),
                  claim_text.fact("projects_printed_total", total["check_printed"], source_line=src)),
    blocks.Figure(t("projects.m_rows"), claim_text.fact("projects_rows_sum", total["check_expected"], source_line=src)),
    blocks.Figure(t("projects.m_difference"),
                  claim_text.fact("projects_difference", total["check_difference"], source_line=src)),
])
explanation, cite_sentence = claim_text.projects_total_words(total)
st.markdown(explanation)
st.markdown(t("projects.share_explain", share=total["city_share_printed"],
              weighted=claim_text.fact("projects_city_share", total["weighted_city_share_pct"], claims.PCT, src, 2),
              realization=total["realization_printed"]))
st.caption(t("projects.checks_caption"))
tables.table(*views.total_check_table(total["check_rows"]), name="projects-total-check")
blocks.source_caption(t("projects.source_total", rows=total["rows_source_line"]), total["source_line"])
blocks.cite(cite_sentence)

# ---- investments
st.header(t("projects.inv_title"), help=blocks.term_help("investointi"))
inv = project_table.investments_table(data.load_finance())
accounts = data.account_names(lang)
spent = project_table.spending(inv)
inv_line = spent["source_line"]
st.markdown(t(
    "projects.inv_explain", budget=claim_text.fact("investments", spent["budget_2024_eur"], source_line=inv_line),
    actual=claim_text.fact("investments", spent["actual_2024_eur"], source_line=inv_line),
    pct=claim_text.fact("investments", spent["realization_pct"], claims.PCT, inv_line, 1),
    unused=claim_text.fact("investments", spent["unused_eur"], source_line=inv_line),
    previous=claim_text.fact("investments", spent["tp2023_eur"], source_line=inv_line),
))
bars = views.investment_bars(inv)
tables.chart(row_bars.comparison_chart, bars.frame, "amount_eur", "column", "label", t("projects.inv_axis"),
             lang=lang, colors=bars.colours, name="investments")
tables.table(*views.investments_table(inv, accounts), name="investments")
st.caption(t("projects.inv_note"))
blocks.source_caption(t("projects.source_inv"), document_text.compact_lines(inv["source_line"]))
for paragraph in document_text.texts_of(texts, ["investments", "investments_commentary"]).iter_rows(named=True):
    st.markdown(f"**{doc(paragraph['heading'])}**")
    blocks.quote([document_text.one_line(paragraph["text"])])
    blocks.source_caption(t("projects.source_inv_text", heading=doc(paragraph["heading"])),
                          str(paragraph["source_line"]))
# the amounts the commentary names, from configuration with their source line
named = project_table.named_investments(settings.editorial_figures()["investments"])
library, gym = named["library"], named["gym"]
st.markdown(t("projects.reading_guide",
              library=claim_text.fact("editorial", library["amount_eur"], source_line=library["source_line"]),
              gym=claim_text.fact("editorial", gym["amount_eur"], source_line=gym["source_line"]),
              both=claim_text.fact("editorial", named["both_eur"], source_line=library["source_line"]),
              budget=claim_text.fact("investments", spent["budget_2024_eur"], source_line=inv_line)))
frame.footer()
