"""Altair factories for the goals, projects and risks pages. One palette (utils.charts), finish() on each.

Each factory takes `lang`: its titles come from the locale files (utils.i18n, plain Python) and finish() puts that
language's number formats into the chart's own config."""

from __future__ import annotations

import altair as alt
import polars as pl

from utils import i18n
from utils.charts import BETTER, BUDGET, CATEGORICAL, NEUTRAL, WORSE, _wrap_expr, describe, finish
from utils.plans import EMPTY_GROUP, LATE, LATE_SYMBOL, OTHER, SCALE_VALUES, document_label, status_label

STATUS_COLOURS = {"Toteutuu": BETTER, "Toteutuu osittain": BUDGET, "Ei toteudu": WORSE, EMPTY_GROUP: NEUTRAL}
# Projects: not the blue and orange of the investments chart on the same page (actual 2024, budget)
PROJECT_COLOURS = {OTHER: "#009E73", LATE: "#CC79A7"}
ROW_STEP = 50  # px per project row: a title line above a bar


def status_count_chart(counts: pl.DataFrame, lang: str = "fi") -> alt.LayerChart:
    """Goals per status group: one bar each, the count written beside it (not colour alone).

    counts: status_group | count  (from plans.goal_status_counts) -> bars labelled with the statuses in `lang`
    """
    groups = counts["status_group"].to_list()
    labels = [status_label(lang, g) for g in groups]
    shown = counts.with_columns(pl.col("status_group").replace_strict(dict(zip(groups, labels))).alias("label"))
    base = alt.Chart(shown).encode(alt.Y("label:N").sort(labels).title(None))
    bars = base.mark_bar(height={"band": 0.7}).encode(
        alt.X("count:Q").title(i18n.t(lang, "goals.chart.x")).axis(format="d", tickMinStep=1),
        alt.Color("label:N")
        .scale(domain=labels, range=[STATUS_COLOURS.get(g, CATEGORICAL[0]) for g in groups])
        .legend(None),
        tooltip=[alt.Tooltip("label:N", title=i18n.t(lang, "goals.chart.status")),
                 alt.Tooltip("count:Q", title=i18n.t(lang, "goals.chart.rows"))],
    )
    text = base.mark_text(align="left", dx=4, fontSize=14, fontWeight="bold").encode(
        alt.X("count:Q"), text="count:Q"
    )
    items = [f"{label}: {count}" for label, count in zip(labels, counts["count"].to_list())]
    return finish((bars + text).properties(height=alt.Step(40), description=describe(
        lang, "rows", i18n.t(lang, "goals.chart.x"), items)), lang)


def realization_chart(parts: pl.DataFrame, x_max: float = 1.9, lang: str = "fi") -> alt.LayerChart:
    """Spend realisation per project, one row each: a title line above, the value as a bar below.

    A multi-part value ('99 / 106 %') is drawn as one diamond per part joined by a line, never as one bar;
    its label is the value as printed. Late starters (second half of 2024) are orange, paler and marked ◔.
    parts: from plans.realization_parts
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


def risk_matrix_chart(points: pl.DataFrame, grid: pl.DataFrame, lang: str = "fi") -> alt.LayerChart:
    """Probability × significance on the document's own values (1–3): a 3 × 3 grid, one numbered dot per risk.

    points: from plans.risk_points; grid: from plans.risk_grid
    """
    def text(key: str) -> str:
        return i18n.t(lang, f"risks.chart.{key}")

    classes = sorted(set(points["risk_class"].to_list()))
    class_labels = [document_label(lang, "risks.class", c) for c in classes]
    points = points.with_columns(
        pl.col("risk_class").replace_strict(dict(zip(classes, class_labels))).alias("class_label")
    )
    lo, hi = min(SCALE_VALUES) - 0.5, max(SCALE_VALUES) + 0.5
    x_scale = alt.Scale(domain=[lo, hi], nice=False, zero=False)
    y_scale = alt.Scale(domain=[lo, hi], nice=False, zero=False)
    axis = dict(values=list(SCALE_VALUES), format="d", grid=False, tickSize=0, labelPadding=6)
    cells = alt.Chart(grid).mark_rect(fill="#f2f2f2", stroke="white", strokeWidth=4).encode(
        alt.X("x:Q").scale(x_scale).axis(**axis).title(text("x")),
        alt.X2("x2:Q"),
        alt.Y("y:Q").scale(y_scale).axis(**axis).title(text("y")),
        alt.Y2("y2:Q"),
    )
    tooltip = [
        alt.Tooltip("label:N", title=text("no")),
        alt.Tooltip("risk:N", title=text("risk")),
        alt.Tooltip("class_label:N", title=text("class")),
        alt.Tooltip("probability:Q", title=text("probability")),
        alt.Tooltip("significance:Q", title=text("significance")),
    ]
    columns = 1 if max(map(len, class_labels)) > 24 else 2  # long (glossed) class names: one a line
    # white dots with a coloured ring: the number stays black on white whatever the class colour
    dots = alt.Chart(points).mark_point(shape="circle", size=900, filled=False, fill="white", strokeWidth=4,
                                        opacity=1).encode(
        alt.X("x:Q").scale(x_scale),
        alt.Y("y:Q").scale(y_scale),
        alt.Stroke("class_label:N").scale(domain=class_labels, range=CATEGORICAL[: len(classes)])
        .legend(alt.Legend(title=text("class"), symbolStrokeWidth=3, symbolSize=160, orient="top",
                           columns=columns)),
        tooltip=tooltip,
    )
    numbers = alt.Chart(points).mark_text(fontSize=15, fontWeight="bold", color="black").encode(
        alt.X("x:Q").scale(x_scale), alt.Y("y:Q").scale(y_scale), text="label:N", tooltip=tooltip
    )
    items = [f"{r['label']} {r['risk']} ({r['class_label']}): {text('probability')} {r['probability']}, "
             f"{text('significance')} {r['significance']}" for r in points.iter_rows(named=True)]
    return finish(alt.layer(cells, dots, numbers).properties(height=520, description=describe(
        lang, "matrix", f"{text('x')} × {text('y')}", items)), lang)
