"""The profile of one service area (or the whole sector): everything the statement says about it, on one page.

Pure polars and plain Python, no streamlit: the profile page (pages/profile.py) and the printable report
(utils/report/) both read what `build` returns. Every figure comes from the same questions the detailed pages
ask (utils/questions/finance.py, key_figures.py, goal_table.py, project_table.py) and every comparison is a
claim (utils/questions/claims.py); this module only chooses, for one area, which of their answers to show.
Editorial settings and the hand-reviewed ties of projects to areas live in config/profile.toml (read by
utils/core/settings.py); the years compared are the mapping's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from utils.core import i18n
from utils.core import settings as core_settings
from utils.core.fi_numbers import format_number
from utils.questions import (
    claims,
    document_text,
    finance,
    goal_table,
    key_figures,
    project_table,
)

SECTOR = core_settings.SECTOR  # the pages name it profile.SECTOR

# the detailed page (its URL path) that each section of the profile summarises
PAGES = {
    "description": "texts",
    "net_cost": "budget",
    "change": "years",
    "deviations": "budget",
    "kpis": "kpis",
    "goals": "goals",
    "risks": "risks",
    "projects": "projects",
    "gaps": "about",
}


class ProfileConfigError(ValueError):
    """config/profile.toml does not match the data (a project missing, unknown or tied to an unknown area)."""


# ------------------------------------------------------------------ names (plain Python, from the mapping)
def area_names(mapping: dict, lang: str) -> dict[str, str]:
    return {code: spec[f"short_{lang}"] for code, spec in mapping["areas"].items()}


def account_names(mapping: dict, lang: str) -> dict[str, str]:
    return {label: (label if lang == "fi" else spec.get(lang, label)) for label, spec in mapping["accounts"].items()}


def indicator_names(mapping: dict, lang: str) -> dict[str, str]:
    return {s["key"]: s.get(lang, s["fi"]) for s in mapping["indicators"]}


def chosen_area(areas: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The area a profile shows for the filter's areas: the first in filter order, and the others to link to.
    No areas: the whole sector."""
    if not areas:
        return SECTOR, ()
    return areas[0], tuple(areas[1:])


# ------------------------------------------------------------------ the profile
@dataclass
class Profile:
    area: str
    year: int  # the year compared (the mapping's budget year), whatever the year filter says
    previous_year: int
    description: dict  # heading, paragraphs, source_line
    net_cost: dict  # finance.net_cost + per resident 2024 + its claims
    deviations: list[claims.Claim]  # the largest deviations from budget among non-subtotal lines
    deviation_rows: pl.DataFrame
    commentary: dict  # the document's budget commentary for the area: heading, paragraphs, source_line
    kpis: pl.DataFrame  # key_figures.kpi_scorecard for the area (every area for the sector)
    kpi_claims: list[claims.Claim]
    goals: pl.DataFrame  # goal_table.goals_in_scope for the area
    goal_counts: pl.DataFrame  # goal_table.goal_status_counts of those goals
    risks: pl.DataFrame  # every risk: the table names no area
    projects: pl.DataFrame  # every project row with its tie (areas, reason) and whether it is tied to this area
    gaps: list[dict] = field(default_factory=list)  # what the document does not say about the area

    @property
    def is_sector(self) -> bool:
        return self.area == SECTOR

    @property
    def tied_projects(self) -> pl.DataFrame:
        return self.projects.filter(pl.col("tied_here"))

    @property
    def untied_projects(self) -> pl.DataFrame:
        return self.projects.filter(pl.col("areas").list.len() == 0)


def build(tables: dict[str, pl.DataFrame], area: str, mapping: dict, wide: pl.DataFrame | None = None,
          config: dict | None = None) -> Profile:
    """The profile of `area` (a service-area code, or ALL for the whole sector) from the published tables."""
    config = config or core_settings.profile_settings()
    if area not in mapping["areas"]:
        raise ValueError(f"unknown service area {area!r}")
    wide = finance.finance_wide(tables["finance"]) if wide is None else wide
    options = config["profile"]
    scope = (area,)
    areas_for_rows = None if area == SECTOR else scope  # key figures and goals: every area for the sector

    net = net_cost_section(wide, area, tables["population"], mapping)
    top, top_claims = largest_deviations(wide, area, mapping, options["top_deviations"])
    scorecard = key_figures.kpi_scorecard(tables["kpis"], areas_for_rows)
    # a verdict on a target whose population base differs from its actual's says so (key_figures.population_reasons)
    reasons = key_figures.population_reasons(tables["checks"], tables["kpis"])
    goals = goal_table.goals_in_scope(tables["goals"], () if area == SECTOR else scope)
    projects = project_ties(tables["projects"], config, area)
    profile = Profile(
        area=area,
        year=core_settings.budget_year(),
        previous_year=core_settings.previous_year(),
        description=texts_section(tables["texts"], "description", area),
        net_cost=net,
        deviations=top_claims,
        deviation_rows=top,
        commentary=texts_section(tables["texts"], "budget_commentary", area),
        kpis=scorecard,
        kpi_claims=[claims.target_claim(r, key_figures.reason_of(reasons, r)) for r in scorecard.iter_rows(named=True)],
        goals=goals,
        goal_counts=goal_table.goal_status_counts(goals),
        risks=tables["risks"].sort("risk_id"),
        projects=projects,
    )
    profile.gaps = gaps(profile, tables["goals"])
    return profile


def largest_deviations(wide: pl.DataFrame, area: str, mapping: dict, n: int) -> tuple[pl.DataFrame, list[claims.Claim]]:
    """The overview's question for one area: income and cost lines without subtotals (finance.line_items), as
    budget claims, by the size of actual − budget, ties in printed order; the first n rows and their claims."""
    lines = finance.line_items(wide, (area,))
    line_claims = [claims.budget_claim(r, mapping["accounts"]) for r in lines.iter_rows(named=True)]
    order = sorted(range(len(line_claims)), key=lambda i: -abs(line_claims[i].difference or 0))[:n]
    return lines[order], [line_claims[i] for i in order]


def texts_section(texts: pl.DataFrame, topic: str, area: str) -> dict:
    """The document's paragraphs of one topic for one area, in document order."""
    rows = texts.filter(pl.col("topic") == topic, pl.col("service_area") == area).sort("text_id")
    return {
        "heading": rows["heading"].drop_nulls().first() if rows.height else None,
        "paragraphs": [document_text.one_line(t) for t in rows["text"].to_list()],
        "source_line": document_text.compact_lines(rows["source_line"].cast(pl.String)),
    }


def net_cost_section(wide: pl.DataFrame, area: str, population: pl.DataFrame, mapping: dict) -> dict:
    """Net cost 2024 against budget and against 2023 (the budget page's and the years page's figures), and per
    resident for 2024 only: the document states its population for 2024 and for no other year."""
    net = finance.net_cost(wide, area)
    row = wide.filter(pl.col("statement") == "income_statement", pl.col("service_area") == area,
                      pl.col("account") == finance.NET_COST_ACCOUNT).row(0, named=True)
    pop = population.row(0, named=True)
    n = pop["population"]
    return {
        **net,
        "budget_claim": claims.budget_claim(row, mapping["accounts"]),
        "change_claim": claims.change_claim(row, mapping["accounts"]),
        "population": n,
        "population_year": pop["year"],
        "population_line": str(pop["source_line"]),
        "actual_per_resident": round(net["actual_eur"] / n, 2),
        "budget_per_resident": round(net["budget_eur"] / n, 2),
    }


def project_ties(projects: pl.DataFrame, config: dict, area: str) -> pl.DataFrame:
    """Every printed project row with the areas config/profile.toml ties it to and why; `tied_here` marks the
    rows tied to `area` (for the whole sector: every row tied to some area).

    projects (project_table.project_rows) -> project_no | name | period | funder | total_funding_eur
        | spend_realization_printed | source_line | areas (list) | reason_fi | reason_en | tied_here
    """
    rows = project_table.project_rows(projects)
    ties = config.get("projects", [])
    keyed = {(t["name"], t["period"]): t for t in ties}
    if len(keyed) != len(ties):
        raise ProfileConfigError("config/profile.toml names a project twice")
    printed = set(zip(rows["name"].to_list(), rows["period"].to_list()))
    missing = printed - set(keyed)
    unknown = set(keyed) - printed
    if missing or unknown:
        raise ProfileConfigError(
            f"config/profile.toml does not match data/projects.csv: missing {sorted(missing)}, "
            f"unknown {sorted(unknown)}"
        )
    tie = [keyed[(n, p)] for n, p in zip(rows["name"].to_list(), rows["period"].to_list())]
    return (
        rows.select("project_no", "name", "period", "funder", "total_funding_eur", "spend_realization_printed",
                    "source_line")
        .with_columns(
            pl.Series("areas", [list(t["areas"]) for t in tie], dtype=pl.List(pl.String)),
            pl.Series("reason_fi", [t["reason_fi"] for t in tie], dtype=pl.String),
            pl.Series("reason_en", [t["reason_en"] for t in tie], dtype=pl.String),
        )
        .with_columns(
            (pl.col("areas").list.len() > 0 if area == SECTOR else pl.col("areas").list.contains(area))
            .alias("tied_here")
        )
    )


def gaps(profile: Profile, all_goals: pl.DataFrame) -> list[dict]:
    """What the document does not say about the area, each with the rows that show it.

    kind: empty_goals (goal rows empty but for 'Ei tietoa', naming no area), kpi_no_value (a key figure without a
    usable target or actual), no_population_2023 (no per-resident figure for 2023), risks_no_area (the risk table
    names no area), untied_projects (projects the document places in no area)."""
    out: list[dict] = []
    empty = all_goals.filter(pl.col("is_empty"))
    if empty.height:
        out.append({"kind": "empty_goals", "count": empty.height, "ids": empty["goal_id"].to_list(),
                    "source_line": document_text.compact_lines(empty["source_line"].cast(pl.String))})
    no_value = profile.kpis.filter(pl.col("met") == "no_value")
    if no_value.height:
        out.append({"kind": "kpi_no_value", "count": no_value.height,
                    "rows": no_value.select("indicator_key", "unit", "unit_en", "service_area", "target_text",
                                            "actual_text", "note_codes", "source_line").to_dicts(),
                    "source_line": document_text.compact_lines(no_value["source_line"].cast(pl.String))})
    out.append({"kind": "no_population_2023", "count": 1, "year": profile.net_cost["population_year"],
                "source_line": profile.net_cost["population_line"]})
    out.append({"kind": "risks_no_area", "count": profile.risks.height,
                "source_line": document_text.compact_lines(profile.risks["source_line"].cast(pl.String))})
    untied = profile.untied_projects
    if untied.height:
        out.append({"kind": "untied_projects", "count": untied.height,
                    "source_line": document_text.compact_lines(untied["source_line"])})
    return out


# ------------------------------------------------------------------ words
def claim_sentence(claim: claims.Claim, lang: str, mapping: dict, with_area: bool = False) -> str:
    """One comparison as a sentence in `lang`, in the words of the claim model (utils/questions/claims.py): the
    direction
    follows the sign and the account's side (income below budget is a shortfall, costs over budget an overrun)."""
    subject = claims.subject_name(claim, lang, account_names(mapping, lang), area_names(mapping, lang),
                                  indicator_names(mapping, lang), with_area=with_area)
    return claims.sentence(claim, lang, subject)


def verdict_words(claim: claims.Claim, lang: str) -> str:
    """The direction of a claim in words, with its figure ('net cost 154 184 € under budget')."""
    return claims.words(claim, lang)


def kpi_counts(profile: Profile) -> dict:
    """How the key figures went: n, met, missed, other (no value or no direction) and whether any verdict rests on
    this site's reading of which direction is better (judgement); area: the profile's (their scope)."""
    counts = dict(profile.kpis["met"].value_counts().rows()) if profile.kpis.height else {}
    return {"n": profile.kpis.height, "met": counts.get("met", 0), "missed": counts.get("missed", 0),
            "other": counts.get("no_value", 0) + counts.get("no_direction", 0),
            "judgement": any(c.judgement for c in profile.kpi_claims), "area": profile.area}


def kpi_figure(claim: claims.Claim, which: str, printed: str | None, lang: str) -> str:
    """A key figure's target (`which` = "target") or actual ("actual") in `lang`'s number format, with the
    claim's decimals (its unit is in the key figure's name beside it); where the document's cell has no usable
    number, its text marked as printed (the document's own format), or a dash where the cell is empty."""
    amount = claim.base if which == "target" else claim.value
    if amount is not None:
        return format_number(amount, claim.decimals, lang)
    if printed:
        return i18n.t(lang, "profile.as_printed", text=document_text.one_line(printed))
    return "–"


def sector_key(key: str, is_sector: bool) -> str:
    """The string key of a text that reads otherwise for the whole sector (its `_sector` variant there)."""
    return f"{key}_sector" if is_sector else key


def reason(row: dict, lang: str) -> str:
    """A project tie's reason in `lang` (Finnish where no translation is given)."""
    return row.get(f"reason_{lang}") or row["reason_fi"]


def canonical_path(area: str, lang: str) -> str:
    """The link that reproduces a profile: /profile?area=X&lang=L (no area for the whole sector)."""
    parts = ([f"area={area}"] if area != SECTOR else []) + [f"lang={lang}"]
    return "/profile?" + "&".join(parts)
