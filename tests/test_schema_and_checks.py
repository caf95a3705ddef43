"""utils/core/schema.py (validate_frame) and utils/ingest/checks.py (the document's own arithmetic)."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from utils.core.loading import read_all, read_datapackage
from utils.core.schema import CHECKS, FINANCE, POPULATION, TABLES, TEXTS, validate_frame
from utils.ingest import checks as v


# ================================================================== schema.validate_frame
def population_frame(**overrides) -> pl.DataFrame:
    data = {
        "year": [2024],
        "population": [17827],
        "population_printed": ["17827"],
        "statement_printed": ["... asukaslukua 17827"],
        "source_line": ["307"],
    }
    data.update(overrides)
    return pl.DataFrame(data, schema=POPULATION.polars_schema)


def texts_frame(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema=TEXTS.polars_schema, orient="row"
    )


def test_valid_frame_has_no_problems():
    assert validate_frame(POPULATION, population_frame()) == []
    assert validate_frame(TEXTS, texts_frame([(1, "title", "ALL", None, 1, "Teksti", "3")])) == []


def test_wrong_type_is_reported():
    df = population_frame().with_columns(pl.col("population").cast(pl.String))
    problems = validate_frame(POPULATION, df)
    assert len(problems) == 1
    assert problems[0].startswith("population.population: type String")


def test_float_where_integer_declared():
    df = population_frame().with_columns(pl.col("year").cast(pl.Float64))
    assert any("population.year" in p for p in validate_frame(POPULATION, df))


def test_missing_required_value_is_reported():
    df = population_frame(population_printed=[None])
    problems = validate_frame(POPULATION, df)
    assert problems == ["population.population_printed: 1 empty values in a required field"]


def test_optional_field_may_be_empty():
    assert validate_frame(TEXTS, texts_frame([(1, "title", "ALL", None, 1, "Teksti", "3")])) == []


def test_value_outside_enum_is_reported():
    df = texts_frame([(1, "title", "ALL", None, 1, "a", "3"), (2, "title", "SOTE", None, 2, "b", "4")])
    problems = validate_frame(TEXTS, df)
    assert len(problems) == 1
    assert "texts.service_area" in problems[0] and "SOTE" in problems[0]


def test_duplicate_primary_key_is_reported():
    df = texts_frame([(1, "title", "ALL", None, 1, "a", "3"), (1, "title", "VAKA", None, 2, "b", "4")])
    assert validate_frame(TEXTS, df) == ["texts: primary key ('text_id',) is not unique"]


def test_composite_primary_key():
    base = {
        "statement": "income_statement", "service_area": "ALL", "account": "Myyntituotot", "year": 2024,
        "scenario": "actual", "amount_eur": 1, "account_en": "Sales", "account_kind": "income",
        "is_subtotal": False, "shown_as": "income", "section": None, "row_order": 1, "deviation_eur": None,
        "realization_pct": None, "realization_pct_printed": None, "realization_decimals": None,
        "column_printed": "Toteuma 2024", "source_line": "1",
    }
    other_year = {**base, "year": 2023}
    df = pl.DataFrame([base, other_year], schema=FINANCE.polars_schema)
    assert validate_frame(FINANCE, df) == []
    df = pl.DataFrame([base, {**base, "amount_eur": 2}], schema=FINANCE.polars_schema)
    assert any("primary key" in p for p in validate_frame(FINANCE, df))


def test_columns_must_match_in_order():
    df = population_frame()
    assert "columns" in validate_frame(POPULATION, df.select(list(reversed(df.columns))))[0]
    assert "columns" in validate_frame(POPULATION, df.drop("source_line"))[0]


def test_several_problems_are_all_reported():
    df = texts_frame([(1, None, "XX", None, 1, "a", "3")])
    problems = validate_frame(TEXTS, df)
    assert len(problems) == 2
    assert any("texts.topic" in p for p in problems) and any("texts.service_area" in p for p in problems)


def test_committed_data_validate():
    frames = read_all()
    package = read_datapackage()
    rows = {r["name"]: r["rows"] for r in package["resources"]}
    assert set(frames) == set(TABLES)
    for name, df in frames.items():
        assert validate_frame(TABLES[name], df) == [], name
        assert df.height == rows[name] > 0, name
    assert frames["checks"].schema == pl.Schema(CHECKS.polars_schema)


# ================================================================== checks.py: hand-built inputs
def fin(statement, area, account, kind, a2023, b2024, a2024, dev=None, pct=None, lines="1"):
    """The three rows parse_finance gives for one printed row. `pct` is the printed Toteuma % text."""
    if dev is None:
        dev = b2024 - a2024
    if pct is None:
        pct = "0,00" if b2024 == 0 else str(
            (Decimal(a2024) / Decimal(b2024) * 100).quantize(Decimal("0.01"))
        ).replace(".", ",")
    pct_value = str(Decimal(pct.replace(",", ".")))
    decimals = len(pct.partition(",")[2])
    out = []
    for year, scenario, amount in ((2023, "actual", a2023), (2024, "budget", b2024), (2024, "actual", a2024)):
        compared = (year, scenario) == (2024, "actual")
        out.append({
            "statement": statement, "service_area": area, "account": account, "year": year,
            "scenario": scenario, "amount_eur": amount, "account_kind": kind, "section": "",
            "row_order": 1, "source_line": lines,
            "deviation_eur": dev if compared else None,
            "realization_pct": pct_value if compared else None,
            "realization_pct_printed": pct if compared else None,
            "realization_decimals": decimals if compared else None,
        })
    return out


def one(rows, check, account=None, column=None, area=None):
    hits = [r for r in rows if r["check"] == check and (account is None or r["account"] == account)
            and (column is None or r["column"] == column) and (area is None or r["service_area"] == area)]
    assert len(hits) == 1, hits
    return hits[0]


def test_tolerance_and_verdict():
    assert v.tolerance(2) == 1 and v.tolerance(3) == 2 and v.tolerance(4) == 2 and v.tolerance(5) == 3
    assert v.verdict(0, 1) == "ok"
    assert v.verdict(1, 1) == "rounding" and v.verdict(-1, 1) == "rounding"
    assert v.verdict(2, 1) == "discrepancy"
    assert v.verdict(Decimal("0.01"), Decimal(0)) == "discrepancy"


@pytest.mark.parametrize(("printed_dev", "expected"), [(10000, "ok"), (10001, "rounding"), (9999, "rounding"),
                                                       (10002, "discrepancy"), (-10000, "discrepancy")])
def test_deviation(printed_dev, expected):
    rows = fin("income_statement", "VAKA", "Maksutuotot", "income", 1, 100000, 90000, dev=printed_dev, pct="90,00")
    row = one(v.check_row_identities(v._finance_index(rows)), "deviation")
    assert row["verdict"] == expected
    assert Decimal(row["expected"]) == 10000 and Decimal(row["printed"]) == printed_dev
    assert Decimal(row["difference"]) == printed_dev - 10000
    assert row["column"] == "Poikkeama" and row["account"] == "Maksutuotot" and row["service_area"] == "VAKA"


@pytest.mark.parametrize(
    ("actual", "budget", "pct", "expected"),
    [
        (900000, 1000000, "90,00", "ok"),
        (900000, 1000000, "90,01", "discrepancy"),
        (900000, 1000000, "90,0", "ok"),  # compared at the decimals printed
        (900000, 1000000, "90", "ok"),
        (900000, 1000000, "91", "discrepancy"),
        # 100010 / 200000 = 50.005 -> 50.01, but the unrounded ledger values allow 50.00
        (100010, 200000, "50,01", "ok"),
        (100010, 200000, "50,00", "rounding"),
        (100010, 200000, "49,99", "discrepancy"),
        (-36225, -270000, "13,4", "ok"),
        (-36325, -270000, "13,4", "discrepancy"),
    ],
)
def test_realization_pct(actual, budget, pct, expected):
    rows = fin("income_statement", "ALL", "Maksutuotot", "income", 1, budget, actual, pct=pct)
    row = one(v.check_row_identities(v._finance_index(rows)), "realization_pct")
    assert row["verdict"] == expected, row
    assert row["column"] == "Toteuma %"


def test_realization_pct_budget_zero_printed_zero_is_ok_with_a_note():
    rows = fin("income_statement", "VAKA", "Myyntituotot", "income", 141482, 0, 95705, pct="0,00")
    row = one(v.check_row_identities(v._finance_index(rows)), "realization_pct")
    assert row["verdict"] == "ok"
    assert "budget is 0" in row["note"] and "0,00" in row["note"]
    dev = one(v.check_row_identities(v._finance_index(rows)), "deviation")
    assert dev["verdict"] == "ok"  # 0 - 95705 = -95705


def test_realization_pct_budget_zero_printed_nonzero_is_a_discrepancy():
    rows = fin("income_statement", "VAKA", "Myyntituotot", "income", 141482, 0, 95705, pct="12,00")
    row = one(v.check_row_identities(v._finance_index(rows)), "realization_pct")
    assert row["verdict"] == "discrepancy"


def income_statement(area="ALL", *, myynti=100, maksu=200, tuotot=300, kulut=-1000, kate=-700, rahoitus=-5,
                     vuosikate=-705, poistot=-50, tulos=-755):
    """An income statement with the same figures in every column (so Poikkeama is 0 everywhere)."""
    rows = []
    for account, kind, value, line in (
        ("Myyntituotot", "income", myynti, "1"), ("Maksutuotot", "income", maksu, "2"),
        ("Toimintatuotot", "subtotal", tuotot, "3"), ("Henkilöstökulut", "cost", kulut, "4"),
        ("Toimintakulut", "subtotal", -1000, "5"), ("Toimintakate", "subtotal", kate, "6"),
        ("Rahoitustuotot ja -kulut", "financial", rahoitus, "7"), ("Vuosikate", "subtotal", vuosikate, "8"),
        ("Poistot ja arvonalentumiset", "depreciation", poistot, "9"), ("Tilikauden tulos", "subtotal", tulos, "10"),
    ):
        rows += fin("income_statement", area, account, kind, value, value, value, dev=0, pct="100,00", lines=line)
    return rows


def sums(rows):
    return v.check_sums(v._finance_index(rows))


def test_sums_exact_statement_is_all_ok():
    out = sums(income_statement())
    assert out and all(r["verdict"] == "ok" for r in out)
    assert {(r["check"], r["account"]) for r in out} == {
        ("sum_of_lines", "Toimintatuotot"), ("sum_of_lines", "Toimintakulut"), ("margin", "Toimintakate"),
        ("margin", "Vuosikate"), ("margin", "Tilikauden tulos"),
    }
    assert {r["column"] for r in out} == {"2023 actual", "2024 budget", "2024 actual", "Poikkeama"}
    row = one(out, "sum_of_lines", "Toimintatuotot", "2024 actual")
    assert row["source_line"] == "1;2;3"
    assert row["note"] == "Toimintatuotot = Myyntituotot + Maksutuotot"


@pytest.mark.parametrize(("tuotot", "expected"), [(300, "ok"), (301, "rounding"), (299, "rounding"),
                                                  (302, "discrepancy"), (400, "discrepancy")])
def test_sum_of_lines_two_terms(tuotot, expected):
    # also move Toimintakate so that only the sum of lines changes
    out = sums(income_statement(tuotot=tuotot, kate=tuotot - 1000, vuosikate=tuotot - 1005, tulos=tuotot - 1055))
    row = one(out, "sum_of_lines", "Toimintatuotot", "2024 actual")
    assert row["verdict"] == expected
    assert Decimal(row["tolerance"]) == 1
    assert all(r["verdict"] == "ok" for r in out if r["check"] == "margin")


@pytest.mark.parametrize(("kate", "expected"), [(-700, "ok"), (-701, "rounding"), (-699, "rounding"),
                                                (-702, "discrepancy")])
def test_margin_toimintakate(kate, expected):
    out = sums(income_statement(kate=kate, vuosikate=kate - 5, tulos=kate - 55))
    row = one(out, "margin", "Toimintakate", "2023 actual")
    assert row["verdict"] == expected
    assert row["source_line"] == "3;5;6"
    assert Decimal(row["expected"]) == -700 and Decimal(row["printed"]) == kate


def test_margin_vuosikate_and_result():
    out = sums(income_statement(vuosikate=-800, tulos=-850))
    assert one(out, "margin", "Vuosikate", "2024 budget")["verdict"] == "discrepancy"
    assert one(out, "margin", "Tilikauden tulos", "2024 budget")["verdict"] == "ok"  # -800 + -50


def test_budget_summary_and_investments_margins():
    rows = (
        fin("budget_summary", "ALL", "TULOT", "income_total", 100, 100, 100, dev=0, pct="100,00")
        + fin("budget_summary", "ALL", "MENOT", "cost_total", -400, -400, -400, dev=0, pct="100,00")
        + fin("budget_summary", "ALL", "NETTO", "subtotal", -301, -300, -302, dev=0, pct="100,00")
        + fin("investments", "ALL", "Menot", "cost", -5, -5, -5, dev=0, pct="100,0")
        + fin("investments", "ALL", "Netto", "subtotal", -5, -5, -6, dev=0, pct="100,0")
    )
    out = sums(rows)
    assert one(out, "margin", "NETTO", "2024 budget")["verdict"] == "ok"
    assert one(out, "margin", "NETTO", "2023 actual")["verdict"] == "rounding"
    assert one(out, "margin", "NETTO", "2024 actual")["verdict"] == "discrepancy"
    assert one(out, "margin", "Netto", "2023 actual")["verdict"] == "ok"
    assert one(out, "margin", "Netto", "2024 actual")["verdict"] == "rounding"


def sector_with_areas(sector_value: int):
    rows = fin("income_statement", "ALL", "Myyntituotot", "income", 100, 100, sector_value, dev=0, pct="1,00")
    for area, value in (("HYTE", 10), ("OPKOU", 20), ("VAKA", 30), ("VIRE", 40)):
        rows += fin("income_statement", area, "Myyntituotot", "income", value // 2 * 2, value, value, dev=0,
                    pct="1,00", lines=area)
    return rows


@pytest.mark.parametrize(("sector", "expected"), [(100, "ok"), (101, "rounding"), (102, "rounding"),
                                                  (103, "discrepancy"), (98, "rounding"), (97, "discrepancy")])
def test_areas_sum_to_sector(sector, expected):
    out = v.check_areas_sum_to_sector(v._finance_index(sector_with_areas(sector)))
    row = one(out, "areas_sum_to_sector", "Myyntituotot", "2024 actual")
    assert row["verdict"] == expected
    assert Decimal(row["tolerance"]) == 2  # four printed terms
    assert row["source_line"] == "HYTE;OPKOU;VAKA;VIRE;1"
    assert one(out, "areas_sum_to_sector", "Myyntituotot", "2024 budget")["verdict"] == "ok"


def test_areas_sum_needs_every_area_to_print_a_statement():
    # an area that prints no income statement at all cannot be summed; a line it does not print counts as 0
    # (tests/test_contradiction_rules.py)
    rows = [r for r in sector_with_areas(100) if r["service_area"] != "HYTE"]
    assert v.check_areas_sum_to_sector(v._finance_index(rows)) == []


@pytest.mark.parametrize(("netto", "expected"), [(-700, "ok"), (-701, "discrepancy")])
def test_summary_equals_statement(netto, expected):
    rows = income_statement() + fin("budget_summary", "ALL", "NETTO", "subtotal", -700, -700, netto, dev=0,
                                    pct="100,00", lines="99")
    out = v.check_summary_equals_statement(v._finance_index(rows))
    row = one(out, "summary_equals_statement", "NETTO", "2024 actual")
    assert row["verdict"] == expected  # the same figure printed twice: no rounding allowed
    assert row["source_line"] == "6;99"
    assert one(out, "summary_equals_statement", "NETTO", "2023 actual")["verdict"] == "ok"
    assert one(out, "summary_equals_statement", "NETTO", "Toteuma %")["verdict"] == "ok"


def test_summary_equals_statement_compares_pct():
    rows = income_statement() + fin("budget_summary", "ALL", "NETTO", "subtotal", -700, -700, -700, dev=0,
                                    pct="99,99")
    out = v.check_summary_equals_statement(v._finance_index(rows))
    assert one(out, "summary_equals_statement", "NETTO", "Toteuma %")["verdict"] == "discrepancy"


def project(name, funding, line, period="2024\u20132025", is_total=False, share=None):
    return {"name": name, "period": period, "total_funding_eur": funding, "source_line": line, "is_total": is_total,
            "city_share_pct": share}


def funding_row(rows):
    return one(rows, "projects_total", column="Hankkeen kokonaisrahoitus")


def test_projects_total_ok():
    projects = [project("A", 100, "1"), project("B", 250, "2"), project("Yhteensä", 350, "3", "", True)]
    row = funding_row(v.check_projects_total(projects))
    assert row["verdict"] == "ok"
    assert row["source_line"] == "1;2;3"
    assert "2 projects" in row["note"]


def test_projects_total_discrepancy_names_the_left_out_project():
    projects = [project("A", 100, "1"), project("B", 250, "2"), project("Yhteensä", 250, "3", "", True)]
    row = funding_row(v.check_projects_total(projects))
    assert row["verdict"] == "discrepancy"
    assert Decimal(row["difference"]) == -100
    assert "'A'" in row["note"] and "line 1" in row["note"]


def test_projects_total_off_by_one_is_a_discrepancy():
    projects = [project("A", 100, "1"), project("Yhteensä", 101, "2", "", True)]
    row = funding_row(v.check_projects_total(projects))
    assert row["verdict"] == "discrepancy"  # printed integers, no rounding
    assert "short" not in row["note"]


@pytest.mark.parametrize(("printed", "expected"), [("35", "ok"), ("36", "discrepancy"), ("35.0", "ok")])
def test_projects_city_share_is_the_funding_weighted_mean(printed, expected):
    projects = [project("A", 100, "1", share="20"), project("B", 300, "2", share="40"),
                project("Yhteensä", 400, "3", "", True, share=printed)]
    rows = v.check_projects_total(projects)
    assert funding_row(rows)["verdict"] == "ok"
    share = one(rows, "projects_total", column="Kaupungin rahoitusosuus %")
    assert share["verdict"] == expected
    assert Decimal(share["printed"]) == Decimal(printed)


def test_projects_total_without_a_total_row():
    assert v.check_projects_total([project("A", 100, "1")]) == []


def kpi(value, key="leisure_net_cost", unit="€/asukas"):
    return {"indicator": "Virikkeellinen elämä nettokustannukset €/asukas", "indicator_key": key, "year": 2024,
            "kind": "actual", "unit": unit, "value": value, "source_line": "316"}


POP = {"year": 2024, "population": 17827, "source_line": "307"}


@pytest.mark.parametrize(("printed", "expected"), [("244", "ok"), ("245", "discrepancy"), ("244.19", "ok"),
                                                   ("244.2", "ok"), ("244.18", "discrepancy")])
def test_per_resident(printed, expected):
    index = v._finance_index(fin("income_statement", "VIRE", "Toimintakate", "subtotal", -4439943, -4484900,
                                 -4353262, lines="230"))
    (row,) = v.check_per_resident(index, [kpi(printed)], POP)
    assert row["verdict"] == expected
    assert row["source_line"] == "316;230;307"
    assert row["service_area"] == "VIRE"
    assert "244.19" in row["note"]


def test_per_resident_skips_missing_values():
    index = v._finance_index(fin("income_statement", "VIRE", "Toimintakate", "subtotal", -1, -1, -1))
    assert v.check_per_resident(index, [kpi(None)], POP) == []
    assert v.check_per_resident(index, [kpi("1", unit="€/lapsi")], POP) == []
    assert v.check_per_resident({}, [kpi("244")], POP) == []


def test_run_checks_rows_fit_the_schema():
    from utils.ingest.pipeline import to_frame

    finance = income_statement() + fin("budget_summary", "ALL", "NETTO", "subtotal", -700, -700, -700, dev=0,
                                       pct="100,00")
    rows = v.run_checks(finance, [], POP, [project("A", 1, "1"), project("Yhteensä", 1, "2", "", True)])
    df = to_frame(CHECKS, rows)
    assert validate_frame(CHECKS, df) == []
    assert set(df["verdict"]) == {"ok"}
    assert set(df["check"]) >= {"deviation", "realization_pct", "sum_of_lines", "margin",
                                "summary_equals_statement", "projects_total"}


# ================================================================== checks.py: the real data
@pytest.fixture(scope="module")
def checks():
    return read_all()["checks"]


def test_real_projects_total_is_a_discrepancy(checks):
    row = checks.filter(pl.col("check") == "projects_total", pl.col("column") == "Hankkeen kokonaisrahoitus").row(
        0, named=True
    )
    assert row["verdict"] == "discrepancy"
    assert row["printed"] == 1335392
    assert row["expected"] == 1343170
    assert row["difference"] == 1335392 - 1343170
    assert "Heinolan harrastekerhot lapsille ja nuorille" in row["note"]


def test_real_no_finance_discrepancy(checks):
    finance = checks.filter(pl.col("statement").is_in(["budget_summary", "income_statement", "investments"]))
    assert finance.height > 250
    assert finance.filter(pl.col("verdict") == "discrepancy").height == 0
    assert finance.filter(pl.col("verdict") == "rounding").height > 0
    # a rounding verdict is never beyond its tolerance
    rounding = finance.filter(pl.col("verdict") == "rounding")
    assert (rounding["difference"].abs() <= rounding["tolerance"]).all()


def test_real_every_kind_of_check_is_present(checks):
    assert set(checks["check"]) >= {
        "deviation", "realization_pct", "sum_of_lines", "margin", "areas_sum_to_sector",
        "summary_equals_statement", "projects_total", "per_resident", "external_funding", "kpi_units",
    }
    zero_budget = checks.filter(pl.col("check") == "realization_pct", pl.col("note").str.contains("budget is 0"))
    # Rahoitustuotot ja -kulut of the sector and three areas, HYTE Tuet ja avustukset, VAKA Myyntituotot
    assert zero_budget.height == 6
    assert set(zero_budget["verdict"]) == {"ok"}


def test_real_checks_match_a_fresh_build(built, checks):
    from polars.testing import assert_frame_equal

    assert_frame_equal(built.frames["checks"], checks)
