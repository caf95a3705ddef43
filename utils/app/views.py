"""What the pages show, shaped for showing: the frames a chart or a table draws, with the chosen language's
headers, names and labels. Display only: the questions themselves are utils/questions/ (pure polars); a page
asks one of them, hands the answer to a function here, and draws the result.

A table comes back as a `Table` (frame, number formats by header): `tables.table(*views.budget_table(...), name=...)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import polars as pl
import streamlit as st

from utils.app import data, tables
from utils.app.claim_text import claim_words, column_words
from utils.app.frame import lang, t
from utils.charts import palette
from utils.core import settings
from utils.questions import claims, document_text, finance, goal_table, key_figures, profile, project_table

GOAL_FILTERS = 3  # the goals page's own filters, side by side: status, strategic aim, search
CHECK_MARKS = {"ok": "✔", "rounding": "≈", "discrepancy": "✘"}  # the worst verdict of the checks on a row


class Table(NamedTuple):
    frame: pl.DataFrame
    formats: dict[str, str] | None = None  # header -> a number format of tables.table ("eur", "pct", ...)


def money(per: int | None) -> str:
    """The number format of an amount: euros, or euros and cents per resident."""
    return "eur2" if per else "eur"


def _words(section: str, keys: tuple[str, ...], prefix: str = "") -> dict[str, str]:
    return {k: t(f"{section}.{prefix}{k}") for k in keys}


def _budget_columns(money_format: str, section: str, status: str) -> tuple[list[pl.Expr], dict[str, str]]:
    """Budget, actual, deviation, realisation and the words of a budget claims frame, and their formats."""
    budget, actual, deviation, pct = (t(f"{section}.col_{c}") for c in ("budget", "actual", "deviation", "pct"))
    columns = [
        pl.col("claim_base").alias(budget),
        pl.col("claim_value").alias(actual),
        pl.col("difference").alias(deviation),
        pl.col("claim_pct").alias(pct),
        pl.col("words").alias(t(f"{section}.{status}")),
    ]
    return columns, {budget: money_format, actual: money_format, deviation: money_format + "_signed", pct: "pct"}


def area_columns(rows: pl.DataFrame, areas: tuple[str, ...], names: dict[str, str]
                 ) -> Iterator[tuple[str, pl.DataFrame, pl.DataFrame]]:
    """Each chosen area in a column of its own (two side by side when there are several), under the area's name:
    yields (area, its statement rows, its income and cost lines) while the area's column is open."""
    columns = st.columns(1 if len(areas) == 1 else 2)
    for i, area in enumerate(areas):
        area_rows = data.answer(finance.area_rows, rows, area)  # kept, like the pages' own answers
        with columns[i % len(columns)]:
            st.header(names[area])
            yield area, area_rows, data.answer(finance.income_and_costs, area_rows)


# ---------------------------------------------------------------- overview
def areas_against_budget(status: pl.DataFrame, names: dict[str, str], per: int | None) -> pl.DataFrame:
    """The areas' budget claims frame with the area's name (the overview's area header) and the deviation's label."""
    return status.with_columns(
        pl.col("service_area").replace_strict(names).alias(t("overview.col_area")),
        tables.labels(status["difference"], money(per), signed=True).alias("difference_label"),
    )


def areas_budget_table(status: pl.DataFrame, per: int | None) -> Table:
    columns, formats = _budget_columns(money(per), "overview", "col_status")
    return Table(status.select(t("overview.col_area"), *columns), formats)


def cost_bars(costs: pl.DataFrame, names: dict[str, str], account_names: dict[str, str], per: int | None
              ) -> pl.DataFrame:
    """Cost lines (finance.cost_structure) with the area's and the cost type's names and the amount's label."""
    named = costs.with_columns(
        pl.col("service_area").replace_strict(names).alias(t("overview.col_area")),
        pl.col("account").replace_strict(account_names).alias(t("overview.col_cost_type")),
    )
    return named.with_columns(tables.labels(named["cost_eur"], money(per)).alias("cost_label"))


def costs_table(bars: pl.DataFrame, per: int | None) -> Table:
    return Table(bars.select(t("overview.col_area"), t("overview.col_cost_type"),
                             pl.col("cost_eur").alias(t("overview.col_costs"))),
                 {t("overview.col_costs"): money(per)})


def goal_status_names() -> dict[str, str]:
    """The overview's names of the status groups it counts."""
    return {goal_table.MET: t("overview.status_met"), goal_table.PARTLY: t("overview.status_partly"),
            goal_table.EMPTY_GROUP: t("overview.status_empty")}


def largest_deviations_table(top: pl.DataFrame, names: dict[str, str], account_names: dict[str, str],
                             per: int | None) -> Table:
    columns, formats = _budget_columns(money(per), "overview", "col_status")
    return Table(top.select(
        pl.col("service_area").replace_strict(names).alias(t("overview.col_area")),
        pl.col("account").replace_strict(account_names).alias(t("overview.col_account")),
        *columns,
    ), formats)


# ---------------------------------------------------------------- budget against actual
def judgement_words() -> dict[str, str]:
    """A budget claim's judgement (worse / better / neutral) in words, for a chart's colours and legend."""
    return {"worse": t("budget.worse"), "better": t("budget.better"), "neutral": t("budget.on_budget")}


def budget_bars(items: pl.DataFrame, account_names: dict[str, str], per: int | None) -> pl.DataFrame:
    """Income and cost lines of a budget claims frame: account | actual | budget | max_value | direction | label
    ('1 234 € (98,50 %)') | budget_label."""
    return items.select(
        pl.col("account").replace_strict(account_names).alias("account"),
        pl.col("claim_value").alias("actual"),
        pl.col("claim_base").alias("budget"),
        pl.max_horizontal("claim_value", "claim_base").alias("max_value"),
        pl.col("judgement").replace_strict(judgement_words()).alias("direction"),
    ).with_columns(
        (tables.labels(items["claim_value"], money(per)) + " (" + tables.labels(items["claim_pct"], "pct") + ")")
        .alias("label"),
        tables.labels(items["claim_base"], money(per)).alias("budget_label"),
    )


def deviation_bars(items: pl.DataFrame, account_names: dict[str, str], per: int | None) -> pl.DataFrame:
    """Income and cost lines of a budget claims frame: account | difference | judgement | difference_label."""
    return items.select(
        pl.col("account").replace_strict(account_names).alias("account"), "difference", "judgement",
    ).with_columns(tables.labels(items["difference"], money(per), signed=True).alias("difference_label"))


def budget_table(rows: pl.DataFrame, names: dict[str, str], account_names: dict[str, str], accounts: dict,
                 per: int | None) -> Table:
    """Every printed row of a budget claims frame with check marks (check_results.with_check_marks)."""
    columns, formats = _budget_columns(money(per), "budget", "col_judgement")
    return Table(rows.select(
        pl.col("service_area").replace_strict(names).alias(t("budget.col_area")),
        pl.col("account").replace_strict(account_names).alias(t("budget.col_account")),
        pl.Series(t("budget.col_kind"), [t(f"words.{claims.side_of(a, accounts)}") for a in rows["account"]],
                  dtype=pl.String),
        *columns,
        pl.col("check_verdict").replace_strict(CHECK_MARKS, default="–").alias(t("budget.col_check")),
    ), formats)


# ---------------------------------------------------------------- the previous year against the budget year
def _change_labels(rows: pl.DataFrame) -> pl.Series:
    """'+271 409 € (+757,0 %)': the change in euros and per cent, signed (U+2212 for minus)."""
    euros = tables.labels(rows["difference"], signed=True)
    pcts = tables.labels(rows["claim_pct"], "pct1", signed=True)
    return pl.Series([e + (f" ({p})" if p != "–" else "") for e, p in zip(euros, pcts)], dtype=pl.String)


def change_bars(items: pl.DataFrame, account_names: dict[str, str]) -> pl.DataFrame:
    """Income and cost lines of a change claims frame: account | change_eur | change_label."""
    return items.select(
        pl.col("account").replace_strict(account_names).alias("account"), pl.col("difference").alias("change_eur")
    ).with_columns(_change_labels(items).alias("change_label"))


def change_table(rows: pl.DataFrame, names: dict[str, str], account_names: dict[str, str]) -> Table:
    """Every row of a change claims frame: the previous year's actual, the budget, the budget year's actual, the
    change in euros and per cent, and its words."""
    columns = (settings.previous_year(), "budget", settings.budget_year(), "change", "change_pct")
    previous, budget, actual, change, change_pct = (t(f"years.col_{c}") for c in columns)
    return Table(rows.select(
        pl.col("service_area").replace_strict(names).alias(t("years.col_area")),
        pl.col("account").replace_strict(account_names).alias(t("years.col_account")),
        pl.col("shown_actual_2023_eur").alias(previous),
        pl.col("shown_budget_eur").alias(budget),
        pl.col("shown_actual_eur").alias(actual),
        pl.col("difference").alias(change),
        pl.col("claim_pct").alias(change_pct),
        pl.col("words").alias(t("years.col_direction")),
    ), {previous: "eur", budget: "eur", actual: "eur", change: "eur_signed", change_pct: "pct1_signed"})


# ---------------------------------------------------------------- key figures
def met_words() -> dict[str, str]:
    """A target's verdict (met / missed / no_direction / no_value) in words."""
    return _words("kpis", ("met", "missed", "no_direction", "no_value"))


def kind_words() -> dict[str, str]:
    """A key figure's kind (actual / target) in words."""
    return {"actual": t("kpis.actual_kind"), "target": t("kpis.target_kind")}


def _note_words() -> dict[str, str]:
    return _words("kpis", ("unit_mismatch", "not_split", "garbled"), "note_")


def target_share_bars(charted: pl.DataFrame) -> pl.DataFrame:
    """Targets a chart can show (key_figures.charted_targets): indicator | share_pct | status | label."""
    bars = charted.select(
        pl.col("label").alias("indicator"),
        "share_pct",
        pl.col("met").replace_strict(met_words()).alias("status"),
    )
    return bars.with_columns(tables.labels(bars["share_pct"], "pct1").alias("label"))


def targets_table(card: pl.DataFrame, names: dict[str, str]) -> Table:
    """The scorecard (key_figures.target_shares, claims.target_frame): each target, its actual and the verdict."""
    better = _words("kpis", ("higher", "lower", "none"))
    return Table(card.select(
        pl.col("label").alias(t("kpis.col_indicator")),
        pl.col("service_area").replace_strict(names).alias(t("kpis.col_area")),
        pl.col("target_text").alias(t("kpis.col_target_text")),
        pl.col("actual_text").alias(t("kpis.col_actual_text")),
        pl.col("target").alias(t("kpis.col_target")),
        pl.col("actual").alias(t("kpis.col_actual")),
        (pl.col("better").replace_strict(better)
         + pl.when(pl.col("better_is_judgement")).then(pl.lit(t("kpis.judgement"))).otherwise(pl.lit("")))
        .alias(t("kpis.col_direction")),
        pl.col("words").alias(t("kpis.col_met")),
        pl.col("note_codes").list.eval(pl.element().replace_strict(_note_words(), default=None)).list.join(" ")
        .alias(t("kpis.col_note")),
    ))  # figures with the decimals they have (tables._cell): 441, 20.6, not 441.00


class TrendPoints(NamedTuple):
    frame: pl.DataFrame  # year | value | kind_label | area | area_code | value_label
    axis_format: str  # the value axis's format, with as many decimals as the labels


def trend_points(trend: pl.DataFrame, names: dict[str, str]) -> TrendPoints:
    """The values of a key figure's trend (key_figures.kpi_trend) as a line chart draws them."""
    points = trend.filter(pl.col("value").is_not_null()).select(
        pl.col("year").cast(pl.String),
        "value",
        pl.col("kind").replace_strict(kind_words()).alias("kind_label"),
        pl.col("service_area").replace_strict(names).alias("area"),
        pl.col("service_area").alias("area_code"),  # the colour follows the code, not the translated name
    )
    decimals = key_figures.value_decimals(points["value"].to_list())
    labels = tables.labels(points["value"], "num", decimals=decimals).alias("value_label")
    return TrendPoints(points.with_columns(labels), f",.{decimals}f")


def trend_table(trend: pl.DataFrame, names: dict[str, str]) -> Table:
    return Table(trend.select(
        pl.col("service_area").replace_strict(names).alias(t("kpis.col_area")),
        pl.col("year").cast(pl.String).alias(t("kpis.col_year")),
        pl.col("kind").replace_strict(kind_words()).alias(t("kpis.col_kind")),
        pl.col("value_text").alias(t("kpis.col_printed")),
        pl.col("value").alias(t("kpis.col_read")),
        pl.col("note_code").replace_strict(_note_words(), default=None).alias(t("kpis.col_note")),
    ))  # each value with the decimals it has


def per_resident_checks_table(checks: pl.DataFrame, names: dict[str, str]) -> Table:
    """The per-resident key figures against the net cost they divide: each figure with the decimals it has (the
    document's as printed; the computed one rounded to the printed one's), the column's unit in the language."""
    printed, computed = t("kpis.col_printed_per_resident"), t("kpis.col_computed")
    verdicts = {v: t(f"projects.verdict.{v}") for v in ("ok", "rounding", "discrepancy")}
    units = {} if lang() == "fi" else dict(data.load_kpis().select("unit", "unit_en").unique().rows())
    columns = []
    for column in checks["column"]:
        for fi, other in units.items():
            column = column.replace(fi, other)
        columns.append(column_words(column))
    return Table(checks.select(  # no number format: each figure with the decimals it has (tables._cell)
        pl.col("service_area").replace_strict(names).alias(t("kpis.col_area")),
        pl.Series(t("kpis.col_year"), columns, dtype=pl.String),
        pl.col("printed").alias(printed),
        pl.col("expected").alias(computed),
        pl.col("verdict").replace_strict(verdicts, default=pl.col("verdict")).alias(t("kpis.col_verdict")),
    ))


# ---------------------------------------------------------------- goals
def goal_status_table(counts: pl.DataFrame, labels: dict[str, str]) -> Table:
    """Status counts (goal_table.goal_status_counts) by level; `labels` names the status groups."""
    council, operational, total = t("goals.col_council"), t("goals.col_operational"), t("goals.col_total")
    return Table(counts.select(
        counts["status_group"].replace_strict(labels).alias(t("goals.col_status")),
        counts["council"].alias(council),
        counts["operational"].alias(operational),
        counts["count"].alias(total),
    ), {council: "int", operational: "int", total: "int"})


def goals_table(cards: pl.DataFrame) -> Table:
    """Goal cards (goal_table.goal_cards), every printed field, an em dash where the document has none."""
    printed = ("goal", "measure", "responsible", "progress_0930", "progress_1231")
    return Table(cards.select(
        cards["goal_id"].alias(t("goals.col_id")),
        cards["level_name"].alias(t("goals.col_level")),
        cards["aim_label"].alias(t("goals.col_aim")),
        cards["area_name"].alias(t("goals.col_area")),
        *[cards[c].fill_null("–").alias(t(f"goals.col_{c}")) for c in printed],
        cards["status_printed_label"].alias(t("goals.col_status_printed")),
    ))


# ---------------------------------------------------------------- projects and investments
def projects_table(rows: pl.DataFrame) -> Table:
    """The project rows (project_table.project_rows) as printed, numbered."""
    funding, city_share = t("projects.col_funding"), t("projects.col_city_share")
    return Table(rows.select(
        rows["project_no"].alias(t("projects.col_no")),
        rows["name"].alias(t("projects.col_name")),
        rows["period"].alias(t("projects.col_period")),
        rows["funder"].alias(t("projects.col_funder")),
        rows["total_funding_eur"].alias(funding),
        rows["city_share_pct"].alias(city_share),
        rows["spend_realization_printed"].alias(t("projects.col_realization")),
        rows["start_text"].alias(t("projects.col_late")),
        rows["description"].fill_null("–").alias(t("projects.col_description")),
    ), {funding: "eur", city_share: "int"})


def _checked_value(row: dict, field: str) -> str:
    """A checked figure in its unit: euros for the funding, a percentage for the city's share."""
    value = row[field]
    return tables.pct(value, 2) if row["column"].endswith("%") else tables.eur(value)


def total_check_table(check_rows: pl.DataFrame) -> Table:
    """The checks of the projects' printed total row: each column, printed against expected, and the verdict."""
    verdicts = _words("projects", ("ok", "rounding", "discrepancy"), "verdict.")
    rows = list(check_rows.iter_rows(named=True))
    return Table(pl.DataFrame({
        t("projects.col_check_column"): [document_text.document_label(lang(), "projects.check_column", c)
                                         for c in check_rows["column"]],
        t("projects.col_printed"): [_checked_value(r, "printed") for r in rows],
        t("projects.col_expected"): [_checked_value(r, "expected") for r in rows],
        t("projects.col_difference"): [_checked_value(r, "difference") for r in rows],
        t("projects.col_verdict"): [verdicts.get(v, v) for v in check_rows["verdict"]],
    }))


INVESTMENT_BAR_COLOURS = {"tp2023_eur": palette.PREVIOUS, "budget_2024_eur": palette.BUDGET,
                          "actual_2024_eur": palette.BETTER}


class InvestmentBars(NamedTuple):
    frame: pl.DataFrame  # column (the bar's name) | amount_eur | label
    colours: list[str]  # in the order of the bars' names sorted alphabetically, as comparison_chart takes them


def investment_bars(table: pl.DataFrame) -> InvestmentBars:
    """The investments' spending 2023, budgeted and 2024 (project_table.investments_bars) as three bars."""
    bars = project_table.investments_bars(table, {k: t(f"projects.bar.{k}") for k in INVESTMENT_BAR_COLOURS},
                                          lang())
    colours = [INVESTMENT_BAR_COLOURS[k] for _, k in sorted(zip(bars["column"].to_list(), bars["key"].to_list()))]
    return InvestmentBars(bars.drop("key"), colours)


def investments_table(table: pl.DataFrame, account_names: dict[str, str]) -> Table:
    """The investments table (project_table.investments_table) with the deviation as actual − budget."""
    headers = {c: t(f"projects.col_{c}") for c in ("tp2023", "ta2024", "actual", "deviation", "pct")}
    return Table(table.select(
        table["account"].replace_strict(account_names, default=table["account"]).alias(t("projects.col_row")),
        table["tp2023_eur"].alias(headers["tp2023"]),
        table["budget_2024_eur"].alias(headers["ta2024"]),
        table["actual_2024_eur"].alias(headers["actual"]),
        (table["actual_2024_eur"] - table["budget_2024_eur"]).alias(headers["deviation"]),
        table["realization_pct"].alias(headers["pct"]),
    ), {headers["tp2023"]: "eur", headers["ta2024"]: "eur", headers["actual"]: "eur",
        headers["deviation"]: "eur_signed", headers["pct"]: "pct1"})


# ---------------------------------------------------------------- risks
def risk_class(printed: str) -> str:
    """A risk class as printed, in the chosen language."""
    return document_text.document_label(lang(), "risks.class", printed)


def risks_table(risks: pl.DataFrame, section: str, with_mitigation: bool = True) -> Table:
    """The risks table as printed, headed by the `section`'s column names (risks, profile)."""
    probability, significance = t(f"{section}.col_probability"), t(f"{section}.col_significance")
    mitigation = [risks["mitigation"].alias(t(f"{section}.col_mitigation"))] if with_mitigation else []
    return Table(risks.select(
        risks["risk_id"].alias(t(f"{section}.col_no")),
        risks["risk_class"].map_elements(risk_class, return_dtype=pl.String).alias(t(f"{section}.col_class")),
        risks["risk"].alias(t(f"{section}.col_risk")),
        risks["probability"].alias(probability),
        risks["significance"].alias(significance),
        *mitigation,
        risks["mitigation_outcome"].alias(t(f"{section}.col_outcome")),
    ), {probability: "int", significance: "int"})


# ---------------------------------------------------------------- profile
def _indicator(row: dict, indicator_names: dict[str, str], also: str = "") -> str:
    """'Name (unit)' of a key figure in the chosen language; `also` is added inside the brackets."""
    unit = row["unit"] if lang() == "fi" else row["unit_en"]
    return f"{indicator_names.get(row['indicator_key'], row['indicator_key'])} ({unit}{also})"


def profile_kpis_table(kpis: pl.DataFrame, kpi_claims: list[claims.Claim], indicator_names: dict[str, str],
                       names: dict[str, str]) -> Table:
    """An area's key figures against their targets, with the verdict's words (recorded claims)."""
    rows = list(kpis.select("indicator_key", "unit", "unit_en", "target_text", "actual_text").iter_rows(named=True))
    return Table(pl.DataFrame({
        t("profile.col_indicator"): [_indicator(r, indicator_names) for r in rows],
        t("profile.col_area"): [names[a] for a in kpis["service_area"]],
        t("profile.col_target"): [profile.kpi_figure(c, "target", r["target_text"], lang())
                                  for r, c in zip(rows, kpi_claims)],
        t("profile.col_actual"): [profile.kpi_figure(c, "actual", r["actual_text"], lang())
                                  for r, c in zip(rows, kpi_claims)],
        t("profile.col_verdict"): [claim_words(c) for c in kpi_claims],
    }))


def tied_projects_table(tied: pl.DataFrame, names: dict[str, str]) -> Table:
    """Projects tied to an area (questions.profile.project_ties) with the areas they are tied to and why."""
    funding = t("profile.col_funding")
    return Table(tied.select(
        tied["name"].alias(t("profile.col_project")),
        tied["period"].alias(t("profile.col_period")),
        tied["funder"].alias(t("profile.col_funder")),
        tied["total_funding_eur"].alias(funding),
        tied["spend_realization_printed"].alias(t("profile.col_realization")),
        pl.col("areas").list.eval(pl.element().replace_strict(names)).list.join(", ").alias(t("profile.col_tied")),
        tied[f"reason_{lang()}"].alias(t("profile.col_reason")),
    ), {funding: "eur"})


def _gap_text(gap: dict, previous_year: int, names: dict[str, str], indicator_names: dict[str, str],
              is_sector: bool) -> str:
    if gap["kind"] == "kpi_no_value":
        listed = "; ".join(_indicator(r, indicator_names, f", {names[r['service_area']]}") for r in gap["rows"])
        return t("profile.gap_kpi_no_value", n=gap["count"], listed=listed)
    if gap["kind"] == "empty_goals":
        return t(profile.sector_key("profile.gap_empty_goals", is_sector), n=gap["count"], ids=", ".join(gap["ids"]))
    if gap["kind"] == "no_population_2023":
        return t("profile.gap_no_population", year=gap["year"], previous=previous_year)
    return t(f"profile.gap_{gap['kind']}", n=gap["count"])


def gap_items(gaps: list[dict], previous_year: int, names: dict[str, str], indicator_names: dict[str, str],
              is_sector: bool = False) -> str:
    """What the document does not say about an area (questions.profile.gaps), as a Markdown list with sources."""
    return "\n".join(
        f"- {_gap_text(gap, previous_year, names, indicator_names, is_sector)} "
        f"*({t('app.source_lines', lines=gap['source_line']).strip(' ·')})*"
        for gap in gaps
    )


# ---------------------------------------------------------------- about the data
def check_names(checks: pl.DataFrame) -> dict[str, str]:
    """Every kind of check in the checks table, in words."""
    return {c: t(f"about.check_{c}") for c in checks["check"].unique().to_list()}


def verdict_words() -> dict[str, str]:
    return _words("about", ("ok", "rounding", "discrepancy"))


def check_summary_table(summary: pl.DataFrame, check_names: dict[str, str]) -> Table:
    """Verdicts per kind of check (check_results.check_summary), a column per verdict."""
    verdicts = verdict_words()
    return Table(summary.select(
        pl.col("check").replace_strict(check_names).alias(t("about.col_check")),
        *[pl.col(v).alias(verdicts[v]) for v in ("ok", "rounding", "discrepancy")],
    ))


def checks_table(checks: pl.DataFrame, check_names: dict[str, str], names: dict[str, str]) -> Table:
    """Every check of the data: the figure expected, the figure printed, the verdict and the lines."""
    expected, printed, difference = t("about.col_expected"), t("about.col_printed"), t("about.col_difference")
    return Table(checks.select(
        pl.col("check").replace_strict(check_names).alias(t("about.col_check")),
        pl.col("service_area").replace_strict(names, default=pl.col("service_area")).alias(t("about.col_area")),
        pl.col("account").alias(t("about.col_row")),
        pl.col("column").map_elements(column_words, return_dtype=pl.String).alias(t("about.col_column")),
        pl.col("expected").alias(expected),
        pl.col("printed").alias(printed),
        pl.col("difference").alias(difference),
        pl.col("verdict").replace_strict(verdict_words()).alias(t("about.col_verdict")),
        pl.col("source_line").alias(t("about.col_lines")),
    ))  # each figure with the decimals it has: whole euros stay whole
