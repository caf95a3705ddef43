"""Projects and investments: the project rows with their spend realisation and late starts, the printed total
against the projects added up, the investments table and the investments its commentary names. Pure polars."""

from __future__ import annotations

import math

import polars as pl

from utils.core import i18n, settings
from utils.core.fi_numbers import decimals_needed, format_eur, format_number
from utils.questions.document_text import compact_lines

LATE, OTHER = "late", "other"  # start groups; their names are UI strings (projects.chart.late / .other)
LATE_SYMBOL = "◔"


def realization_text(parts: str | None, printed: str | None, lang: str = "fi") -> str:
    """A project's spend realisation as the document prints it ('100 %', '99 / 106 %'), and in English in English
    number format, part by part ('100%', '99% / 106%'); the printed text where it has no number."""
    if not parts or lang == "fi":
        return printed or "–"
    values = [float(v) for v in parts.split(";")]
    return " / ".join(f"{format_number(v, decimals_needed(v), lang)}%" for v in values)


def project_rows(projects: pl.DataFrame, lang: str = "fi") -> pl.DataFrame:
    """The printed project rows without the total row, numbered 1..n in printed order.

    + project_no | start_group (late / other) | chart_title (number, period, name)
      | realization_label (realization_text in `lang`, ◔ if late) | start_text (◔ and the document's words on the
      start, or '')
    """
    shown = [realization_text(parts, printed, lang) for parts, printed in
             projects.filter(~pl.col("is_total")).select("spend_realization_parts", "spend_realization_printed").rows()]
    return (
        projects.filter(~pl.col("is_total"))
        .with_columns(pl.Series("realization_shown", shown, dtype=pl.String))
        .with_row_index("project_no", offset=1)
        .with_columns(
            pl.col("project_no").cast(pl.Int64),
            pl.when(pl.col("started_h2_2024")).then(pl.lit(LATE)).otherwise(pl.lit(OTHER))
            .alias("start_group"),
            pl.format("{} · {} · {}", pl.col("project_no"), pl.col("period").fill_null("–"), pl.col("name"))
            .alias("chart_title"),
            pl.when(pl.col("started_h2_2024"))
            .then(pl.format("{} {}", pl.col("realization_shown"), pl.lit(LATE_SYMBOL)))
            .otherwise(pl.col("realization_shown"))
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
       weighted_city_share_pct, realization_printed, source_line, rows_source_line, n_projects, n_multipart,
       gap_eur (|difference|) and gap_direction ('smaller' or 'larger': the printed total against the sum; None
       where they are equal)
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
        "gap_eur": abs(difference),
        "gap_direction": None if difference == 0 else ("smaller" if difference < 0 else "larger"),
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


# the investments table's amount columns: head as printed (the previous year's actual, the budget, the actual) -> field
INVESTMENT_COLUMNS = {f"TP{settings.previous_year()}": "tp2023_eur", f"TA {settings.budget_year()}": "budget_2024_eur",
                      "Toteuma 1-12": "actual_2024_eur"}


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


FULL_REALIZATION_PCT = settings.thresholds()["full_realization_pct"]  # a project that spent all of its money


def period_span(projects: pl.DataFrame) -> tuple[int | None, int | None]:
    """(the first start year, the last end year) of the projects' periods."""
    return projects["period_start"].min(), projects["period_end"].max()


def spending(table: pl.DataFrame) -> dict:
    """The first row of the investments table (investments_table: its spending, 'Menot') as a dict, with the part
    of the budget left unspent: + unused_eur (budget − actual, costs positive)."""
    row = table.row(0, named=True)
    return {**row, "unused_eur": row["budget_2024_eur"] - row["actual_2024_eur"]}


def named_investments(named: dict) -> dict:
    """The investments the commentary names (config/editorial_figures.toml: library, gym), and both together."""
    library, gym = named["library"], named["gym"]
    return {"library": library, "gym": gym, "both_eur": library["amount_eur"] + gym["amount_eur"]}
