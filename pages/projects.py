"""Projects and investments: which externally funded projects ran, how much of their money was spent,
and what the sector invested in 2024."""

import polars as pl
import streamlit as st

from utils.app import blocks, claim_text, data, frame, tables
from utils.charts import palette, realization_bars, row_bars
from utils.core import editorial, settings
from utils.questions import claims, document_text, project_table

t = frame.t
filters = frame.page_header(t("projects.title"), t("projects.question"))
lang = filters.lang
projects = data.load_projects()
checks = data.load_checks()
texts = data.load_texts()


def doc(text: str | None) -> str:
    """Document text (a name, a note) inside an app sentence: one line, escaped, so it renders as plain text."""
    return blocks.escape_md(document_text.one_line(text))


# ---- what area and year mean here
if filters.areas:
    st.info(t("projects.areas_info"))
else:
    st.caption(t("projects.areas_caption"))
year_note = t("projects.year_note", first=projects["period_start"].min(), last=projects["period_end"].max())
if filters.year != settings.budget_year():
    st.info(t("projects.other_year", year=filters.year, note=year_note))
else:
    st.caption(year_note)

# ---- the projects
st.header(t("projects.projects_title"), help=blocks.term_help("hanke"))
rows = project_table.project_rows(projects)
parts = project_table.realization_parts(rows)
total = project_table.projects_total(projects, checks)
src = total["source_line"]
late = project_table.late_projects(rows)
with st.container(horizontal=True, gap="large"):
    st.metric(t("projects.m_projects"), total["n_projects"], width="content")
    st.metric(t("projects.m_rows_sum"), claim_text.fact("projects_rows_sum", total["rows_sum_eur"], source_line=src),
              width="content")
    st.metric(t("projects.m_late"), late.height, width="content")
st.markdown(t("projects.realization_explain", hundred=claim_text.fact("editorial", 100, claims.PCT), multipart=total["n_multipart"],
              symbol=project_table.LATE_SYMBOL))
tables.chart(realization_bars.realization_chart, parts, project_table.realization_domain_max(parts), lang=lang,
         name="project-spend-realisation")
blocks.source_caption(t("projects.source_realization"), total["rows_source_line"])
if late.height:
    items = "; ".join(f"{r['project_no']}. {doc(r['name'])} ({doc(r['period'])}): {doc(r['start_note'])}"
                      for r in late.iter_rows(named=True))
    st.markdown(t("projects.late_list", symbol=project_table.LATE_SYMBOL, items=items))
tables.table(
    rows.select(
        rows["project_no"].alias(t("projects.col_no")),
        rows["name"].alias(t("projects.col_name")),
        rows["period"].alias(t("projects.col_period")),
        rows["funder"].alias(t("projects.col_funder")),
        rows["total_funding_eur"].alias(t("projects.col_funding")),
        rows["city_share_pct"].alias(t("projects.col_city_share")),
        rows["spend_realization_printed"].alias(t("projects.col_realization")),
        rows["start_text"].alias(t("projects.col_late")),
        rows["description"].fill_null("–").alias(t("projects.col_description")),
    ),
    {t("projects.col_funding"): "eur", t("projects.col_city_share"): "int"},
    name="projects",
)
st.caption(t("projects.funders_note"))
blocks.source_caption(t("projects.source_projects"), total["rows_source_line"])
with st.expander(t("projects.reports")):
    for r in rows.iter_rows(named=True):
        st.markdown(f"**{r['project_no']}. {doc(r['name'])}** ({doc(r['period'])}, {doc(r['funder'])})\n\n"
                    f"> {doc(r['description']) or '–'}")
        blocks.source_caption(t("projects.source_reports"), r["source_line"].replace(";", ", "))

# ---- the printed total row against the sum of the rows (the data's check)
st.header(t("projects.total_title"))
with st.container(horizontal=True, gap="large"):
    st.metric(t("projects.m_printed"), claim_text.fact("projects_printed_total", total["check_printed"], source_line=src),
              width="content")
    st.metric(t("projects.m_rows"), claim_text.fact("projects_rows_sum", total["check_expected"], source_line=src),
              width="content")
    st.metric(t("projects.m_difference"), claim_text.fact("projects_difference", total["check_difference"],
                                                  source_line=src), width="content")
difference = total["difference_eur"]
direction = t("projects.smaller" if difference < 0 else "projects.larger")
if difference:
    explanation = t("projects.total_explain", printed=claim_text.fact("projects_printed_total", total["printed_eur"], source_line=src),
                    n=total["n_projects"], rows_sum=claim_text.fact("projects_rows_sum", total["rows_sum_eur"], source_line=src),
                    difference=claim_text.fact("projects_difference", abs(difference), source_line=src), direction=direction)
else:
    explanation = t("projects.total_equal", printed=claim_text.fact("projects_printed_total", total["printed_eur"],
                                                            source_line=src), n=total["n_projects"])
for m in total["missing"].iter_rows(named=True):
    explanation += " " + t("projects.missing_row", name=doc(m["name"]), period=doc(m["period"]), line=m["source_line"],
                           amount=claim_text.fact("project_funding", m["total_funding_eur"], source_line=m["source_line"]))
st.markdown(explanation)
st.markdown(t("projects.share_explain", share=total["city_share_printed"],
              weighted=claim_text.fact("projects_city_share", total["weighted_city_share_pct"], claims.PCT, src, 2),
              realization=total["realization_printed"]))
st.caption(t("projects.checks_caption"))
VERDICT = {v: t(f"projects.verdict.{v}") for v in ("ok", "rounding", "discrepancy")}
check_rows = total["check_rows"]


def check_value(row: dict, field: str) -> str:
    """A checked figure in its unit: euros for the funding, a percentage for the city's share."""
    value = row[field]
    return tables.pct(value, 2) if row["column"].endswith("%") else tables.eur(value)


tables.table(
    pl.DataFrame({
        t("projects.col_check_column"): [document_text.document_label(lang, "projects.check_column", c)
                                         for c in check_rows["column"]],
        t("projects.col_printed"): [check_value(r, "printed") for r in check_rows.iter_rows(named=True)],
        t("projects.col_expected"): [check_value(r, "expected") for r in check_rows.iter_rows(named=True)],
        t("projects.col_difference"): [check_value(r, "difference") for r in check_rows.iter_rows(named=True)],
        t("projects.col_verdict"): [VERDICT.get(v, v) for v in check_rows["verdict"]],
    }),
    name="projects-total-check",
)
blocks.source_caption(t("projects.source_total", rows=total["rows_source_line"]), total["source_line"])
cite_missing = "".join(t("projects.cite_missing", name=m["name"], period=m["period"])
                       for m in total["missing"].iter_rows(named=True))
if difference:
    sentence = t("projects.cite_sentence", n=total["n_projects"],
                 rows_sum=claim_text.fact("projects_rows_sum", total["rows_sum_eur"], source_line=src),
                 printed=claim_text.fact("projects_printed_total", total["printed_eur"], source_line=src),
                 difference=claim_text.fact("projects_difference", abs(difference), source_line=src), direction=direction,
                 missing=cite_missing)
else:
    sentence = t("projects.cite_equal", n=total["n_projects"],
                 rows_sum=claim_text.fact("projects_rows_sum", total["rows_sum_eur"], source_line=src))
blocks.cite(sentence + f" [{t('app.source_lines', lines=total['source_line']).strip(' ·')}]")

# ---- investments
st.header(t("projects.inv_title"), help=blocks.term_help("investointi"))
inv = project_table.investments_table(data.load_finance())
accounts = data.account_names(lang)
menot = inv.row(0, named=True)
inv_line = menot["source_line"]
st.markdown(t(
    "projects.inv_explain", budget=claim_text.fact("investments", menot["budget_2024_eur"], source_line=inv_line),
    actual=claim_text.fact("investments", menot["actual_2024_eur"], source_line=inv_line),
    pct=claim_text.fact("investments", menot["realization_pct"], claims.PCT, inv_line, 1),
    unused=claim_text.fact("investments", menot["budget_2024_eur"] - menot["actual_2024_eur"], source_line=inv_line),
    previous=claim_text.fact("investments", menot["tp2023_eur"], source_line=inv_line),
))
BAR_COLOURS = {"tp2023_eur": palette.PREVIOUS, "budget_2024_eur": palette.BUDGET, "actual_2024_eur": palette.BETTER}
bars = project_table.investments_bars(inv, {k: t(f"projects.bar.{k}") for k in BAR_COLOURS}, lang)
# comparison_chart gives colours in the order of the bar names sorted alphabetically, whatever the language
colours = [BAR_COLOURS[k] for _, k in sorted(zip(bars["column"].to_list(), bars["key"].to_list()))]
tables.chart(row_bars.comparison_chart, bars.drop("key"), "amount_eur", "column", "label", t("projects.inv_axis"),
                                 lang=lang, colors=colours, name="investments")
tables.table(
    inv.select(
        inv["account"].replace_strict(accounts, default=inv["account"]).alias(t("projects.col_row")),
        inv["tp2023_eur"].alias(t("projects.col_tp2023")),
        inv["budget_2024_eur"].alias(t("projects.col_ta2024")),
        inv["actual_2024_eur"].alias(t("projects.col_actual")),
        (inv["actual_2024_eur"] - inv["budget_2024_eur"]).alias(t("projects.col_deviation")),
        inv["realization_pct"].alias(t("projects.col_pct")),
    ),
    {t("projects.col_tp2023"): "eur", t("projects.col_ta2024"): "eur", t("projects.col_actual"): "eur",
     t("projects.col_deviation"): "eur_signed", t("projects.col_pct"): "pct1"},
    name="investments",
)
st.caption(t("projects.inv_note"))
blocks.source_caption(t("projects.source_inv"), document_text.compact_lines(inv["source_line"]))
for paragraph in document_text.texts_of(texts, ["investments", "investments_commentary"]).iter_rows(named=True):
    st.markdown(f"**{doc(paragraph['heading'])}**")
    blocks.quote([document_text.one_line(paragraph["text"])])
    blocks.source_caption(t("projects.source_inv_text", heading=doc(paragraph["heading"])), str(paragraph["source_line"]))
# the amounts the commentary names, from configuration with their source line
named = editorial.figures()["investments"]
library, gym = named["library"], named["gym"]
st.markdown(t("projects.reading_guide",
              library=claim_text.fact("editorial", library["amount_eur"], source_line=library["source_line"]),
              gym=claim_text.fact("editorial", gym["amount_eur"], source_line=gym["source_line"]),
              both=claim_text.fact("editorial", library["amount_eur"] + gym["amount_eur"], source_line=library["source_line"]),
              budget=claim_text.fact("investments", menot["budget_2024_eur"], source_line=inv_line)))
frame.footer()
