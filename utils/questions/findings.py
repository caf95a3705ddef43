"""Key findings: a short, deterministic list of what stands out for the chosen areas. Rules, not guesses:
every finding is a claim (utils/questions/claims.py) or a count built from the data, with its scope stated; the
thresholds are stated with the finding. Plain polars."""

from __future__ import annotations

import polars as pl

from utils.core import settings
from utils.core.settings import SECTOR
from utils.questions import claims, goal_table

# Thresholds (config/editorial_figures.toml), stated to users with each finding.
MIN_BUDGET_FOR_PCT_EUR = settings.thresholds()["min_budget_for_pct_eur"]  # a smaller budget line's % is no finding
LOW_SPEND_PCT = settings.thresholds()["low_spend_pct"]  # a project's spend realisation below this is low


def _line_items(wide: pl.DataFrame, areas: tuple[str, ...]) -> pl.DataFrame:
    return wide.filter(
        pl.col("statement") == "income_statement",
        pl.col("service_area").is_in(list(areas)),
        ~pl.col("is_subtotal"),
        pl.col("account_kind").is_in(["income", "cost"]),
    )


def _largest(cs: list[claims.Claim], key) -> claims.Claim | None:
    """The claim with the largest key; ties go to the first in printed order (areas, then rows)."""
    best = None
    for c in cs:
        if key(c) is not None and (best is None or key(c) > key(best)):
            best = c
    return best


def key_findings(wide: pl.DataFrame, scorecard: pl.DataFrame, goals: pl.DataFrame, projects: pl.DataFrame,
                 areas: tuple[str, ...], accounts: dict, population_reasons: dict | None = None,
                 per: int | None = None) -> list[dict]:
    """Findings as data: `kind`, the claims it states (`claim`, `claims`), its scope and `source_line`."""
    out: list[dict] = []
    items = _line_items(wide, areas).sort("service_area", "row_order")
    budget = [claims.budget_claim(r, accounts, per) for r in items.iter_rows(named=True)]

    # largest deviations from budget in euros, one worse and one better than budget (income and costs alike)
    worse = _largest([c for c in budget if c.favourable is False], lambda c: abs(c.difference))
    if worse:
        out.append({"kind": "largest_worse_eur", "claim": worse, "source_line": worse.source_line})
    better = _largest([c for c in budget if c.favourable is True], lambda c: abs(c.difference))
    if better:
        out.append({"kind": "largest_better_eur", "claim": better, "source_line": better.source_line})

    # largest deviation in per cent among lines with a budget of at least the threshold
    euros = [claims.budget_claim(r, accounts) for r in items.iter_rows(named=True)]  # the threshold is in euros
    big = [b for c, b in zip(euros, budget) if c.base is not None and abs(c.base) >= MIN_BUDGET_FOR_PCT_EUR
           and c.pct is not None]
    by_pct = _largest(big, lambda c: abs(c.pct - 100))
    if by_pct:
        out.append({"kind": "largest_deviation_pct", "claim": by_pct, "source_line": by_pct.source_line,
                    "threshold": claims.fact_claim("threshold", MIN_BUDGET_FOR_PCT_EUR)})

    # largest change from 2023 in euros
    change = _largest([claims.change_claim(r, accounts) for r in items.iter_rows(named=True)],
                      lambda c: None if c.difference is None else abs(c.difference))
    if change:
        out.append({"kind": "largest_change", "claim": change, "source_line": change.source_line})

    # key-figure targets: a count that rests on this site's reading of which direction is better
    judged = scorecard.filter(pl.col("met").is_in(["met", "missed"]))
    missed = judged.filter(pl.col("met") == "missed")
    if judged.height:
        reasons = population_reasons or {}
        missed_claims = [claims.target_claim(r, reasons.get((r["indicator_key"], r["unit"], r["service_area"])))
                         for r in missed.iter_rows(named=True)]
        ties = judged.filter(pl.col("actual") == pl.col("target")).height
        # met verdicts that need a word beside them too (a target on another population than its actual's)
        doubtful_met = [c for c in (claims.target_claim(r, reasons.get((r["indicator_key"], r["unit"],
                                                                         r["service_area"])))
                                    for r in judged.filter(pl.col("met") == "met").iter_rows(named=True))
                        if c.reason and c.reason != "tie"]
        out.append({
            "kind": "targets_missed",
            "claim": claims.count_claim("kpi_targets_missed", missed.height, judged.height,
                                        area=_scope(areas), judgement=bool(judged["better_is_judgement"].any()),
                                        source_line=";".join(sorted(set(judged["source_line"].to_list())))),
            "claims": missed_claims, "ties": ties, "doubtful_met": doubtful_met,
            "source_line": ";".join(sorted(set(missed["source_line"].to_list()))),
        })

    # goals: the goals page's scope (for areas, the council's sector-wide goals and the areas' operational goals)
    sector = areas == (SECTOR,)
    chosen_goals = goal_table.goals_in_scope(goals, () if sector else areas)
    not_met = chosen_goals.filter(~pl.col("is_empty"), pl.col("status") != goal_table.MET)
    empty = chosen_goals.filter(pl.col("is_empty"))
    if not_met.height or empty.height:
        out.append({"kind": "goals_not_met" if sector else "goals_not_met_areas",
                    "claim": claims.count_claim("goals_not_met", not_met.height,
                                                chosen_goals.filter(~pl.col("is_empty")).height, area=_scope(areas)),
                    "empty": claims.count_claim("goals_empty", empty.height, chosen_goals.height, area=_scope(areas)),
                    "source_line": ";".join(not_met["source_line"].to_list() + empty["source_line"].to_list())})

    # projects: the project table names no service area, so this finding is the sector's whatever the filter
    low = projects.filter(
        ~pl.col("is_total"), ~pl.col("started_h2_2024"), pl.col("spend_realization_pct").is_not_null(),
        pl.col("spend_realization_pct") < LOW_SPEND_PCT,
    ).sort("spend_realization_pct")
    late = projects.filter(~pl.col("is_total"), pl.col("started_h2_2024"))
    if low.height or late.height:
        out.append({
            "kind": "low_spend_projects" if sector else "low_spend_projects_sector",
            "claim": claims.count_claim("low_spend_projects", low.height, projects.filter(~pl.col("is_total")).height),
            "threshold": claims.fact_claim("threshold", LOW_SPEND_PCT, unit=claims.PCT),
            "projects": [(name, period, claims.fact_claim("spend_realization", pct, unit=claims.PCT, label=name))
                         for name, period, pct in low.select("name", "period", "spend_realization_pct").rows()],
            "late": claims.count_claim("late_starters", late.height, projects.filter(~pl.col("is_total")).height),
            "source_line": ";".join(low["source_line"].to_list()),
        })
    return out


def _scope(areas: tuple[str, ...]) -> str:
    """The area code a count covers: ALL, one area, or the first of several (the finding names them all)."""
    return areas[0] if len(areas) == 1 else (SECTOR if SECTOR in areas else "+".join(areas))
