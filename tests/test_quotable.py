"""Quotable and downloadable: findings and citations carry the data's figures; downloads equal the table shown."""

import io
import zipfile

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import open_page, shown_tables
from utils.app import exports
from utils.core.fi_numbers import format_eur, format_pct
from utils.core.loading import read_all
from utils.ingest.common import load_mapping
from utils.questions import finance, findings, key_figures

DATA = read_all()
WIDE = finance.finance_wide(DATA["finance"])




def code_blocks(at: AppTest) -> list[str]:
    """The copyable sentences of a page (plain text blocks)."""
    return [c.value for c in at.code] + [c.value for c in at.text]


ACCOUNTS = load_mapping()["accounts"]


@pytest.mark.parametrize("areas", [("ALL",), ("VAKA",), ("HYTE", "VIRE")])
def test_findings_figures_equal_the_data(areas):
    card = key_figures.kpi_scorecard(DATA["kpis"], None if areas == ("ALL",) else areas)
    result = findings.key_findings(WIDE, card, DATA["goals"], DATA["projects"], areas, ACCOUNTS)
    by_kind = {f["kind"]: f for f in result}
    lines = WIDE.filter(
        pl.col("statement") == "income_statement", pl.col("service_area").is_in(list(areas)),
        ~pl.col("is_subtotal"), pl.col("account_kind").is_in(["income", "cost"]),
    ).with_columns(
        # worse than budget, read from the document's sign: income (printed positive) below budget, costs
        # (printed negative) above it
        pl.when(pl.col("actual_eur") >= 0).then(pl.col("actual_eur") < pl.col("budget_eur"))
        .otherwise(-pl.col("actual_eur") > -pl.col("budget_eur")).alias("worse"),
        (pl.col("actual_eur") - pl.col("budget_eur")).abs().alias("gap"),
    )
    worst = lines.filter(pl.col("worse")).sort("gap", descending=True, maintain_order=True).row(0, named=True)
    assert by_kind["largest_worse_eur"]["claim"].subject == worst["account"]
    assert abs(by_kind["largest_worse_eur"]["claim"].difference) == worst["gap"]
    best = lines.filter(~pl.col("worse"), pl.col("gap") > 0).sort("gap", descending=True,
                                                                   maintain_order=True).row(0, named=True)
    assert by_kind["largest_better_eur"]["claim"].subject == best["account"]
    low = DATA["projects"].filter(~pl.col("is_total"), ~pl.col("started_h2_2024"),
                                  pl.col("spend_realization_pct") < findings.LOW_SPEND_PCT)
    projects = by_kind["low_spend_projects" if areas == ("ALL",) else "low_spend_projects_sector"]
    assert projects["claim"].value == low.height
    assert projects["late"].value == DATA["projects"]["started_h2_2024"].sum()


def test_largest_change_is_the_largest_absolute_change():
    f = next(x for x in findings.key_findings(WIDE, key_figures.kpi_scorecard(DATA["kpis"]), DATA["goals"],
                                              DATA["projects"], ("ALL",), ACCOUNTS) if x["kind"] == "largest_change")
    items = WIDE.filter(pl.col("statement") == "income_statement", pl.col("service_area") == "ALL",
                        ~pl.col("is_subtotal"), pl.col("account_kind").is_in(["income", "cost"]))
    changes = (items["shown_actual_eur"] - items["shown_actual_2023_eur"]).abs()
    assert abs(f["claim"].difference) == changes.max()


def test_overview_citation_carries_the_sector_figures_and_a_version():
    at = open_page("app.py")
    citation = next(c for c in code_blocks(at) if "Heinola" in c)
    net = -DATA["finance"].filter(pl.col("statement") == "income_statement", pl.col("service_area") == "ALL",
                                  pl.col("account") == "Toimintakate", pl.col("year") == 2024,
                                  pl.col("scenario") == "actual")["amount_eur"].item()
    assert format_eur(net) in citation
    assert format_pct(99.47) in citation
    version = exports_version()
    assert version in citation


def exports_version() -> str:
    import json
    from pathlib import Path

    package = json.loads((Path(__file__).resolve().parents[1] / "data" / "datapackage.json").read_text())
    return package["sources"][0]["hash"].removeprefix("sha256:")[:12]


def test_english_citation_uses_english_formats():
    at = open_page("app.py", lang="en")
    citation = next(c for c in code_blocks(at) if "Heinola" in c)
    assert "€29,791,705" in citation and "99.47%" in citation


def test_budget_citation_names_the_row_and_its_source_line():
    at = open_page("pages/budget.py", area=["VAKA"])
    citation = next(c for c in code_blocks(at) if "Varhaiskasvatus" in c)
    first = DATA["finance"].filter(pl.col("statement") == "income_statement", pl.col("service_area") == "VAKA",
                                   pl.col("year") == 2024, pl.col("scenario") == "actual").row(0, named=True)
    assert first["account"] in citation
    assert first["source_line"] in citation


def test_csv_download_equals_the_table_shown():
    at = open_page("pages/budget.py", area=["OPKOU"])
    shown = pl.from_pandas(shown_tables(at)[0].value)
    text = exports.csv_bytes(shown, "fi").decode("utf-8")
    assert text.startswith("\ufeff")
    back = pl.read_csv(io.StringIO(text.lstrip("\ufeff")), separator=";", decimal_comma=True,
                       schema=shown.schema)
    assert_frame_equal(back, shown)
    assert "ä" in text or "ö" in text  # Finnish letters survive


def test_english_csv_uses_a_decimal_point():
    df = pl.DataFrame({"x": [1.5]})
    assert exports.csv_bytes(df, "en").decode("utf-8-sig").splitlines() == ["x", "1.5"]


def test_excel_download_holds_the_numbers_as_numbers():
    df = pl.DataFrame({"Tili": ["Henkilöstökulut"], "Toteuma": [11253215]})
    content = exports.xlsx_bytes(df, "t")
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
        shared = zf.read("xl/sharedStrings.xml").decode()
    assert "<v>11253215</v>" in sheet  # a numeric cell, not text
    assert "Henkilöstökulut" in shared


def test_chart_exports_are_images():
    from utils.charts import row_bars

    df = pl.DataFrame({"c": ["a"], "v": [1.0], "l": ["1"]})
    chart = row_bars.comparison_chart(df, "v", "c", "l", "T")
    assert exports.chart_png(chart).startswith(b"\x89PNG\r\n\x1a\n")
    assert exports.chart_svg(chart).lstrip().startswith(b"<svg")


def test_archive_holds_every_file_with_its_datapackage():
    with zipfile.ZipFile(io.BytesIO(exports.archive_bytes())) as zf:
        names = set(zf.namelist())
        dates = {info.date_time for info in zf.infolist()}
    for name in exports.data_files():
        assert f"heinola-hyvinvointi-2024/{name}" in names
    assert dates == {(2025, 3, 4, 0, 0, 0)}  # the day the document was signed: the same data, the same bytes
    assert exports.archive_bytes() == exports.archive_bytes()  # same data, same bytes


def test_excel_download_colours_no_number_red():
    df = pl.DataFrame({"Ero": [-253543.0, 60182.0], "Toteuma": [-1, 2]})
    with zipfile.ZipFile(io.BytesIO(exports.xlsx_bytes(df, "t"))) as zf:
        styles = zf.read("xl/styles.xml").decode()
    assert "[Red]" not in styles
