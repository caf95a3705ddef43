"""config/editorial_notes.toml: every note's figures are recomputed from the data, its directions are what the
table shows, and its quote stands on its line of the document, so a note cannot outlive the numbers it
describes. A changed figure makes the note fail here and drop out of utils.questions.contradictions."""

from __future__ import annotations

import re

import polars as pl
import pytest

from tests.conftest import RAW_DOCUMENT
from utils.core.fi_numbers import format_eur, format_pct
from utils.core.loading import read_all
from utils.questions import contradictions as con

NOTES = con.load_editorial_notes()
NUMBER = re.compile(r"\d[\d\u00a0,.]*\d|\d")


@pytest.fixture(scope="module")
def tables():
    return read_all()


@pytest.fixture(scope="module")
def raw_lines():
    return RAW_DOCUMENT.read_bytes().decode("utf-8").split("\n")


def test_notes_are_well_formed():
    assert NOTES, "config/editorial_notes.toml has no notes"
    ids = [n["id"] for n in NOTES]
    assert len(ids) == len(set(ids))
    for note in NOTES:
        assert {"id", "area", "statement", "account", "commentary_line", "commentary_quote", "table_line",
                "relation", "table_says", "figures", "fi", "en"} <= set(note), note["id"]
        assert note["relation"] in ("contradicts", "not_borne_out")
        assert set(note["table_says"]) <= {"over_budget", "under_budget", "above_previous_year",
                                           "below_previous_year"}


@pytest.mark.parametrize("note", NOTES, ids=[n["id"] for n in NOTES])
def test_each_note_still_holds(note, tables, raw_lines):
    assert con.note_problems(note, tables["finance"], raw_lines) == []


@pytest.mark.parametrize("note", NOTES, ids=[n["id"] for n in NOTES])
def test_each_note_quotes_the_commentary_of_its_area(note, tables):
    texts = tables["texts"].filter(pl.col("source_line") == str(note["commentary_line"]))
    assert texts.height == 1
    row = texts.row(0, named=True)
    assert row["topic"] == "budget_commentary" and row["service_area"] == note["area"]
    assert note["commentary_quote"] in row["text"]


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("note", NOTES, ids=[n["id"] for n in NOTES])
def test_each_note_states_only_its_own_figures(note, tables, lang):
    figures = con.note_figures(note, tables["finance"])
    text = con.render_note(note, lang, figures)
    assert "{" not in text
    actual, budget = abs(figures["actual_eur"]), abs(figures["budget_eur"])
    allowed = {format_eur(actual, lang=lang), format_eur(budget, lang=lang),
               format_eur(abs(actual - budget), lang=lang),
               format_pct(figures["realization_pct"], figures["realization_decimals"], lang=lang),
               str(figures["year"]), str(figures["previous_year"])}
    if "previous_eur" in figures:
        previous = abs(figures["previous_eur"])
        allowed |= {format_eur(previous, lang=lang), format_eur(abs(actual - previous), lang=lang)}
    digits = {re.sub(r"\D", "", a) for a in allowed}
    for number in NUMBER.findall(text):
        assert re.sub(r"\D", "", number) in digits, f"{note['id']} ({lang}) states {number}, which no figure gives"
    # the deviation the note calls over / under is the table's own Poikkeama
    assert abs(figures["deviation_eur"]) == abs(actual - budget)


def test_a_note_whose_figures_change_no_longer_holds(tables):
    note = NOTES[0]
    finance = tables["finance"].with_columns(
        pl.when(pl.col("statement") == note["statement"], pl.col("service_area") == note["area"],
                pl.col("account") == note["account"], pl.col("scenario") == "actual", pl.col("year") == 2024)
        .then(pl.col("amount_eur") // 2).otherwise(pl.col("amount_eur")).alias("amount_eur"))
    problems = con.note_problems(note, finance)
    assert any("actual_eur" in p for p in problems)
    frames = {**tables, "finance": finance}
    shown = con.contradictions(frames).filter(pl.col("kind") == "commentary_direction")
    assert f"editorial_notes.{note['id']}" not in shown["description_key"].to_list()


def test_a_direction_the_table_no_longer_shows_is_found(tables):
    note = {**NOTES[0], "figures": {}, "table_says": ["under_budget"]}  # HYTE's costs were over, not under
    assert any("no longer shows" in p for p in con.note_problems(note, tables["finance"]))


def test_a_quote_that_is_not_on_its_line_is_found(tables, raw_lines):
    note = {**NOTES[0], "commentary_line": NOTES[0]["commentary_line"] + 1}
    assert any("quote" in p for p in con.note_problems(note, tables["finance"], raw_lines))


def test_notes_are_contradictions_where_the_figure_appears(tables):
    shown = con.contradictions(tables).filter(pl.col("kind") == "commentary_direction")
    assert sorted(shown["description_key"].to_list()) == sorted(f"editorial_notes.{n['id']}" for n in NOTES)
    for row in shown.iter_rows(named=True):
        note = next(n for n in NOTES if f"editorial_notes.{n['id']}" == row["description_key"])
        assert (row["service_area"], row["account_or_indicator"]) == (note["area"], note["account"])
        assert row["source_line"] == f"{note['commentary_line']};{note['table_line']}"
        for lang in ("fi", "en"):
            assert con.describe(row, lang) == con.render_note(note, lang, con.note_figures(note, tables["finance"]))
