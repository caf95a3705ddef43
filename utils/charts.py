"""DataFrame -> altair chart factories. One palette, Finnish or English number formats per chart.

The locale goes into each chart's own config (never a process-wide theme), so two users reading
in different languages at once each get their own formats.

Every chart carries a Vega-Lite `description` that says what it shows, with its figures (the text alternative a
screen reader reads; the table beside it has the same figures). Colours are keyed by stable codes (a cost type's
account as printed, an area's code, a judgement), never by a translated label, so a colour means the same in both
languages and on every page; stacked segments keep one fixed order. Axis ticks never fall between two values the
axis format can show (tickMinStep), so no tick label repeats.
"""

from __future__ import annotations

import json
import re

import altair as alt
import polars as pl

from utils import i18n

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
AREA_COLOURS = {"ALL": "#000000", "HYTE": "#009E73", "OPKOU": "#CC79A7", "VAKA": "#E69F00", "VIRE": "#56B4E9"}
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


def _wrap_expr(field: str) -> str:
    """A Vega expression: the name in one line if it fits the chart's width, else in two, broken at the last
    space that fits (a phone's 358 px holds about 50 characters a line)."""
    n = f"datum[{json.dumps(field)}]"
    k = f"max(8, floor(width / {CHAR_PX}))"
    cut = f"lastindexof(substring({n}, 0, {k}), ' ')"
    at = f"({cut} > 0 ? {cut} : {k})"
    return f"length({n}) <= {k} ? {n} : [substring({n}, 0, {at}), substring({n}, {at} + ({cut} > 0 ? 1 : 0))]"


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
        parts = [f"{r['year']} {r['value_label']}" + ("" if r["kind_label"] == actual_label else f" ({r['kind_label']})")
                 for r in rows.iter_rows(named=True)]
        items.append(f"{area}: " + ", ".join(parts))
    return finish((line + target + labels).properties(
        height=300, description=describe(lang, "trend", title, items)), lang)


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
        alt.X("share_pct:Q").title(title).axis(tickMinStep=1).scale(domain=padded_domain(df["share_pct"].to_list(), 0.25)),
        alt.Color("status:N").scale(domain=[met_label, missed_label], range=[BETTER, WORSE]).title(None),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip("label:N", title=title),
                 alt.Tooltip("status:N", title=" ")],
    )
    rule = alt.Chart(pl.DataFrame({"x": [100]})).mark_rule(color="#000", strokeDash=[4, 3]).encode(x="x:Q")
    layers = bars + _value_labels(base, "share_pct", "label") + rule + _names(base, category)
    return finish(layers.properties(height=ROW, description=describe(
        lang, "rows", title, _rows_text(df, category, "label", "status"))), lang)
