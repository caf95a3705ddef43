"""DataFrame -> altair chart factories. One palette, Finnish or English number formats per chart.

The locale goes into each chart's own config (never a process-wide theme), so two users reading
in different languages at once each get their own formats.
"""

from __future__ import annotations

import altair as alt
import polars as pl

# Okabe–Ito: safe for colour-blind readers; worse/better never rely on red against green.
WORSE = "#D55E00"  # vermillion
BETTER = "#0072B2"  # blue
NEUTRAL = "#999999"
BUDGET = "#E69F00"  # orange
PREVIOUS = "#56B4E9"  # sky blue
CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

LOCALES = {
    "fi": {
        "number": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0€"],
                   "percent": "\u00a0%"},
        "time": {
            "dateTime": "%A, %-d. %Bta %Y klo %X", "date": "%-d.%-m.%Y", "time": "%H:%M:%S",
            "periods": ["a.m.", "p.m."],
            "days": ["sunnuntai", "maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai"],
            "shortDays": ["Su", "Ma", "Ti", "Ke", "To", "Pe", "La"],
            "months": ["tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu",
                       "elokuu", "syyskuu", "lokakuu", "marraskuu", "joulukuu"],
            "shortMonths": ["Tammi", "Helmi", "Maalis", "Huhti", "Touko", "Kesä", "Heinä", "Elo", "Syys",
                            "Loka", "Marras", "Joulu"],
        },
    },
    "en": {"number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]}},
}

EUR = "$,.0f"


def padded_domain(values: list[float], share: float = 0.35) -> list[float]:
    """An x domain that includes 0 and leaves room for the labels written beyond the bar ends."""
    finite = [v for v in values if v is not None] or [0.0]
    lo, hi = min(0.0, min(finite)), max(0.0, max(finite))
    span = (hi - lo) or 1.0
    # labels are written right of the bar (or of zero), so the right side always gets room; the left only
    # needs a little beyond the longest bar
    return [lo - span * 0.05 if lo < 0 else 0.0, hi + span * share]


def finish(chart: alt.TopLevelMixin, lang: str = "fi") -> alt.TopLevelMixin:
    """Locale, fonts and sizes shared by every chart."""
    return (
        chart.configure(locale=LOCALES.get(lang, LOCALES["fi"]), font="sans-serif")
        .configure_axis(labelFontSize=13, titleFontSize=13, labelLimit=260)
        .configure_legend(labelFontSize=13, titleFontSize=13, orient="bottom", direction="vertical", labelLimit=400)
        .configure_view(strokeWidth=0)
    )


ROW = alt.Step(50)  # one row: the category's name on top, its bar below
BAR = 16  # bar thickness in pixels
SHIFT = 9  # bars and their value labels sit this far below the row's centre; names this far above


def _rows(df: pl.DataFrame, category: str) -> alt.Chart:
    """Base of a horizontal row chart with no y axis: each category's name is written above its bar, so long
    names never squeeze the bars on a phone (see `_names`)."""
    return alt.Chart(df).encode(alt.Y(f"{category}:N").sort(None).axis(None).title(None))


def _names(base: alt.Chart, category: str) -> alt.Chart:
    return base.mark_text(align="left", baseline="bottom", dy=-SHIFT + 6, fontSize=13, color="#1a1a1a",
                          limit=600).encode(x=alt.value(0), text=f"{category}:N")


def _value_labels(base: alt.Chart, field: str, text: str, size: int = 12) -> alt.Chart:
    """Value labels just right of each bar's end, or right of zero for bars that go left: a label never runs
    off the chart's left edge, even on a phone."""
    return base.transform_calculate(_label_x=f"max(datum['{field}'], 0)").mark_text(
        align="left", baseline="middle", dx=5, dy=SHIFT, fontSize=size
    ).encode(alt.X("_label_x:Q"), text=f"{text}:N")


def comparison_chart(df: pl.DataFrame, value: str, category: str, label: str, title: str, lang: str = "fi",
                     colors: list[str] | None = None) -> alt.LayerChart:
    """Horizontal bars, one per row, with the value written at the end of each bar.

    df: category | value | label (the formatted figure)
    """
    base = _rows(df, category)
    bars = base.mark_bar(height=BAR, yOffset=SHIFT).encode(
        alt.X(f"{value}:Q").title(title).axis(format=EUR, tickCount=4).scale(domain=padded_domain(df[value].to_list())),
        alt.Color(f"{category}:N").scale(range=colors or [PREVIOUS, BUDGET, BETTER]).legend(None),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip(f"{label}:N", title=title)],
    )
    return finish((bars + _value_labels(base, value, label, 13) + _names(base, category)).properties(height=ROW), lang)


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
        alt.X(f"{value}:Q").title(title).axis(format=EUR, tickCount=4)
        .scale(domain=padded_domain(data[value].to_list(), 0.5)),
        alt.Color("direction:N").scale(domain=list(labels), range=list(colors)).title(None),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip(f"{label}:N", title=title),
                 alt.Tooltip("direction:N", title=" ")],
    )
    rule = alt.Chart(pl.DataFrame({"x": [0]})).mark_rule(color="#333").encode(x="x:Q")
    layers = bars + _value_labels(base, value, label) + rule + _names(base, category)
    return finish(layers.properties(height=ROW), lang)


def deviation_chart(df: pl.DataFrame, category: str, title: str, better_label: str, worse_label: str,
                    lang: str = "fi", neutral_label: str = "=") -> alt.LayerChart:
    """Difference actual − budget per row, its colour from the claim's judgement (utils/claims.py), never from
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
        alt.X("difference:Q").title(title).axis(format=EUR, tickCount=4)
        .scale(domain=padded_domain(data["difference"].to_list(), 0.5)),
        # the legend names only what the chart shows; each word keeps its colour (fixed pairs, fixed order)
        alt.Color("direction:N").scale(domain=[w for w, _ in present], range=[c for _, c in present]).title(None),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip("difference_label:N", title=title),
                 alt.Tooltip("direction:N", title=" ")],
    )
    rule = alt.Chart(pl.DataFrame({"x": [0]})).mark_rule(color="#333").encode(x="x:Q")
    layers = bars + _value_labels(base, "difference", "difference_label") + rule + _names(base, category)
    return finish(layers.properties(height=ROW), lang)


def stacked_share_chart(df: pl.DataFrame, category: str, part: str, value: str, label: str, title: str,
                        lang: str = "fi") -> alt.LayerChart:
    """Where the money goes: one bar per category, stacked by part.

    df: category | part | value | label
    """
    base = _rows(df, category)
    bars = base.mark_bar(height=BAR + 4, yOffset=SHIFT).encode(
        alt.X(f"{value}:Q").title(title).axis(format=EUR, tickCount=4),
        alt.Color(f"{part}:N").scale(range=CATEGORICAL).title(None),
        alt.Order(f"{value}:Q", sort="descending"),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip(f"{part}:N", title=" "),
                 alt.Tooltip(f"{label}:N", title=title)],
    )
    names = alt.Chart(df.unique(category, maintain_order=True)).encode(
        alt.Y(f"{category}:N").sort(None).axis(None).title(None)
    )
    return finish((bars + _names(names, category)).properties(height=ROW), lang)


def budget_actual_chart(df: pl.DataFrame, category: str, title: str, actual_label: str, budget_label: str,
                        directions: tuple[str, str, str], lang: str = "fi") -> alt.LayerChart:
    """Actual (bar) against budget (black tick) per row; the bar's colour and a ▲/▼ label say worse or better.

    df: category | actual | budget | direction (text, legend) | label (formatted actual and Toteuma %)
    directions: the legend's words for (worse, better, on budget), in that order of colours
    """
    base = _rows(df, category)
    bars = base.mark_bar(height=BAR, yOffset=SHIFT).encode(
        alt.X("actual:Q").title(title).axis(format=EUR, tickCount=4)
        .scale(domain=padded_domain(df["max_value"].to_list(), 0.6)),
        alt.Color("direction:N").scale(domain=list(directions), range=[WORSE, BETTER, NEUTRAL]).title(None),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip("label:N", title=actual_label),
                 alt.Tooltip("budget_label:N", title=budget_label)],
    )
    ticks = base.mark_tick(color="#000", thickness=3, size=BAR + 8, yOffset=SHIFT).encode(alt.X("budget:Q"))
    text = base.mark_text(align="left", baseline="middle", dx=6, dy=SHIFT, fontSize=12).encode(
        alt.X("max_value:Q"), text="label:N"
    )
    return finish((bars + ticks + text + _names(base, category)).properties(height=ROW), lang)


def trend_chart(df: pl.DataFrame, title: str, actual_label: str, target_label: str, fmt: str = ",.2~f",
                lang: str = "fi") -> alt.LayerChart:
    """Actuals over the years (line + points) and the target (a diamond), per area.

    df: year (str) | value | kind_label | area | value_label
    """
    base = alt.Chart(df).encode(
        alt.X("year:O").title(None).axis(labelAngle=0),
        alt.Y("value:Q").title(title).axis(format=fmt, tickCount=5).scale(zero=False),
        alt.Color("area:N").scale(range=CATEGORICAL).title(None),
        tooltip=[alt.Tooltip("area:N", title=" "), alt.Tooltip("year:O", title=" "),
                 alt.Tooltip("kind_label:N", title=" "), alt.Tooltip("value_label:N", title=title)],
    )
    actual = base.transform_filter(alt.datum.kind_label == actual_label)
    line = actual.mark_line(strokeWidth=2.5) + actual.mark_point(filled=True, size=80)
    target = base.transform_filter(alt.datum.kind_label == target_label).mark_point(
        shape="diamond", size=180, filled=False, strokeWidth=2.5
    )
    labels = base.mark_text(dy=-12, fontSize=12).encode(text="value_label:N")
    return finish((line + target + labels).properties(height=300), lang)


def decimals_format(values: list[float]) -> str:
    """An axis format with as many decimals as the values need (at most 2), the same on every tick."""
    decimals = 0
    for v in values:
        if v is not None:
            text = f"{v:.2f}".rstrip("0").rstrip(".")
            decimals = max(decimals, len(text.partition(".")[2]))
    return f",.{decimals}f"


def target_share_chart(df: pl.DataFrame, category: str, title: str, met_label: str, missed_label: str,
                       lang: str = "fi") -> alt.LayerChart:
    """Actual as a per cent of target per indicator, a rule at 100 %; met / missed in colour and in words.

    df: category | share_pct | status (met_label / missed_label / other) | label
    """
    base = _rows(df, category)
    bars = base.mark_bar(height=BAR, yOffset=SHIFT).encode(
        alt.X("share_pct:Q").title(title).scale(domain=padded_domain(df["share_pct"].to_list(), 0.25)),
        alt.Color("status:N").scale(domain=[met_label, missed_label], range=[BETTER, WORSE]).title(None),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip("label:N", title=title),
                 alt.Tooltip("status:N", title=" ")],
    )
    rule = alt.Chart(pl.DataFrame({"x": [100]})).mark_rule(color="#000", strokeDash=[4, 3]).encode(x="x:Q")
    layers = bars + _value_labels(base, "share_pct", "label") + rule + _names(base, category)
    return finish(layers.properties(height=ROW), lang)
