"""Goals per status group: one bar each, coloured by the status as printed. An altair factory; finish() on it.

The factory takes `lang`: its titles come from the locale files (utils.core.i18n, plain Python) and finish() puts that
language's number formats into the chart's own config."""

from __future__ import annotations

import altair as alt
import polars as pl

from utils.charts.palette import BETTER, BUDGET, CATEGORICAL, NEUTRAL, WORSE, describe, finish
from utils.core import i18n
from utils.questions.goal_table import EMPTY_GROUP, MET, NOT_MET, PARTLY, status_label

STATUS_COLOURS = {MET: BETTER, PARTLY: BUDGET, NOT_MET: WORSE, EMPTY_GROUP: NEUTRAL}


def status_count_chart(counts: pl.DataFrame, lang: str = "fi") -> alt.LayerChart:
    """Goals per status group: one bar each, the count written beside it (not colour alone).

    counts: status_group | count  (from goal_table.goal_status_counts) -> bars labelled with the statuses in `lang`
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
