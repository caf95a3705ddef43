"""Pure polars: the questions the pages ask of the tidy tables. No streamlit here.

Sign convention: the document prints costs negative. `shown_*` columns turn them into positive costs
(and the net-cost margins into positive net costs) so that users read costs as costs."""

from __future__ import annotations

import polars as pl

from utils.core import settings
from utils.questions import claims

NET_COST_ACCOUNT = "Toimintakate"


CURRENT_YEAR = settings.budget_year()


def shown(col: str) -> pl.Expr:
    """A printed amount as users read it: costs (printed negative) as positive costs."""
    return pl.when(pl.col("shown_as") == "cost").then(-pl.col(col)).otherwise(pl.col(col))


def realization_pct() -> pl.Expr:
    """Actual as a percentage of budget (2 decimals); null where the budget is 0."""
    return (
        pl.when(pl.col("budget_eur") != 0)
        .then((pl.col("actual_eur") / pl.col("budget_eur") * 100).round(2))
        .alias("computed_realization_pct")
    )


def change_pct(new: str, old: str) -> pl.Expr:
    """Nominal change in per cent; null where the base is 0."""
    return pl.when(pl.col(old) != 0).then(((pl.col(new) - pl.col(old)) / pl.col(old).abs() * 100).round(1))


def finance_wide(finance: pl.DataFrame) -> pl.DataFrame:
    """One row per (statement, service_area, account): 2023 actual, 2024 budget and actual side by side.

    finance: statement | service_area | account | year | scenario | amount_eur | ...
    ->       statement | service_area | account | actual_2023_eur | budget_eur | actual_eur | deviation_eur | ...
    """
    keys = ["statement", "service_area", "account"]
    attrs = (
        finance.group_by(keys, maintain_order=True)
        .agg(
            pl.col("account_en").first(),
            pl.col("account_kind").first(),
            pl.col("is_subtotal").first(),
            pl.col("shown_as").first(),
            pl.col("row_order").first(),
            pl.col("source_line").first(),
            pl.col("deviation_eur").drop_nulls().first(),
            pl.col("realization_pct").drop_nulls().first(),
            pl.col("realization_pct_printed").drop_nulls().first(),
        )
    )
    amounts = (
        finance.with_columns(
            pl.format("{}_{}", pl.col("scenario"), pl.col("year")).alias("column")
        )
        .pivot(on="column", index=keys, values="amount_eur")
    )
    for needed in ("actual_2023", "budget_2024", "actual_2024"):
        if needed not in amounts.columns:
            amounts = amounts.with_columns(pl.lit(None, pl.Int64).alias(needed))
    return (
        attrs.join(amounts, on=keys, how="left")
        .rename({"actual_2023": "actual_2023_eur", "budget_2024": "budget_eur", "actual_2024": "actual_eur"})
        .with_columns(
            shown("actual_2023_eur").alias("shown_actual_2023_eur"),
            shown("budget_eur").alias("shown_budget_eur"),
            shown("actual_eur").alias("shown_actual_eur"),
        )
    )


def statement_rows(wide: pl.DataFrame, areas: tuple[str, ...], statement: str = "income_statement") -> pl.DataFrame:
    """The printed rows of one statement for the chosen areas, in printed order."""
    order = {a: i for i, a in enumerate(areas)}
    return (
        wide.filter(pl.col("statement") == statement, pl.col("service_area").is_in(list(areas)))
        .with_columns(pl.col("service_area").replace_strict(order, default=99).alias("_area_order"))
        .sort("_area_order", "row_order")
        .drop("_area_order")
    )


def net_cost(wide: pl.DataFrame, area: str = settings.SECTOR) -> dict:
    """The net cost (−Toimintakate) of one area: 2023 actual, 2024 budget and actual, and the comparisons."""
    row = wide.filter(
        pl.col("statement") == "income_statement",
        pl.col("service_area") == area,
        pl.col("account") == NET_COST_ACCOUNT,
    )
    if row.is_empty():
        return {}
    r = row.row(0, named=True)
    actual, budget, previous = r["shown_actual_eur"], r["shown_budget_eur"], r["shown_actual_2023_eur"]
    return {
        "area": area,
        "actual_eur": actual,
        "budget_eur": budget,
        "actual_2023_eur": previous,
        "under_budget_eur": budget - actual,
        "deviation_eur": r["deviation_eur"],
        "realization_pct": r["realization_pct"],
        "realization_pct_printed": r["realization_pct_printed"],
        "change_eur": actual - previous,
        "change_pct": round((actual - previous) / previous * 100, 1) if previous else None,
        "source_line": r["source_line"],
    }


def net_cost_row(wide: pl.DataFrame, area: str = settings.SECTOR) -> dict:
    """The net-cost row (Toimintakate) of one area as a dict of finance_wide's columns."""
    return wide.filter(
        pl.col("statement") == "income_statement",
        pl.col("service_area") == area,
        pl.col("account") == NET_COST_ACCOUNT,
    ).row(0, named=True)


def area_net_cost_rows(wide: pl.DataFrame, areas: tuple[str, ...] | None = None) -> pl.DataFrame:
    """The net-cost rows of the service areas (all four, or the chosen ones), in code order."""
    return wide.filter(
        pl.col("statement") == "income_statement",
        pl.col("account") == NET_COST_ACCOUNT,
        pl.col("service_area") != settings.SECTOR,
        pl.col("service_area").is_in(list(areas)) if areas else pl.lit(True),
    ).sort("service_area")


def line_items(wide: pl.DataFrame, areas: tuple[str, ...]) -> pl.DataFrame:
    """Income and cost line items (no subtotals) of the chosen areas' income statements, in printed order."""
    return statement_rows(wide, areas).filter(~pl.col("is_subtotal"), pl.col("account_kind").is_in(["income", "cost"]))


def cost_structure(wide: pl.DataFrame, areas: tuple[str, ...]) -> pl.DataFrame:
    """Operating cost lines (shown positive) of the chosen areas, 2024 actual."""
    return (
        wide.filter(
            pl.col("statement") == "income_statement",
            pl.col("service_area").is_in(list(areas)),
            pl.col("account_kind") == "cost",
        )
        .select("service_area", "account", "account_en", pl.col("shown_actual_eur").alias("cost_eur"), "source_line")
        .sort("service_area", "cost_eur", descending=[False, True])
    )


def scale(df: pl.DataFrame, columns: list[str], divisor: int | None) -> pl.DataFrame:
    """Divide money columns by the population (per resident, 2 decimals); unchanged when divisor is None."""
    if not divisor:
        return df
    return df.with_columns((pl.col(c) / divisor).round(2).alias(c) for c in columns if c in df.columns)


def largest_differences(frame: pl.DataFrame, n: int) -> pl.DataFrame:
    """The n rows of a claims frame (claims.budget_frame or change_frame) with the largest |difference|, ties
    in the frame's (printed) order; rows without a difference last."""
    return frame.sort(pl.col("difference").abs(), descending=True, nulls_last=True, maintain_order=True).head(n)


def biggest_changes(df: pl.DataFrame, n: int = 3) -> pl.DataFrame:
    """Line items with the largest absolute change 2023 -> 2024 (subtotals excluded)."""
    return (
        df.filter(~pl.col("is_subtotal"), pl.col("change_eur").is_not_null())
        .with_columns(pl.col("change_eur").abs().alias("_abs"))
        .sort("_abs", descending=True)
        .head(n)
        .drop("_abs")
    )


def area_rows(rows: pl.DataFrame, area: str) -> pl.DataFrame:
    """The rows of one area (of statement_rows or a claims frame built on it), in their order."""
    return rows.filter(pl.col("service_area") == area)


def income_and_costs(rows: pl.DataFrame) -> pl.DataFrame:
    """The income and cost lines of statement rows (the margins and results left out), in their order."""
    return rows.filter(pl.col("account_kind").is_in(["income", "cost"]))


def largest_changes(frame: pl.DataFrame, n: int) -> pl.DataFrame:
    """The n line items of a change frame (claims.change_frame) with the largest change 2023 -> 2024."""
    return biggest_changes(frame.with_columns(pl.col("difference").alias("change_eur")), n=n)


def largest_change_claims(frame: pl.DataFrame, accounts: dict, n: int) -> list[claims.Claim]:
    """The change claims (claims.change_claim) of the n line items of a change frame with the largest change,
    largest first."""
    return [claims.change_claim(row, accounts) for row in largest_changes(frame, n).iter_rows(named=True)]


def unprinted_accounts(wide: pl.DataFrame, area: str, statement: str = "income_statement") -> list[str]:
    """The accounts the sector's statement prints that this area's statement does not (in the sector's order):
    what the document leaves unsaid about the area, and this site does not compute for it."""
    printed = wide.filter(pl.col("statement") == statement)
    own = set(printed.filter(pl.col("service_area") == area)["account"].to_list())
    sector = printed.filter(pl.col("service_area") == settings.SECTOR).sort("row_order")["account"].to_list()
    return [account for account in sector if account not in own] if area != settings.SECTOR else []
