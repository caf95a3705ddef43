"""Part of the former transform.py: see the module list in README (Code layout)."""

from __future__ import annotations

import polars as pl

from utils.questions.finance import CURRENT_YEAR


def kpi_scorecard(kpis: pl.DataFrame, areas: tuple[str, ...] | None = None, year: int = CURRENT_YEAR) -> pl.DataFrame:
    """One row per indicator × unit × area: target and actual of `year`, and whether the target was met.

    met: "met" / "missed" / "no_direction" / "no_value" (a value is missing or doubtful).
    """
    df = kpis if not areas else kpis.filter(pl.col("service_area").is_in(list(areas)))
    keys = ["indicator_key", "unit", "service_area"]
    first = (
        df.group_by(keys, maintain_order=True)
        .agg(
            pl.col("indicator").first(), pl.col("indicator_fi").first(), pl.col("indicator_en").first(),
            pl.col("unit_en").first(), pl.col("better").first(), pl.col("better_is_judgement").first(),
            pl.col("kpi_order").min(), pl.col("source_line").first(),
            # notes of this year's cells only: a note on a 2022 cell is not about the 2024 verdict
            pl.col("note").filter(pl.col("year") == year).drop_nulls().str.join(" "),
            pl.col("note_code").filter(pl.col("year") == year).drop_nulls().unique(maintain_order=True)
            .alias("note_codes"),
        )
    )

    def pick(kind: str, name: str, y: int) -> pl.DataFrame:
        return df.filter(pl.col("year") == y, pl.col("kind") == kind).select(
            *keys, pl.col("value").alias(name), pl.col("value_text").alias(f"{name}_text")
        )

    return (
        first.join(pick("target", "target", year), on=keys, how="left")
        .join(pick("actual", "actual", year), on=keys, how="left")
        .with_columns(
            pl.when(pl.col("actual").is_null() | pl.col("target").is_null()).then(pl.lit("no_value"))
            .when(pl.col("better") == "none").then(pl.lit("no_direction"))
            .when((pl.col("better") == "higher") & (pl.col("actual") >= pl.col("target"))).then(pl.lit("met"))
            .when((pl.col("better") == "lower") & (pl.col("actual") <= pl.col("target"))).then(pl.lit("met"))
            .otherwise(pl.lit("missed"))
            .alias("met"),
            (pl.col("actual") - pl.col("target")).alias("gap"),
        )
        .sort("kpi_order")
    )


def population_reasons(checks: pl.DataFrame, kpis: pl.DataFrame) -> dict[tuple[str, str, str], str]:
    """(indicator_key, unit, area) -> "population_base" where the document's 2024 target per resident and its
    actual rest on different populations (the per_resident check of the target is a discrepancy): a verdict on
    such a target needs that said beside it."""
    keys = dict(kpis.select("indicator", "indicator_key").unique().rows())
    doubtful = checks.filter(
        pl.col("check") == "per_resident", pl.col("verdict") == "discrepancy",
        pl.col("column").str.starts_with(f"{CURRENT_YEAR} target"),
    )
    return {(keys.get(r["account"], r["account"]), "€/asukas", r["service_area"]): "population_base"
            for r in doubtful.iter_rows(named=True)}


def kpi_trend(kpis: pl.DataFrame, indicator_key: str, unit: str) -> pl.DataFrame:
    """Actuals 2022–2024 and the 2024 target of one indicator and unit (per area), values only."""
    return (
        kpis.filter(pl.col("indicator_key") == indicator_key, pl.col("unit") == unit)
        .select("service_area", "year", "kind", "value", "value_text", "note", "note_code", "source_line")
        .sort("service_area", "year", "kind")
    )
