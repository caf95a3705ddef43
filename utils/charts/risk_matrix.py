"""The risk matrix: probability × significance, one numbered dot per risk on a grid of the printed scale. An
altair factory."""

from __future__ import annotations

import altair as alt
import polars as pl

from utils.charts.palette import CATEGORICAL, describe, finish
from utils.core import i18n
from utils.questions.document_text import document_label
from utils.questions.risk_table import SCALE_VALUES


def risk_matrix_chart(points: pl.DataFrame, grid: pl.DataFrame, lang: str = "fi") -> alt.LayerChart:
    """Probability × significance on the document's own values (1–3): a 3 × 3 grid, one numbered dot per risk.

    points: from risk_table.risk_points; grid: from risk_table.risk_grid
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
