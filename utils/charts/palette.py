"""The charts' shared finish: one palette (colours keyed by stable codes), Finnish or English number formats per
chart, descriptions and the layers every factory reuses.

The locale goes into each chart's own config (never a process-wide theme), so two users reading
in different languages at once each get their own formats.

Every chart carries a Vega-Lite `description` that says what it shows, with its figures (the text alternative a
screen reader reads; the table beside it has the same figures). Colours are keyed by stable codes (a cost type's
account as printed, an area's code, a judgement), never by a translated label, so a colour means the same in both
languages and on every page; stacked segments keep one fixed order. Axis ticks never fall between two values the
axis format can show (tickMinStep), so no tick label repeats."""

from __future__ import annotations

import json
import re

import altair as alt
import polars as pl

from utils.core import i18n, settings

# Okabe–Ito: safe for colour-blind readers; worse/better never rely on red against green.
WORSE = "#D55E00"  # vermillion


BETTER = "#0072B2"  # blue


NEUTRAL = "#999999"


BUDGET = "#E69F00"  # orange


PREVIOUS = "#56B4E9"  # sky blue


INCREASE = "#CC79A7"  # reddish purple: grew from 2023 to 2024 (neither better nor worse, and not the budget's orange)


DECREASE = "#009E73"  # bluish green: shrank from 2023 to 2024 (not 2023's sky blue)


CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


# Identities, keyed by code: the same colour for an area or a cost type on every page and in both languages.
# Cost types leave out the judgement colours (blue, vermillion, grey), which the overview shows beside them.
# Areas take their colours in the mapping's order, the sector first (black): a new mapping needs no new code.
AREA_SEQUENCE = ["#000000", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
AREA_COLOURS = dict(zip(settings.area_codes(), AREA_SEQUENCE))  # more areas than colours: EXTRA (row_bars)


COST_TYPE_COLOURS = {  # by the account as the document prints it (the stable key; names are translated)
    "Henkilöstökulut": "#E69F00",
    "Palvelujen ostot": "#56B4E9",
    "Aineet, tarvikkeet ja tavarat": "#009E73",
    "Avustukset": "#CC79A7",
    "Muut toimintakulut": "#000000",
}


EXTRA = ["#F0E442", "#7f7f7f", "#882255", "#117733"]  # for a key no table above names (a new document's)


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


EUR_AXIS = {"format": EUR, "tickCount": 4, "tickMinStep": 1}  # whole euros: no tick between two, no label twice


DESCRIPTION_ITEMS = 40  # a description lists at most this many rows, then says how many more


def describe(lang: str, kind: str, title: str, items: list[str]) -> str:
    """A chart's text alternative: what kind of chart, what it measures, and its rows with their figures."""
    shown = [i for i in items if i][:DESCRIPTION_ITEMS]
    more = len([i for i in items if i]) - len(shown)
    text = "; ".join(shown) + (i18n.t(lang, "light.chart_more", count=more) if more > 0 else "")
    return i18n.t(lang, f"light.chart_{kind}", title=title.strip(), items=text)


def _rows_text(df: pl.DataFrame, category: str, label: str, extra: str | None = None) -> list[str]:
    out = []
    for row in df.iter_rows(named=True):
        words = f" ({row[extra]})" if extra and row.get(extra) else ""
        out.append(f"{row[category]}: {row[label]}{words}")
    return out


def _min_step(fmt: str) -> float:
    """The smallest step a d3 format string can show: ',.2f' -> 0.01, '$,.0f' -> 1, no precision -> None."""
    match = re.search(r"\.(\d+)", fmt)
    return 10 ** -int(match.group(1)) if match else None


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
        # an x axis title starts at the chart's left edge: centred under a chart without a y axis it would be cut
        # on the left on a phone
        .configure_axisX(titleAnchor="start", titleAlign="left", titleLimit={"expr": "width"})
        .configure_legend(labelFontSize=13, titleFontSize=13, orient="bottom", direction="vertical", labelLimit=400)
        .configure_view(strokeWidth=0)
    )


ROW = alt.Step(56)  # one row: the category's name on top (one or two lines), its bar below


BAR = 16  # bar thickness in pixels


SHIFT = 9  # bars and their value labels sit this far below the row's centre; names this far above


def _rows(df: pl.DataFrame, category: str) -> alt.Chart:
    """Base of a horizontal row chart with no y axis: each category's name is written above its bar, so long
    names never squeeze the bars on a phone (see `_names`)."""
    return alt.Chart(df).encode(alt.Y(f"{category}:N").sort(None).axis(None).title(None))


CHAR_PX = 7.0  # a generous average width of one character at 13 px (sans-serif), for wrapping names


def _line_chars() -> str:
    """A Vega expression: how many characters a line of the chart's width holds (a phone's 358 px: about 50)."""
    return f"max(8, floor(width / {CHAR_PX}))"


def _lines_expr(field: str) -> str:
    """A Vega expression: the text as an array of lines, as many as it needs, each as long as the chart's width
    holds, broken at spaces only (a word longer than a line keeps a line of its own, whole). Evaluated in the
    browser, so it follows the width the chart is drawn at; nothing is cut."""
    n = f"datum[{json.dumps(field)}]"
    return f"split(trim(replace({n}, regexp('(.{{1,' + {_line_chars()} + '}})( +|$)', 'g'), '$1\\n')), '\\n')"


def _wrap_expr(field: str) -> str:
    """A Vega expression: the name in one line if it fits the chart's width, else in two: the first line of
    `_lines_expr` and the rest."""
    n = f"datum[{json.dumps(field)}]"
    first = f"{_lines_expr(field)}[0]"
    return f"length({n}) <= {_line_chars()} ? {n} : [{first}, trim(substring({n}, length({first})))]"


def _names(base: alt.Chart, category: str) -> alt.Chart:
    """Each row's name above its bar, in two lines where the chart is too narrow for one (a phone); the second
    line ends in an ellipsis only if even two lines cannot hold it."""
    lines = base.transform_calculate(_name_lines=_wrap_expr(category))
    style = dict(align="left", fontSize=13, lineHeight=15, color="#1a1a1a", limit=alt.expr("width"))
    # Vega writes a second line below the first: a two-line name starts higher, so both lines end above the bar
    one = lines.transform_filter("!isArray(datum._name_lines)").mark_text(
        baseline="bottom", dy=-SHIFT + 6, **style).encode(x=alt.value(0), text="_name_lines:N")
    two = lines.transform_filter("isArray(datum._name_lines)").mark_text(
        baseline="top", dy=-SHIFT + 6 - 30, **style).encode(x=alt.value(0), text="_name_lines:N")
    return one + two


def _value_labels(base: alt.Chart, field: str, text: str, size: int = 12) -> alt.Chart:
    """Value labels just right of each bar's end, or right of zero for bars that go left: a label never runs
    off the chart's left edge, even on a phone."""
    return base.transform_calculate(_label_x=f"max(datum['{field}'], 0)").mark_text(
        align="left", baseline="middle", dx=5, dy=SHIFT, fontSize=size
    ).encode(alt.X("_label_x:Q"), text=f"{text}:N")
