"""Heinola welfare sector, financial statement 2024. This script is the overview, served at `/`.

Overview: did the sector keep its binding budget, and where did the money go? The other pages are the scripts in
pages/ (served at /<file name>); each draws the shared frame (tab title, data check, sidebar filters and menu)
with ui.page_header and ends with ui.footer. The menu is utils/navigation.py's registry.
"""

import polars as pl
import streamlit as st

from utils import charts, data, findings, transform, ui

t = ui.t
filters = ui.page_header(t("overview.title"), t("overview.question"))
wide = data.finance_wide()
names = ui.area_names()
pop = data.population()
per_resident = filters.measure == "per_resident"

sector = transform.net_cost(wide, "ALL")
if filters.year == 2022:
    ui.no_data(t("overview.no_2022"))
elif filters.year == 2023:
    ui.no_data(t("overview.only_actual_2023"))

# ---- the binding figure
kept = sector["actual_eur"] <= sector["budget_eur"]
st.subheader(t("overview.binding"), help=ui.term_help("toimintakate"))
st.markdown(t(
    "overview.verdict", actual=ui.meur(sector["actual_eur"]), budget=ui.meur(sector["budget_eur"]),
    verdict=t("overview.kept" if kept else "overview.exceeded"), pct=ui.pct(sector["realization_pct"]),
    gap=ui.eur(abs(sector["under_budget_eur"])), side=t("overview.under" if kept else "overview.over"),
))
c1, c2, c3 = st.columns(3)
if per_resident:
    n = pop["population"]
    c1.metric(t("overview.net_cost_per_resident"), ui.eur(sector["actual_eur"] / n, 2),
              help=t("overview.per_resident_help", population=ui.num(n)))
    c2.metric(t("overview.budget_per_resident"), ui.eur(sector["budget_eur"] / n, 2))
    c3.metric(t("overview.actual_2023_per_resident"), "–", help=t("overview.no_population_2023"))
    st.caption(t("overview.per_resident_note", population=ui.num(n), line=pop["source_line"]))
else:
    c1.metric(t("overview.net_cost"), ui.eur(sector["actual_eur"]),
              delta=ui.signed_delta(-sector["under_budget_eur"], ui.eur(abs(sector["under_budget_eur"])),
                                    t("overview.over_budget"), t("overview.under_budget")), delta_color="off")
    c2.metric(t("overview.budget"), ui.eur(sector["budget_eur"]))
    c3.metric(t("overview.actual_2023"), ui.eur(sector["actual_2023_eur"]),
              delta=ui.signed_delta(sector["change_pct"], ui.pct(abs(sector["change_pct"]), 1),
                                    t("overview.growth"), t("overview.decline")), delta_color="off")
ui.source_caption(t("overview.source_net"), sector["source_line"])
ui.signs_note()
ui.cite(t("overview.cite_sentence", actual=ui.eur(sector["actual_eur"]), pct=ui.pct(sector["realization_pct"]),
          budget=ui.eur(sector["budget_eur"]), previous=ui.eur(sector["actual_2023_eur"])))

# ---- key findings for the chosen areas
st.subheader(t("overview.findings_title"))
st.caption(t("findings.intro"))
scorecard = transform.kpi_scorecard(data.load_kpis(), filters.areas or None)
for f in findings.key_findings(wide, scorecard, data.load_goals(), data.load_projects(), filters.area_codes):
    st.markdown("- " + ui.finding_sentence(f))

# ---- areas against their budgets
st.subheader(t("overview.areas_title"))
status = transform.area_budget_status(wide).with_columns(
    pl.col("service_area").replace_strict(names).alias(t("overview.col_area")),
)
if filters.areas:
    status = status.filter(pl.col("service_area").is_in(list(filters.areas)))
status = status.with_columns(ui.labels(status["deviation_eur"]).alias("deviation_label"))
ui.chart(charts.deviation_chart, status, t("overview.col_area"), t("overview.deviation_axis"), t("overview.better"),
                                t("overview.worse"), lang=filters.lang, name="areas-deviation")
ui.table(
    status.select(
        t("overview.col_area"),
        pl.col("budget_eur").alias(t("overview.col_budget")),
        pl.col("actual_eur").alias(t("overview.col_actual")),
        pl.col("deviation_eur").alias(t("overview.col_deviation")),
        pl.col("realization_pct").alias(t("overview.col_pct")),
        pl.when(pl.col("status") == "over").then(pl.lit(t("overview.over_short")))
        .otherwise(pl.lit(t("overview.under_short"))).alias(t("overview.col_status")),
    ),
    {t("overview.col_budget"): "eur", t("overview.col_actual"): "eur", t("overview.col_deviation"): "eur",
     t("overview.col_pct"): "pct"},
    name="areas-budget",
)
ui.source_caption(t("overview.source_areas"), ";".join(status["source_line"].to_list()))

# ---- where the money goes
st.subheader(t("overview.costs_title"))
areas = filters.areas or ("HYTE", "OPKOU", "VAKA", "VIRE")
costs = transform.cost_structure(wide, areas).with_columns(
    pl.col("service_area").replace_strict(names).alias(t("overview.col_area")),
    pl.col("account").replace_strict(data.account_names(filters.lang)).alias(t("overview.col_cost_type")),
)
costs = costs.with_columns(ui.labels(costs["cost_eur"]).alias("cost_label"))
ui.chart(charts.stacked_share_chart, costs, t("overview.col_area"), t("overview.col_cost_type"), "cost_eur",
                                    "cost_label", t("overview.costs_axis"), lang=filters.lang, name="costs")
with st.expander(t("overview.costs_as_table")):
    ui.table(costs.select(t("overview.col_area"), t("overview.col_cost_type"),
                          pl.col("cost_eur").alias(t("overview.col_costs"))),
             {t("overview.col_costs"): "eur"}, name="costs")
ui.source_caption(t("overview.source_costs"))

# ---- goals
st.subheader(t("overview.goals_title"))
counts = transform.goal_status_counts(data.load_goals()).sort(
    pl.col("status_group").replace_strict({"Toteutuu": 0, "Toteutuu osittain": 1, "empty": 3}, default=2,
                                          return_dtype=pl.Int8)
)
labels = {"Toteutuu": t("overview.status_met"), "Toteutuu osittain": t("overview.status_partly"),
          "empty": t("overview.status_empty")}
cols = st.columns(len(counts))
for col, row in zip(cols, counts.iter_rows(named=True)):
    col.metric(labels.get(row["status_group"], row["status_group"]), row["count"])
st.caption(t("overview.goals_note"))

# ---- biggest deviations
st.subheader(t("overview.top_title"))
top = transform.biggest_deviations(wide, filters.area_codes, n=6)
ui.table(
    top.select(
        pl.col("service_area").replace_strict(names).alias(t("overview.col_area")),
        pl.col("account").replace_strict(data.account_names(filters.lang)).alias(t("overview.col_account")),
        pl.col("budget_eur").alias(t("overview.col_budget")),
        pl.col("actual_eur").alias(t("overview.col_actual")),
        pl.col("deviation_eur").alias(t("overview.col_deviation")),
        pl.col("realization_pct").alias(t("overview.col_pct")),
    ),
    {t("overview.col_budget"): "eur", t("overview.col_actual"): "eur", t("overview.col_deviation"): "eur",
     t("overview.col_pct"): "pct"},
    name="largest-deviations",
)
st.caption(t("overview.top_note"))
ui.source_caption(t("overview.source_statements"), ";".join(top["source_line"].to_list()))
ui.footer()
