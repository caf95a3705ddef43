"""Claims in words: key findings, cite sentences and figures rendered from claims (utils/questions/claims.py) in
the chosen language, each claim recorded for the fact-check, plus the contradictions and editorial notes shown
beside a figure. Streamlit: the app layer."""

from __future__ import annotations

import re

import polars as pl
import streamlit as st

from utils.app import data
from utils.app.blocks import doc_text, escape_md
from utils.app.frame import area_names, lang, t
from utils.core.settings import SECTOR
from utils.questions import claims, contradictions, document_text, goal_table
from utils.questions.document_text import compact_lines


def finding_sentence(f: dict) -> str:
    """One key finding (utils/questions/findings.py) as a sentence in the chosen language, with its figures and
    source lines.
    Every figure in it comes from a claim, and every claim is recorded (see `said`)."""
    kind = f["kind"]
    claim = f["claim"]
    if kind in ("largest_worse_eur", "largest_better_eur", "largest_change"):
        text = t(f"findings.{kind}", sentence=claim_sentence(claim))
    elif kind == "largest_deviation_pct":
        text = t("findings.largest_deviation_pct", threshold=claim_figure(f["threshold"]),
                 sentence=claim_sentence(claim))
    elif kind == "targets_missed":
        said(claim)
        said(*f["claims"], *f["doubtful_met"])
        listed = "; ".join(claims.brief(c, lang(), claim_subject(c)) for c in f["claims"])
        text = t("findings.targets_missed", count=claim.value, total=claim.base, names=listed or t("findings.none"),
                 ties=f["ties"], scope=scope_words(claim.area),
                 judgement=t("findings.judgement") if claim.judgement else "")
        if f["doubtful_met"]:  # a met verdict with a reason beside it is counted as met, and says so
            text += " " + t("findings.doubtful_met", names="; ".join(
                claims.brief(c, lang(), claim_subject(c)) for c in f["doubtful_met"]))
    elif kind in ("goals_not_met", "goals_not_met_areas"):
        said(claim, f["empty"])
        text = t(f"findings.{kind}", count=claim.value, total=claim.base, empty=f["empty"].value,
                 scope=scope_words(claim.area))
    else:
        said(claim, f["late"])
        listed = "(" + ", ".join(f"{escape_md(name)} {escape_md(period or '')}: {claim_figure(c)}"
                                 for name, period, c in f["projects"]) + ")" if f["projects"] else ""
        text = t(f"findings.{kind}", threshold=claim_figure(f["threshold"]), count=claim.value, names=listed,
                 late=f["late"].value)
    lines = f.get("source_line")
    return text + (f" *({t('app.source_lines', lines=lines).strip(' ·')})*" if lines else "")


def kpi_counts_sentence(counts: dict, key: str) -> str:
    """How the key figures went (questions.profile.kpi_counts) in the string `key`, the judgement marked."""
    said(*(claims.count_claim("kpi_" + k, counts[k], counts["n"], area=counts["area"], judgement=counts["judgement"])
           for k in ("met", "missed", "other")))
    return t(key, judgement=t("findings.judgement") if counts["judgement"] else "",
             **{k: v for k, v in counts.items() if k not in ("judgement", "area")})


def goal_status_cite(goals: pl.DataFrame, counts: pl.DataFrame, labels: dict[str, str], scope: str) -> str:
    """The goals page's cite sentence: the goal rows of `scope`, how many are met, partly met or empty, any other
    status the document prints (`labels`: status group -> as shown), and their source lines."""
    tally = goal_table.status_tally(counts)
    other = "".join(t("goals.cite_other", count=n, status=labels[g]) for g, n in tally["other"].items())
    sentence = t("goals.cite_sentence", n=goals.height, scope=scope, met=tally["met"], partly=tally["partly"],
                 empty=tally["empty"], other=other)
    return sentence + f" [{t('app.source_lines', lines=compact_lines(goals['source_line'])).strip(' ·')}]"


def projects_total_words(total: dict) -> tuple[str, str]:
    """The printed project total (project_table.projects_total) against the rows added up, in words: the
    explanation under its figures, naming the rows whose funding equals the gap, and the cite sentence."""
    src = total["source_line"]
    n = total["n_projects"]
    printed = fact("projects_printed_total", total["printed_eur"], source_line=src)
    missing = total["missing"].to_dicts()
    if total["gap_direction"] is None:
        explanation = t("projects.total_equal", printed=printed, n=n)
        cite = t("projects.cite_equal", n=n, rows_sum=fact("projects_rows_sum", total["rows_sum_eur"], source_line=src))
    else:
        rows_sum = fact("projects_rows_sum", total["rows_sum_eur"], source_line=src)
        difference = fact("projects_difference", total["gap_eur"], source_line=src)
        direction = t(f"projects.{total['gap_direction']}")
        explanation = t("projects.total_explain", printed=printed, n=n, rows_sum=rows_sum, difference=difference,
                        direction=direction)
        cite = t("projects.cite_sentence", n=n, rows_sum=rows_sum, printed=printed, difference=difference,
                 direction=direction,
                 missing="".join(t("projects.cite_missing", name=m["name"], period=m["period"]) for m in missing))
    for m in missing:
        explanation += " " + t("projects.missing_row", name=doc_text(m["name"]), period=doc_text(m["period"]),
                               line=m["source_line"],
                               amount=fact("project_funding", m["total_funding_eur"], source_line=m["source_line"]))
    return explanation, cite + f" [{t('app.source_lines', lines=src).strip(' ·')}]"


def document_per_resident(current: pl.DataFrame, net: claims.Claim, area: str) -> list[str]:
    """Each per-resident figure the document prints for `area` (check_results.current_per_resident_checks) beside
    the one computed from its euros (`net`): one caption each, naming the figure's first source line."""
    captions = []
    for check in current.iter_rows(named=True):
        printed = claims.fact_claim("printed_per_resident", check["printed"], unit=claims.EUR_PER_RESIDENT,
                                    area=area, source_line=check["source_line"],
                                    decimals=claims.decimals_of(check["printed"]))
        captions.append(t("budget.document_per_resident", printed=claim_figure(printed), computed=claim_figure(net),
                          line=document_text.first_line(check["source_line"])))
    return captions


def said(*cs: claims.Claim) -> None:
    """Record claims the page renders in this run (the fact-check test reads them back, as_dict there)."""
    st.session_state.setdefault("_claims", []).extend(cs)


def scope_words(area: str) -> str:
    """The scope of a count: the whole sector, one area, or several ('HYTE+VIRE')."""
    names = area_names()
    return ", ".join(names[a] for a in area.split("+"))


def claim_subject(claim: claims.Claim, with_area: bool = True) -> str:
    return escape_md(claims.subject_name(claim, lang(), data.account_names(lang()), area_names(),
                                         data.indicator_names(lang()), with_area=with_area))


def claim_sentence(claim: claims.Claim, with_area: bool = True, subject: str | None = None) -> str:
    """The claim as one sentence (subject, both figures, the direction in words), recorded."""
    said(claim)
    return claims.sentence(claim, lang(), subject if subject is not None else claim_subject(claim, with_area))


def claim_words(claim: claims.Claim, with_figure: bool = True) -> str:
    said(claim)
    return claims.words(claim, lang(), with_figure)


def claim_figure(claim: claims.Claim, which: str = "value", signed: bool = False) -> str:
    """One figure of a claim (value, base or difference) in its unit and the language's format, recorded."""
    said(claim)
    amount = {"value": claim.value, "base": claim.base, "difference": claim.difference}[which]
    return claims.fmt(claim, amount, lang(), signed=signed)


def fact(subject: str, value, unit: str = claims.EUR, source_line: str = "", decimals: int = 0,
         area: str = SECTOR) -> str:
    """A single stated figure (a total, a threshold, a share) as a recorded fact claim, formatted."""
    return claim_figure(claims.fact_claim(subject, value, unit=unit, area=area, source_line=str(source_line),
                                          decimals=decimals))


_COLUMN_WORDS = {"actual": "toteuma", "target": "tavoite", "budget": "talousarvio"}


def column_words(text: str) -> str:
    """A check's column ('2023 actual €/asukas') in the chosen language: the scenario words are the checks'
    own English; printed headers ('Talousarvio 2024') stay as printed."""
    if lang() != "fi":
        return text
    return re.sub(r"\b(actual|target|budget)\b", lambda m: _COLUMN_WORDS[m.group(1)], text)


def said_contradiction(row: dict) -> None:
    """Record the figures of a contradiction row (utils/questions/contradictions.py) as fact claims: each figure as
    printed
    and as a size (the sentences state amounts without sign), and for editorial notes the gaps they name."""
    units = {"eur": claims.EUR, "pct": claims.PCT, "eur_per_resident": claims.EUR_PER_RESIDENT}
    values = {}
    for f in row["figures"]:
        if f["value"] is None:
            continue
        values[f["name"]] = f["value"]
        unit = units.get(f["unit"], "count")
        decimals = (f["decimals"] or (2 if unit == claims.PCT else 0)) if unit != "count" else 0
        for v in {f["value"], abs(f["value"])}:
            said(claims.fact_claim("contradiction", v, unit=unit, area=row["service_area"] or SECTOR,
                                   source_line=row["source_line"], decimals=decimals))
    for a, b in (("actual_eur", "budget_eur"), ("actual_eur", "previous_eur")):
        if a in values and b in values:
            said(claims.fact_claim("contradiction", abs(abs(values[a]) - abs(values[b])),
                                   source_line=row["source_line"]))


def claim_delta(claim: claims.Claim) -> str | None:
    """A metric's delta: an explicit arrow, the size of the difference and its words ('↓ 157 745 € under budget').
    Use with delta_arrow="off": Streamlit's own arrow would read the sign alone, and the arrow here is given."""
    said(claim)
    diff = claim.difference
    if diff is None:
        return None
    arrow = "↑" if diff > 0 else "↓" if diff < 0 else "="
    return f"{arrow} {claims.words(claim, lang(), with_figure=True, short=True)}"


def contradiction_message(row: dict) -> str:
    """A contradiction of the document (utils/questions/contradictions.py) in words: the check's name (or "the
    site's editorial note"), the figures, the source lines. Its figures are recorded as claims."""
    said_contradiction(row)
    label = t(f"about.check_{row['check']}") if row["check"] else t("about.editorial_note")
    words = contradictions.describe(row, lang(), area_names(), data.indicator_names(lang()))
    lines = t("about.contradiction_lines", lines=row["source_line"].replace(";", ", "))
    return f"**{label}**: {escape_md(words)} {lines}"


def contradictions_here(statement: str, areas: tuple[str, ...] = (), kinds: tuple[str, ...] = ()) -> None:
    """The document's contradictions about figures this page shows, beside them (the About page lists them all):
    those of `statement` (and of `kinds`, if given) for the chosen `areas` and the sector's own (every area's with
    none chosen). An editorial note, the site's reading, is a warning; a contradiction the checks found, an error."""
    rows = data.contradictions().filter(pl.col("statement") == statement)
    if areas:
        rows = rows.filter(pl.col("service_area").is_in([*areas, SECTOR]))
    if kinds:
        rows = rows.filter(pl.col("kind").is_in(kinds))
    for row in rows.iter_rows(named=True):
        (st.warning if row["kind"] == "commentary_direction" else st.error)(contradiction_message(row))


def editorial_notes(area: str) -> None:
    """The site's editorial notes on an area's budget commentary (config/editorial_notes.toml), shown beside the
    commentary they are about (the About page lists them all), marked as the site's reading."""
    contradictions_here("income_statement", (area,), ("commentary_direction",))


def claim_sentences(cs: list[claims.Claim], with_area: bool = True) -> str:
    """Claims as sentences one after another (claim_sentence), each recorded."""
    return " ".join(claim_sentence(c, with_area) for c in cs)
