"""Goals: the goals in scope of an area selection, their status groups and counts, the page's own filters and
the goal cards. Pure polars.

The document's own words stay as printed; these functions only select, label, count and reshape. Labels the
app adds come from the locale files (utils.core.i18n, plain Python); Markdown escaping is the pages' job
(blocks.escape_md)."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from utils.core import i18n, settings
from utils.questions.document_text import document_label

GOALS_YEAR = settings.budget_year()


LEVELS = ("council", "operational")  # printed order; their names are UI strings (goals.level.<level>)


EMPTY_GROUP = "empty"  # rows empty but for the status 'Ei tietoa': a group of their own (goals.status.empty)


# the status words the document prints (config/mapping.toml [goal_status])
MET, PARTLY, NOT_MET = (settings.goal_status()[k] for k in ("met", "partly", "not_met"))


STATUS_ORDER = (MET, PARTLY, NOT_MET, EMPTY_GROUP)


# plain geometric shapes, not emoji: they render in every font and say the status without colour
STATUS_SYMBOLS = {MET: "●", PARTLY: "◐", NOT_MET: "✕", EMPTY_GROUP: "○"}


_ALWAYS_COUNTED = (MET, PARTLY, EMPTY_GROUP)  # shown as 0 when a scope has none


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




def empty_last(counts: pl.DataFrame) -> pl.DataFrame:
    """Status counts (goal_status_counts) with met, partly met, the other printed statuses and the empty rows last."""
    return counts.sort(
        pl.col("status_group").replace_strict({MET: 0, PARTLY: 1, EMPTY_GROUP: 3}, default=2,
                                              return_dtype=pl.Int8)
    )


def counts_by_group(counts: pl.DataFrame) -> dict[str, int]:
    """Status counts (goal_status_counts) as {status group: count}, in their order."""
    return dict(zip(counts["status_group"].to_list(), counts["count"].to_list()))


def status_tally(counts: pl.DataFrame) -> dict:
    """Status counts (goal_status_counts) as the goals page states them: met, partly met and empty rows (0 where
    none), and any other printed status that has rows: {'met': n, 'partly': n, 'empty': n, 'other': {group: n}}."""
    by_group = counts_by_group(counts)
    usual = (MET, PARTLY, EMPTY_GROUP)
    return {"met": by_group.get(MET, 0), "partly": by_group.get(PARTLY, 0), "empty": by_group.get(EMPTY_GROUP, 0),
            "other": {g: n for g, n in by_group.items() if g not in usual and n}}


def nonzero_counts(counts: pl.DataFrame) -> pl.DataFrame:
    """The status groups of goal_status_counts that have at least one row."""
    return counts.filter(pl.col("count") > 0)
