"""utils/core/filters.py (the URL form of the shared filters) and utils/questions/finance.py (pure polars)."""

from __future__ import annotations

import itertools
from urllib.parse import parse_qs

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from utils.core.filters import (
    AREAS,
    DEFAULT_YEAR,
    MAX_PARAM_LENGTH,
    YEARS,
    Filters,
    parse_params,
    query_string,
    to_params,
)
from utils.core.loading import read_all
from utils.core.schema import FINANCE, GOALS
from utils.questions import finance


# ================================================================== filters.parse_params
def test_empty_params_are_the_defaults():
    parsed = parse_params({})
    assert parsed.filters == Filters((), DEFAULT_YEAR, "eur")
    assert parsed.notices == []
    assert parsed.filters.is_sector
    assert parsed.filters.area_codes == ("ALL",)


@pytest.mark.parametrize(
    ("params", "areas", "year", "measure"),
    [
        ({"area": ["VAKA"]}, ("VAKA",), 2024, "eur"),
        ({"area": ["VIRE", "HYTE"]}, ("HYTE", "VIRE"), 2024, "eur"),  # always in the canonical order
        ({"area": ["VAKA", "VAKA", "vaka"]}, ("VAKA",), 2024, "eur"),  # duplicates, lower case
        ({"area": [" opkou "]}, ("OPKOU",), 2024, "eur"),
        ({"area": ["ALL"]}, (), 2024, "eur"),
        ({"area": ["all", "VAKA"]}, ("VAKA",), 2024, "eur"),
        ({"area": [""]}, (), 2024, "eur"),
        ({"area": list(AREAS)}, AREAS, 2024, "eur"),
        ({"year": ["2023"]}, (), 2023, "eur"),
        ({"year": ["2022"], "per": ["resident"]}, (), 2022, "per_resident"),
        ({"year": [" 2023 "]}, (), 2023, "eur"),
        ({"year": ["2022", "2023"]}, (), 2022, "eur"),  # the first value wins (as nginx reads ?lang)
        ({"per": ["resident", "eur"]}, (), 2024, "per_resident"),
        ({"per": ["RESIDENT"]}, (), 2024, "per_resident"),
        ({"per": ["per_resident"]}, (), 2024, "per_resident"),
        ({"per": ["eur"]}, (), 2024, "eur"),
        ({"per": [""]}, (), 2024, "eur"),
        ({"area": ["HYTE", "OPKOU"], "year": ["2022"], "per": ["resident"]}, ("HYTE", "OPKOU"), 2022, "per_resident"),
        ({"other": ["x"]}, (), 2024, "eur"),  # unknown keys are the caller's business
    ],
)
def test_valid_params(params, areas, year, measure):
    parsed = parse_params(params)
    assert parsed.filters == Filters(areas, year, measure)
    assert parsed.notices == []


SECRET = "<script>alert(1)</script>"


@pytest.mark.parametrize(
    ("params", "notices", "filters"),
    [
        ({"area": [SECRET]}, ["area"], Filters()),
        ({"area": ["VAKA", "SOTE"]}, ["area"], Filters(("VAKA",))),  # the good value is kept
        ({"area": ["XX", "YY"]}, ["area"], Filters()),  # one notice per parameter
        ({"year": ["2021"]}, ["year"], Filters()),
        ({"year": ["2025"]}, ["year"], Filters()),
        ({"year": ["20233"]}, ["year"], Filters()),
        ({"year": ["-2023"]}, ["year"], Filters()),
        ({"year": ["twenty"]}, ["year"], Filters()),
        ({"year": [""]}, ["year"], Filters()),
        ({"year": ["2023.0"]}, ["year"], Filters()),
        ({"year": ["\u00b2\u2070\u00b2\u00b3"]}, ["year"], Filters()),  # superscript digits: isdigit() but not int()
        ({"year": ["\uff12\uff10\uff12\uff13"]}, ["year"], Filters()),  # full-width digits
        ({"per": [SECRET]}, ["per"], Filters()),
        ({"area": ["XX"], "year": ["1"], "per": ["zzz"]}, ["area", "year", "per"], Filters()),
    ],
)
def test_invalid_params_give_notices_without_echoing(params, notices, filters):
    parsed = parse_params(params)
    assert parsed.notices == notices
    assert parsed.filters == filters
    shown = " ".join(parsed.notices)
    for values in params.values():
        for value in values:
            if value and value not in ("area", "year", "per"):
                assert value not in shown


@pytest.mark.parametrize(
    ("query", "expected", "notices"),
    [
        ("lang=en&lang=fi", Filters(lang="en"), []),
        ("lang=fi&lang=en", Filters(lang="fi"), []),
        ("year=2023&year=2024", Filters(year=2023), []),
        ("year=2023&year=2022&year=2024", Filters(year=2023), []),
        ("per=resident&per=eur&lang=EN&lang=fi", Filters(measure="per_resident", lang="en"), []),
        # a bad or empty first value leaves the default (nginx's <html lang> is fi for ?lang=xx&lang=en too);
        # a bad value anywhere is noticed, never echoed
        ("lang=xx&lang=en", Filters(), ["lang"]),
        ("lang=&lang=en", Filters(), []),
        ("lang=en&lang=" + SECRET, Filters(lang="en"), ["lang"]),
        ("year=abc&year=2023", Filters(), ["year"]),
        ("year=2023&year=abc", Filters(year=2023), ["year"]),
    ],
)
def test_a_repeated_parameter_takes_its_first_value(query, expected, notices):
    """nginx sets <html lang> from $arg_lang, the first ?lang of the address: the app reads the same one, and
    year and per the same way."""
    parsed = parse_params(parse_qs(query, keep_blank_values=True))
    assert parsed.filters == expected
    assert parsed.notices == notices
    assert SECRET not in " ".join(parsed.notices)


@pytest.mark.parametrize("key", ["area", "year", "per"])
def test_very_long_values_are_refused(key):
    long_value = {"area": "VAKA", "year": "2023", "per": "resident"}[key] + " " * 5000 + "x" * 100_000
    parsed = parse_params({key: [long_value]})
    assert parsed.notices == [key]
    assert parsed.filters == Filters()
    assert all(len(n) <= MAX_PARAM_LENGTH for n in parsed.notices)


def test_padded_area_longer_than_the_limit_is_refused():
    parsed = parse_params({"area": ["VAKA" + " " * MAX_PARAM_LENGTH]})
    assert parsed.notices == ["area"]
    assert parsed.filters.areas == ()


def test_non_string_values_are_ignored():
    parsed = parse_params({"area": [None, 5, "VAKA"], "year": [2023]})  # type: ignore[list-item]
    assert parsed.filters == Filters(("VAKA",), DEFAULT_YEAR, "eur")
    assert parsed.notices == []


def _all_filters():
    subsets = [c for r in range(len(AREAS) + 1) for c in itertools.combinations(AREAS, r)]
    for areas, year, measure in itertools.product(subsets, YEARS, ("eur", "per_resident")):
        yield Filters(areas, year, measure)


def test_to_params_round_trip():
    count = 0
    for f in _all_filters():
        params = to_params(f)
        parsed = parse_params(params)
        assert parsed.filters == f, params
        assert parsed.notices == []
        count += 1
    assert count == 16 * 3 * 2


def test_to_params_leaves_defaults_out():
    assert to_params(Filters()) == {}
    assert query_string(Filters()) == ""
    assert to_params(Filters(("HYTE", "VAKA"), 2023, "per_resident")) == {
        "area": ["HYTE", "VAKA"], "year": ["2023"], "per": ["resident"],
    }
    assert (query_string(Filters(("HYTE", "VAKA"), 2023, "per_resident"))
            == "?area=HYTE&area=VAKA&year=2023&per=resident")


# ================================================================== transform: finance
def finance_frame(rows: list[tuple]) -> pl.DataFrame:
    """(area, account, kind, shown_as, order, a2023, b2024, a2024, deviation, pct_printed) -> finance rows."""
    out = []
    for area, account, kind, shown_as, order, a2023, b2024, a2024, dev, pct in rows:
        for year, scenario, amount, column in ((2023, "actual", a2023, "Tilinpäätös 2023"),
                                               (2024, "budget", b2024, "Talousarvio 2024"),
                                               (2024, "actual", a2024, "Toteuma 2024")):
            compared = scenario == "actual" and year == 2024
            out.append({
                "statement": "income_statement", "service_area": area, "account": account, "year": year,
                "scenario": scenario, "amount_eur": amount, "account_en": account.upper(),
                "account_kind": kind, "is_subtotal": kind == "subtotal", "shown_as": shown_as,
                "section": "", "row_order": order,
                "deviation_eur": dev if compared else None,
                "realization_pct": float(pct.replace(",", ".")) if compared else None,
                "realization_pct_printed": pct if compared else None,
                "realization_decimals": len(pct.partition(",")[2]) if compared else None,
                "column_printed": column, "source_line": f"{area}-{order}",
            })
    return pl.DataFrame(out, schema=FINANCE.polars_schema)


SMALL = [
    ("ALL", "Myyntituotot", "income", "income", 1, 100, 120, 150, -30, "125,00"),
    ("ALL", "Henkilöstökulut", "cost", "cost", 2, -1000, -1200, -1100, -100, "91,67"),
    ("ALL", "Toimintakate", "subtotal", "cost", 3, -900, -1080, -950, -130, "87,96"),
    ("VAKA", "Myyntituotot", "income", "income", 1, 10, 0, 5, -5, "0,00"),
    ("VAKA", "Henkilöstökulut", "cost", "cost", 2, -500, -600, -650, 50, "108,33"),
    ("VAKA", "Toimintakate", "subtotal", "cost", 3, -490, -600, -645, 45, "107,50"),
    ("VIRE", "Henkilöstökulut", "cost", "cost", 1, -300, -300, -280, -20, "93,33"),
    ("VIRE", "Toimintakate", "subtotal", "cost", 2, -300, -300, -280, -20, "93,33"),
]


@pytest.fixture
def small_wide() -> pl.DataFrame:
    return finance.finance_wide(finance_frame(SMALL))


def test_finance_wide(small_wide):
    expected = pl.DataFrame(
        {
            "statement": ["income_statement"] * len(SMALL),
            "service_area": [r[0] for r in SMALL],
            "account": [r[1] for r in SMALL],
            "account_en": [r[1].upper() for r in SMALL],
            "account_kind": [r[2] for r in SMALL],
            "is_subtotal": [r[2] == "subtotal" for r in SMALL],
            "shown_as": [r[3] for r in SMALL],
            "row_order": [r[4] for r in SMALL],
            "source_line": [f"{r[0]}-{r[4]}" for r in SMALL],
            "deviation_eur": [r[8] for r in SMALL],
            "realization_pct": [float(r[9].replace(",", ".")) for r in SMALL],
            "realization_pct_printed": [r[9] for r in SMALL],
            "actual_2023_eur": [r[5] for r in SMALL],
            "budget_eur": [r[6] for r in SMALL],
            "actual_eur": [r[7] for r in SMALL],
            "shown_actual_2023_eur": [-r[5] if r[3] == "cost" else r[5] for r in SMALL],
            "shown_budget_eur": [-r[6] if r[3] == "cost" else r[6] for r in SMALL],
            "shown_actual_eur": [-r[7] if r[3] == "cost" else r[7] for r in SMALL],
        },
        schema_overrides={"row_order": pl.Int64, "deviation_eur": pl.Int64, "actual_2023_eur": pl.Int64,
                          "budget_eur": pl.Int64, "actual_eur": pl.Int64, "shown_actual_2023_eur": pl.Int64,
                          "shown_budget_eur": pl.Int64, "shown_actual_eur": pl.Int64},
    )
    assert_frame_equal(small_wide, expected, check_column_order=False)
    assert small_wide.height == len(SMALL)  # one row per printed row


def test_finance_wide_with_a_missing_column():
    rows = finance_frame(SMALL[:1]).filter(pl.col("year") == 2024)
    wide = finance.finance_wide(rows)
    assert wide["actual_2023_eur"].to_list() == [None]
    assert wide["shown_actual_2023_eur"].to_list() == [None]
    assert wide["actual_eur"].to_list() == [150]


def test_finance_wide_on_real_data():
    frames = read_all()
    wide = finance.finance_wide(frames["finance"])
    assert wide.height == frames["finance"].height // 3
    assert wide.select("statement", "service_area", "account").is_duplicated().sum() == 0
    row = wide.filter(pl.col("service_area") == "ALL", pl.col("account") == "Toimintakate",
                      pl.col("statement") == "income_statement").row(0, named=True)
    assert (row["actual_eur"], row["shown_actual_eur"], row["deviation_eur"]) == (-29791705, 29791705, -157745)
    assert row["realization_pct_printed"] == "99,47"
    income = wide.filter(pl.col("account") == "Myyntituotot", pl.col("service_area") == "ALL").row(0, named=True)
    assert income["shown_actual_eur"] == income["actual_eur"] == 942313


def test_net_cost(small_wide):
    result = finance.net_cost(small_wide, "ALL")
    assert result == {
        "area": "ALL",
        "actual_eur": 950,
        "budget_eur": 1080,
        "actual_2023_eur": 900,
        "under_budget_eur": 130,
        "deviation_eur": -130,
        "realization_pct": 87.96,
        "realization_pct_printed": "87,96",
        "change_eur": 50,
        "change_pct": 5.6,
        "source_line": "ALL-3",
    }
    vaka = finance.net_cost(small_wide, "VAKA")
    assert vaka["under_budget_eur"] == -45  # over budget
    assert vaka["change_pct"] == round(155 / 490 * 100, 1)
    assert finance.net_cost(small_wide, "HYTE") == {}


def test_net_cost_with_zero_previous_year():
    rows = [("ALL", "Toimintakate", "subtotal", "cost", 1, 0, -10, -5, -5, "50,00")]
    wide = finance.finance_wide(finance_frame(rows))
    assert finance.net_cost(wide)["change_pct"] is None


def test_area_net_costs_as_claims(small_wide):
    from utils.questions import claims

    accounts = {"Toimintakate": {"shown_as": "cost", "side": "net"}}
    status = claims.budget_frame(finance.area_net_cost_rows(small_wide), accounts, "en")
    assert status["service_area"].to_list() == ["VAKA", "VIRE"]
    assert status["difference"].to_list() == [45, -20]  # actual − budget, net costs positive
    assert status["judgement"].to_list() == ["worse", "better"]
    assert status["words"].to_list() == ["▲ net cost over budget", "▼ net cost under budget"]


def test_area_net_costs_on_real_data():
    from utils.ingest.common import load_mapping
    from utils.questions import claims

    wide = finance.finance_wide(read_all()["finance"])
    status = claims.budget_frame(finance.area_net_cost_rows(wide), load_mapping()["accounts"], "fi")
    assert status["service_area"].to_list() == ["HYTE", "OPKOU", "VAKA", "VIRE"]
    assert dict(zip(status["service_area"], status["direction"])) == {
        "HYTE": "under", "OPKOU": "over", "VAKA": "under", "VIRE": "under",
    }
    assert dict(zip(status["service_area"], status["claim_value"])) == {
        "HYTE": 437664, "OPKOU": 17262262, "VAKA": 7738516, "VIRE": 4353262,
    }


def test_largest_differences_keep_printed_order_on_ties():
    frame = pl.DataFrame({"row": [1, 2, 3, 4], "difference": [10.0, -30.0, -10.0, None]})
    assert finance.largest_differences(frame, 3)["row"].to_list() == [2, 1, 3]
    assert finance.largest_differences(frame, 4)["row"].to_list()[-1] == 4


def test_largest_change_claims_are_the_largest_changes_as_claims():
    from utils.ingest.common import load_mapping
    from utils.questions import claims

    accounts = load_mapping()["accounts"]
    wide = finance.finance_wide(read_all()["finance"])
    items = finance.income_and_costs(claims.change_frame(finance.statement_rows(wide, ("ALL",)), accounts, "fi"))
    top = finance.largest_change_claims(items, accounts, 3)
    rows = finance.largest_changes(items, 3).iter_rows(named=True)
    assert len(top) == 3 and top == [claims.change_claim(r, accounts) for r in rows]
    assert top[0].comparison == claims.CHANGE and abs(top[0].difference) >= abs(top[-1].difference)


def test_statement_rows_order(small_wide):
    rows = finance.statement_rows(small_wide, ("VIRE", "ALL"))
    assert list(zip(rows["service_area"], rows["row_order"])) == [
        ("VIRE", 1), ("VIRE", 2), ("ALL", 1), ("ALL", 2), ("ALL", 3),
    ]


# ================================================================== transform: goals
def goals_frame(rows: list[tuple[str, str, bool]]) -> pl.DataFrame:
    data = []
    for i, (level, status, empty) in enumerate(rows, start=1):
        record = {f.name: None for f in GOALS.fields}
        record.update(level=level, row_order=i, goal_id=f"G{i:02}", strategic_aim="Aim", status=status,
                      is_empty=empty, source_line=str(i))
        data.append(record)
    return pl.DataFrame(data, schema=GOALS.polars_schema)




def test_unprinted_accounts_are_what_an_area_leaves_out_of_the_sectors_statement():
    wide = finance.finance_wide(read_all()["finance"])
    hyte = finance.unprinted_accounts(wide, "HYTE")
    # HYTE's statement stops at the operating margin: the annual margin and the result are not printed
    assert {"Vuosikate", "Tilikauden tulos"} <= set(hyte) and "Toimintakate" not in hyte
    sector_order = finance.statement_rows(wide, ("ALL",))["account"].to_list()
    assert hyte == [a for a in sector_order if a in hyte], "in the sector statement's order"
    for area in ("ALL", "OPKOU", "VAKA", "VIRE"):
        assert finance.unprinted_accounts(wide, area) == [], area
