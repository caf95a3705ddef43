"""A fact-checker for rendered pages: every claim a page recorded is checked against the document's own figures,
and every figure in a rendered sentence must come from a recorded claim.

Independent of the claim model on purpose: a line's side (income or cost) is read from the *document's sign*
(it prints costs negative), not from config/mapping.toml, so a wrong kind in the mapping is caught.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import polars as pl

from tests.apptest_helpers import shown_figures
from utils.core import i18n
from utils.core.filters import Filters
from utils.questions import claims

ROOT = Path(__file__).resolve().parents[1]

# claims whose scope is the whole sector under any filter; each page that renders them says so in words
SECTOR_WIDE = {"low_spend_projects", "late_starters", "threshold", "population", "spend_realization",
               "projects_rows_sum", "projects_printed_total", "projects_difference", "project_funding",
               "investments", "editorial", "projects_city_share", "contradiction"}

# the formatter groups digits with no-break spaces; a plain space separates a year from a figure
FI_FIGURE = re.compile(r"(?<![\d,.])[+\u2212-]?\d{1,3}(?:\u00a0\d{3})*(?:,\d+)?\u00a0?(?:€(?:/\w+)?|%)")
EN_FIGURE = re.compile(r"(?<![\d,.])[+\u2212-]?€\d{1,3}(?:,\d{3})*(?:\.\d+)?(?:/\w+)?|[+\u2212-]?\d+(?:\.\d+)?%")
# a figure written in the other language's format: in English a decimal comma or a space before € or %, a digit
# group set off by a space, a Finnish unit; in Finnish a euro sign before the figure or a decimal point
FOREIGN = {
    "en": re.compile(r"\d,\d+[\u00a0 ]?(?:€|%)|\d[\u00a0 ](?:€|%)|\d[\u00a0 ]\d{3}(?!\d)[\u00a0 ]?€|€/ ?asukas"),
    "fi": re.compile(r"€\d|\d\.\d+[\u00a0 ]?(?:€|%)"),
}
# the document's own words, quoted inside a sentence of the other language, keep their format
QUOTED = re.compile(r"“[^”]*”|”[^”]*”|\"[^\"]*\"|«[^»]*»")


@lru_cache(maxsize=1)
def finance() -> pl.DataFrame:
    return pl.read_csv(ROOT / "data" / "finance.csv", infer_schema_length=0).with_columns(
        pl.col("amount_eur").cast(pl.Int64), pl.col("year").cast(pl.Int64))


@lru_cache(maxsize=1)
def population() -> int:
    return int(pl.read_csv(ROOT / "data" / "population.csv")["population"][0])


def printed(area: str, account: str) -> dict[str, int]:
    """The document's printed amounts of one income-statement row: {'budget_2024': …, 'actual_2024': …}."""
    df = finance().filter(pl.col("statement") == "income_statement", pl.col("service_area") == area,
                          pl.col("account") == account)
    return {f"{s}_{y}": a for s, y, a in df.select("scenario", "year", "amount_eur").rows()}


def document_side(amounts: dict[str, int]) -> str | None:
    """cost when the document prints the row negative, income when positive; None when every amount is 0."""
    if any(v < 0 for v in amounts.values()):
        return "cost"
    if any(v > 0 for v in amounts.values()):
        return "income"
    return None


def _scope_problems(c: dict, filters: Filters, name: str) -> list[str]:
    """The claim's scope against the filter's areas (or a sector-wide claim the page labels as such) and its unit:
    per resident when chosen, for every budget figure."""
    problems: list[str] = []
    allowed = set(filters.area_codes)
    areas = set(c["area"].split("+"))
    if not areas <= allowed and c["subject"] not in SECTOR_WIDE and c["comparison"] != claims.TARGET:
        problems.append(f"{name}: scope {c['area']} outside the filter {sorted(allowed)}")
    if c["comparison"] == claims.TARGET and filters.areas and c["area"] not in filters.areas:
        problems.append(f"{name}: key figure of another area")
    if filters.measure == "per_resident" and c["comparison"] == claims.BUDGET and c["unit"] != claims.EUR_PER_RESIDENT:
        problems.append(f"{name}: in euros although per resident is chosen")
    return problems


def _figure_problems(c: dict, amounts: dict[str, int], side: str | None, name: str) -> list[str]:
    """The claim's value and base against the document's printed row (signed by the document's side)."""
    problems: list[str] = []
    value_col, base_col = ("actual_2024", "budget_2024") if c["comparison"] == claims.BUDGET else (
        "actual_2024", "actual_2023")
    sign = -1 if side == "cost" else 1
    for field, col in (("value", value_col), ("base", base_col)):
        expected = None if amounts.get(col) is None else sign * amounts[col]
        if expected is not None and c["unit"] == claims.EUR_PER_RESIDENT:
            expected = round(expected / population(), 2)
        if expected != c[field]:
            problems.append(f"{name}: {field} {c[field]} but the document prints {expected}")
    return problems


def _budget_direction_problems(c: dict, side: str, name: str) -> list[str]:
    """A budget claim's favourable flag and over/under direction against the document's side and figures."""
    problems: list[str] = []
    expected_favourable = (c["value"] > c["base"]) == (side == "income")
    if c["favourable"] is not expected_favourable:
        problems.append(f"{name}: called {'better' if c['favourable'] else 'worse'} than budget, but the "
                        f"document prints it as {side} {c['value']} against {c['base']}")
    expected_direction = "over" if c["value"] > c["base"] else "under"
    if c["direction"] != expected_direction:
        problems.append(f"{name}: direction {c['direction']}, expected {expected_direction}")
    return problems


def _direction_problems(c: dict, side: str | None, name: str) -> list[str]:
    """The claim's direction (and a budget claim's favourable flag) when it has one to check."""
    if side is None or c["value"] is None or c["base"] is None or c["value"] == c["base"]:
        return []
    problems: list[str] = []
    if c["comparison"] == claims.BUDGET and c["base"] != 0:
        problems += _budget_direction_problems(c, side, name)
    if c["comparison"] == claims.CHANGE:
        expected_direction = "up" if c["value"] > c["base"] else "down"
        if c["direction"] != expected_direction:
            problems.append(f"{name}: direction {c['direction']}, expected {expected_direction}")
    return problems


@lru_cache(maxsize=1)
def key_figures() -> pl.DataFrame:
    return pl.read_csv(ROOT / "data" / "kpis.csv", infer_schema_length=0).with_columns(
        pl.col("value").cast(pl.Float64), pl.col("year").cast(pl.Int64))


def _target_problems(c: dict, name: str) -> list[str]:
    """A key figure's actual and target against data/kpis.csv (the document's cells as read), and its verdict
    against the direction kpis.csv records as better."""
    rows = key_figures().filter(pl.col("indicator_key") == c["subject"], pl.col("unit") == c["unit"],
                                pl.col("service_area") == c["area"], pl.col("year") == c["year"])
    if rows.is_empty():
        return [f"{name}: no such key figure in the document"]
    cell = {kind: value for kind, value in rows.select("kind", "value").rows()}
    problems = [f"{name}: {field} {c[field]} but the document's {kind} is {cell.get(kind)}"
                for field, kind in (("value", "actual"), ("base", "target")) if c[field] != cell.get(kind)]
    better = rows["better"][0]
    if c["value"] is not None and c["base"] is not None and better in ("higher", "lower"):
        met = c["value"] >= c["base"] if better == "higher" else c["value"] <= c["base"]
        if c["direction"] != ("met" if met else "missed"):
            problems.append(f"{name}: verdict {c['direction']}, but {better} is better: "
                            f"{c['value']} against {c['base']}")
        if rows["better_is_judgement"][0] == "true" and not c["judgement"]:
            problems.append(f"{name}: a verdict on this site's reading, not marked as one")
    return problems


def check_claim(c: dict, filters: Filters) -> list[str]:
    """Problems of one recorded claim (a dict of Claim.as_dict()) under the filters the page was rendered with."""
    name = f"{c['comparison']} {c['subject']} ({c['area']})"
    problems = _scope_problems(c, filters, name)
    if c["comparison"] == claims.TARGET:
        return problems + _target_problems(c, name)
    if c["comparison"] not in (claims.BUDGET, claims.CHANGE):
        return problems
    # figures and direction against the document's printed row
    amounts = printed(c["area"], c["subject"])
    side = document_side(amounts)
    if not amounts:
        return problems + [f"{name}: no such printed row"]
    return problems + _figure_problems(c, amounts, side, name) + _direction_problems(c, side, name)


def claim_figures(recorded: list[dict], lang: str) -> set[str]:
    out: set[str] = set()
    fields = set(claims.Claim.__dataclass_fields__)
    for c in recorded:
        claim = claims.Claim(**{k: v for k, v in c.items() if k in fields})
        out |= {_norm(f) for f in claims.figures(claim, lang)}
        # a claim's sentence is rendered by the claim model: every figure in it is the claim's own
        for text in (claims.words(claim, lang),):
            out |= {_norm(m) for m in _figures_in(text, lang)}
    return out


@lru_cache(maxsize=4)
def template_figures(lang: str) -> frozenset[str]:
    """Figures written into the UI strings themselves (e.g. '100 % = the actual equals the target')."""
    return frozenset(_norm(m) for text in i18n.strings(lang).values() for m in _figures_in(text, lang))


def _figures_in(text: str, lang: str) -> list[str]:
    return (FI_FIGURE if lang == "fi" else EN_FIGURE).findall(text.replace("\\", ""))


def _norm(figure: str) -> str:
    return figure.replace("\u00a0", " ").replace("\\", "").lstrip("+")


def rendered_sentences(at) -> list[str]:
    """Every sentence a page rendered: markdown (but the document's own quoted words), captions, metrics,
    notices and the copyable cite sentence."""
    quote_labels = tuple(i18n.t(lang, "app.quote_label") for lang in ("fi", "en"))
    out: list[str] = []
    for el in at.markdown:
        if not el.value.lstrip("*").startswith(quote_labels):
            out.append(el.value)
    for kind in ("caption", "info", "warning", "error", "success", "code", "text"):
        out += [el.value for el in getattr(at, kind)]
    for m in shown_figures(at):
        out += [m.label, m.value, m.delta or "", m.note or ""]
    out += [el.value for el in at.get("text_area")]
    return out


def chart_descriptions(at) -> list[str]:
    """Every chart's text description (its Vega-Lite `description`, what a screen reader reads): its figures are
    the chart's own data, so they are checked for their language's format here, not against recorded claims."""
    return [json.loads(el.proto.spec).get("description", "") for el in at.get("vega_lite_chart")]


def orphan_figures(at, recorded: list[dict], lang: str) -> list[str]:
    allowed = claim_figures(recorded, lang) | template_figures(lang)
    orphans = []
    for text in rendered_sentences(at):
        for fig in _figures_in(text, lang):
            if _norm(fig) not in allowed:
                orphans.append(f"{fig!r} in {text[:120]!r}")
    return orphans


def foreign_figures(at, lang: str) -> list[str]:
    """Figures written in the other language's number format (outside quotations of the document)."""
    out = []
    for text in rendered_sentences(at) + chart_descriptions(at):
        bare = QUOTED.sub("", text.replace("\\", ""))
        out += [f"{m!r} in {text[:120]!r}" for m in FOREIGN[lang].findall(bare)]
    return out


def check_page(at, filters: Filters) -> list[str]:
    recorded = [c.as_dict() for c in at.session_state["_claims"]] if "_claims" in at.session_state else []
    problems = [p for c in recorded for p in check_claim(c, filters)]
    problems += [f"figure from no claim: {o}" for o in orphan_figures(at, recorded, filters.lang)]
    problems += [f"figure in the other language's format: {o}" for o in foreign_figures(at, filters.lang)]
    return problems
