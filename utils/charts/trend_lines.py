"""A key figure over the years: actuals as lines and the target as a diamond, per area. An altair factory."""

from __future__ import annotations

import altair as alt
import polars as pl

from utils.charts.palette import AREA_COLOURS, _min_step, describe, finish
from utils.charts.row_bars import _keyed_colours
from utils.core.fi_numbers import decimals_needed


def trend_chart(df: pl.DataFrame, title: str, actual_label: str, target_label: str, fmt: str = ",.2~f",
                lang: str = "fi", key: str = "area_code") -> alt.LayerChart:
    """Actuals over the years (line + points) and the target (a diamond), per area.

    df: year (str) | value | kind_label | area | value_label [| key: the area's code, for its colour]. Ticks are
    never closer than the format's last decimal, so no tick label repeats (20,6 20,6 20,5 ...).
    """
    if key not in df.columns:
        df = df.with_columns(pl.col("area").alias(key))
    domain, colours = _keyed_colours(df, "area", key, AREA_COLOURS)
    axis = {"format": fmt, "tickCount": 5}
    if _min_step(fmt) is not None:
        axis["tickMinStep"] = _min_step(fmt)
    base = alt.Chart(df).encode(
        alt.X("year:O").title(None).axis(labelAngle=0),
        alt.Y("value:Q").title(title).axis(**axis).scale(zero=False),
        alt.Color("area:N").scale(domain=domain, range=colours).title(None),
        tooltip=[alt.Tooltip("area:N", title=" "), alt.Tooltip("year:O", title=" "),
                 alt.Tooltip("kind_label:N", title=" "), alt.Tooltip("value_label:N", title=title)],
    )
    actual = base.transform_filter(alt.datum.kind_label == actual_label)
    line = actual.mark_line(strokeWidth=2.5) + actual.mark_point(filled=True, size=80)
    target = base.transform_filter(alt.datum.kind_label == target_label).mark_point(
        shape="diamond", size=180, filled=False, strokeWidth=2.5
    )
    labels = base.mark_text(dy=-12, fontSize=12).encode(text="value_label:N")
    items = []
    for area in domain:
        rows = df.filter(pl.col("area") == area).sort("year")
        parts = [f"{r['year']} {r['value_label']}"
                 + ("" if r["kind_label"] == actual_label else f" ({r['kind_label']})")
                 for r in rows.iter_rows(named=True)]
        items.append(f"{area}: " + ", ".join(parts))
    return finish((line + target + labels).properties(
        height=300, description=describe(lang, "trend", title, items)), lang)


def decimals_format(values: list[float]) -> str:
    """An axis format with as many decimals as the values need (at most 2), the same on every tick."""
    return f",.{decimals_needed(*values)}f"
