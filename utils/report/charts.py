"""Charts of the printed report: altair factories drawn for an A4 page (fixed width, print font sizes, no
tooltips), in the palette and number formats of the app's charts (utils/charts.py), then turned into SVG by
vl-convert so that the report carries them as vectors with their text as text."""

from __future__ import annotations

import json
from functools import lru_cache

import altair as alt
import polars as pl

from utils.charts.palette import BETTER, BUDGET, EUR, LOCALES, NEUTRAL, PREVIOUS, WORSE, padded_domain
from utils.core import paths

FONTS_DIR = paths.ASSETS_DIR / "fonts"
FONT = "DejaVu Sans"  # shipped in assets/fonts: ä, ö and € in the charts' text, the same font as the report's
ROW = 22  # px per bar row


def _finish(chart: alt.TopLevelMixin, width: int, lang: str) -> alt.TopLevelMixin:
    return (
        chart.properties(width=width)
        .configure(locale=LOCALES.get(lang, LOCALES["fi"]), font=FONT)
        .configure_axis(labelFontSize=10, titleFontSize=10, labelLimit=230, titlePadding=6)
        .configure_legend(labelFontSize=10, orient="bottom", direction="horizontal", title=None, labelLimit=300)
        .configure_view(strokeWidth=0)
    )


def net_cost_chart(df: pl.DataFrame, title: str, width: int, lang: str = "fi",
                   favourable: bool | None = None) -> alt.LayerChart:
    """Net cost in three bars (2023 actual, 2024 budget, 2024 actual), each with its value written after it. The
    actual's colour is the claim's judgement against the budget, as in the chart of differences (below budget:
    more favourable; over it: less; no difference: neutral).

    df: column (the bar's name, in order) | amount_eur | label (formatted)
    """
    names = df["column"].to_list()
    base = alt.Chart(df).encode(alt.Y("column:N").sort(names).title(None))
    bars = base.mark_bar(height=14).encode(
        alt.X("amount_eur:Q").title(title).axis(format=EUR, tickCount=4)
        .scale(domain=padded_domain(df["amount_eur"].to_list(), 0.3)),
        alt.Color("column:N").scale(domain=names, range=[
            PREVIOUS, BUDGET, NEUTRAL if favourable is None else BETTER if favourable else WORSE]).legend(None),
    )
    labels = base.mark_text(align="left", dx=4, fontSize=10).encode(alt.X("amount_eur:Q"), text="label:N")
    return _finish((bars + labels).properties(height=ROW * len(names)), width, lang)


def difference_chart(df: pl.DataFrame, title: str, words: dict[str, str], width: int,
                     lang: str = "fi") -> alt.LayerChart:
    """Actual − budget per income and cost line, coloured by the claim's judgement (income above budget is
    better, costs above budget worse), with the words in a legend and the figure at each bar.

    df: account | difference | label | judgement (better / worse / neutral); words: judgement -> legend text
    """
    order = df["account"].to_list()
    domain = [words["worse"], words["better"], words["neutral"]]
    data = df.with_columns(pl.col("judgement").replace_strict(words).alias("direction"))
    base = alt.Chart(data).encode(alt.Y("account:N").sort(order).title(None))
    bars = base.mark_bar(height=12).encode(
        alt.X("difference:Q").title(title).axis(format=EUR, tickCount=5)
        .scale(domain=padded_domain(data["difference"].to_list(), 0.45)),
        alt.Color("direction:N").scale(domain=domain, range=[WORSE, BETTER, NEUTRAL]),
    )
    labels = base.transform_calculate(_x="max(datum.difference, 0)").mark_text(
        align="left", dx=4, fontSize=9
    ).encode(alt.X("_x:Q"), text="label:N")
    rule = alt.Chart(pl.DataFrame({"x": [0]})).mark_rule(color="#333").encode(x="x:Q")
    return _finish((bars + labels + rule).properties(height=ROW * len(order)), width, lang)


@lru_cache(maxsize=1)
def _fonts_registered() -> bool:
    import vl_convert as vlc

    vlc.register_font_directory(str(FONTS_DIR))
    return True


def to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as SVG, text as <text> in the shipped font (the report embeds the same font)."""
    import vl_convert as vlc

    _fonts_registered()
    return vlc.vegalite_to_svg(json.dumps(chart.to_dict(validate=False)))
