"""The pages' questions are answered once per arguments (utils/app/data.answer, through utils/app/answers.py):
the same answer for the same arguments, a fresh one for any other, never one kept for another object."""

from __future__ import annotations

import polars as pl
import pytest

from utils.app import answers, data
from utils.questions import finance


@pytest.fixture(autouse=True)
def _empty_memo():
    data._answers.clear()
    yield
    data._answers.clear()


def test_the_same_arguments_give_the_same_answer_computed_once():
    calls = []

    def question(frame, areas, per=None):
        calls.append(1)
        return frame.filter(pl.col("a").is_in(list(areas))).height * (per or 1)

    frame = pl.DataFrame({"a": ["X", "Y", "Y"]})
    assert data.answer(question, frame, ("Y",)) == 2
    assert data.answer(question, frame, ("Y",)) == 2
    assert len(calls) == 1
    assert data.answer(question, frame, ("X",)) == 1  # another filter value: computed
    assert data.answer(question, frame, ("Y",), per=3) == 6
    assert data.answer(question, frame, ["Y"]) == 2 and len(calls) == 4  # a list is not the tuple
    assert data.answer(question, pl.DataFrame({"a": ["Y"]}), ("Y",)) == 1  # another frame: computed
    assert len(calls) == 5


def test_typed_scalars_do_not_collide():
    def question(value):
        return repr(value)

    assert [data.answer(question, v) for v in (1, 1.0, True, "1")] == ["1", "1.0", "True", "'1'"]


def test_an_object_is_kept_alive_by_its_entry_so_its_id_is_never_another_objects():
    def question(frame):
        return frame.height

    for n in range(50):  # frames made and dropped: ids of dead objects are reused by CPython
        assert data.answer(question, pl.DataFrame({"a": list(range(n))})) == n


def test_the_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(data, "ANSWERS_MAX", 10)

    def question(value):
        return value

    for value in range(25):
        data.answer(question, value)
    assert len(data._answers) == 10


def test_a_question_module_answers_from_the_memo_and_passes_constants_through():
    wide = data.finance_wide()
    first = answers.finance.statement_rows(wide, ("VAKA",))
    assert answers.finance.statement_rows(wide, ("VAKA",)) is first
    assert first.equals(finance.statement_rows(wide, ("VAKA",)))
    assert answers.finance.NET_COST_ACCOUNT == finance.NET_COST_ACCOUNT
    assert answers.claims.Claim is __import__("utils.questions.claims", fromlist=["Claim"]).Claim


def test_reload_forgets_the_answers():
    data.answer(lambda value: value, 1)
    data.reload()
    assert not data._answers


def test_flat_dicts_and_columns_built_per_run_are_keyed_by_their_values():
    calls = []

    def question(names, column):
        calls.append(1)
        return f"{names['A']}:{column.len()}"

    for _ in range(3):  # a new dict and a new Series each time, with the same values
        assert data.answer(question, {"A": "x", "B": "y"}, pl.Series("s", ["1", "2"])) == "x:2"
    assert len(calls) == 1
    assert data.answer(question, {"A": "z", "B": "y"}, pl.Series("s", ["1", "2"])) == "z:2"
    assert data.answer(question, {"A": "z", "B": "y"}, pl.Series("s", ["1", "2", "3"])) == "z:3"
    assert data.answer(question, {"A": "z", "B": "y"}, pl.Series("t", ["1", "2", "3"])) == "z:3"
    assert len(calls) == 4
