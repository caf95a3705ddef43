"""Key figures (Tunnusluvut): were the 2024 targets met, and how did the figures move 2022–2024?"""

import polars as pl
import streamlit as st

from utils.app import blocks, claim_text, data, frame, tables
from utils.charts import row_bars, trend_lines
from utils.core import settings
from utils.questions import claims, key_figures

t = frame.t
filters = frame.page_header(t("kpis.title"), t("kpis.question"))
kpis = data.load_kpis()
names = frame.area_names()
pop = data.population()
st.caption(t("kpis.intro", population=claim_text.claim_figure(claims.fact_claim("population", pop["population"], unit="count")),
             line=pop["source_line"]))
areas = filters.areas or None
en = filters.lang != "fi"
MET = {k: t(f"kpis.{k}") for k in ("met", "missed", "no_direction", "no_value")}
BETTER = {k: t(f"kpis.{k}") for k in ("higher", "lower", "none")}
NOTE = {k: t(f"kpis.note_{k}") for k in ("unit_mismatch", "not_split", "garbled")}
indicator_col = "indicator_en" if en else "indicator_fi"
unit_col = "unit_en" if en else "unit"

# ---- targets 2024
st.header(t("kpis.targets_title"), help=blocks.term_help("tunnusluku"))
if filters.year != settings.budget_year():
    blocks.no_data(t("kpis.targets_only_2024", year=filters.year))
card = key_figures.kpi_scorecard(kpis, areas)
if card.is_empty():
    blocks.no_data(t("kpis.none_for_areas"))
    st.stop()
card = card.with_columns(
    (pl.col(indicator_col) + " (" + pl.col(unit_col) + ")"
     + pl.when(pl.col("indicator_key") == "external_funding").then(" " + pl.col("service_area")).otherwise(pl.lit(""))
     ).alias("label"),
    pl.when(pl.col("target") != 0).then((pl.col("actual") / pl.col("target") * 100).round(1)).alias("share_pct"),
)
# each row as a target claim: direction met / missed / ..., its judgement and reason (ties, population bases)
card = claims.target_frame(card, key_figures.population_reasons(data.load_checks(), kpis), filters.lang)
counts = dict(card["direction"].value_counts().rows())
for col, key in zip(st.columns(4), MET):
    col.metric(MET[key], counts.get(key, 0), help=t("kpis.count_help") if key in ("met", "missed") else None)
st.markdown(t("kpis.how"))
chart_df = card.filter(pl.col("share_pct").is_not_null(), pl.col("met").is_in(["met", "missed"])).select(
    pl.col("label").alias("indicator"),
    "share_pct",
    pl.col("met").replace_strict(MET).alias("status"),
)
chart_df = chart_df.with_columns(tables.labels(chart_df["share_pct"], "pct1").alias("label"))
tables.chart(row_bars.target_share_chart, chart_df, "indicator", t("kpis.share_axis"), MET["met"], MET["missed"],
                                   lang=filters.lang, name="kpi-targets")
st.caption(t("kpis.share_note"))
tables.table(
    card.select(
        pl.col("label").alias(t("kpis.col_indicator")),
        pl.col("service_area").replace_strict(names).alias(t("kpis.col_area")),
        pl.col("target_text").alias(t("kpis.col_target_text")),
        pl.col("actual_text").alias(t("kpis.col_actual_text")),
        pl.col("target").alias(t("kpis.col_target")),
        pl.col("actual").alias(t("kpis.col_actual")),
        (pl.col("better").replace_strict(BETTER)
         + pl.when(pl.col("better_is_judgement")).then(pl.lit(t("kpis.judgement"))).otherwise(pl.lit("")))
        .alias(t("kpis.col_direction")),
        pl.col("words").alias(t("kpis.col_met")),
        pl.col("note_codes").list.eval(pl.element().replace_strict(NOTE, default=None)).list.join(" ")
        .alias(t("kpis.col_note")),
    ),
    {t("kpis.col_target"): "num", t("kpis.col_actual"): "num"},
    name="kpi-targets",
)
blocks.source_caption(t("kpis.source"), ";".join(sorted(set(card["source_line"].to_list()),
                                                     key=lambda s: int(s.split(";")[0]))))
missed = card.filter(pl.col("met") == "missed")
if missed.height:
    claim = claims.target_claim(missed.row(0, named=True),
                                key_figures.population_reasons(data.load_checks(), kpis).get(
                                    (missed["indicator_key"][0], missed["unit"][0], missed["service_area"][0])))
    blocks.cite(t("kpis.cite_sentence", sentence=claim_text.claim_sentence(claim))
            + f" [{t('app.source_lines', lines=claim.source_line).strip(' ·')}]")

# ---- trend
st.header(t("kpis.trend_title"))
options = card.select("indicator_key", "unit", pl.col(indicator_col).alias("name"), pl.col(unit_col).alias("unit_shown")
                      ).unique(maintain_order=True).rows()
choice = st.selectbox(t("kpis.pick"), options, format_func=lambda o: f"{o[2]} ({o[3]})", key="kpi_choice")
trend = key_figures.kpi_trend(kpis, choice[0], choice[1])
if areas:
    trend = trend.filter(pl.col("service_area").is_in(list(areas)))
KIND = {"actual": t("kpis.actual_kind"), "target": t("kpis.target_kind")}
trend_df = trend.filter(pl.col("value").is_not_null()).select(
    pl.col("year").cast(pl.String),
    "value",
    pl.col("kind").replace_strict(KIND).alias("kind_label"),
    pl.col("service_area").replace_strict(names).alias("area"),
    pl.col("service_area").alias("area_code"),  # the colour follows the code, not the translated name
)
axis_format = trend_lines.decimals_format(trend_df["value"].to_list())
trend_df = trend_df.with_columns(
    tables.labels(trend_df["value"], "num", decimals=int(axis_format[2:-1])).alias("value_label")
)
if trend_df.is_empty():
    blocks.no_data(t("kpis.no_values"))
else:
    tables.chart(trend_lines.trend_chart, trend_df, choice[3], KIND["actual"], KIND["target"], fmt=axis_format,
                                lang=filters.lang,
             name=f"kpi-trend-{choice[0]}")
    st.caption(t("kpis.trend_note"))
tables.table(
    trend.select(
        pl.col("service_area").replace_strict(names).alias(t("kpis.col_area")),
        pl.col("year").alias(t("kpis.col_year")),
        pl.col("kind").replace_strict(KIND).alias(t("kpis.col_kind")),
        pl.col("value_text").alias(t("kpis.col_printed")),
        pl.col("value").alias(t("kpis.col_read")),
        pl.col("note_code").replace_strict(NOTE, default=None).alias(t("kpis.col_note")),
    ),
    {t("kpis.col_read"): "num"},
    name=f"kpi-trend-{choice[0]}",
)
if trend.filter(pl.col("note_code").is_not_null()).height:
    st.warning(t("kpis.doubtful"))
blocks.source_caption(t("kpis.source"), trend["source_line"].first())

# ---- checks that tie key figures to the finance tables
checks = data.load_checks().filter(pl.col("check") == "per_resident",
                                   pl.col("service_area").is_in(list(areas)) if areas else pl.lit(True))
if checks.height:
    st.header(t("kpis.checks_title"))
    tables.table(
        checks.select(
            pl.col("service_area").replace_strict(names).alias(t("kpis.col_area")),
            pl.col("printed").alias(t("kpis.col_printed_per_resident")),
            pl.col("expected").alias(t("kpis.col_computed")),
            pl.col("verdict").alias(t("kpis.col_verdict")),
        ),
        {t("kpis.col_printed_per_resident"): "int", t("kpis.col_computed"): "int"},
        name="kpi-per-resident-checks",
    )
    blocks.source_caption(t("kpis.source"), ";".join(checks["source_line"].to_list()))
frame.footer()
