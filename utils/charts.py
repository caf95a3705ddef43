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


def finish(chart: alt.TopLevelMixin, lang: str = "fi") -> alt.TopLevelMixin:
    """Locale, fonts and sizes shared by every chart."""
    return (
        chart.configure(locale=LOCALES.get(lang, LOCALES["fi"]), font="sans-serif")
        .configure_axis(labelFontSize=13, titleFontSize=13, labelLimit=260)
        .configure_legend(labelFontSize=13, titleFontSize=13, orient="bottom", labelLimit=300)
        .configure_view(strokeWidth=0)
    )


def comparison_chart(df: pl.DataFrame, value: str, category: str, label: str, title: str, lang: str = "fi",
                     colors: list[str] | None = None) -> alt.Chart:
    """Horizontal bars, one per row, with the value written at the end of each bar.

    df: category | value | label (the formatted figure)
    """
    base = alt.Chart(df).encode(alt.Y(f"{category}:N").sort(None).title(None))
    bars = base.mark_bar(height={"band": 0.7}).encode(
        alt.X(f"{value}:Q").title(title).axis(format=EUR, tickCount=4),
        alt.Color(f"{category}:N").scale(range=colors or [PREVIOUS, BUDGET, BETTER]).legend(None),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip(f"{label}:N", title=title)],
    )
    text = base.mark_text(align="left", dx=4, fontSize=13).encode(alt.X(f"{value}:Q"), text=f"{label}:N")
    return finish((bars + text).properties(height=alt.Step(42)), lang)


def deviation_chart(df: pl.DataFrame, category: str, title: str, better_label: str, worse_label: str,
                    lang: str = "fi") -> alt.Chart:
    """Poikkeama per row: > 0 worse than budget (vermillion, ▲), < 0 better (blue, ▼), labelled.

    df: category | deviation_eur | deviation_label
    """
    data = df.with_columns(
        pl.when(pl.col("deviation_eur") > 0).then(pl.lit(worse_label)).otherwise(pl.lit(better_label))
        .alias("direction")
    )
    base = alt.Chart(data).encode(alt.Y(f"{category}:N").sort(None).title(None))
    bars = base.mark_bar(height={"band": 0.7}).encode(
        alt.X("deviation_eur:Q").title(title).axis(format=EUR, tickCount=4),
        alt.Color("direction:N").scale(domain=[worse_label, better_label], range=[WORSE, BETTER]).title(None),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip("deviation_label:N", title=title),
                 alt.Tooltip("direction:N", title=" ")],
    )
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(
        alt.X("deviation_eur:Q"), text="deviation_label:N"
    )
    rule = alt.Chart(pl.DataFrame({"x": [0]})).mark_rule(color="#333").encode(x="x:Q")
    return finish((bars + text + rule).properties(height=alt.Step(34)), lang)


def stacked_share_chart(df: pl.DataFrame, category: str, part: str, value: str, label: str, title: str,
                        lang: str = "fi") -> alt.Chart:
    """Where the money goes: one bar per category, stacked by part.

    df: category | part | value | label
    """
    chart = alt.Chart(df).mark_bar().encode(
        alt.Y(f"{category}:N").title(None).sort(None),
        alt.X(f"{value}:Q").title(title).axis(format=EUR, tickCount=4),
        alt.Color(f"{part}:N").scale(range=CATEGORICAL).title(None),
        alt.Order(f"{value}:Q", sort="descending"),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip(f"{part}:N", title=" "),
                 alt.Tooltip(f"{label}:N", title=title)],
    )
    return finish(chart.properties(height=alt.Step(40)), lang)
