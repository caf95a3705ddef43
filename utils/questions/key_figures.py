"""Key figures (Tunnusluvut): actual against target per figure and unit, trends over the years, which targets
were met and why a figure may be doubtful (the population it rests on). Pure polars."""

from __future__ import annotations

from typing import NamedTuple

import polars as pl

from utils.core.fi_numbers import decimals_needed
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


def target_shares(card: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The scorecard with each row's name in `lang` and its actual as a share of its target.

    + label ('Name (unit)', the area added where one indicator is printed per area) | share_pct (actual / target
      in %, 1 decimal; null where the target is 0 or missing)
    """
    name, unit = ("indicator_fi", "unit") if lang == "fi" else ("indicator_en", "unit_en")
    return card.with_columns(
        (pl.col(name) + " (" + pl.col(unit) + ")"
         + pl.when(pl.col("indicator_key") == "external_funding").then(" " + pl.col("service_area"))
         .otherwise(pl.lit(""))).alias("label"),
        pl.when(pl.col("target") != 0).then((pl.col("actual") / pl.col("target") * 100).round(1)).alias("share_pct"),
    )


def verdict_counts(card: pl.DataFrame, column: str = "met") -> dict[str, int]:
    """How many rows have each value of `column` (met / missed / ..., or a target frame's direction)."""
    return dict(card[column].value_counts().rows())


def charted_targets(card: pl.DataFrame) -> pl.DataFrame:
    """The targets a share chart can show: met or missed, with a share (target_shares)."""
    return card.filter(pl.col("share_pct").is_not_null(), pl.col("met").is_in(["met", "missed"]))


def first_missed(card: pl.DataFrame) -> dict | None:
    """The first missed target of the scorecard, as a row dict; None when every target was met."""
    missed = card.filter(pl.col("met") == "missed")
    return missed.row(0, named=True) if missed.height else None


def reason_of(reasons: dict[tuple[str, str, str], str], row: dict) -> str | None:
    """The reason (population_reasons) that goes with one scorecard row, if any."""
    return reasons.get((row["indicator_key"], row["unit"], row["service_area"]))


class Indicator(NamedTuple):
    key: str  # indicator_key
    unit: str  # as printed
    name: str  # in the chosen language
    unit_shown: str  # in the chosen language


def indicator_options(card: pl.DataFrame, lang: str) -> list[Indicator]:
    """The scorecard's indicators once each, in its order, named in `lang`."""
    name, unit = ("indicator_fi", "unit") if lang == "fi" else ("indicator_en", "unit_en")
    rows = (
        card.select("indicator_key", "unit", pl.col(name).alias("name"), pl.col(unit).alias("unit_shown"))
        .unique(maintain_order=True)
        .rows()
    )
    return [Indicator(*row) for row in rows]


def area_trend(kpis: pl.DataFrame, indicator_key: str, unit: str, areas: tuple[str, ...] | None) -> pl.DataFrame:
    """kpi_trend of the chosen areas (every area when None)."""
    trend = kpi_trend(kpis, indicator_key, unit)
    return trend.filter(pl.col("service_area").is_in(list(areas))) if areas else trend


def doubtful_values(kpis: pl.DataFrame) -> pl.DataFrame:
    """Values the ingest marked as doubtful (a note code: unit mismatch, not split by area, garbled)."""
    return kpis.filter(pl.col("note_code").is_not_null())


def value_decimals(values: list[float | None]) -> int:
    """As many decimals as the values need (at most 2), the same for all of them."""
    return decimals_needed(*values)
