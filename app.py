"""Heinola welfare sector, financial statement 2024. This script is the overview, served at `/`.

Overview: did the sector keep its binding budget, and where did the money go? The other pages are the scripts in
pages/ (served at /<file name>); each draws the shared frame (tab title, data check, sidebar filters and menu)
with frame.page_header and ends with frame.footer. The menu is utils/core/navigation.py's registry.
"""

import polars as pl
import streamlit as st

from utils.app import blocks, claim_text, data, frame, tables
from utils.charts import row_bars
from utils.core import settings
from utils.core.filters import AREAS, to_params
from utils.questions import (
    claims,
    finance,
    findings,
    goal_table,
    key_figures,
)

t = frame.t
filters = frame.page_header(t("overview.title"), t("overview.question"))
wide = data.finance_wide()
names = frame.area_names()
pop = data.population()
per_resident = filters.measure == "per_resident"

accounts = data.mapping()["accounts"]
per = pop["population"] if per_resident else None
if filters.year < settings.previous_year():
    blocks.no_data(t("overview.no_2022"))
elif filters.year == settings.previous_year():
    blocks.no_data(t("overview.only_actual_2023"))

# ---- the net cost of the chosen scope against its budget and against 2023
st.header(t("overview.binding" if filters.is_sector else "overview.net_cost_areas"), help=blocks.term_help("toimintakate"))
if not filters.is_sector:
    st.caption(t("overview.binding_is_sector"))
for area in filters.area_codes:
    row = finance.net_cost_row(wide, area)
    budget_claim = claims.budget_claim(row, accounts, per)
    change_claim = claims.change_claim(row, accounts)  # euros only: the document states no 2023 population
    st.markdown(t("overview.verdict", area=names[area], sentence=claim_text.claim_sentence(budget_claim, with_area=False,
                                                                                   subject=t("overview.net_cost_of"))))
    c1, c2, c3 = st.columns(3)
    c1.metric(t("overview.net_cost_per_resident" if per else "overview.net_cost"), claim_text.claim_figure(budget_claim),
              delta=claim_text.claim_delta(budget_claim), delta_color="off", delta_arrow="off")
    c2.metric(t("overview.budget_per_resident" if per else "overview.budget"), claim_text.claim_figure(budget_claim, "base"))
    if per:
        c3.metric(t("overview.actual_2023_per_resident"), "–", help=t("overview.no_population_2023"))
    else:
        c3.metric(t("overview.actual_2023"), claim_text.claim_figure(change_claim, "base"),
                  delta=claim_text.claim_delta(change_claim), delta_color="off", delta_arrow="off")
    blocks.source_caption(t("overview.source_net"), budget_claim.source_line)
if per:
    population = claims.fact_claim("population", pop["population"], unit="count")
    st.caption(t("overview.per_resident_note", population=claim_text.claim_figure(population), line=pop["source_line"]))
blocks.signs_note()
first = finance.net_cost_row(wide, filters.area_codes[0])
blocks.cite(t("overview.cite_sentence", area=names[filters.area_codes[0]],
          sentence=claim_text.claim_sentence(claims.budget_claim(first, accounts, per), with_area=False,
                                     subject=t("overview.net_cost_of")),
          change=claim_text.claim_sentence(claims.change_claim(first, accounts), with_area=False,
                                   subject=t("overview.net_cost_of"))))

# ---- key findings for the chosen areas
st.header(t("overview.findings_title"))
st.caption(t("findings.intro"))
scorecard = key_figures.kpi_scorecard(data.load_kpis(), filters.areas or None)
for f in findings.key_findings(wide, scorecard, data.load_goals(), data.load_projects(), filters.area_codes,
                               accounts, key_figures.population_reasons(data.load_checks(), data.load_kpis()), per):
    st.markdown("- " + claim_text.finding_sentence(f))

# ---- areas against their budgets
st.header(t("overview.areas_title"))
status = claims.budget_frame(finance.area_net_cost_rows(wide, filters.areas or None), accounts, filters.lang, per)
status = status.with_columns(
    pl.col("service_area").replace_strict(names).alias(t("overview.col_area")),
    tables.labels(status["difference"], "eur2" if per else "eur", signed=True).alias("difference_label"),
)
tables.chart(row_bars.deviation_chart, status, t("overview.col_area"), t("overview.deviation_axis"), t("overview.better"),
         t("overview.worse"), lang=filters.lang, name="areas-deviation")
money = "eur2" if per else "eur"
tables.table(
    status.select(
        t("overview.col_area"),
        pl.col("claim_base").alias(t("overview.col_budget")),
        pl.col("claim_value").alias(t("overview.col_actual")),
        pl.col("difference").alias(t("overview.col_deviation")),
        pl.col("claim_pct").alias(t("overview.col_pct")),
        pl.col("words").alias(t("overview.col_status")),
    ),
    {t("overview.col_budget"): money, t("overview.col_actual"): money, t("overview.col_deviation"): money + "_signed",
     t("overview.col_pct"): "pct"},
    name="areas-budget",
)
blocks.source_caption(t("overview.source_areas"), ";".join(status["source_line"].to_list()))

# ---- where the money goes
st.header(t("overview.costs_title"))
areas = filters.areas or data.service_areas()
costs = finance.scale(finance.cost_structure(wide, areas), ["cost_eur"], per).with_columns(
    pl.col("service_area").replace_strict(names).alias(t("overview.col_area")),
    pl.col("account").replace_strict(data.account_names(filters.lang)).alias(t("overview.col_cost_type")),
)
costs = costs.with_columns(tables.labels(costs["cost_eur"], money).alias("cost_label"))
tables.chart(row_bars.stacked_share_chart, costs, t("overview.col_area"), t("overview.col_cost_type"), "cost_eur",
         "cost_label", t("overview.costs_axis_per_resident" if per else "overview.costs_axis"), lang=filters.lang,
         name="costs")
with st.expander(t("overview.costs_as_table")):
    tables.table(costs.select(t("overview.col_area"), t("overview.col_cost_type"),
                          pl.col("cost_eur").alias(t("overview.col_costs"))),
             {t("overview.col_costs"): money}, name="costs")
blocks.source_caption(t("overview.source_costs"))

# ---- goals of the chosen scope
st.header(t("overview.goals_title"))
counts = goal_table.goal_status_counts(goal_table.goals_in_scope(data.load_goals(), filters.areas)).sort(
    pl.col("status_group").replace_strict({"Toteutuu": 0, "Toteutuu osittain": 1, "empty": 3}, default=2,
                                          return_dtype=pl.Int8)
)
labels = {"Toteutuu": t("overview.status_met"), "Toteutuu osittain": t("overview.status_partly"),
          "empty": t("overview.status_empty")}
cols = st.columns(max(len(counts), 1))
for col, row in zip(cols, counts.iter_rows(named=True)):
    col.metric(labels.get(row["status_group"], row["status_group"]), row["count"])
st.caption(t("overview.goals_note" if filters.is_sector else "overview.goals_note_areas"))

# ---- biggest deviations
st.header(t("overview.top_title"))
top = claims.budget_frame(finance.line_items(wide, filters.area_codes), accounts, filters.lang, per)
top = finance.largest_differences(top, n=6)
tables.table(
    top.select(
        pl.col("service_area").replace_strict(names).alias(t("overview.col_area")),
        pl.col("account").replace_strict(data.account_names(filters.lang)).alias(t("overview.col_account")),
        pl.col("claim_base").alias(t("overview.col_budget")),
        pl.col("claim_value").alias(t("overview.col_actual")),
        pl.col("difference").alias(t("overview.col_deviation")),
        pl.col("claim_pct").alias(t("overview.col_pct")),
        pl.col("words").alias(t("overview.col_status")),
    ),
    {t("overview.col_budget"): money, t("overview.col_actual"): money, t("overview.col_deviation"): money + "_signed",
     t("overview.col_pct"): "pct"},
    name="largest-deviations",
)
st.caption(t("overview.top_note"))
blocks.source_caption(t("overview.source_statements"), ";".join(top["source_line"].to_list()))

# ---- a profile of each area (pages/profile.py), and the sector's printable report
st.header(t("profile.overview_title"))
with st.container(horizontal=True):
    for code in filters.areas or AREAS:
        st.page_link("pages/profile.py", label=t("profile.other_link", area=names[code]), icon=":material/id_card:",
                     query_params={**to_params(filters), "area": [code]})
tables.report_download("ALL", t("profile.download_sector_pdf"))
frame.footer()
