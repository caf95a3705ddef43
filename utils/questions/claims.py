"""Claims: every comparison the explorer states, computed once as data, rendered into words per language.

A claim holds the figures (value and base), what they are about (subject, its side: income, cost or net cost),
its scope (service area, years, unit), the direction that follows from the sign *and* the side, whether the
verdict rests on this site's judgement (and why it may be doubtful), and its source lines. Findings, cite
sentences, table words and chart colours are all read off claims; nothing else decides a direction.

Sign convention for users: costs and income are positive amounts; a difference is value − base
(actual − budget, 2024 − 2023, actual − target). data/*.csv keep the document's own signs.

Plain Python: no streamlit. Words come from locales/<lang>/claims.toml through utils.core.i18n.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

import polars as pl

from utils.core import i18n, settings
from utils.core.fi_numbers import decimals_needed, format_eur, format_number, format_pct

# comparisons
BUDGET = "budget"  # actual against budget (2024)
CHANGE = "change"  # 2024 actual against 2023 actual
TARGET = "target"  # key figure: actual against target (2024)
COUNT = "count"  # n of total (goals, targets)
FACT = "fact"  # a single stated figure (population, a threshold, an amount)

# sides: what a figure is, which decides whether "more" is better
INCOME, COST, NET, INDICATOR, NONE = "income", "cost", "net", "indicator", "none"

EUR = "eur"
EUR_PER_RESIDENT = "eur_per_resident"
PCT = "pct"


@dataclass(frozen=True)
class Claim:
    comparison: str
    subject: str  # printed account label, indicator key or a fact key
    side: str
    area: str  # service-area code; settings.SECTOR = the whole sector
    value: float | None  # actual (or 2024, or the fact itself)
    base: float | None = None  # budget, 2023 actual or target
    unit: str = EUR  # eur | eur_per_resident | pct | count | a key figure's own unit (Finnish, as printed)
    unit_en: str | None = None
    year: int = field(default_factory=settings.budget_year)
    base_year: int | None = None
    better: str | None = None  # key figures: higher | lower | none
    judgement: bool = False  # the verdict is this site's reading (which direction is better)
    reason: str | None = None  # why a verdict needs a word beside it: tie | population_base | zero_base
    source_line: str = ""
    decimals: int = 0
    label: str | None = None  # subject's display name, when it is not an account or indicator name
    euro_pct: float | None = None  # per resident: the percentage computed from the euro figures, not the rounded ones
    euro_difference: float | None = None  # per resident: the difference in euros (its sign decides the direction)
    divisor: int | None = None  # per resident: the population the euro figures were divided by

    # ---------------------------------------------------------------- derived figures
    @property
    def difference(self) -> float | None:
        if self.value is None or self.base is None:
            return None
        shown = round(self.value - self.base, 2) if self.divisor else self.value - self.base
        if self.euro_difference is not None and self.divisor and not shown:
            # per resident, two figures that round alike: the euros say which way and by how much (under 0,01)
            return round(self.euro_difference / self.divisor, 2)
        return shown  # per resident: the difference of the two figures printed beside it

    @property
    def pct(self) -> float | None:
        """Budget: actual as % of budget (2 decimals). Change: change in % of 2023 (1 decimal). Else None."""
        if self.value is None or not self.base:
            return None
        if self.euro_pct is not None:
            return self.euro_pct
        if self.comparison == BUDGET:
            return round(self.value / self.base * 100, 2)
        if self.comparison == CHANGE:
            return round((self.value - self.base) / abs(self.base) * 100, 1)
        return None

    @property
    def direction(self) -> str:
        """budget: over | under | on | no_base; change: up | down | same | no_base;
        target: met | missed | no_direction | no_value; count and fact: none."""
        if self.comparison in (COUNT, FACT):
            return "none"
        if self.value is None or self.base is None:
            return "no_value" if self.comparison == TARGET else "no_base"
        if self.comparison == BUDGET and self.base == 0:
            return "no_base"
        diff = self.euro_difference if self.euro_difference is not None else self.value - self.base
        if self.comparison == BUDGET:
            return "over" if diff > 0 else "under" if diff < 0 else "on"
        if self.comparison == CHANGE:
            return "up" if diff > 0 else "down" if diff < 0 else "same"
        if self.better not in ("higher", "lower"):
            return "no_direction"
        if diff == 0:
            return "met"  # a tie meets the target; `reason` says so
        return "met" if (diff > 0) == (self.better == "higher") else "missed"

    @property
    def favourable(self) -> bool | None:
        """True when the outcome is better than its base for the city, False when worse, None when neither
        applies (no base, a change between years, a count)."""
        d = self.direction
        if self.comparison == BUDGET:
            if d not in ("over", "under"):
                return None
            more_is_better = self.side == INCOME
            return (d == "over") == more_is_better
        if self.comparison == TARGET:
            return {"met": True, "missed": False}.get(d)
        return None

    def as_dict(self) -> dict:
        out = asdict(self)
        out.update(direction=self.direction, difference=self.difference, pct=self.pct, favourable=self.favourable)
        return out


# ---------------------------------------------------------------- sides of accounts
def side_of(label: str, accounts: dict) -> str:
    """income / cost / net from the mapping: `side` where the mapping gives one, else `shown_as`."""
    spec = accounts.get(label, {})
    return spec.get("side", spec.get("shown_as", COST))


# ---------------------------------------------------------------- builders
def budget_claim(row: dict, accounts: dict, per: int | None = None) -> Claim:
    """A statement row (finance_wide with shown_* columns) as actual against budget, in euros or per resident."""
    return _money_claim(BUDGET, row, accounts, "shown_actual_eur", "shown_budget_eur", None, per)


def change_claim(row: dict, accounts: dict, per: int | None = None) -> Claim:
    """A statement row as 2024 actual against 2023 actual (nominal euros)."""
    return _money_claim(CHANGE, row, accounts, "shown_actual_eur", "shown_actual_2023_eur",
                        settings.previous_year(), per)


def _money_claim(comparison: str, row: dict, accounts: dict, value_col: str, base_col: str,
                 base_year: int | None, per: int | None) -> Claim:
    value, base = row.get(value_col), row.get(base_col)
    euro = Claim(comparison=comparison, subject="", side=NONE, area="", value=value, base=base)
    if per:
        value = None if value is None else round(value / per, 2)
        base = None if base is None else round(base / per, 2)
    return Claim(
        comparison=comparison, subject=row["account"], side=side_of(row["account"], accounts),
        area=row["service_area"], value=value, base=base, unit=EUR_PER_RESIDENT if per else EUR,
        base_year=base_year, source_line=str(row.get("source_line") or ""), decimals=2 if per else 0,
        reason="zero_base" if comparison == BUDGET and base == 0 else None, euro_pct=euro.pct if per else None,
        euro_difference=euro.difference if per else None, divisor=per or None,
    )


def target_claim(row: dict, reason: str | None = None) -> Claim:
    """A key-figure scorecard row (key_figures.kpi_scorecard) as actual against target."""
    actual, target = row.get("actual"), row.get("target")
    tie = actual is not None and target is not None and actual == target and row.get("better") in ("higher", "lower")
    return Claim(
        comparison=TARGET, subject=row["indicator_key"], side=INDICATOR, area=row["service_area"],
        value=actual, base=target, unit=row["unit"], unit_en=row.get("unit_en"), better=row.get("better"),
        judgement=bool(row.get("better_is_judgement")), reason=reason or ("tie" if tie else None),
        source_line=str(row.get("source_line") or ""), decimals=_decimals(actual, target),
    )


def count_claim(subject: str, count: int, total: int, area: str = settings.SECTOR, judgement: bool = False,
                source_line: str = "") -> Claim:
    return Claim(comparison=COUNT, subject=subject, side=NONE, area=area, value=count, base=total, unit="count",
                 judgement=judgement, source_line=source_line)


def fact_claim(subject: str, value: float | None, unit: str = EUR, area: str = settings.SECTOR, source_line: str = "",
               decimals: int = 0, year: int | None = None, label: str | None = None) -> Claim:
    return Claim(comparison=FACT, subject=subject, side=NONE, area=area, value=value, unit=unit,
                 source_line=source_line, decimals=decimals, year=year or settings.budget_year(), label=label)


def decimals_of(value) -> int:
    """Decimals a printed figure needs (at most 2): 439.58 -> 2, 441.0 -> 0."""
    return _decimals(value)


def _decimals(*values) -> int:
    """Decimals a key figure needs: as many as its most precise value has (at most 2)."""
    return decimals_needed(*values)


def per_resident(claim: Claim, population: int) -> Claim:
    """The same claim per resident (2 decimals)."""
    if claim.unit != EUR:
        return claim
    def scale(v):
        return None if v is None else round(v / population, 2)

    return replace(claim, value=scale(claim.value), base=scale(claim.base), unit=EUR_PER_RESIDENT, decimals=2,
                   euro_pct=claim.pct, euro_difference=claim.difference, divisor=population)


# ---------------------------------------------------------------- formatting figures
def fmt(claim: Claim, amount: float | None, lang: str, signed: bool = False) -> str:
    """A figure of the claim in its unit and the language's number format; U+2212 for minus."""
    if amount is None:
        return i18n.t(lang, "claims.missing")
    unit = claim.unit
    if unit == EUR:
        text = format_eur(abs(amount) if signed else amount, claim.decimals, lang)
    elif unit == EUR_PER_RESIDENT:
        text = format_eur(abs(amount) if signed else amount, claim.decimals, lang) + i18n.t(
            lang, "claims.per_resident_suffix")
    elif unit == PCT:
        text = format_pct(abs(amount) if signed else amount, claim.decimals, lang)
    elif unit == "count":
        text = format_number(abs(amount) if signed else amount, 0, lang)
    else:
        number = format_number(abs(amount) if signed else amount, claim.decimals, lang)
        kpi_unit = unit if lang == "fi" or not claim.unit_en else claim.unit_en
        if kpi_unit == "%":
            text = format_pct(abs(amount) if signed else amount, claim.decimals, lang)
        elif lang != "fi" and kpi_unit.startswith("€/"):
            text = f"€{number}{kpi_unit[1:]}"  # English: €811/resident
        else:
            text = f"{number}\u00a0{kpi_unit}"
    if signed and amount:
        text = ("+" if amount > 0 else "\u2212") + text
    return text


def figures(claim: Claim, lang: str) -> set[str]:
    """Every formatted figure a rendering of the claim may show (what the fact-check test accepts)."""
    out = {fmt(claim, claim.value, lang), fmt(claim, claim.base, lang)} if claim.base is not None else {
        fmt(claim, claim.value, lang)}
    diff = claim.difference
    if diff is not None:
        out |= {fmt(claim, abs(diff), lang), fmt(claim, diff, lang, signed=True)}
    if claim.pct is not None:
        decimals = 2 if claim.comparison == BUDGET else 1
        out |= {format_pct(claim.pct, decimals, lang), format_pct(abs(claim.pct), decimals, lang),
                ("+" if claim.pct > 0 else "\u2212" if claim.pct < 0 else "") + format_pct(abs(claim.pct), decimals,
                                                                                         lang)}
    return out


# ---------------------------------------------------------------- words
def words(claim: Claim, lang: str, with_figure: bool = True, short: bool = False) -> str:
    """The direction in words that follow from sign and side: 'income 543 027 € short of budget',
    'costs 253 543 € under budget', 'up 271 409 € (+757,0 %)', 'target met (this site's reading: ...)'."""
    def t(key: str, **kw) -> str:
        return i18n.t(lang, f"claims.{key}", **kw)

    d = claim.direction
    gap = fmt(claim, abs(claim.difference), lang) if claim.difference is not None else ""
    if claim.comparison == BUDGET:
        if d in ("over", "under"):
            if short:  # the subject is named beside it (a metric's label): the gap and the side of the budget
                return t(f"budget_gap_{d}", gap=gap)
            key = f"budget_{claim.side if claim.side in (INCOME, COST, NET) else COST}_{d}"
            return t(key + ("" if with_figure else "_short"), gap=gap)
        return t(f"budget_{d}")
    if claim.comparison == CHANGE:
        if d in ("up", "down"):
            pct = claim.pct
            pct_text = "" if pct is None else t("change_pct", pct=("+" if pct > 0 else "\u2212") + format_pct(
                abs(pct), 1, lang))
            return t(f"change_{d}" + ("" if with_figure else "_short"), gap=gap, pct=pct_text)
        return t(f"change_{d}")
    if claim.comparison == TARGET:
        text = t(f"target_{d}")
        notes = []
        if claim.judgement and d in ("met", "missed"):
            notes.append(t(f"judgement_{claim.better}"))
        if claim.reason:
            notes.append(t(f"reason_{claim.reason}"))
        return text + (" (" + "; ".join(notes) + ")" if notes else "")
    return ""


def subject_name(claim: Claim, lang: str, account_names: dict, area_names: dict,
                 indicator_names: dict | None = None, with_area: bool = True) -> str:
    if claim.label:
        name = claim.label
    elif claim.side == INDICATOR:
        name = (indicator_names or {}).get(claim.subject, claim.subject)
        unit = claim.unit if lang == "fi" or not claim.unit_en else claim.unit_en
        name = f"{name} ({unit})"
    else:
        name = account_names.get(claim.subject, claim.subject)
    return f"{name} ({area_names[claim.area]})" if with_area else name


def sentence(claim: Claim, lang: str, subject: str) -> str:
    """One full sentence of the claim: subject, both figures, the direction in words."""
    def t(key: str, **kw) -> str:
        return i18n.t(lang, f"claims.{key}", **kw)

    value, base = fmt(claim, claim.value, lang), fmt(claim, claim.base, lang)
    if claim.comparison == BUDGET:
        pct = "" if claim.pct is None else t("budget_pct", pct=format_pct(claim.pct, 2, lang))
        return t("budget_sentence", subject=subject, value=value, base=base, words=words(claim, lang), pct=pct)
    if claim.comparison == CHANGE:
        return t("change_sentence", subject=subject, value=value, base=base, words=words(claim, lang))
    if claim.comparison == TARGET:
        return t("target_sentence", subject=subject, value=value, base=base, words=words(claim, lang))
    if claim.comparison == COUNT:
        return t("count_sentence", subject=subject, value=value, base=base)
    return t("fact_sentence", subject=subject, value=value)


def brief(claim: Claim, lang: str, subject: str) -> str:
    """A target claim in a list whose lead sentence already says the verdict and its judgement: subject, both
    figures, and a reason only where one applies (population bases, ties)."""
    reason = "" if not claim.reason else " (" + i18n.t(lang, f"claims.reason_{claim.reason}") + ")"
    return i18n.t(lang, "claims.target_brief", subject=subject, value=fmt(claim, claim.value, lang),
                  base=fmt(claim, claim.base, lang), reason=reason)


# ---------------------------------------------------------------- frames: the same claims, row by row
def budget_frame(rows: pl.DataFrame, accounts: dict, lang: str, per: int | None = None) -> pl.DataFrame:
    """Statement rows with the budget claim's figures and words: budget_shown, actual_shown, difference
    (actual − budget), realization_pct, direction, favourable, words (short, no figure)."""
    claims = [budget_claim(r, accounts, per) for r in rows.iter_rows(named=True)]
    return rows.with_columns(_claim_columns(claims, lang))


def change_frame(rows: pl.DataFrame, accounts: dict, lang: str, per: int | None = None) -> pl.DataFrame:
    claims = [change_claim(r, accounts, per) for r in rows.iter_rows(named=True)]
    return rows.with_columns(_claim_columns(claims, lang))


def target_frame(scorecard: pl.DataFrame, reasons: dict | None = None, lang: str = "fi") -> pl.DataFrame:
    reasons = reasons or {}
    claims = [target_claim(r, reasons.get((r["indicator_key"], r["unit"], r["service_area"])))
              for r in scorecard.iter_rows(named=True)]
    return scorecard.with_columns(_claim_columns(claims, lang))


def _claim_columns(claims: list[Claim], lang: str) -> list[pl.Series]:
    return [
        pl.Series("claim_value", [c.value for c in claims], dtype=pl.Float64),
        pl.Series("claim_base", [c.base for c in claims], dtype=pl.Float64),
        pl.Series("difference", [c.difference for c in claims], dtype=pl.Float64),
        pl.Series("claim_pct", [c.pct for c in claims], dtype=pl.Float64),
        pl.Series("direction", [c.direction for c in claims], dtype=pl.String),
        pl.Series("favourable", [c.favourable for c in claims], dtype=pl.Boolean),
        pl.Series("judgement", [_judgement_code(c) for c in claims], dtype=pl.String),
        pl.Series("words", [words(c, lang, with_figure=False) for c in claims], dtype=pl.String),
    ]


def _judgement_code(claim: Claim) -> str:
    """better / worse / neutral: the colour a chart gives the claim (same in every language)."""
    f = claim.favourable
    return "neutral" if f is None else ("better" if f else "worse")
