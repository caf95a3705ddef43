"""Risks: the risk table as points of a probability × significance matrix (risks on one cell spread apart), the
matrix's grid and the risks with the largest product. Pure polars."""

from __future__ import annotations

import polars as pl

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
