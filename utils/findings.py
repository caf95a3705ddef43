"""Key findings: a short, deterministic list of what stands out for the chosen areas. Rules, not guesses:
every number comes from the data, and the thresholds are stated with the finding. Plain polars."""

from __future__ import annotations

import polars as pl

# Thresholds, stated to users with each finding.
MIN_BUDGET_FOR_PCT_EUR = 50_000  # a percentage deviation on a smaller budget line is not a finding
LOW_SPEND_PCT = 50  # a project's spend realisation below this is low
TOP_N = 1


def _line_items(wide: pl.DataFrame, areas: tuple[str, ...]) -> pl.DataFrame:
    return wide.filter(
        pl.col("statement") == "income_statement",
        pl.col("service_area").is_in(list(areas)),
        ~pl.col("is_subtotal"),
        pl.col("account_kind").is_in(["income", "cost"]),
    )


def key_findings(wide: pl.DataFrame, scorecard: pl.DataFrame, goals: pl.DataFrame, projects: pl.DataFrame,
                 areas: tuple[str, ...]) -> list[dict]:
    """Findings as data: `kind`, the figures it states, and `source_line`. Pages turn them into sentences."""
    out: list[dict] = []
    items = _line_items(wide, areas)

    worst = items.filter(pl.col("deviation_eur") > 0).sort("deviation_eur", descending=True).head(TOP_N)
    for r in worst.iter_rows(named=True):
        out.append({"kind": "largest_overrun_eur", "area": r["service_area"], "account": r["account"],
                    "deviation_eur": r["deviation_eur"], "realization_pct": r["realization_pct"],
                    "source_line": r["source_line"]})
    best = items.filter(pl.col("deviation_eur") < 0).sort("deviation_eur").head(TOP_N)
    for r in best.iter_rows(named=True):
        out.append({"kind": "largest_underrun_eur", "area": r["service_area"], "account": r["account"],
                    "deviation_eur": r["deviation_eur"], "realization_pct": r["realization_pct"],
                    "source_line": r["source_line"]})

    by_pct = (
        items.filter(pl.col("budget_eur").abs() >= MIN_BUDGET_FOR_PCT_EUR, pl.col("realization_pct").is_not_null())
        .with_columns((pl.col("realization_pct") - 100).abs().alias("_gap"))
        .sort("_gap", "service_area", "row_order", descending=[True, False, False])
        .head(TOP_N)
    )
    for r in by_pct.iter_rows(named=True):
        out.append({"kind": "largest_deviation_pct", "area": r["service_area"], "account": r["account"],
                    "realization_pct": r["realization_pct"], "budget_eur": r["shown_budget_eur"],
                    "threshold_eur": MIN_BUDGET_FOR_PCT_EUR, "source_line": r["source_line"]})

    changes = (
        items.with_columns((pl.col("shown_actual_eur") - pl.col("shown_actual_2023_eur")).alias("change_eur"))
        .filter(pl.col("change_eur").is_not_null())
        .with_columns(pl.col("change_eur").abs().alias("_abs"))
        .sort("_abs", "service_area", "row_order", descending=[True, False, False])
        .head(TOP_N)
    )
    for r in changes.iter_rows(named=True):
        out.append({"kind": "largest_change", "area": r["service_area"], "account": r["account"],
                    "change_eur": r["change_eur"], "actual_2023_eur": r["shown_actual_2023_eur"],
                    "actual_eur": r["shown_actual_eur"], "source_line": r["source_line"]})

    missed = scorecard.filter(pl.col("met") == "missed")
    if missed.height:
        out.append({"kind": "targets_missed", "count": missed.height, "total": scorecard.filter(
            pl.col("met").is_in(["met", "missed"])).height,
            "indicators": missed.select("indicator_key", "unit", "unit_en").rows(),
            "source_line": ";".join(sorted(set(missed["source_line"].to_list())))})

    chosen_goals = goals if areas == ("ALL",) else goals.filter(
        (pl.col("level") == "operational") & pl.col("service_area").is_in(list(areas)))
    not_met = chosen_goals.filter(~pl.col("is_empty"), pl.col("status") != "Toteutuu")
    empty = chosen_goals.filter(pl.col("is_empty"))
    if not_met.height or empty.height:
        out.append({"kind": "goals_not_met", "count": not_met.height, "empty": empty.height,
                    "total": chosen_goals.height, "goal_ids": not_met["goal_id"].to_list(),
                    "source_line": ";".join(not_met["source_line"].to_list() + empty["source_line"].to_list())})

    low = projects.filter(
        ~pl.col("is_total"), ~pl.col("started_h2_2024"), pl.col("spend_realization_pct").is_not_null(),
        pl.col("spend_realization_pct") < LOW_SPEND_PCT,
    ).sort("spend_realization_pct")
    late = projects.filter(~pl.col("is_total"), pl.col("started_h2_2024"))
    if low.height or late.height:
        out.append({"kind": "low_spend_projects", "count": low.height, "threshold_pct": LOW_SPEND_PCT,
                    "projects": low.select("name", "period", "spend_realization_pct").rows(),
                    "late_starters": late.height,
                    "source_line": ";".join(low["source_line"].to_list())})
    return out
