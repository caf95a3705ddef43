"""Pure polars for the goals, projects and risks pages. No streamlit here.

The document's own words stay as printed; these functions only select, label, count and reshape. Labels the
app adds come from the locale files (utils.i18n, plain Python); Markdown escaping is the pages' job (ui.escape_md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import polars as pl

from utils import i18n
from utils.fi_numbers import format_eur

GOALS_YEAR = 2024


# ------------------------------------------------------------------ document text and its labels
def one_line(text: str | None) -> str:
    """Document text on one line: runs of whitespace (line breaks too) become one space; None -> ''.

    The pages escape the result with ui.escape_md, so a line break can never start a list or a heading."""
    return " ".join(text.split()) if text else ""


def document_label(lang: str, table: str, printed: str) -> str:
    """A term the document prints (a status, a strategic aim, a risk class) as shown in `lang`.

    The locale table holds the label: in Finnish the printed word itself, in English a gloss with the printed
    word in brackets ("Met (Toteutuu)"). A word the table does not know is shown as printed."""
    return i18n.strings(lang).get(f"{table}.{printed}") or i18n.strings(i18n.DEFAULT_LANG).get(
        f"{table}.{printed}", printed
    )


def compact_lines(sources: Iterable[str | None]) -> str:
    """Source-line cells ('20', '270;275', ...) -> '20–22, 24, 270' (sorted, runs joined)."""
    numbers = sorted({int(n) for s in sources if s for n in str(s).split(";") if n.strip().isdigit()})
    runs: list[str] = []
    start = prev = None
    for n in [*numbers, None]:
        if start is not None and (n is None or n != prev + 1):
            runs.append(str(start) if start == prev else f"{start}–{prev}")
            start = None
        if n is not None and start is None:
            start = n
        prev = n
    return ", ".join(runs)


# ------------------------------------------------------------------ goals
LEVELS = ("council", "operational")  # printed order; their names are UI strings (goals.level.<level>)
EMPTY_GROUP = "empty"  # rows empty but for the status 'Ei tietoa': a group of their own (goals.status.empty)
STATUS_ORDER = ("Toteutuu", "Toteutuu osittain", "Ei toteudu", EMPTY_GROUP)
# plain geometric shapes, not emoji: they render in every font and say the status without colour
STATUS_SYMBOLS = {"Toteutuu": "●", "Toteutuu osittain": "◐", "Ei toteudu": "✕", EMPTY_GROUP: "○"}
_ALWAYS_COUNTED = ("Toteutuu", "Toteutuu osittain", EMPTY_GROUP)  # shown as 0 when a scope has none
SEARCH_COLUMNS = ("goal", "measure", "progress_0930", "progress_1231")


def status_label(lang: str, group: str) -> str:
    """A status group as shown: the printed status (glossed in English) or the empty-row group's name."""
    return document_label(lang, "goals.status", group)


def aim_label(lang: str, aim: str | None) -> str:
    """A strategic aim as shown: as printed, glossed in English."""
    return document_label(lang, "goals.aim", aim) if aim else "–"


def status_group() -> pl.Expr:
    """The printed status, except that rows empty but for 'Ei tietoa' form a group of their own."""
    return (
        pl.when(pl.col("is_empty"))
        .then(pl.lit(EMPTY_GROUP))
        .otherwise(pl.col("status"))
        .alias("status_group")
    )


def goals_in_scope(goals: pl.DataFrame, areas: tuple[str, ...]) -> pl.DataFrame:
    """The goals the sidebar's areas select, in printed order, with their status group.

    No areas: every row. Areas: the council goals (sector-wide) and the operational goals of those areas;
    the empty rows name no area and drop out.
    """
    in_scope = (
        pl.lit(True)
        if not areas
        else (pl.col("level") == "council") | pl.col("service_area").is_in(list(areas)).fill_null(False)
    )
    return (
        goals.lazy()
        .filter(in_scope)
        .with_columns(status_group())
        .sort(pl.col("level").replace_strict({"council": 0, "operational": 1}, return_dtype=pl.Int8), "row_order")
        .collect()
    )


def empty_rows_outside(goals: pl.DataFrame, areas: tuple[str, ...]) -> int:
    """How many empty rows an area selection leaves out (they name no area)."""
    return goals.filter(pl.col("is_empty")).height if areas else 0


def goal_status_counts(goals: pl.DataFrame) -> pl.DataFrame:
    """Rows per status group and level, in a fixed order; the usual groups appear even when 0.

    goals: ... | level | status | is_empty
    ->     status_group | council | operational | count | symbol
    """
    counted = (
        goals.lazy()
        .with_columns(status_group())
        .group_by("status_group")
        .agg(
            (pl.col("level") == "council").sum().cast(pl.Int64).alias("council"),
            (pl.col("level") == "operational").sum().cast(pl.Int64).alias("operational"),
            pl.len().cast(pl.Int64).alias("count"),
        )
        .collect()
    )
    seen = [g for g in counted["status_group"].to_list() if g not in STATUS_ORDER]
    order = [g for g in STATUS_ORDER if g in _ALWAYS_COUNTED or g in counted["status_group"]] + sorted(seen)
    frame = pl.DataFrame({"status_group": order, "position": list(range(len(order)))})
    return (
        frame.join(counted, on="status_group", how="left")
        .sort("position")
        .select(
            "status_group",
            pl.col("council").fill_null(0),
            pl.col("operational").fill_null(0),
            pl.col("count").fill_null(0),
            pl.col("status_group").replace_strict(STATUS_SYMBOLS, default="•").alias("symbol"),
        )
    )


def status_options(goals: pl.DataFrame) -> list[str]:
    """Status groups present in the frame, in the fixed order."""
    present = set(goals.with_columns(status_group())["status_group"].to_list())
    return [g for g in STATUS_ORDER if g in present] + sorted(present - set(STATUS_ORDER))


def strategic_aims(goals: pl.DataFrame) -> list[str]:
    """Strategic aims in printed order."""
    return goals["strategic_aim"].unique(maintain_order=True).drop_nulls().to_list()


def search_expr(term: str) -> pl.Expr:
    """Case-insensitive literal match in the goal, measure or progress texts."""
    needle = term.strip().lower()
    return pl.any_horizontal(
        pl.col(c).str.to_lowercase().str.contains(needle, literal=True).fill_null(False) for c in SEARCH_COLUMNS
    )


def filter_goals(goals: pl.DataFrame, statuses: Iterable[str] = (), aims: Iterable[str] = (),
                 search: str = "") -> pl.DataFrame:
    """The page's own filters; an empty selection keeps everything."""
    statuses, aims = list(statuses), list(aims)
    conditions = [pl.lit(True)]
    if statuses:
        conditions.append(status_group().is_in(statuses))
    if aims:
        conditions.append(pl.col("strategic_aim").is_in(aims))
    if search.strip():
        conditions.append(search_expr(search))
    return goals.filter(pl.all_horizontal(conditions))


def goal_cards(goals: pl.DataFrame, area_names: dict[str, str], level: str | None = None,
               lang: str = i18n.DEFAULT_LANG) -> pl.DataFrame:
    """One row per goal card: printed fields plus status group, symbol and the labels shown in `lang`.

    + status_group | symbol | status_label | status_printed_label | aim_label | area_name | level_name
    """
    df = goals if level is None else goals.filter(pl.col("level") == level)
    labels = {g: status_label(lang, g) for g in [*STATUS_ORDER, *df["status"].drop_nulls().unique().to_list()]}
    aims = {a: aim_label(lang, a) for a in df["strategic_aim"].drop_nulls().unique().to_list()}
    levels = {lv: i18n.t(lang, f"goals.level.{lv}") for lv in LEVELS}
    return df.with_columns(
        status_group(),
        status_group().replace_strict(STATUS_SYMBOLS, default="•").alias("symbol"),
        status_group().replace_strict(labels, default=pl.col("status")).alias("status_label"),
        pl.col("status").replace_strict(labels, default=pl.col("status")).alias("status_printed_label"),
        pl.col("strategic_aim").replace_strict(aims, default="–").alias("aim_label"),
        pl.col("service_area").replace_strict(area_names, default=None).fill_null("–").alias("area_name"),
        pl.col("level").replace_strict(levels, default=None).alias("level_name"),
    )


def split_empty(goals: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(goals with content, rows empty but for their status)."""
    return goals.filter(~pl.col("is_empty")), goals.filter(pl.col("is_empty"))


# ------------------------------------------------------------------ projects
LATE, OTHER = "late", "other"  # start groups; their names are UI strings (projects.chart.late / .other)
LATE_SYMBOL = "◔"


def project_rows(projects: pl.DataFrame) -> pl.DataFrame:
    """The printed project rows without the total row, numbered 1..n in printed order.

    + project_no | start_group (late / other) | chart_title (number, period, name)
      | realization_label (as printed, ◔ if late) | start_text (◔ and the document's words on the start, or '')
    """
    return (
        projects.filter(~pl.col("is_total"))
        .with_row_index("project_no", offset=1)
        .with_columns(
            pl.col("project_no").cast(pl.Int64),
            pl.when(pl.col("started_h2_2024")).then(pl.lit(LATE)).otherwise(pl.lit(OTHER))
            .alias("start_group"),
            pl.format("{} · {} · {}", pl.col("project_no"), pl.col("period").fill_null("–"), pl.col("name"))
            .alias("chart_title"),
            pl.when(pl.col("started_h2_2024"))
            .then(pl.format("{} {}", pl.col("spend_realization_printed"), pl.lit(LATE_SYMBOL)))
            .otherwise(pl.col("spend_realization_printed"))
            .alias("realization_label"),
            pl.when(pl.col("started_h2_2024"))
            .then(pl.format("{} {}", pl.lit(LATE_SYMBOL), pl.col("start_note").fill_null("")).str.strip_chars())
            .otherwise(pl.lit(""))
            .alias("start_text"),
        )
    )


def realization_parts(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per printed realisation value; a multi-part value ('99 / 106 %') gives one row per part.

    rows (from project_rows) -> project_no | part_no | part_count | part_pct | part_share | part_min_share
                                | part_max_share | is_multipart | + the row's labels
    part_share is the fraction (0.99) so that a chart can format it with the locale's percent sign.
    """
    return (
        rows.lazy()
        .with_columns(pl.col("spend_realization_parts").str.split(";").alias("part_text"))
        .with_columns(pl.col("part_text").list.len().cast(pl.Int64).alias("part_count"))
        .explode("part_text")
        .with_columns(
            (pl.int_range(pl.len()).over("project_no") + 1).cast(pl.Int64).alias("part_no"),
            pl.col("part_text").str.strip_chars().cast(pl.Float64).alias("part_pct"),
        )
        .with_columns((pl.col("part_pct") / 100).alias("part_share"))
        .with_columns(
            pl.col("part_share").min().over("project_no").alias("part_min_share"),
            pl.col("part_share").max().over("project_no").alias("part_max_share"),
        )
        .select(
            "project_no", "part_no", "part_count", "part_pct", "part_share", "part_min_share", "part_max_share",
            "is_multipart", "started_h2_2024", "start_group", "start_note", "chart_title", "name", "period",
            "funder", "spend_realization_printed", "realization_label",
        )
        .collect()
    )


def realization_domain_max(parts: pl.DataFrame) -> float:
    """Right end of the x axis (as a fraction): room for labels beyond the largest value, at least 150 %."""
    top = parts["part_share"].max() or 0.0
    return max(1.5, math.ceil((top + 0.3) * 10) / 10)


def late_projects(rows: pl.DataFrame) -> pl.DataFrame:
    """Projects the document describes as started in the second half of 2024, with the words that say so."""
    return rows.filter(pl.col("started_h2_2024")).select("project_no", "name", "period", "start_note")


def weighted_city_share() -> pl.Expr:
    """Funding-weighted mean of the city's share (%), one way to arrive at a total share."""
    return (
        (pl.col("total_funding_eur") * pl.col("city_share_pct")).sum() / pl.col("total_funding_eur").sum()
    ).round(2)


def projects_total(projects: pl.DataFrame, checks: pl.DataFrame) -> dict:
    """The printed total row against the sum of the rows, with the check that reconciles them.

    -> printed_eur, rows_sum_eur, difference_eur (printed − sum), check_expected, check_printed, check_difference,
       verdict, note, check_rows (every check of the total row), missing (rows whose funding equals the shortfall),
       city_share_printed,
       weighted_city_share_pct, realization_printed, source_line, rows_source_line, n_projects, n_multipart
    """
    rows = projects.filter(~pl.col("is_total"))
    total = projects.filter(pl.col("is_total")).row(0, named=True)
    check_rows = checks.filter(pl.col("check") == "projects_total")
    check = check_rows.filter(pl.col("column") == "Hankkeen kokonaisrahoitus").row(0, named=True)
    rows_sum = int(rows["total_funding_eur"].sum())
    difference = int(total["total_funding_eur"]) - rows_sum
    missing = rows.filter(pl.col("total_funding_eur") == -difference).select(
        "name", "period", "total_funding_eur", "source_line"
    ) if difference < 0 else rows.clear().select("name", "period", "total_funding_eur", "source_line")
    return {
        "printed_eur": int(total["total_funding_eur"]),
        "printed_text": total["total_funding_printed"],
        "rows_sum_eur": rows_sum,
        "difference_eur": difference,
        "check_expected": check["expected"],
        "check_printed": check["printed"],
        "check_difference": check["difference"],
        "verdict": check["verdict"],
        "note": check["note"],
        "check_rows": check_rows,
        "missing": missing,
        "city_share_printed": total["city_share_printed"],
        "weighted_city_share_pct": rows.select(weighted_city_share()).item(),
        "realization_printed": total["spend_realization_printed"],
        "source_line": total["source_line"],
        "rows_source_line": compact_lines(rows["source_line"]),
        "n_projects": rows.height,
        "n_multipart": int(rows["is_multipart"].sum()),
    }


# ------------------------------------------------------------------ investments
INVESTMENT_COLUMNS = {"TP2023": "tp2023_eur", "TA 2024": "budget_2024_eur", "Toteuma 1-12": "actual_2024_eur"}


def investments_table(finance: pl.DataFrame) -> pl.DataFrame:
    """The investments table as printed, with costs (printed negative) turned into positive costs.

    finance (statement == investments, long) ->
    account | tp2023_eur | budget_2024_eur | actual_2024_eur | deviation_eur | realization_pct | is_subtotal
            | realization_pct_printed | source_line
    deviation_eur stays as printed (budget − actual with costs negative): negative = under budget.
    """
    inv = finance.filter(pl.col("statement") == "investments")
    attrs = (
        inv.group_by("account", maintain_order=True)
        .agg(
            pl.col("row_order").first(),
            pl.col("is_subtotal").first(),
            pl.col("shown_as").first(),
            pl.col("deviation_eur").drop_nulls().first(),
            pl.col("realization_pct").drop_nulls().first(),
            pl.col("realization_pct_printed").drop_nulls().first(),
            pl.col("source_line").first().cast(pl.String),
        )
    )
    amounts = inv.filter(pl.col("column_printed").is_in(list(INVESTMENT_COLUMNS))).pivot(
        on="column_printed", index="account", values="amount_eur"
    )
    for printed in INVESTMENT_COLUMNS:
        if printed not in amounts.columns:
            amounts = amounts.with_columns(pl.lit(None, pl.Int64).alias(printed))
    sign = pl.when(pl.col("shown_as") == "cost").then(-1).otherwise(1)
    return (
        attrs.join(amounts.rename(INVESTMENT_COLUMNS), on="account", how="left")
        .sort("row_order")
        .select(
            "account",
            *[(pl.col(c) * sign).alias(c) for c in INVESTMENT_COLUMNS.values()],
            "deviation_eur",
            "realization_pct",
            "is_subtotal",
            "realization_pct_printed",
            "source_line",
        )
    )


def investments_bars(table: pl.DataFrame, labels: dict[str, str], lang: str = i18n.DEFAULT_LANG,
                     account: str = "Menot") -> pl.DataFrame:
    """One account of the investments table, long, for a three-bar comparison.

    labels: column key (tp2023_eur, budget_2024_eur, actual_2024_eur) -> the bar's name in `lang`
    -> key | column (the bar's name) | amount_eur | label (1 234 € / €1,234)
    """
    row = table.filter(pl.col("account") == account)
    return (
        row.unpivot(on=list(INVESTMENT_COLUMNS.values()), variable_name="key", value_name="amount_eur")
        .with_columns(
            pl.col("key").replace_strict(labels).alias("column"),
            pl.col("amount_eur").map_elements(lambda v: format_eur(v, 0, lang), return_dtype=pl.String)
            .alias("label"),
        )
        .select("key", "column", "amount_eur", "label")
    )


def texts_of(texts: pl.DataFrame, topics: Iterable[str]) -> pl.DataFrame:
    """Paragraphs of the given topics, in document order."""
    return texts.filter(pl.col("topic").is_in(list(topics))).sort("text_id")


# ------------------------------------------------------------------ risks
SCALE_VALUES = (1, 2, 3)  # the values the document prints; it does not state the scale's maximum


def risk_points(risks: pl.DataFrame, spread: float = 0.34) -> pl.DataFrame:
    """One point per risk on the probability × significance grid; risks sharing a cell are set side by side.

    risks -> risk_id | risk | risk_class | probability | significance | x | y | cell_count | label
    """
    return (
        risks.lazy()
        .sort("risk_id")
        .with_columns(
            pl.len().over("probability", "significance").cast(pl.Int64).alias("cell_count"),
            pl.int_range(pl.len()).over("probability", "significance").cast(pl.Int64).alias("cell_index"),
        )
        .with_columns(
            (pl.col("probability") + (pl.col("cell_index") - (pl.col("cell_count") - 1) / 2) * spread).alias("x"),
            pl.col("significance").cast(pl.Float64).alias("y"),
            pl.col("risk_id").cast(pl.String).alias("label"),
        )
        .select("risk_id", "risk", "risk_class", "probability", "significance", "x", "y", "cell_count", "label")
        .collect()
    )


def risk_grid(values: tuple[int, ...] = SCALE_VALUES) -> pl.DataFrame:
    """The cells of the matrix: one per (probability, significance), each a unit square around its value."""
    return (
        pl.DataFrame({"probability": list(values)})
        .join(pl.DataFrame({"significance": list(values)}), how="cross")
        .with_columns(
            (pl.col("probability") - 0.5).alias("x"),
            (pl.col("probability") + 0.5).alias("x2"),
            (pl.col("significance") - 0.5).alias("y"),
            (pl.col("significance") + 0.5).alias("y2"),
        )
    )


def top_risks(risks: pl.DataFrame) -> pl.DataFrame:
    """The risks with the largest probability × significance (all of them when several share it).

    A product of the document's own values: it orders the risks, it is not a scale of its own.
    risks -> + score
    """
    scored = risks.with_columns((pl.col("probability") * pl.col("significance")).alias("score"))
    return scored.filter(pl.col("score") == pl.col("score").max()).sort("risk_id")
