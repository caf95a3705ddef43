"""Heinola welfare sector, financial statement 2024. This script is the overview, served at `/`.

Overview: did the sector keep its binding budget, and where did the money go? The other pages are the scripts in
pages/ (served at /<file name>); each draws the shared frame (tab title, data check, sidebar filters and menu)
with frame.page_header and ends with frame.footer. The menu is utils/core/navigation.py's registry.
"""

import streamlit as st

from utils.app import blocks, claim_text, data, frame, tables
from utils.app.answers import (
    claims,
    document_text,
    finance,
    findings,
    goal_table,
    key_figures,
    views,
)
from utils.charts import row_bars
from utils.core import settings
from utils.core.filters import AREAS, to_params

t = frame.t
filters = frame.page_header(t("overview.title"), t("overview.question"))
LISTS = settings.app_settings()["lists"]
wide = data.finance_wide()
names = frame.area_names()
account_names = data.account_names(filters.lang)
pop = data.population()
per_resident = filters.measure == "per_resident"

accounts = data.mapping()["accounts"]
per = pop["population"] if per_resident else None
if filters.year < settings.previous_year():
    blocks.no_data(t("overview.no_2022"))
elif filters.year == settings.previous_year():
    blocks.no_data(t("overview.only_actual_2023"))

# ---- the net cost of the chosen scope against its budget and against 2023
st.header(t("overview.binding" if filters.is_sector else "overview.net_cost_areas"),
          help=blocks.term_help("toimintakate"))
if not filters.is_sector:
    st.caption(t("overview.binding_is_sector"))
for area in filters.area_codes:
    row = finance.net_cost_row(wide, area)
    budget_claim = claims.budget_claim(row, accounts, per)
    change_claim = claims.change_claim(row, accounts)  # euros only: the document states no 2023 population
    st.markdown(t("overview.verdict", area=names[area],
                  sentence=claim_text.claim_sentence(budget_claim, with_area=False, subject=t("overview.net_cost_of"))))
    blocks.figures([
        blocks.Figure(t("overview.net_cost_per_resident" if per else "overview.net_cost"),
                      claim_text.claim_figure(budget_claim), claim_text.claim_delta(budget_claim)),
        blocks.Figure(t("overview.budget_per_resident" if per else "overview.budget"),
                      claim_text.claim_figure(budget_claim, "base")),
        blocks.Figure(t("overview.actual_2023_per_resident"), "–", note=t("overview.no_population_2023")) if per
        else blocks.Figure(t("overview.actual_2023"), claim_text.claim_figure(change_claim, "base"),
                           claim_text.claim_delta(change_claim)),
    ])
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
found = findings.key_findings(wide, scorecard, data.load_goals(), data.load_projects(), filters.area_codes,
                              accounts, key_figures.population_reasons(data.load_checks(), data.load_kpis()), per)
st.markdown("\n".join("- " + claim_text.finding_sentence(f) for f in found))  # one list, one element

# ---- areas against their budgets
st.header(t("overview.areas_title"))
status = claims.budget_frame(finance.area_net_cost_rows(wide, filters.areas or None), accounts, filters.lang, per)
status = views.areas_against_budget(status, names, per)
tables.chart(row_bars.deviation_chart, status, t("overview.col_area"), t("overview.deviation_axis"),
             t("overview.better"), t("overview.worse"), lang=filters.lang, name="areas-deviation")
tables.table(*views.areas_budget_table(status, per), name="areas-budget",  # each area's name opens its profile
             links=frame.row_links(t("overview.col_area"), "profile", status["service_area"]))
blocks.source_caption(t("overview.source_areas"), document_text.joined_lines(status["source_line"]))

# ---- where the money goes
st.header(t("overview.costs_title"))
areas = filters.areas or data.service_areas()
costs = finance.scale(finance.cost_structure(wide, areas), ["cost_eur"], per)
costs = views.cost_bars(costs, names, account_names, per)
tables.chart(row_bars.stacked_share_chart, costs, t("overview.col_area"), t("overview.col_cost_type"), "cost_eur",
             "cost_label", t("overview.costs_axis_per_resident" if per else "overview.costs_axis"), lang=filters.lang,
             name="costs")
costs_box = frame.box_if_open(t("overview.costs_as_table"), "costs-table")
if costs_box is not None:
    with costs_box:
        tables.table(*views.costs_table(costs, per), name="costs")
blocks.source_caption(t("overview.source_costs"))

# ---- goals of the chosen scope
st.header(t("overview.goals_title"))
scoped_goals = goal_table.goals_in_scope(data.load_goals(), filters.areas)
counts = goal_table.empty_last(goal_table.goal_status_counts(scoped_goals))
labels = views.goal_status_names()
blocks.figures([blocks.Figure(labels.get(row["status_group"], row["status_group"]), row["count"])
                for row in counts.iter_rows(named=True)])
st.caption(t("overview.goals_note" if filters.is_sector else "overview.goals_note_areas"))

# ---- biggest deviations
st.header(t("overview.top_title"))
line_items = claims.budget_frame(finance.line_items(wide, filters.area_codes), accounts, filters.lang, per)
top = finance.largest_differences(line_items, n=LISTS["largest_deviations"])
tables.table(*views.largest_deviations_table(top, names, account_names, per), name="largest-deviations")
st.caption(t("overview.top_note"))
blocks.source_caption(t("overview.source_statements"), document_text.joined_lines(top["source_line"]))

# ---- a profile of each area (pages/profile.py), and the sector's printable report
st.header(t("profile.overview_title"))
with st.container(horizontal=True):
    for code in filters.areas or AREAS:
        st.page_link("pages/profile.py", label=t("profile.other_link", area=names[code]), icon=":material/id_card:",
                     query_params={**to_params(filters), "area": [code]})
tables.report_download(settings.SECTOR, t("profile.download_sector_pdf"))
frame.footer()
