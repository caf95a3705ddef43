"""Key figures (Tunnusluvut): were the 2024 targets met, and how did the figures move 2022–2024?"""

import streamlit as st

from utils.app import blocks, claim_text, data, frame, tables
from utils.app.answers import check_results, claims, document_text, key_figures, views
from utils.charts import row_bars, trend_lines
from utils.core import settings

t = frame.t
filters = frame.page_header(t("kpis.title"), t("kpis.question"))
kpis = data.load_kpis()
names = frame.area_names()
pop = data.population()
population = claims.fact_claim("population", pop["population"], unit="count")
st.caption(t("kpis.intro", population=claim_text.claim_figure(population), line=pop["source_line"]))
areas = filters.areas or None
MET = views.met_words()
KIND = views.kind_words()

# ---- targets 2024
st.header(t("kpis.targets_title"), help=blocks.term_help("tunnusluku"))
if filters.year != settings.budget_year():
    blocks.no_data(t("kpis.targets_only_2024", year=filters.year))
card = key_figures.kpi_scorecard(kpis, areas)
if card.is_empty():
    blocks.no_data(t("kpis.none_for_areas"))
    st.stop()
# each row as a target claim: direction met / missed / ..., its judgement and reason (ties, population bases),
# with its name and its actual as a share of the target (share_pct)
reasons = key_figures.population_reasons(data.load_checks(), kpis)
card = claims.target_frame(key_figures.target_shares(card, filters.lang), reasons, filters.lang)
counts = key_figures.verdict_counts(card, "direction")
blocks.figures([blocks.Figure(MET[key], counts.get(key, 0)) for key in MET])
st.caption(t("kpis.count_help"))
st.markdown(t("kpis.how"))
tables.chart(row_bars.target_share_chart, views.target_share_bars(key_figures.charted_targets(card)), "indicator",
             t("kpis.share_axis"), MET["met"], MET["missed"], lang=filters.lang, name="kpi-targets")
st.caption(t("kpis.share_note"))
tables.table(*views.targets_table(card, names), name="kpi-targets")
blocks.source_caption(t("kpis.source"), document_text.distinct_lines(card["source_line"]))
claim_text.contradictions_here("kpis", filters.areas)  # the document against itself, beside its figures
missed = key_figures.first_missed(card)
if missed:
    claim = claims.target_claim(missed, key_figures.reason_of(reasons, missed))
    blocks.cite(t("kpis.cite_sentence", sentence=claim_text.claim_sentence(claim))
                + f" [{t('app.source_lines', lines=claim.source_line).strip(' ·')}]")

# ---- trend
st.header(t("kpis.trend_title"))
options = key_figures.indicator_options(card, filters.lang)
choice = st.selectbox(t("kpis.pick"), options, format_func=lambda o: f"{o.name} ({o.unit_shown})", key="kpi_choice")
trend = key_figures.area_trend(kpis, choice.key, choice.unit, areas)
points = views.trend_points(trend, names)
if points.frame.is_empty():
    blocks.no_data(t("kpis.no_values"))
else:
    tables.chart(trend_lines.trend_chart, points.frame, choice.unit_shown, KIND["actual"], KIND["target"],
                 fmt=points.axis_format, lang=filters.lang, name=f"kpi-trend-{choice.key}")
    st.caption(t("kpis.trend_note"))
tables.table(*views.trend_table(trend, names), name=f"kpi-trend-{choice.key}")
if key_figures.doubtful_values(trend).height:
    st.warning(t("kpis.doubtful"))
blocks.source_caption(t("kpis.source"), trend["source_line"].first())

# ---- checks that tie key figures to the finance tables
checks = check_results.per_resident_checks(data.load_checks(), areas)
if checks.height:
    st.header(t("kpis.checks_title"))
    tables.table(*views.per_resident_checks_table(checks, names), name="kpi-per-resident-checks")
    blocks.source_caption(t("kpis.source"), document_text.joined_lines(checks["source_line"]))
frame.footer()
