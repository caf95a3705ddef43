"""Every page × filters: each recorded claim agrees with the document (figures, direction against sign and side,
scope, unit) and every figure in a rendered sentence comes from a claim. One AppTest session per page; the
filters change between runs, as a visitor changes them."""

from __future__ import annotations

import itertools

import pytest

from tests.apptest_helpers import new_session
from tests.fact_check import check_page
from utils.app import data
from utils.core.filters import AREAS, Filters
from utils.core.navigation import PAGES

pytestmark = pytest.mark.slow  # every page under 33 filter states

AREA_SETS = [(), *((a,) for a in AREAS), ("HYTE", "VIRE"), AREAS]
FULL = [Filters(areas, 2024, measure, lang) for areas, measure, lang in
        itertools.product(AREA_SETS, ("eur", "per_resident"), ("fi", "en"))]
YEARS = [Filters(("OPKOU",), year, "eur", lang) for year, lang in itertools.product((2022, 2023), ("fi", "en"))]
FILTER_SETS = FULL + YEARS + [Filters((), 2023, "per_resident", "fi")]


def render(page, filters_list):
    at = new_session(page.path).run()
    assert not at.exception, [e.value for e in at.exception]
    for filters in filters_list:
        at.session_state["filters"] = filters
        at.run()
        assert not at.exception, (filters, [e.value for e in at.exception])
        yield filters, at


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.url_path or "overview")
def test_every_sentence_agrees_with_the_document(page):
    problems = []
    for filters, at in render(page, FILTER_SETS):
        problems += [f"{filters}: {p}" for p in check_page(at, filters)]
    assert not problems, "\n".join(sorted(set(problems))[:40])


# ---- the checker can fail: the same check on pages rendered from a broken mapping and a broken question

def overview_problems(filters_list) -> list[str]:
    overview = next(p for p in PAGES if p.path == "app.py")
    return [p for filters, at in render(overview, filters_list) for p in check_page(at, filters)]


def test_a_flipped_account_kind_is_caught(monkeypatch):
    from utils.app import data

    original = data.mapping()
    flipped = {**original, "accounts": {**original["accounts"],
                                        "Tuet ja avustukset": {**original["accounts"]["Tuet ja avustukset"],
                                                               "shown_as": "cost"}}}
    monkeypatch.setattr(data, "mapping", lambda: flipped)
    problems = overview_problems([Filters((), 2024, "eur", "fi"), Filters(("VAKA",), 2024, "eur", "en")])
    assert any("Tuet ja avustukset" in p and "than budget" in p for p in problems), problems


def test_a_question_that_ignores_the_area_filter_is_caught(monkeypatch):
    from utils.questions import findings

    original = findings._line_items
    monkeypatch.setattr(findings, "_line_items", lambda wide, areas: original(wide, ("ALL", *AREAS)))
    data.reload()  # the answers of the unbroken question are kept: forget them
    try:
        problems = overview_problems([Filters(("VAKA",), 2024, "eur", "fi")])
    finally:
        monkeypatch.undo()
        data.reload()
    assert any("outside the filter" in p for p in problems), problems


# ------------------------------------------------------------------ the checker's own parts can fail
def test_a_figure_in_the_other_languages_format_is_caught():
    from tests import fact_check

    def caught(text: str, lang: str) -> list[str]:
        return fact_check.FOREIGN[lang].findall(fact_check.QUOTED.sub("", text))

    assert caught("Health coefficient 20,3 € per resident", "en")
    assert caught("net cost 7 738 516 €", "en") and caught("budget 0 €", "en") and caught("over 100 %", "en")
    assert caught("toteuma €434", "fi") and caught("toteuma 97.06 %", "fi")
    assert not caught("actual €1,234.50, 99.47% of budget", "en")
    assert not caught("toteuma 1\u00a0234,50\u00a0€, 99,47\u00a0% talousarviosta", "fi")
    assert not caught('the 2022 cell is "169,53 €/ oppilas"', "en"), "the document's words in quotes keep theirs"


def test_a_key_figure_against_the_document_is_checked():
    from tests import fact_check
    from utils.core.loading import read_all
    from utils.questions import claims, key_figures

    card = key_figures.kpi_scorecard(read_all()["kpis"])
    row = card.filter(card["actual"].is_not_null() & card["target"].is_not_null()).row(0, named=True)
    good = claims.target_claim(row).as_dict()
    assert not fact_check.check_claim(good, Filters())
    assert fact_check.check_claim({**good, "value": good["value"] + 1}, Filters()), "a changed actual"
    flipped = {**good, "direction": "missed" if good["direction"] == "met" else "met"}
    assert fact_check.check_claim(flipped, Filters()), "a verdict against the direction the document's data gives"
    assert fact_check.check_claim({**good, "judgement": False}, Filters()), "a judgement not marked as one"
