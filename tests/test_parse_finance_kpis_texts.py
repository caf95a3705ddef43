"""Reading tools (utils/ingest/common.py) and the finance, key-figure and text parsers.

Fragments are copied from data/raw/tilinpaatos-2024-hyvinvointi.txt and parsed as small documents;
the real document is parsed too, for counts and a few known figures.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from utils.core.schema import AREA_CODES
from utils.ingest.common import (
    Document,
    IngestError,
    Line,
    area_lookup,
    html_to_text,
    is_bold,
    norm,
    read_rows,
)
from utils.ingest.finance import Column, classify_columns, parse_finance
from utils.ingest.goals import parse_goals
from utils.ingest.kpis import _split_cell, _unit_agrees, parse_kpis
from utils.ingest.projects import parse_projects
from utils.ingest.risks import parse_risks
from utils.ingest.texts import parse_texts


def make_doc(lines: list[str]) -> Document:
    return Document.from_bytes("\n".join(lines).encode("utf-8"))


def line_of(lines: list[str], startswith: str) -> int:
    """1-based number of the only line starting with `startswith`."""
    hits = [i + 1 for i, t in enumerate(lines) if t.startswith(startswith)]
    assert len(hits) == 1, hits
    return hits[0]


# ================================================================== fragments of the document
# lines 111-132: the sector income statement, two-line header
SECTOR = [
    "### TULOSLASKELMA, NETTOSITOVUUS",
    "",
    "Hyvinvointilautakunnan toimiala\tTilinpäätös\tTalousarvio\tToteuma\tPoikkeama\tToteuma",
    "Selite\t2023\t2024\t2024\t\t%",
    "<b>TOIMINTATUOTOT</b>\t\t\t\t\t",
    "Myyntituotot\t691 408\t735 700\t<b>942 313</b>\t- 206 613\t128,08",
    "Maksutuotot\t809 343\t728 800\t<b>824 149</b>\t-95 349\t113,08",
    "Tuet ja avustukset\t1 406 412\t1 140 700\t<b>597 673</b>\t543 027\t52,40",
    "Muut toimintatuotot\t108 798\t83 400\t<b>143 582</b>\t-60 182\t172,16",
    "<b>Toimintatuotot</b>\t<b>3 015 961</b>\t<b>2 688 600</b>\t<b>2 507 717</b>\t<b>180 883</b>\t<b>93,27</b>",
    "<b>TOIMINTAKULUT</b>\t\t\t\t\t",
    "Henkilöstökulut\t-19 709 683\t-19 268 600\t<b>-19 015 057</b>\t- 253 543\t98,68",
    "Palvelujen ostot\t-5 583 953\t-5 628 800\t<b>-5 543 192</b>\t-85 608\t98,48",
    "Aineet, tarvikkeet ja tavarat\t- 831 915\t- 712 850\t<b>- 639 518</b>\t-73 332\t89,71",
    "Avustukset\t- 695 671\t- 839 000\t<b>- 717 828</b>\t- 121 172\t85,56",
    "Muut toimintakulut\t-6 457 878\t-6 188 800\t<b>-6 383 827</b>\t195 027\t103,15",
    "<b>Toimintakulut</b>\t<b>-33 279 100</b>\t<b>-32 638 050</b>\t<b>-32 299 422</b>\t<b>- 338 628</b>\t<b>98,96</b>",
    "<b>Toimintakate</b>\t<b>-30 263 140</b>\t<b>-29 949 450</b>\t<b>-29 791 705</b>\t<b>- 157 745</b>\t<b>99,47</b>",
    "Rahoitustuotot ja -kulut\t- 954\t0\t<b>-1 459</b>\t1 459\t0,00",
    "<b>Vuosikate</b>\t<b>-30 264 094</b>\t<b>-29 949 450</b>\t<b>-29 793 165</b>\t<b>- 156 285</b>\t<b>99,48</b>",
    "Poistot ja arvonalentumiset\t- 761 642\t- 564 000\t<b>- 540 223</b>\t-23 777\t95,78",
    "<b>Tilikauden tulos</b>\t<b>-31 025 735</b>\t<b>-30 513 450</b>\t<b>-30 333 388</b>\t<b>- 180 062</b>"
    "\t<b>99,41</b>",
]
SECTOR_SPEC = {"statement": "income_statement", "heading": "TULOSLASKELMA, NETTOSITOVUUS"}

# lines 188-198: early childhood education, one-line header, a budget of 0 printed 0,00
VAKA = [
    "**VARHAISKASVATUKSEN PALVELUALUE**",
    "",
    "Varhaiskasvatus Selite\tTilinpäätös 2023\tTalousarvio 2024\tToteuma 2024\tPoikkeama\tToteuma %",
    "<b>TOIMINTATUOTOT</b>\t\t\t\t\t",
    "Myyntituotot\t141 482\t0\t<b>95 705</b>\t-95 705\t0,00",
    "Maksutuotot\t293 844\t260 000\t<b>246 416</b>\t13 584\t94,78",
    "Tuet ja avustukset\t569 662\t227 100\t<b>166 357</b>\t60 743\t73,25",
    "Muut toimintatuotot\t8 261\t8 500\t<b>7 828</b>\t672\t92,09",
    "<b>Toimintatuotot</b>\t<b>1 013 249</b>\t<b>495 600</b>\t<b>516 306</b>\t<b>-20 706</b>\t<b>104,18</b>",
    "<b>TOIMINTAKULUT</b>\t\t\t\t\t",
    "Henkilöstökulut\t-6 189 045\t-5 953 100\t<b>-5 730 791</b>\t- 222 309\t96,27",
]
VAKA_SPEC = {"statement": "income_statement", "heading": "VARHAISKASVATUKSEN PALVELUALUE"}

# lines 214-222: the "Virkkeellinen" typo in the header
VIRE = [
    "**VIRIKKEELLINEN ELÄMÄ -PALVELUALUE**",
    "",
    "Virkkeellinen elämä Selite\tTilinpäätös 2023\tTalousarvio 2024\tToteuma 2024\tPoikkeama\tToteuma %",
    "<b>TOIMINTATUOTOT</b>\t\t\t\t\t",
    "Myyntituotot\t33 910\t21 000\t<b>32 669</b>\t-11 669\t155,57",
    "Maksutuotot\t354 754\t302 800\t<b>401 334</b>\t-98 534\t132,54",
    "Tuet ja avustukset\t250 388\t180 000\t<b>174 372</b>\t5 628\t96,87",
    "Muut toimintatuotot\t64 889\t49 700\t<b>85 520</b>\t-35 820\t172,07",
    "<b>Toimintatuotot</b>\t<b>703 942</b>\t<b>553 500</b>\t<b>693 894</b>\t<b>- 140 394</b>\t<b>125,36</b>",
]
VIRE_SPEC = {"statement": "income_statement", "heading": "VIRIKKEELLINEN ELÄMÄ -PALVELUALUE"}

# lines 242-253: investments, a title row above the header, TP/TA/Toteuma 1-12 and one decimal
INVESTMENTS = [
    "## INVESTOINNIT",
    "",
    "### Virikkeellinen elämä -palvelualue:",
    "",
    "Kirjaston uudistaminen vastaamaan nykyajan tarpeita. Kirjaston remontin suunnittelu on tehty ja "
    "toimenpiteitä remontin aloittamiseksi odotetaan. Kirjasto siirtyi väistötilaan syyskuussa.",
    "",
    " ",
    " ",
    "Irtain omaisuus\t\t\t\t\t",
    "HYVINVOINTI\tTP2023\tTA 2024\tToteuma 1-12\tPoikkeama\tToteuma %",
    "Menot\t-198 824\t-270 000\t-36 225\t-233 775\t13,4",
    "Netto\t-198 824\t-270 000\t-36 225\t-233 775\t13,4",
]
INVESTMENTS_SPEC = {"statement": "investments", "heading": "INVESTOINNIT"}


def only_table(mapping: dict, spec: dict) -> dict:
    return {**mapping, "finance_tables": [spec]}


def parse_fragment(lines, spec, mapping):
    doc = make_doc(lines)
    return doc, parse_finance(doc, only_table(mapping, spec))


def by_key(rows: list[dict]) -> dict[tuple[str, int, str], dict]:
    out = {(r["account"], r["year"], r["scenario"]): r for r in rows}
    assert len(out) == len(rows), "duplicate (account, year, scenario)"
    return out


# ================================================================== common: text
@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<li>A</li><li>B</li>", "A B"),
        ("<ul><li>A</li><li>B</li></ul>", "A B"),
        ("<p>A</p><p>B</p>", "A B"),
        ("A<br>B", "A B"),
        ("A<br/>B", "A B"),
        ("<b>x</b>y", "xy"),
        ("<b>Hyvinvoinnin kasvu</b> <ul style=\"list-style-type: none\"> <li>Toimiva arki</li> </ul>",
         "Hyvinvoinnin kasvu Toimiva arki"),
        ("A &amp; B", "A & B"),
        ("1 &lt; 2", "1 < 2"),
        ("a&nbsp;&nbsp;b", "a b"),
        ("**17827**", "17827"),
        ("  a \t\u00a0 b  ", "a b"),
        ("", ""),
    ],
)
def test_html_to_text(fragment, expected):
    assert html_to_text(fragment) == expected


def test_norm_collapses_case_tags_and_spaces():
    assert norm("<b>Toimintakate</b>") == norm("TOIMINTAKATE") == "toimintakate"
    assert norm("Virikkeellinen  elämä") == "virikkeellinen elämä"


def test_is_bold():
    assert is_bold("<b>NETTO</b>")
    assert is_bold("<p><b>VAKA:</b></p>")
    assert is_bold("**Kirjastopalvelut**")
    assert not is_bold("Myyntituotot")


def test_heading_text():
    doc = make_doc(["## Käyttösuunnitelma", "**Tunnusluvut**", "<b>NETTO</b>", "**a** b", "plain"])
    assert [doc.heading_text(line) for line in doc.lines] == ["Käyttösuunnitelma", "Tunnusluvut", None, None, None]


def test_area_lookup_includes_aliases_and_typos(mapping):
    lookup = area_lookup(mapping)
    assert lookup[norm("Virkkeellinen elämä")] == "VIRE"
    assert lookup[norm("OPKOUL")] == "OPKOU"
    assert lookup[norm("Hyvinvointilautakunnan toimiala")] == "ALL"
    assert lookup["vaka"] == "VAKA"


# ================================================================== common: the document
def test_from_bytes_last_line_without_newline():
    doc = Document.from_bytes(b"first\nsecond")
    assert [(line.number, line.text) for line in doc.lines] == [(1, "first"), (2, "second")]


def test_from_bytes_crlf_and_bom():
    doc = Document.from_bytes("\ufeffa\tb\r\nc\r\n".encode("utf-8"))
    assert [line.text for line in doc.lines] == ["a\tb", "c", ""]
    assert doc.lines[0].cells == ["a", "b"]
    assert all("\r" not in line.text for line in doc.lines)


def test_from_bytes_keeps_other_control_characters_inside_a_line():
    doc = Document.from_bytes(b"a\x0bb\nc")
    assert [line.text for line in doc.lines] == ["a\x0bb", "c"]


@pytest.mark.parametrize("bad_line", [1, 3, 5])
def test_from_bytes_undecodable_bytes_name_the_line(bad_line):
    lines = [b"ok \xc3\xa4"] * 5
    lines[bad_line - 1] = b"bad \xff\xfe here"
    with pytest.raises(IngestError) as info:
        Document.from_bytes(b"\n".join(lines))
    assert info.value.line == bad_line
    assert f"line {bad_line}" in str(info.value)


def test_line_properties():
    assert Line(1, "  \t ").is_blank
    assert not Line(1, "a").is_row
    assert Line(1, "a\t").is_row


def test_ingest_error_message():
    err = IngestError(12, "a number", "x" * 500)
    assert err.line == 12
    assert str(err).startswith("line 12: expected a number. Found: ")
    assert len(str(err)) < 200  # the found text is cut short
    assert str(IngestError(None, "a heading")) == "document: expected a heading."


# ================================================================== common: read_rows
def test_read_rows_joins_continuation_lines():
    doc = make_doc(["A\t1\tx", "\t2\t", "B\t3\ty", "", "C\t4\tz", "not a row", "D\t5\tw"])
    rows, end = read_rows(doc, 0, 3, "t", lambda cells: bool(cells[0].strip()))
    assert [r.cells for r in rows] == [["A", "1 2", "x"], ["B", "3", "y"], ["C", "4", "z"]]
    assert [r.lines for r in rows] == [[1, 2], [3], [5]]
    assert rows[0].source_line == "1;2"
    assert end == 5  # index of "not a row"
    assert set(doc.consumed) == {1, 2, 3, 5}
    assert all(owner == "t" for owner in doc.consumed.values())


def test_read_rows_stops_at_heading_and_pads_short_rows():
    doc = make_doc(["A\t1", "## Next", "B\t2\t3"])
    rows, end = read_rows(doc, 0, 3, "t", lambda cells: True)
    assert [r.cells for r in rows] == [["A", "1", ""]]
    assert end == 1


def test_read_rows_stop_callback():
    doc = make_doc(["A\t1", "STOP\t2", "B\t3"])
    rows, end = read_rows(doc, 0, 2, "t", lambda cells: True, stop=lambda line: line.text.startswith("STOP"))
    assert len(rows) == 1 and end == 1


def test_read_rows_too_many_columns():
    doc = make_doc(["A\t1\t2", "B\t1\t2\t3"])
    with pytest.raises(IngestError) as info:
        read_rows(doc, 0, 3, "t", lambda cells: True)
    assert info.value.line == 2
    # empty extra cells are only trailing tabs
    rows, _ = read_rows(make_doc(["A\t1\t2\t\t"]), 0, 3, "t", lambda cells: True)
    assert rows[0].cells == ["A", "1", "2"]


# ================================================================== finance: columns
def test_classify_columns_variants():
    assert classify_columns(["Tilinpäätös 2023", "Talousarvio 2024", "Toteuma 2024", "Poikkeama", "Toteuma %"], 1) == [
        Column("amount", 2023, "actual"),
        Column("amount", 2024, "budget"),
        Column("amount", 2024, "actual"),
        Column("deviation"),
        Column("realization"),
    ]
    assert classify_columns(["TP2023", "TA 2024", "Toteuma 1-12", "Poikkeama", "Toteuma%"], 1)[2] == Column(
        "amount", 2024, "actual"
    )
    assert classify_columns(["tp  2023", "ta 2024", "toteuma 1\u201312", "POIKKEAMA", "toteuma %"], 1)[2] == Column(
        "amount", 2024, "actual"
    )


@pytest.mark.parametrize(
    "heads",
    [
        ["Tilinpäätös 2023", "Talousarvio 2024", "Ennuste 2024", "Poikkeama", "Toteuma %"],  # unknown head
        ["Tilinpäätös 2023", "Toteuma 1-12", "Poikkeama", "Toteuma %"],  # no budget year to date it
        ["Tilinpäätös 2023", "Talousarvio 2024", "Toteuma 2024", "Toteuma %"],  # no Poikkeama
        ["Tilinpäätös 2023", "Talousarvio 2024", "Toteuma 2024", "Poikkeama", "Poikkeama", "Toteuma %"],
        ["Talousarvio 2024", "Poikkeama", "Toteuma %"],  # one amount column
    ],
)
def test_classify_columns_rejects(heads):
    with pytest.raises(IngestError) as info:
        classify_columns(heads, 77)
    assert info.value.line == 77


# ================================================================== finance: fragments
def test_two_line_header_sector(mapping):
    doc, rows = parse_fragment(SECTOR, SECTOR_SPEC, mapping)
    assert len(rows) == 16 * 3
    assert {r["service_area"] for r in rows} == {"ALL"}
    assert {r["statement"] for r in rows} == {"income_statement"}
    assert {(r["year"], r["scenario"], r["column_printed"]) for r in rows} == {
        (2023, "actual", "Tilinpäätös 2023"),
        (2024, "budget", "Talousarvio 2024"),
        (2024, "actual", "Toteuma 2024"),
    }
    rows_by = by_key(rows)
    myynti = rows_by[("Myyntituotot", 2024, "actual")]
    assert myynti["amount_eur"] == 942313
    assert myynti["deviation_eur"] == -206613
    assert myynti["realization_pct"] == "128.08"
    assert myynti["realization_pct_printed"] == "128,08"
    assert myynti["realization_decimals"] == 2
    assert myynti["source_line"] == str(line_of(SECTOR, "Myyntituotot"))
    assert myynti["section"] == "TOIMINTATUOTOT"
    assert myynti["account_en"] == "Sales revenue" and myynti["account_kind"] == "income"
    assert rows_by[("Myyntituotot", 2023, "actual")]["amount_eur"] == 691408
    assert rows_by[("Myyntituotot", 2024, "budget")]["amount_eur"] == 735700
    assert rows_by[("Toimintakate", 2024, "actual")]["amount_eur"] == -29791705
    assert rows_by[("Henkilöstökulut", 2024, "actual")]["section"] == "TOIMINTAKULUT"
    assert rows_by[("Henkilöstökulut", 2024, "actual")]["deviation_eur"] == -253543
    tuotot = rows_by[("Toimintatuotot", 2024, "actual")]
    assert tuotot["is_subtotal"] and tuotot["account_kind"] == "subtotal"
    # both header lines belong to the header
    assert doc.consumed[3] == doc.consumed[4] == "finance:header"
    assert doc.consumed[1] == "finance:heading"


def test_section_headings_are_not_rows(mapping):
    _, rows = parse_fragment(SECTOR, SECTOR_SPEC, mapping)
    accounts = list(dict.fromkeys(r["account"] for r in rows))
    assert "TOIMINTATUOTOT" not in accounts and "TOIMINTAKULUT" not in accounts
    assert accounts == [
        "Myyntituotot", "Maksutuotot", "Tuet ja avustukset", "Muut toimintatuotot", "Toimintatuotot",
        "Henkilöstökulut", "Palvelujen ostot", "Aineet, tarvikkeet ja tavarat", "Avustukset",
        "Muut toimintakulut", "Toimintakulut", "Toimintakate", "Rahoitustuotot ja -kulut", "Vuosikate",
        "Poistot ja arvonalentumiset", "Tilikauden tulos",
    ]
    # printed order, without gaps for the section headings
    assert sorted({r["row_order"] for r in rows}) == list(range(1, 17))
    assert all("<" not in r["account"] for r in rows)


def test_deviation_and_pct_only_on_the_compared_actual_row(mapping):
    _, rows = parse_fragment(SECTOR, SECTOR_SPEC, mapping)
    for r in rows:
        compared = (r["year"], r["scenario"]) == (2024, "actual")
        for key in ("deviation_eur", "realization_pct", "realization_pct_printed", "realization_decimals"):
            assert (r[key] is not None) == compared, (r["account"], r["year"], r["scenario"], key)


def test_one_line_header_and_budget_zero(mapping):
    doc, rows = parse_fragment(VAKA, VAKA_SPEC, mapping)
    assert {r["service_area"] for r in rows} == {"VAKA"}
    assert {r["column_printed"] for r in rows} == {"Tilinpäätös 2023", "Talousarvio 2024", "Toteuma 2024"}
    rows_by = by_key(rows)
    zero = rows_by[("Myyntituotot", 2024, "actual")]
    assert rows_by[("Myyntituotot", 2024, "budget")]["amount_eur"] == 0
    assert zero["amount_eur"] == 95705
    assert zero["deviation_eur"] == -95705
    assert zero["realization_pct_printed"] == "0,00"
    assert Decimal(zero["realization_pct"]) == 0
    assert zero["realization_decimals"] == 2
    assert rows_by[("Toimintatuotot", 2023, "actual")]["amount_eur"] == 1013249
    assert doc.consumed[3] == "finance:header"
    assert 4 not in doc.consumed or doc.consumed[4].startswith("finance:income_statement")


def test_virkkeellinen_typo_maps_to_vire(mapping):
    _, rows = parse_fragment(VIRE, VIRE_SPEC, mapping)
    assert {r["service_area"] for r in rows} == {"VIRE"}
    assert by_key(rows)[("Maksutuotot", 2024, "actual")]["amount_eur"] == 401334


def test_investments_table(mapping):
    doc, rows = parse_fragment(INVESTMENTS, INVESTMENTS_SPEC, mapping)
    assert len(rows) == 6
    assert {r["service_area"] for r in rows} == {"ALL"}
    rows_by = by_key(rows)
    assert rows_by[("Menot", 2023, "actual")]["column_printed"] == "TP2023"
    assert rows_by[("Menot", 2023, "actual")]["amount_eur"] == -198824
    assert rows_by[("Menot", 2024, "budget")]["column_printed"] == "TA 2024"
    assert rows_by[("Menot", 2024, "budget")]["amount_eur"] == -270000
    actual = rows_by[("Menot", 2024, "actual")]
    assert actual["column_printed"] == "Toteuma 1-12"
    assert actual["amount_eur"] == -36225
    assert actual["deviation_eur"] == -233775
    assert actual["realization_pct"] == "13.4"
    assert actual["realization_pct_printed"] == "13,4"
    assert actual["realization_decimals"] == 1
    assert rows_by[("Netto", 2024, "actual")]["is_subtotal"]
    assert rows_by[("Menot", 2024, "actual")]["account_kind"] == "cost"
    assert "Irtain omaisuus" not in {r["account"] for r in rows}
    assert doc.consumed[line_of(INVESTMENTS, "Irtain omaisuus")] == "finance:title"
    assert doc.consumed[line_of(INVESTMENTS, "HYVINVOINTI")] == "finance:header"


def _replace_line(lines: list[str], startswith: str, new: str) -> tuple[list[str], int]:
    n = line_of(lines, startswith)
    out = list(lines)
    out[n - 1] = new
    return out, n


@pytest.mark.parametrize(
    ("fragment", "spec", "startswith", "new"),
    [
        # an account that config/mapping.toml does not name
        (SECTOR, SECTOR_SPEC, "Maksutuotot", "Muut tuotot\t809 343\t728 800\t<b>824 149</b>\t-95 349\t113,08"),
        (VAKA, VAKA_SPEC, "Maksutuotot", "Maksu tuotot\t293 844\t260 000\t<b>246 416</b>\t13 584\t94,78"),
        # a missing figure
        (SECTOR, SECTOR_SPEC, "Maksutuotot", "Maksutuotot\t809 343\t\t<b>824 149</b>\t-95 349\t113,08"),
        (VAKA, VAKA_SPEC, "Henkilöstökulut", "Henkilöstökulut\t-6 189 045\t-5 953 100\t<b>-5 730 791</b>\t- 222 309\t"),
        # a figure that is not a number
        (SECTOR, SECTOR_SPEC, "Maksutuotot", "Maksutuotot\t809 343\t728 8OO\t<b>824 149</b>\t-95 349\t113,08"),
        (VAKA, VAKA_SPEC, "Maksutuotot", "Maksutuotot\t293 844\t260 000\t<b>246 416</b>\t13 584\t94.78"),
        (INVESTMENTS, INVESTMENTS_SPEC, "Netto", "Netto\t-198 824\t-270 000\t-36 225\t-233 775\tn/a"),
        # decimals in a euro column
        (VAKA, VAKA_SPEC, "Maksutuotot", "Maksutuotot\t293 844,50\t260 000\t<b>246 416</b>\t13 584\t94,78"),
        # more columns than the header
        (VAKA, VAKA_SPEC, "Maksutuotot", "Maksutuotot\t293 844\t260 000\t<b>246 416</b>\t13 584\t94,78\t1"),
    ],
)
def test_finance_errors_name_the_row_line(mapping, fragment, spec, startswith, new):
    lines, n = _replace_line(fragment, startswith, new)
    with pytest.raises(IngestError) as info:
        parse_fragment(lines, spec, mapping)
    assert info.value.line == n
    assert str(info.value).startswith(f"line {n}:")


def test_unknown_column_head_one_line_header(mapping):
    lines, n = _replace_line(
        VAKA, "Varhaiskasvatus Selite",
        "Varhaiskasvatus Selite\tTilinpäätös 2023\tTalousarvio 2024\tEnnuste 2024\tPoikkeama\tToteuma %",
    )
    with pytest.raises(IngestError) as info:
        parse_fragment(lines, VAKA_SPEC, mapping)
    assert info.value.line == n
    assert "Ennuste 2024" in info.value.found


def test_unknown_column_head_two_line_header(mapping):
    lines, n = _replace_line(SECTOR, "Selite", "Selite\t2023\t2024\tQ4\t\t%")
    with pytest.raises(IngestError) as info:
        parse_fragment(lines, SECTOR_SPEC, mapping)
    assert info.value.line in (n - 1, n)  # one of the two header lines
    assert "Toteuma Q4" in info.value.found


def test_unknown_area_in_header(mapping):
    lines, n = _replace_line(
        VAKA, "Varhaiskasvatus Selite",
        "Sosiaalitoimi Selite\tTilinpäätös 2023\tTalousarvio 2024\tToteuma 2024\tPoikkeama\tToteuma %",
    )
    with pytest.raises(IngestError) as info:
        parse_fragment(lines, VAKA_SPEC, mapping)
    assert info.value.line == n
    assert "Sosiaalitoimi" in info.value.found


def test_missing_header(mapping):
    lines = [line for line in VAKA if not line.startswith("Varhaiskasvatus Selite")]
    with pytest.raises(IngestError) as info:
        parse_fragment(lines, VAKA_SPEC, mapping)
    assert info.value.line == 2  # searched from the line after the heading
    assert "Poikkeama" in info.value.expected


def test_missing_heading(mapping):
    with pytest.raises(IngestError) as info:
        parse_fragment(VAKA[1:], VAKA_SPEC, mapping)
    assert info.value.line is None
    assert "VARHAISKASVATUKSEN PALVELUALUE" in info.value.expected


def test_header_without_rows(mapping):
    with pytest.raises(IngestError):
        parse_fragment(VAKA[:3] + ["", "Text after the header."], VAKA_SPEC, mapping)


def test_two_tables_are_read_in_order(mapping):
    two = {**mapping, "finance_tables": [SECTOR_SPEC, VAKA_SPEC]}
    doc = make_doc(SECTOR + [""] + VAKA)
    rows = parse_finance(doc, two)
    assert Counter(r["service_area"] for r in rows) == {"ALL": 48, "VAKA": 6 * 3}
    vaka_line = len(SECTOR) + 1 + line_of(VAKA, "Myyntituotot")
    assert {r["source_line"] for r in rows if r["service_area"] == "VAKA" and r["account"] == "Myyntituotot"} == {
        str(vaka_line)
    }


# ================================================================== finance: the real document
@pytest.fixture(scope="module")
def real_finance(raw_bytes, mapping):
    return parse_finance(Document.from_bytes(raw_bytes), mapping)


def test_real_row_counts(real_finance):
    counts = Counter((r["statement"], r["service_area"]) for r in real_finance)
    assert counts == {
        ("budget_summary", "ALL"): 3 * 3,
        ("income_statement", "ALL"): 16 * 3,
        ("income_statement", "HYTE"): 10 * 3,
        ("income_statement", "OPKOU"): 16 * 3,
        ("income_statement", "VAKA"): 16 * 3,
        ("income_statement", "VIRE"): 16 * 3,
        ("investments", "ALL"): 2 * 3,
    }


def test_real_hyte_stops_at_toimintakate(real_finance):
    hyte = [r for r in real_finance if r["service_area"] == "HYTE"]
    accounts = list(dict.fromkeys(r["account"] for r in hyte))
    assert accounts[-1] == "Toimintakate"
    for missing in ("Vuosikate", "Rahoitustuotot ja -kulut", "Poistot ja arvonalentumiset", "Tilikauden tulos",
                    "Maksutuotot"):
        assert missing not in accounts


def test_real_known_figures(real_finance):
    rows = {(r["statement"], r["service_area"], r["account"], r["year"], r["scenario"]): r for r in real_finance}
    assert rows[("income_statement", "ALL", "Toimintakate", 2024, "actual")]["amount_eur"] == -29791705
    assert rows[("income_statement", "ALL", "Toimintakate", 2024, "actual")]["source_line"] == "128"
    assert rows[("budget_summary", "ALL", "NETTO", 2024, "actual")]["amount_eur"] == -29791705
    assert rows[("budget_summary", "ALL", "MENOT", 2024, "actual")]["deviation_eur"] == -338628
    assert rows[("income_statement", "OPKOU", "Toimintakate", 2024, "actual")]["deviation_eur"] == 254412
    assert rows[("income_statement", "VIRE", "Toimintakate", 2024, "actual")]["amount_eur"] == -4353262
    assert rows[("investments", "ALL", "Menot", 2024, "actual")]["realization_pct"] == "13.4"
    assert rows[("income_statement", "HYTE", "Tuet ja avustukset", 2024, "actual")]["realization_pct_printed"] == "0,00"


# ================================================================== key figures
KPI_HEADER = "Tunnusluku\tToteutuma 2022\tToteutuma 2023\tTavoite 2024\tToteutuma 2024"
KPI_POPULATION = " Taloudellisten tunnuslukujen toteumassa on käytetty Heinolan asukaslukua **17827**"
KPI_LINES = {
    "hyte": "HYTE-kerroin €/ asukas (Sotkanet)\t169,53 €/ oppilas\t20,3 € / as\t20,6 €/ asukas\t20,3 €",
    "vaka": "Varhaiskasvatus €/asukas €/lapsi (Heinolan kaikki alle kouluikäiset)\t421,74 € 11.355,17 €"
            "\t439,58 € 12 242 €\t441 € 12 637 €\t434 € 12 583 €",
    "music": "Musiikkiopisto €/asukas €/opiskelija €/opetustunti\t33,24 € 1097 € 63,38 €\t32,76 € 1110,37 € 64,05 €"
             "\t32 € 1165 € 65 €\t33 € 1112 € 60 €",
    "vire": "Virikkeellinen elämä nettokustannukset €/asukas\t216\t258\t243\t244",
    "ext1": "Ulkopuolinen rahoitus/€ • Varhaiskasvatuspalv. • opetus- ja koulutuspalv. • virikkeellinen elämä"
            "\t341 842 386 735\t- 19 432 - 416 527\t200 000 430 000\tvaka 145 485 op/kou 256 945",
    "ext2": "hyvinvoinnin ja terveyden edistäminen\t197 962\t- 509 928 - 250 388\t150 000 25 000"
            "\tvire 174 372 hyte 272 972",
}


def kpi_doc(*rows: str, population: str = KPI_POPULATION, header: str = KPI_HEADER) -> list[str]:
    return ["**Tunnusluvut**", "", population, "", header, *rows, "", "**Riskienhallinta**"]


def kpi_index(rows):
    return {(r["indicator_key"], r["unit"], r["service_area"], r["year"], r["kind"]): r for r in rows}


def test_kpi_multi_value_cells_split_by_unit(mapping):
    doc = make_doc(kpi_doc(KPI_LINES["vaka"], KPI_LINES["music"]))
    rows, _ = parse_kpis(doc, mapping)
    idx = kpi_index(rows)
    a = idx[("early_childhood_cost", "€/asukas", "VAKA", 2022, "actual")]
    b = idx[("early_childhood_cost", "€/lapsi", "VAKA", 2022, "actual")]
    assert (Decimal(a["value"]), a["value_text"], a["note"]) == (Decimal("421.74"), "421,74 €", "")
    assert (Decimal(b["value"]), b["value_text"]) == (Decimal("11355.17"), "11.355,17 €")
    assert Decimal(idx[("early_childhood_cost", "€/lapsi", "VAKA", 2023, "actual")]["value"]) == 12242
    assert Decimal(idx[("early_childhood_cost", "€/asukas", "VAKA", 2024, "target")]["value"]) == 441
    music = [idx[("music_school_cost", u, "OPKOU", 2023, "actual")]["value"]
             for u in ("€/asukas", "€/opiskelija", "€/opetustunti")]
    assert [Decimal(v) for v in music] == [Decimal("32.76"), Decimal("1110.37"), Decimal("64.05")]
    assert len(rows) == 4 * 2 + 4 * 3
    assert [r["kpi_order"] for r in rows] == list(range(1, len(rows) + 1))


def test_kpi_unit_contradicting_its_label_is_flagged(mapping):
    doc = make_doc(kpi_doc(KPI_LINES["hyte"]))
    rows, _ = parse_kpis(doc, mapping)
    idx = kpi_index(rows)
    flagged = idx[("hyte_coefficient", "€/asukas", "HYTE", 2022, "actual")]
    assert flagged["value"] is None
    assert flagged["value_text"] == "169,53 €/ oppilas"
    assert "oppilas" in flagged["note"]
    abbreviated = idx[("hyte_coefficient", "€/asukas", "HYTE", 2023, "actual")]
    assert (Decimal(abbreviated["value"]), abbreviated["value_text"], abbreviated["note"]) == (
        Decimal("20.3"), "20,3 € / as", ""
    )
    assert Decimal(idx[("hyte_coefficient", "€/asukas", "HYTE", 2024, "target")]["value"]) == Decimal("20.6")
    assert Decimal(idx[("hyte_coefficient", "€/asukas", "HYTE", 2024, "actual")]["value"]) == Decimal("20.3")


def test_kpi_garbled_external_funding_row(mapping):
    doc = make_doc(kpi_doc(KPI_LINES["vire"], KPI_LINES["ext1"], KPI_LINES["ext2"]))
    rows, _ = parse_kpis(doc, mapping)
    ext = [r for r in rows if r["indicator_key"] == "external_funding"]
    first = line_of(kpi_doc(), "Tunnusluku") + 2
    assert {r["source_line"] for r in ext} == {f"{first};{first + 1}"}
    assert len(ext) == 4 * 4  # four columns, four areas each
    read = {(r["service_area"], r["year"], r["kind"]): r for r in ext}
    assert {a: Decimal(read[(a, 2024, "actual")]["value"]) for a in ("VAKA", "OPKOU", "VIRE", "HYTE")} == {
        "VAKA": 145485, "OPKOU": 256945, "VIRE": 174372, "HYTE": 272972,
    }
    assert read[("VAKA", 2024, "actual")]["value_text"] == "vaka 145 485"
    assert read[("OPKOU", 2024, "actual")]["value_text"] == "op/kou 256 945"
    for (area, year, kind), r in read.items():
        if (year, kind) != (2024, "actual"):
            assert r["value"] is None, (area, year, kind)
            assert r["note"], (area, year, kind)
    # the two source lines were joined cell by cell
    assert read[("HYTE", 2022, "actual")]["value_text"] == "341 842 386 735 197 962"
    assert read[("HYTE", 2023, "actual")]["value_text"] == "- 19 432 - 416 527 - 509 928 - 250 388"
    # the row above is untouched by the join
    vire = [r for r in rows if r["indicator_key"] == "leisure_net_cost"]
    assert [Decimal(r["value"]) for r in vire] == [216, 258, 243, 244]


def test_kpi_population(mapping):
    lines = kpi_doc(KPI_LINES["vire"])
    doc = make_doc(lines)
    _, population = parse_kpis(doc, mapping)
    n = line_of(lines, " Taloudellisten")
    assert population == {
        "year": 2024,
        "population": 17827,
        "population_printed": "17827",
        "statement_printed": "Taloudellisten tunnuslukujen toteumassa on käytetty Heinolan asukaslukua 17827",
        "source_line": str(n),
    }
    assert doc.consumed[n] == "population"


@pytest.mark.parametrize(
    ("kwargs", "expected_line"),
    [
        ({"population": "Asukasluku ei ole tiedossa"}, 2),  # searched from the line after the heading
        ({"header": "Mittari\tToteutuma 2022\tToteutuma 2023\tTavoite 2024\tToteutuma 2024"}, 5),
        ({"header": "Tunnusluku\tToteutuma 2022\tToteutuma 2023\tEnnuste 2024\tToteutuma 2024"}, 5),
        ({"header": "Tunnusluku\tToteutuma 2022\tToteutuma 2022\tTavoite 2024\tToteutuma 2024"}, 5),
    ],
)
def test_kpi_layout_errors(mapping, kwargs, expected_line):
    lines = kpi_doc(KPI_LINES["vire"], **kwargs)
    with pytest.raises(IngestError) as info:
        parse_kpis(make_doc(lines), mapping)
    assert info.value.line == expected_line


def test_kpi_unknown_indicator_and_empty_cell(mapping):
    lines = kpi_doc("Uusi tunnusluku €/asukas\t1\t2\t3\t4")
    with pytest.raises(IngestError) as info:
        parse_kpis(make_doc(lines), mapping)
    assert info.value.line == line_of(lines, "Uusi")
    lines = kpi_doc("Virikkeellinen elämä nettokustannukset €/asukas\t216\t\t243\t244")
    with pytest.raises(IngestError) as info:
        parse_kpis(make_doc(lines), mapping)
    assert info.value.line == line_of(lines, "Virikkeellinen")


def test_kpi_cell_helpers():
    assert _split_cell("421,74 € 11.355,17 €", 2) == [("421,74", "€"), ("11.355,17", "€")]
    assert _split_cell("421,74 €", 2) is None
    assert _split_cell("169,53 €/ oppilas", 1) == [("169,53", "€/ oppilas")]
    assert _split_cell("363 016", 1) == [("363 016", "")]
    assert _split_cell("n/a", 1) is None
    assert _unit_agrees("€ / as", "€/asukas")
    assert _unit_agrees("€", "€/asukas") and _unit_agrees("", "€/asukas") and _unit_agrees("%", "%")
    assert not _unit_agrees("€/ oppilas", "€/asukas")


@pytest.fixture(scope="module")
def real_kpis(raw_bytes, mapping):
    return parse_kpis(Document.from_bytes(raw_bytes), mapping)


def test_real_kpis(real_kpis):
    rows, population = real_kpis
    assert population["population"] == 17827
    assert population["source_line"] == "307"
    assert population["year"] == 2024
    assert len(rows) == 76
    assert {r["indicator_key"] for r in rows} == {
        "hyte_coefficient", "early_childhood_cost", "basic_education_cost", "upper_secondary_cost",
        "music_school_cost", "basic_school_completion", "leisure_net_cost", "leisure_participants",
        "library_visits", "library_loans", "external_funding",
    }
    for r in rows:
        assert r["value"] is not None or r["note"], r  # an empty value always says why
    empty = [(r["indicator_key"], r["year"], r["kind"]) for r in rows if r["value"] is None]
    assert ("hyte_coefficient", 2022, "actual") in empty
    assert len(empty) == 1 + 12  # the HYTE cell and 3 garbled columns x 4 areas
    idx = kpi_index(rows)
    assert Decimal(idx[("basic_education_cost", "€/oppilas", "OPKOU", 2022, "actual")]["value"]) == 9856
    assert Decimal(idx[("leisure_participants", "osallistujaa", "VIRE", 2024, "actual")]["value"]) == 363016
    assert Decimal(idx[("basic_school_completion", "%", "OPKOU", 2023, "actual")]["value"]) == Decimal("99.5")
    assert idx[("leisure_net_cost", "€/asukas", "VIRE", 2024, "actual")]["source_line"] == "316"


# ================================================================== texts and coverage
@pytest.fixture(scope="module")
def parsed_real(raw_bytes, mapping):
    """The parser calls of build_tables, on a Document we keep to inspect doc.consumed."""
    doc = Document.from_bytes(raw_bytes)
    parse_finance(doc, mapping)
    parse_goals(doc, mapping)
    parse_kpis(doc, mapping)
    parse_projects(doc, mapping)
    parse_risks(doc, mapping)
    texts = parse_texts(doc, mapping)
    return doc, texts


def test_every_non_blank_line_is_claimed(parsed_real):
    doc, _ = parsed_real
    unclaimed = [(line.number, line.text[:60]) for line in doc.lines
                 if not line.is_blank and line.number not in doc.consumed]
    assert unclaimed == []
    # and nothing claims a line that does not exist
    assert set(doc.consumed) <= {line.number for line in doc.lines}


def test_lines_claimed_by_the_right_parser(parsed_real):
    doc, _ = parsed_real
    owners = doc.consumed
    assert owners[103] == "finance:heading"
    assert owners[105] == owners[106] == "finance:header"
    assert owners[107] == "finance:budget_summary:ALL"
    assert owners[116] == "finance:income_statement:ALL"
    assert owners[145] == "finance:income_statement:HYTE"
    assert owners[216] == "finance:header"
    assert owners[218] == "finance:income_statement:VIRE"
    assert owners[250] == "finance:title"
    assert owners[252] == "finance:investments:ALL"
    assert owners[307] == "population"
    assert owners[309] == "kpis:header"
    assert owners[320] == owners[321] == "kpis"
    assert owners[136] == "texts"
    counts = Counter(o.split(":")[0] for o in owners.values())
    # 7 headings, 11 header lines, the title row, and every table line (section headings included):
    # summary 3, sector 16 + 2, HYTE 10 + 2, three areas 16 + 2 each, investments 2
    assert counts["finance"] == 7 + 11 + 1 + 3 + 18 + 12 + 18 * 3 + 2


def test_texts_topics_and_areas(parsed_real, mapping):
    _, texts = parsed_real
    assert [t["text_id"] for t in texts] == list(range(1, len(texts) + 1))
    assert {t["topic"] for t in texts} <= set(mapping["topics"].values())
    assert {t["service_area"] for t in texts} <= set(AREA_CODES)
    commentary = {t["service_area"]: t for t in texts if t["topic"] == "budget_commentary"}
    assert set(commentary) == {"ALL", "HYTE", "OPKOU", "VAKA", "VIRE"}
    assert commentary["VAKA"]["source_line"] == "212"
    assert commentary["VAKA"]["text"].startswith("Varhaiskasvatuksen talousarvion kokonaisuus toteutui")
    assert commentary["ALL"]["text"] == "Vuoden 2024 talousarvion toteutuu suunnitellusti."
    by_line = {t["source_line"]: t for t in texts}
    assert (by_line["257"]["topic"], by_line["257"]["service_area"]) == ("investments_commentary", "ALL")
    assert (by_line["246"]["topic"], by_line["246"]["service_area"]) == ("investments", "VIRE")
    assert (by_line["71"]["topic"], by_line["71"]["service_area"]) == ("environment_changes", "HYTE")
    assert by_line["3"]["topic"] == "title"
    for t in texts:
        assert "<" not in t["text"] and "**" not in t["text"], t
        assert t["text"] == t["text"].strip() and t["text"]
    # paragraph numbers restart under each heading
    vire_description = [t["paragraph_no"] for t in texts if (t["topic"], t["service_area"]) == ("description", "VIRE")]
    assert vire_description == [1, 2, 3, 4, 5]


def test_texts_fragment(mapping):
    lines = [
        "# KUVAUS TOIMIALAN JA PALVELUALUEIDEN TOIMINNASTA JA TARKOITUKSESTA 2024",
        "",
        "Yleinen kappale.",
        "## Varhaiskasvatuspalvelut",
        "Ensimmäinen <b>kappale</b>.",
        "Toinen kappale.",
        "--\t--\t---",
        "## INVESTOINNIT",
        "Investoinneista.",
    ]
    doc = make_doc(lines)
    texts = parse_texts(doc, mapping)
    assert [(t["topic"], t["service_area"], t["paragraph_no"], t["text"], t["source_line"]) for t in texts] == [
        ("description", "ALL", 1, "Yleinen kappale.", "3"),
        ("description", "VAKA", 1, "Ensimmäinen kappale.", "5"),
        ("description", "VAKA", 2, "Toinen kappale.", "6"),
        ("investments", "ALL", 1, "Investoinneista.", "9"),
    ]
    assert doc.consumed[7] == "separator"


def test_texts_unread_table_row_is_an_error(mapping):
    lines = ["## Käyttösuunnitelma", "", "Kappale.", "Myyntituotot\t1\t2"]
    with pytest.raises(IngestError) as info:
        parse_texts(make_doc(lines), mapping)
    assert info.value.line == 4


def test_texts_skip_lines_other_parsers_claimed(mapping):
    doc = make_doc(["## Käyttösuunnitelma", "Taulukko\t1", "Kappale."])
    doc.claim(doc.lines[1], "someone")
    texts = parse_texts(doc, mapping)
    assert [t["text"] for t in texts] == ["Kappale."]
    assert doc.consumed[2] == "someone"  # the first claim wins
