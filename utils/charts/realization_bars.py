"""Part of the former plan_charts.py: see the module list in README (Code layout)."""

from __future__ import annotations

import altair as alt
import polars as pl

from utils.charts.palette import _wrap_expr, describe, finish
from utils.core import i18n
from utils.questions.project_table import LATE, LATE_SYMBOL, OTHER

# Projects: not the blue and orange of the investments chart on the same page (actual 2024, budget)
PROJECT_COLOURS = {OTHER: "#009E73", LATE: "#CC79A7"}


ROW_STEP = 50  # px per project row: a title line above a bar


def realization_chart(parts: pl.DataFrame, x_max: float = 1.9, lang: str = "fi") -> alt.LayerChart:
    """Spend realisation per project, one row each: a title line above, the value as a bar below.

    A multi-part value ('99 / 106 %') is drawn as one diamond per part joined by a line, never as one bar;
    its label is the value as printed. Late starters (second half of 2024) are orange, paler and marked ◔.
    parts: from project_table.realization_parts
    """
    def text(key: str) -> str:
        return i18n.t(lang, f"projects.chart.{key}")

    groups = {OTHER: text("other"), LATE: f"{LATE_SYMBOL} {text('late')}"}
    parts = parts.with_columns(pl.col("start_group").replace_strict(groups).alias("start_label"))
    order = sorted(set(parts["project_no"].to_list()))
    y = alt.Y("project_no:O").sort(order).axis(None).title(None)
    x_scale = alt.Scale(domain=[0, x_max], nice=False)
    colour = (
        alt.Color("start_label:N")
        .scale(domain=[groups[OTHER], groups[LATE]], range=[PROJECT_COLOURS[OTHER], PROJECT_COLOURS[LATE]])
        .legend(alt.Legend(title=None, symbolType="square", symbolOpacity=1))
    )
    opacity = alt.when(alt.datum.started_h2_2024).then(alt.value(0.6)).otherwise(alt.value(1.0))
    tooltip = [
        alt.Tooltip("name:N", title=text("name")),
        alt.Tooltip("period:N", title=text("period")),
        alt.Tooltip("funder:N", title=text("funder")),
        alt.Tooltip("spend_realization_printed:N", title=text("realization_printed")),
        alt.Tooltip("start_note:N", title=text("start")),
    ]
    base = alt.Chart(parts).encode(y)
    first = base.transform_filter(alt.datum.part_no == 1)
    # each title above its bar, in two lines where the chart is too narrow for one (a phone): never cut
    wrapped = first.transform_calculate(zero="0", _title_lines=_wrap_expr("chart_title"))
    title_style = dict(align="left", fontSize=12, lineHeight=14, limit=alt.expr("width"))
    titles = alt.layer(
        wrapped.transform_filter("!isArray(datum._title_lines)").mark_text(
            baseline="alphabetic", dy=-5, **title_style).encode(
            alt.X("zero:Q").scale(x_scale), text="_title_lines:N", tooltip=tooltip),
        wrapped.transform_filter("isArray(datum._title_lines)").mark_text(
            baseline="top", dy=-31, **title_style).encode(
            alt.X("zero:Q").scale(x_scale), text="_title_lines:N", tooltip=tooltip),
    )
    bars = base.transform_filter(~alt.datum.is_multipart).mark_bar(height=14, yOffset=8).encode(
        alt.X("part_share:Q").scale(x_scale).title(text("x")).axis(format=".0%", orient="top",
                                                                            values=[0, 0.5, 1, 1.5]),
        colour, opacity=opacity, tooltip=tooltip,
    )
    span = first.transform_filter(alt.datum.is_multipart).mark_rule(strokeWidth=2, yOffset=8).encode(
        alt.X("part_min_share:Q").scale(x_scale), alt.X2("part_max_share:Q"), colour, opacity=opacity
    )
    points = base.transform_filter(alt.datum.is_multipart).mark_point(
        shape="diamond", filled=True, size=130, yOffset=8
    ).encode(alt.X("part_share:Q").scale(x_scale), colour, opacity=opacity, tooltip=tooltip)
    labels = first.mark_text(align="left", dx=10, yOffset=8, fontSize=12).encode(
        alt.X("part_max_share:Q").scale(x_scale), text="realization_label:N", tooltip=tooltip
    )
    reference = alt.Chart(pl.DataFrame({"x": [1.0]})).mark_rule(color="#333", strokeDash=[5, 3]).encode(
        alt.X("x:Q").scale(x_scale)
    )
    items = [f"{r['chart_title']}: {r['realization_label']}" for r in
             parts.filter(pl.col("part_no") == 1).sort("project_no").iter_rows(named=True)]
    layered = alt.layer(reference, titles, span, bars, points, labels).properties(
        height=alt.Step(ROW_STEP), description=describe(lang, "rows", text("x"), items))
    return finish(layered, lang)
