"""The structure checks of utils/ingest/checks.py: rows that go missing, move, repeat or change year show up in
data/checks.csv even where no sum notices them."""

from __future__ import annotations

import polars as pl
import pytest

from utils.core.loading import read_all
from utils.ingest import checks as v
from utils.ingest.common import load_mapping

ORDER = ["Myyntituotot", "Maksutuotot", "Toimintatuotot", "Henkilöstökulut", "Toimintakulut", "Toimintakate",
         "Rahoitustuotot ja -kulut", "Vuosikate", "Poistot ja arvonalentumiset", "Tilikauden tulos", "Menot", "Netto"]


def rows_of(statement, area, accounts, years=((2023, "actual"), (2024, "budget"), (2024, "actual"))):
    out = []
    for i, account in enumerate(accounts):
        for year, scenario in years:
            out.append({"statement": statement, "service_area": area, "account": account, "year": year,
                        "scenario": scenario, "amount_eur": 1, "row_order": i, "source_line": str(100 + i)})
    return out


def only(rows, check, **match):
    hits = [r for r in rows if r["check"] == check and all(r[k] == val for k, val in match.items())]
    assert len(hits) == 1, hits
    return hits[0]


FULL = ORDER[:10]


def test_a_complete_statement_in_order_passes():
    out = v.check_finance_structure(rows_of("income_statement", "VAKA", FULL), ORDER)
    assert {r["check"] for r in out} == {"row_order", "rows_present", "header_years"}
    assert {r["verdict"] for r in out} == {"ok"}


def test_swapped_rows_are_out_of_order():
    accounts = FULL.copy()
    accounts[0], accounts[1] = accounts[1], accounts[0]
    row = only(v.check_finance_structure(rows_of("income_statement", "VAKA", accounts), ORDER), "row_order")
    assert row["verdict"] == "discrepancy"
    assert row["account"] == "Maksutuotot"
    assert row["printed"] == "2"


@pytest.mark.parametrize("deleted", ["Vuosikate", "Toimintakate", "Toimintatuotot"])
def test_a_deleted_row_an_identity_needs_is_missing(deleted):
    accounts = [a for a in FULL if a != deleted]
    row = only(v.check_finance_structure(rows_of("income_statement", "VAKA", accounts), ORDER), "rows_present")
    assert row["verdict"] == "discrepancy"
    assert row["account"] == deleted
    assert f"missing: {deleted}" in row["note"]


def test_a_table_that_stops_at_the_operating_margin_is_complete():
    accounts = ["Myyntituotot", "Toimintatuotot", "Henkilöstökulut", "Toimintakulut", "Toimintakate"]
    out = v.check_finance_structure(rows_of("income_statement", "HYTE", accounts), ORDER)
    assert only(out, "rows_present")["verdict"] == "ok"


def test_investments_need_their_net_row():
    row = only(v.check_finance_structure(rows_of("investments", "ALL", ["Menot"]), ORDER), "rows_present")
    assert (row["verdict"], row["account"]) == ("discrepancy", "Netto")


def test_a_previous_year_column_that_is_not_the_year_before_the_budget():
    years = ((2022, "actual"), (2024, "budget"), (2024, "actual"))
    row = only(v.check_finance_structure(rows_of("income_statement", "VAKA", FULL, years), ORDER), "header_years")
    assert (row["verdict"], row["expected"], row["printed"]) == ("discrepancy", "2023", "2022")


def kpi(key, line, years=(2022, 2023, 2024)):
    rows = [{"indicator_key": key, "year": y, "kind": "actual", "source_line": line} for y in years]
    return rows + [{"indicator_key": key, "year": 2024, "kind": "target", "source_line": line}]


INDICATORS = [{"key": "a", "label": "A €/asukas", "area": "VIRE"}, {"key": "b", "label": "B", "area": "MULTI"}]


def test_every_key_figure_printed_once_with_consecutive_years():
    out = v.check_kpi_structure(kpi("a", "1") + kpi("b", "2"), INDICATORS)
    assert {r["verdict"] for r in out} == {"ok"}
    assert only(out, "kpi_rows", account="B")["service_area"] == "ALL"


def test_a_key_figure_that_is_not_printed_or_printed_twice():
    out = v.check_kpi_structure(kpi("a", "1") + kpi("a", "2"), INDICATORS)
    assert only(out, "kpi_rows", account="A €/asukas")["printed"] == "2"
    missing = only(out, "kpi_rows", account="B")
    assert (missing["verdict"], missing["printed"]) == ("discrepancy", "0")
    assert missing["source_line"] == "1;2"  # the table's lines: where to look


def test_key_figure_years_that_skip_a_year():
    out = v.check_kpi_structure(kpi("a", "1", years=(2022, 2021, 2024)) + kpi("b", "2"), INDICATORS)
    row = only(out, "header_years", account="A €/asukas")
    assert row["verdict"] == "discrepancy"
    assert "printed 2021, 2022, 2024" in row["note"]


def goal(level, aim, line, empty=False, text="x"):
    return {"level": level, "strategic_aim": aim, "source_line": line, "is_empty": empty, "goal": text,
            "goal_id": line}


def test_strategic_aims_once_each_at_council_level():
    goals = [goal("council", "A", "1"), goal("council", "B", "2"), goal("operational", "A", "3")]
    projects = [{"strategic_aim": "B", "is_total": False, "source_line": "4"}]
    assert {r["verdict"] for r in v.check_strategic_aims(goals, projects)} == {"ok"}


@pytest.mark.parametrize("council, printed", [(["B"], "0"), (["A", "A", "B"], "2")])
def test_a_strategic_aim_missing_or_repeated_at_council_level(council, printed):
    goals = [goal("council", aim, str(i)) for i, aim in enumerate(council)] + [goal("operational", "A", "9")]
    row = only(v.check_strategic_aims(goals, []), "strategic_aims", account="A")
    assert (row["verdict"], row["printed"]) == ("discrepancy", printed)


def test_a_repeated_row_is_counted_but_repeated_empty_goal_rows_are_not():
    risks = [{"risk_id": 1, "risk": "r", "source_line": "5"}, {"risk_id": 2, "risk": "r", "source_line": "6"}]
    goals = [goal("operational", "A", "7", empty=True, text=""), goal("operational", "A", "8", empty=True, text="")]
    out = v.check_duplicate_rows({"risks": risks, "goals": goals})
    row = only(out, "duplicate_rows", statement="risks")
    assert (row["verdict"], row["printed"], row["account"]) == ("discrepancy", "1", "6")
    assert only(out, "duplicate_rows", statement="goals")["verdict"] == "ok"


def test_a_table_with_fewer_rows_than_the_mapping_expects():
    risks = [{"risk_id": i, "source_line": str(i)} for i in (1, 2, 3)]
    out = v.check_table_rows({"risks": risks, "goals": []}, {"risks": 4})
    assert len(out) == 1  # only the tables the mapping counts
    assert (out[0]["verdict"], out[0]["expected"], out[0]["printed"]) == ("discrepancy", "4", "3")
    assert out[0]["source_line"] == "1;2;3"
    assert v.check_table_rows({"risks": risks}, {"risks": 3})[0]["verdict"] == "ok"


def test_the_published_document_passes_every_structure_check():
    checks = read_all()["checks"]
    structure = checks.filter(pl.col("check").is_in(
        ["row_order", "rows_present", "header_years", "kpi_rows", "strategic_aims", "duplicate_rows",
         "table_rows"]))
    assert structure.height >= len(load_mapping()["indicators"]) + 3 * 7
    assert set(structure["verdict"]) == {"ok"}
