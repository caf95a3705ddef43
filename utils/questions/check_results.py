"""The document's arithmetic checks (data/checks.csv) as the pages show them: check marks beside rows, a summary
per check, the per-resident checks and what a projects total leaves out. Pure polars."""

from __future__ import annotations

import polars as pl


def with_check_marks(rows: pl.DataFrame, checks: pl.DataFrame) -> pl.DataFrame:
    """The worst verdict of the document's own checks on each (statement, area, account) row:
    discrepancy > rounding > ok; null where no check touches the row."""
    rank = {"ok": 0, "rounding": 1, "discrepancy": 2}
    worst = (
        checks.filter(pl.col("check").is_in(["deviation", "realization_pct", "sum_of_lines", "margin",
                                             "areas_sum_to_sector", "summary_equals_statement"]))
        .with_columns(pl.col("verdict").replace_strict(rank, return_dtype=pl.Int8).alias("_rank"))
        .group_by("statement", "service_area", "account")
        .agg(pl.col("_rank").max())
        .with_columns(
            pl.col("_rank").replace_strict({v: k for k, v in rank.items()}, return_dtype=pl.String)
            .alias("check_verdict")
        )
        .drop("_rank")
    )
    return rows.join(worst, on=["statement", "service_area", "account"], how="left", maintain_order="left")


def check_summary(checks: pl.DataFrame) -> pl.DataFrame:
    """Counts of verdicts per check: check | ok | rounding | discrepancy (zeros where none)."""
    counts = checks.group_by("check", "verdict", maintain_order=True).len()
    wide = counts.pivot(on="verdict", index="check", values="len").fill_null(0)
    for verdict in ("ok", "rounding", "discrepancy"):
        if verdict not in wide.columns:
            wide = wide.with_columns(pl.lit(0, pl.UInt32).alias(verdict))
    return wide.select("check", "ok", "rounding", "discrepancy")


def project_left_out(check_row: dict, projects: pl.DataFrame) -> dict | None:
    """For a projects_total discrepancy: the one project whose funding equals the gap, if exactly one does."""
    if check_row["check"] != "projects_total" or not check_row["difference"]:
        return None
    gap = -check_row["difference"]
    match = projects.filter(~pl.col("is_total"), pl.col("total_funding_eur") == gap)
    return match.row(0, named=True) if match.height == 1 else None


def per_resident_checks(checks: pl.DataFrame, areas: tuple[str, ...] | None = None) -> pl.DataFrame:
    """The checks of the document's per-resident figures against population and net cost, of the chosen areas
    (every area when None)."""
    return checks.filter(pl.col("check") == "per_resident",
                         pl.col("service_area").is_in(list(areas)) if areas else pl.lit(True))


def current_per_resident_checks(checks: pl.DataFrame, area: str, year: int) -> pl.DataFrame:
    """The per-resident check of `area`'s key figure for the actual of `year` (the one a page's computed
    per-resident net cost can stand beside; 2023 actuals and targets rest on other bases)."""
    return per_resident_checks(checks, (area,)).filter(pl.col("column").str.starts_with(f"{year} actual"))


def contradiction_gap(row: dict, projects: pl.DataFrame) -> dict | None:
    """For a contradiction row (questions.contradictions) of the projects' total: the project left out of it, if
    exactly one project's funding equals the gap in euros."""
    amounts = {f["name"]: f["value"] for f in row["figures"] if f["unit"] == "eur"}
    if row["kind"] != "projects_total" or "difference" not in amounts:
        return None
    return project_left_out({"check": row["check"], "difference": amounts["difference"]}, projects)
