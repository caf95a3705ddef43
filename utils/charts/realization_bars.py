"""Project spend realisation: one bar per project under its title, late starters marked. An altair factory."""

from __future__ import annotations

import altair as alt
import polars as pl

from utils.charts.palette import _lines_expr, describe, finish
from utils.core import i18n
from utils.questions.project_table import LATE, LATE_SYMBOL, OTHER

# Projects: not the blue and orange of the investments chart on the same page (actual 2024, budget)
PROJECT_COLOURS = {OTHER: "#009E73", LATE: "#CC79A7"}


LINE = 16  # px: one band of the y scale, which holds a title line, the gap above a title, or a project's bar


def _bands(chart: alt.Chart) -> alt.Chart:
    """Each project's rows in the y scale: a gap, its title in as many lines as the chart's width needs (wrapped
    in the browser, so a phone gets more lines than a wide screen, and nothing is cut), then its bar. `_texts` is
    those rows' texts ('' for the gap and the bar); `_band` is the band of the bar. The chart is as tall as its
    bands (a step of LINE each), so a long title makes its own project taller, not every project."""
    return chart.transform_calculate(
        _texts=f"split('\\n' + join({_lines_expr('chart_title')}, '\\n') + '\\n', '\\n')"
    ).transform_calculate(_band="datum.project_no * 1000 + length(datum._texts) - 1")


def realization_chart(parts: pl.DataFrame, x_max: float = 1.9, lang: str = "fi") -> alt.LayerChart:
    """Spend realisation per project: its title in full (in lines that fit the chart's width) above its value as
    a bar.

    A multi-part value ('99 / 106 %') is drawn as one diamond per part joined by a line, never as one bar;
    its label is the value as printed. Late starters (second half of 2024) are orange, paler and marked ◔.
    parts: from project_table.realization_parts
    """
    def text(key: str) -> str:
        return i18n.t(lang, f"projects.chart.{key}")

    groups = {OTHER: text("other"), LATE: f"{LATE_SYMBOL} {text('late')}"}
    parts = parts.with_columns(pl.col("start_group").replace_strict(groups).alias("start_label"))
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
    y = alt.Y("_band:O").sort("ascending").axis(None).title(None)  # bands numbered project * 1000 + row
    rows = _bands(alt.Chart(parts))
    base = rows.encode(y)
    first = base.transform_filter(alt.datum.part_no == 1)
    # one text per band: every line of every title, whole (no limit, so no ellipsis)
    titles = rows.transform_filter(alt.datum.part_no == 1).transform_calculate(
        _index="sequence(length(datum._texts))").transform_flatten(["_texts", "_index"], ["_text", "_index"]
    ).transform_calculate(_band="datum.project_no * 1000 + datum._index").mark_text(
        align="left", baseline="middle", fontSize=12).encode(x=alt.value(0), y=y, text="_text:N", tooltip=tooltip)
    bars = base.transform_filter(~alt.datum.is_multipart).mark_bar(height=14).encode(
        alt.X("part_share:Q").scale(x_scale).title(text("x")).axis(format=".0%", orient="top",
                                                                            values=[0, 0.5, 1, 1.5]),
        colour, opacity=opacity, tooltip=tooltip,
    )
    span = first.transform_filter(alt.datum.is_multipart).mark_rule(strokeWidth=2).encode(
        alt.X("part_min_share:Q").scale(x_scale), alt.X2("part_max_share:Q"), colour, opacity=opacity
    )
    points = base.transform_filter(alt.datum.is_multipart).mark_point(
        shape="diamond", filled=True, size=130
    ).encode(alt.X("part_share:Q").scale(x_scale), colour, opacity=opacity, tooltip=tooltip)
    labels = first.mark_text(align="left", dx=10, fontSize=12).encode(
        alt.X("part_max_share:Q").scale(x_scale), text="realization_label:N", tooltip=tooltip
    )
    reference = alt.Chart(pl.DataFrame({"x": [1.0]})).mark_rule(color="#333", strokeDash=[5, 3]).encode(
        alt.X("x:Q").scale(x_scale)
    )
    items = [f"{r['chart_title']}: {r['realization_label']}" for r in
             parts.filter(pl.col("part_no") == 1).sort("project_no").iter_rows(named=True)]
    layered = alt.layer(reference, titles, span, bars, points, labels).properties(
        height=alt.Step(LINE), description=describe(lang, "rows", text("x"), items))
    return finish(layered, lang)
