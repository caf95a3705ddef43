"""Bars, one row per category: comparisons, changes that diverge from zero, deviations from budget, stacked
shares, budget against actual and targets met. Altair factories; colours keyed by stable codes (palette.py)."""

from __future__ import annotations

import altair as alt
import polars as pl

from utils.charts.palette import (
    BAR,
    BETTER,
    BUDGET,
    COST_TYPE_COLOURS,
    EUR_AXIS,
    EXTRA,
    NEUTRAL,
    PREVIOUS,
    ROW,
    SHIFT,
    WORSE,
    _names,
    _rows,
    _rows_text,
    _value_labels,
    describe,
    finish,
    padded_domain,
)


def comparison_chart(df: pl.DataFrame, value: str, category: str, label: str, title: str, lang: str = "fi",
                     colors: list[str] | None = None) -> alt.LayerChart:
    """Horizontal bars, one per row, with the value written at the end of each bar.

    df: category | value | label (the formatted figure)
    """
    base = _rows(df, category)
    bars = base.mark_bar(height=BAR, yOffset=SHIFT).encode(
        alt.X(f"{value}:Q").title(title).axis(**EUR_AXIS).scale(domain=padded_domain(df[value].to_list())),
        alt.Color(f"{category}:N").scale(range=colors or [PREVIOUS, BUDGET, BETTER]).legend(None),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip(f"{label}:N", title=title)],
    )
    layers = (bars + _value_labels(base, value, label, 13) + _names(base, category)).properties(
        height=ROW, description=describe(lang, "rows", title, _rows_text(df, category, label)))
    return finish(layers, lang)


def diverging_chart(df: pl.DataFrame, category: str, value: str, label: str, title: str, labels: tuple[str, str],
                    colors: tuple[str, str], lang: str = "fi") -> alt.LayerChart:
    """Bars left and right of zero, one row per category, named in words as well as in colour.

    df: category | value | label; labels/colors: (for values > 0, for values <= 0)
    """
    data = df.with_columns(
        pl.when(pl.col(value) > 0).then(pl.lit(labels[0])).otherwise(pl.lit(labels[1])).alias("direction")
    )
    base = _rows(data, category)
    bars = base.mark_bar(height=BAR, yOffset=SHIFT).encode(
        alt.X(f"{value}:Q").title(title).axis(**EUR_AXIS)
        .scale(domain=padded_domain(data[value].to_list(), 0.5)),
        alt.Color("direction:N").scale(domain=list(labels), range=list(colors)).title(None),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip(f"{label}:N", title=title),
                 alt.Tooltip("direction:N", title=" ")],
    )
    rule = alt.Chart(pl.DataFrame({"x": [0]})).mark_rule(color="#333").encode(x="x:Q")
    layers = bars + _value_labels(base, value, label) + rule + _names(base, category)
    return finish(layers.properties(height=ROW, description=describe(
        lang, "rows", title, _rows_text(data, category, label, "direction"))), lang)


def deviation_chart(df: pl.DataFrame, category: str, title: str, better_label: str, worse_label: str,
                    lang: str = "fi", neutral_label: str = "=") -> alt.LayerChart:
    """Difference actual − budget per row, its colour from the claim's judgement (utils/questions/claims.py), never from
    the sign alone: income above budget is better, costs above budget worse. Labelled in words too.

    df: category | difference | difference_label | judgement (better / worse / neutral)
    """
    words = {"better": better_label, "worse": worse_label, "neutral": neutral_label}
    data = df.with_columns(pl.col("judgement").replace_strict(words, default=neutral_label).alias("direction"))
    shown = set(data["direction"].to_list())
    present = [(w, c) for w, c in ((worse_label, WORSE), (better_label, BETTER), (neutral_label, NEUTRAL))
               if w in shown] or [(worse_label, WORSE), (better_label, BETTER)]
    base = _rows(data, category)
    bars = base.mark_bar(height=BAR, yOffset=SHIFT).encode(
        alt.X("difference:Q").title(title).axis(**EUR_AXIS)
        .scale(domain=padded_domain(data["difference"].to_list(), 0.5)),
        # the legend names only what the chart shows; each word keeps its colour (fixed pairs, fixed order)
        alt.Color("direction:N").scale(domain=[w for w, _ in present], range=[c for _, c in present]).title(None),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip("difference_label:N", title=title),
                 alt.Tooltip("direction:N", title=" ")],
    )
    rule = alt.Chart(pl.DataFrame({"x": [0]})).mark_rule(color="#333").encode(x="x:Q")
    layers = bars + _value_labels(base, "difference", "difference_label") + rule + _names(base, category)
    return finish(layers.properties(height=ROW, description=describe(
        lang, "rows", title, _rows_text(data, category, "difference_label", "direction"))), lang)


def _keyed_colours(df: pl.DataFrame, shown: str, key: str, colours: dict[str, str]) -> tuple[list[str], list[str]]:
    """(domain, range) of a colour scale whose labels are translated but whose colours and order follow the
    stable `key` column: the table's order for known keys, then any others in their order of appearance."""
    pairs = df.select(key, shown).unique(maintain_order=True).rows()
    order = list(colours)
    pairs.sort(key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    extra = iter(EXTRA * 4)
    return [label for _, label in pairs], [colours.get(k) or next(extra) for k, _ in pairs]


def stacked_share_chart(df: pl.DataFrame, category: str, part: str, value: str, label: str, title: str,
                        lang: str = "fi", key: str = "account") -> alt.LayerChart:
    """Where the money goes: one bar per category, stacked by part, in one fixed order of parts.

    df: category | part | value | label [| key: the part's stable code, e.g. the account as printed]. Each part's
    colour comes from COST_TYPE_COLOURS by its key, so a cost type keeps its colour in both languages.
    """
    if key not in df.columns:
        df = df.with_columns(pl.col(part).alias(key))
    domain, colours = _keyed_colours(df, part, key, COST_TYPE_COLOURS)
    data = df.with_columns(pl.col(part).replace_strict({d: i for i, d in enumerate(domain)}, default=99)
                           .alias("_order"))
    base = _rows(data, category)
    bars = base.mark_bar(height=BAR + 4, yOffset=SHIFT).encode(
        alt.X(f"{value}:Q").title(title).axis(**EUR_AXIS),
        alt.Color(f"{part}:N").scale(domain=domain, range=colours).title(None),
        alt.Order("_order:Q", sort="ascending"),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip(f"{part}:N", title=" "),
                 alt.Tooltip(f"{label}:N", title=title)],
    )
    names = alt.Chart(df.unique(category, maintain_order=True)).encode(
        alt.Y(f"{category}:N").sort(None).axis(None).title(None)
    )
    items = []
    for cat in df[category].unique(maintain_order=True).to_list():
        rows = data.filter(pl.col(category) == cat).sort("_order")
        items.append(f"{cat}: " + ", ".join(f"{r[part]} {r[label]}" for r in rows.iter_rows(named=True)))
    return finish((bars + _names(names, category)).properties(
        height=ROW, description=describe(lang, "rows", title, items)), lang)


def budget_actual_chart(df: pl.DataFrame, category: str, title: str, actual_label: str, budget_label: str,
                        directions: tuple[str, str, str], lang: str = "fi") -> alt.LayerChart:
    """Actual (bar) against budget (black tick) per row; the bar's colour and a ▲/▼ label say worse or better.

    df: category | actual | budget | direction (text, legend) | label (formatted actual and Toteuma %)
    directions: the legend's words for (worse, better, on budget), in that order of colours
    """
    base = _rows(df, category)
    bars = base.mark_bar(height=BAR, yOffset=SHIFT).encode(
        alt.X("actual:Q").title(title).axis(**EUR_AXIS)
        .scale(domain=padded_domain(df["max_value"].to_list(), 0.6)),
        alt.Color("direction:N").scale(domain=list(directions), range=[WORSE, BETTER, NEUTRAL]).title(None),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip("label:N", title=actual_label),
                 alt.Tooltip("budget_label:N", title=budget_label)],
    )
    ticks = base.mark_tick(color="#000", thickness=3, size=BAR + 8, yOffset=SHIFT).encode(alt.X("budget:Q"))
    text = base.mark_text(align="left", baseline="middle", dx=6, dy=SHIFT, fontSize=12).encode(
        alt.X("max_value:Q"), text="label:N"
    )
    items = [f"{r[category]}: {actual_label} {r['label']}, {budget_label} {r['budget_label']} ({r['direction']})"
             if "budget_label" in r else f"{r[category]}: {r['label']} ({r['direction']})"
             for r in df.iter_rows(named=True)]
    return finish((bars + ticks + text + _names(base, category)).properties(
        height=ROW, description=describe(lang, "rows", title, items)), lang)


def target_share_chart(df: pl.DataFrame, category: str, title: str, met_label: str, missed_label: str,
                       lang: str = "fi") -> alt.LayerChart:
    """Actual as a per cent of target per indicator, a rule at 100 %; met / missed in colour and in words.

    df: category | share_pct | status (met_label / missed_label / other) | label
    """
    base = _rows(df, category)
    bars = base.mark_bar(height=BAR, yOffset=SHIFT).encode(
        alt.X("share_pct:Q").title(title).axis(tickMinStep=1)
        .scale(domain=padded_domain(df["share_pct"].to_list(), 0.25)),
        alt.Color("status:N").scale(domain=[met_label, missed_label], range=[BETTER, WORSE]).title(None),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip("label:N", title=title),
                 alt.Tooltip("status:N", title=" ")],
    )
    rule = alt.Chart(pl.DataFrame({"x": [100]})).mark_rule(color="#000", strokeDash=[4, 3]).encode(x="x:Q")
    layers = bars + _value_labels(base, "share_pct", "label") + rule + _names(base, category)
    return finish(layers.properties(height=ROW, description=describe(
        lang, "rows", title, _rows_text(df, category, "label", "status"))), lang)
