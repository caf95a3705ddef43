"""Mutated source documents through the ingest CLI (in-process): nothing changes unnoticed.

Generated from data/raw/<document> by benchmarks/mutations.py (which also writes the shares to
benchmarks/mutation_report.json with `python -m benchmarks --mutations`):
- every printed number of the finance tables changed in its tens digit: each one must be caught, by a run that
  fails naming its line or by a new non-ok verdict in checks.csv on a check that names its line (goal 100 %);
- at least 30 structural changes (numbers deleted or duplicated, rows deleted, duplicated, renamed or swapped,
  headers deleted, renamed, re-dated or widened): each run either fails naming the line, or succeeds with a new
  non-ok check in checks.csv (the structure checks: rows missing, moved, repeated or re-dated, or fewer rows
  than the mapping expects). None is silent, none leaves a traceback.
"""

from __future__ import annotations

import pytest

from benchmarks import mutations as mut

STRUCTURAL = {m.name: m for m in mut.structural_mutations()}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> mut.Baseline:
    return mut.baseline(tmp_path_factory.mktemp("mutation-baseline"))


def test_enough_structural_mutations_of_every_kind():
    kinds = {m.kind for m in STRUCTURAL.values()}
    assert len(STRUCTURAL) >= 30
    assert {"number_deleted", "number_duplicated", "row_deleted", "row_duplicated", "header_deleted",
            "header_renamed"} <= kinds
    assert {m.table for m in STRUCTURAL.values()} >= {"finance", "kpis", "projects", "risks", "goals"}


@pytest.mark.parametrize(
    "name",
    list(STRUCTURAL),
)
def test_structural_mutation_is_refused_at_its_line_or_warned_in_checks(name, baseline, tmp_path):
    outcome = mut.evaluate(STRUCTURAL[name], baseline, tmp_path / "run")
    assert "Traceback" not in outcome.message
    if outcome.exit_code != 0:
        assert outcome.verdict == "failed_at_line", (
            f"{name}: refused, but the message does not name line {STRUCTURAL[name].line} (±2): {outcome.message}")
        assert not (tmp_path / "run" / "out").exists() or not any((tmp_path / "run" / "out").iterdir()), (
            f"{name}: a refused document left files in the output folder")
    else:
        assert outcome.verdict == "caught", f"{name}: accepted without a new warning in checks.csv"


def test_every_changed_finance_number_is_caught(tmp_path):
    outcomes = mut.run_all(mut.single_number_mutations(tables=mut.FINANCE_TABLES))
    share = mut.shares(outcomes)["finance"]
    assert share["numbers"] >= 300, "the finance tables should print several hundred numbers"
    assert share["share_caught"] == 1.0, f"finance changes not caught: {share['not_caught']}"
    # where the run succeeds, the check that noticed names the changed line
    for outcome in outcomes:
        if outcome.verdict == "caught":
            assert all(str(outcome.mutation.line) in r["source_line"].split(";") for r in outcome.new_checks)


def test_an_unchanged_document_is_not_reported(baseline, tmp_path):
    unchanged = mut.Mutation("unchanged", "number", "finance", 1, mut.RAW_DOCUMENT.read_bytes())
    outcome = mut.evaluate(unchanged, baseline, tmp_path / "run")
    assert outcome.verdict == "silent", "the unchanged document should give exactly the committed tables"
