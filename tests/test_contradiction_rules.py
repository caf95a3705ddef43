"""The rules that find the document's contradictions (utils/ingest/checks.py) and the rows
utils/questions/contradictions.py builds from them. Each rule is shown to follow the document: the raw text is
changed in one place, rebuilt in memory (build_tables), and the check's verdict changes with it. None of these is a
list of expected findings: the committed document's findings are whatever the rules give, and the README states
their counts."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from tests.conftest import RAW_DOCUMENT
from utils.ingest import checks as v
from utils.ingest.pipeline import build_tables
from utils.questions import contradictions as con

EXTERNAL = "Ulkopuolinen rahoitus/€ • Varhaiskasvatuspalv. • opetus- ja koulutuspalv. • virikkeellinen elämä " \
           "hyvinvoinnin ja terveyden edistäminen"
VIRE_NET = "Virikkeellinen elämä nettokustannukset €/asukas"
HYTE_COEFF = "HYTE-kerroin €/ asukas (Sotkanet)"


def lines_of(raw: bytes) -> list[str]:
    return raw.decode("utf-8").split("\n")


def changed(raw: bytes, line_no: int, old: str, new: str) -> bytes:
    lines = lines_of(raw)
    text = lines[line_no - 1]
    assert text.count(old) == 1, (line_no, old, text)
    lines[line_no - 1] = text.replace(old, new)
    return "\n".join(lines).encode("utf-8")


def line_starting(raw: bytes, start: str, after: int = 0) -> int:
    return next(i + 1 for i, t in enumerate(lines_of(raw)) if i + 1 > after and t.startswith(start))


def check(tables, name: str, area: str, account: str, column: str) -> dict:
    df = tables.frames["checks"].filter(pl.col("check") == name, pl.col("service_area") == area,
                                        pl.col("account") == account, pl.col("column") == column)
    assert df.height == 1, (name, area, account, column, df)
    return df.row(0, named=True)


def rebuild(raw: bytes):
    return build_tables(raw, RAW_DOCUMENT.name)


# ================================================================== (a) external funding against grants
def test_external_funding_follows_the_key_figure(built, raw_bytes):
    before = check(built, "external_funding", "VAKA", EXTERNAL, "2024 actual")
    assert (before["verdict"], before["printed"], before["expected"]) == ("discrepancy", 145485, 166357)
    line = line_starting(raw_bytes, "Ulkopuolinen rahoitus")
    after = rebuild(changed(raw_bytes, line, "vaka 145 485", "vaka 166 357"))
    assert check(after, "external_funding", "VAKA", EXTERNAL, "2024 actual")["verdict"] == "ok"
    total = check(after, "external_funding", "ALL", EXTERNAL, "2024 actual")
    assert total["printed"] == check(built, "external_funding", "ALL", EXTERNAL, "2024 actual")["printed"] + 20872


def test_external_funding_follows_the_grants_line(built, raw_bytes):
    assert check(built, "external_funding", "OPKOU", EXTERNAL, "2024 actual")["verdict"] == "ok"
    opkou = line_starting(raw_bytes, "Tuet ja avustukset", line_starting(raw_bytes, "Opetus- ja koulutuspalvelut\t"))
    after = rebuild(changed(raw_bytes, opkou, "<b>256 945</b>", "<b>256 955</b>"))
    row = check(after, "external_funding", "OPKOU", EXTERNAL, "2024 actual")
    assert (row["verdict"], row["difference"]) == ("discrepancy", -10)
    assert str(opkou) in row["source_line"].split(";")


def test_external_funding_sum_against_the_sector(built):
    row = check(built, "external_funding", "ALL", EXTERNAL, "2024 actual")
    kpis = built.frames["kpis"].filter(pl.col("indicator_key") == "external_funding", pl.col("year") == 2024,
                                       pl.col("kind") == "actual")
    sector = built.frames["finance"].filter(pl.col("statement") == "income_statement", pl.col("service_area") == "ALL",
                                            pl.col("account") == "Tuet ja avustukset", pl.col("year") == 2024,
                                            pl.col("scenario") == "actual")
    assert row["printed"] == kpis["value"].sum() and row["expected"] == sector["amount_eur"][0]
    assert (row["printed"], row["expected"], row["verdict"]) == (849774, 597673, "discrepancy")


def test_external_funding_area_without_a_grants_line_counts_zero():
    finance = [{"statement": "income_statement", "service_area": "HYTE", "account": "Myyntituotot", "year": 2024,
                "scenario": "actual", "amount_eur": 5, "account_kind": "income", "section": "", "row_order": 1,
                "source_line": "9", "deviation_eur": None}]
    kpis = [{"indicator": "X", "indicator_key": "external_funding", "service_area": "HYTE", "year": 2024,
             "kind": "actual", "value": "100", "source_line": "1"}]
    (row,) = v.check_external_funding(v._finance_index(finance), kpis)
    assert (row["expected"], row["printed"], row["verdict"]) == ("0", "100", "discrepancy")
    assert "does not print Tuet ja avustukset" in row["note"]


# ================================================================== (b) per-resident figures and populations
def test_per_resident_every_year_reports_the_population_it_implies(built):
    row = check(built, "per_resident", "VIRE", VIRE_NET, "2023 actual €/asukas")
    assert (row["verdict"], row["printed"], row["expected"]) == ("discrepancy", 258, 249)
    assert "implies 17209 residents" in row["note"]  # 4 439 943 / 258
    assert check(built, "per_resident", "VIRE", VIRE_NET, "2024 actual €/asukas")["verdict"] == "ok"
    target = check(built, "per_resident", "VIRE", VIRE_NET, "2024 target €/asukas")
    assert target["verdict"] == "discrepancy" and "implies 18456 residents" in target["note"]  # 4 484 900 / 243
    assert "budget" in target["note"]


@pytest.mark.parametrize("cell, old, new, column", [
    (2, "\t258\t", "\t249\t", "2023 actual €/asukas"),  # the 2023 figure at 17 827 residents
    (3, "\t243\t", "\t252\t", "2024 target €/asukas"),  # the target at 17 827 residents and the budget
])
def test_per_resident_follows_the_key_figure(built, raw_bytes, cell, old, new, column):
    assert check(built, "per_resident", "VIRE", VIRE_NET, column)["verdict"] == "discrepancy"
    line = line_starting(raw_bytes, VIRE_NET)
    after = rebuild(changed(raw_bytes, line, old, new))
    assert check(after, "per_resident", "VIRE", VIRE_NET, column)["verdict"] == "ok"


def test_per_resident_follows_the_euro_figure(built, raw_bytes):
    line = line_starting(raw_bytes, "<b>Toimintakate</b>", line_starting(raw_bytes, "Virkkeellinen elämä Selite"))
    # VIRE's 2024 net cost up by 9 000 €: 244 €/asukas no longer follows from 17 827 residents
    after = rebuild(changed(raw_bytes, line, "<b>-4 353 262</b>", "<b>-4 362 262</b>"))
    row = check(after, "per_resident", "VIRE", VIRE_NET, "2024 actual €/asukas")
    assert row["verdict"] == "discrepancy" and str(line) in row["source_line"].split(";")


def test_population_range_allows_the_printed_rounding():
    n, low, high = v._population_range(Decimal(4353262), Decimal(244), 0)
    assert (n, low, high) == (17841, 17805, 17878)
    assert v._population_range(Decimal(1), Decimal("0.2"), 0) is None  # 0,5 wide: no upper bound


# ================================================================== (c) areas to sector, every account
def test_every_sector_account_is_summed_over_the_areas(built):
    checks = built.frames["checks"].filter(pl.col("check") == "areas_sum_to_sector")
    sector = built.frames["finance"].filter(pl.col("statement") == "income_statement", pl.col("service_area") == "ALL")
    assert set(checks["account"]) == set(sector["account"])
    assert checks.height == sector["account"].n_unique() * 4  # 2023, budget, 2024, Poikkeama
    hyte = set(built.frames["finance"].filter(pl.col("statement") == "income_statement",
                                              pl.col("service_area") == "HYTE")["account"])
    for account in set(sector["account"]) - hyte:
        assert checks.filter(pl.col("account") == account)["note"].str.contains("HYTE does not print").all()


def test_an_account_hyte_does_not_print_is_checked(raw_bytes):
    line = line_starting(raw_bytes, "Maksutuotot\t")  # the sector's Maksutuotot: HYTE prints no such line
    after = rebuild(changed(raw_bytes, line, "<b>824 149</b>", "<b>824 159</b>"))
    row = check(after, "areas_sum_to_sector", "ALL", "Maksutuotot", "2024 actual")
    assert (row["verdict"], row["difference"]) == ("discrepancy", 10)


def test_a_margin_hyte_does_not_print_follows_its_operating_margin(built, raw_bytes):
    assert check(built, "areas_sum_to_sector", "ALL", "Vuosikate", "2024 actual")["verdict"] == "rounding"
    line = line_starting(raw_bytes, "<b>Toimintakate</b>", line_starting(raw_bytes, "Hyvinvoinnin ja terveyden "
                                                                                   "edistäminen\t"))
    after = rebuild(changed(raw_bytes, line, "<b>- 437 664</b>", "<b>- 437 764</b>"))
    row = check(after, "areas_sum_to_sector", "ALL", "Vuosikate", "2024 actual")
    assert row["verdict"] == "discrepancy" and str(line) in row["source_line"].split(";")


def test_areas_sum_counts_a_line_an_area_does_not_print_as_zero():
    def fin(area, account, kind, value, line):
        return [{"statement": "income_statement", "service_area": area, "account": account, "year": y,
                 "scenario": s, "amount_eur": value, "account_kind": kind, "section": "", "row_order": 1,
                 "source_line": line, "deviation_eur": None} for y, s in ((2023, "actual"), (2024, "budget"))]
    rows = fin("ALL", "Maksutuotot", "income", 60, "1") + fin("ALL", "Myyntituotot", "income", 10, "2")
    for area, line in (("OPKOU", "3"), ("VAKA", "4"), ("VIRE", "5")):
        rows += fin(area, "Maksutuotot", "income", 20, line)
    rows += fin("HYTE", "Myyntituotot", "income", 10, "6")
    out = v.check_areas_sum_to_sector(v._finance_index(rows))
    maksu = [r for r in out if r["account"] == "Maksutuotot" and r["column"] == "2023 actual"]
    assert len(maksu) == 1 and maksu[0]["verdict"] == "ok" and "HYTE does not print Maksutuotot" in maksu[0]["note"]
    myynti = [r for r in out if r["account"] == "Myyntituotot" and r["column"] == "2024 budget"]
    assert myynti[0]["verdict"] == "ok" and myynti[0]["source_line"] == "6;2"


# ================================================================== (d) the unit that contradicts its row
def test_the_unit_contradiction_sits_on_its_own_cell(built, raw_bytes):
    row = check(built, "kpi_units", "HYTE", HYTE_COEFF, "2022 actual")
    assert (row["verdict"], row["printed"]) == ("discrepancy", 1)
    kpis = built.frames["kpis"].filter(pl.col("indicator_key") == "hyte_coefficient")
    noted = kpis.filter(pl.col("note").is_not_null())
    assert noted.select("year", "kind").rows() == [(2022, "actual")]
    assert noted["note"][0].startswith("The 2022 actual cell says")
    line = line_starting(raw_bytes, "HYTE-kerroin")
    after = rebuild(changed(raw_bytes, line, "169,53 €/ oppilas", "169,53 €/ asukas"))
    assert check(after, "kpi_units", "HYTE", HYTE_COEFF, "yksiköt / units")["verdict"] == "ok"


# ================================================================== (e) the budget summary's own names
def test_budget_summary_and_investments_keep_their_own_names(built):
    fin = built.frames["finance"].unique(["statement", "account"]).select("statement", "account", "account_en",
                                                                             "account_kind")
    names = {(r[0], r[1]): (r[2], r[3]) for r in fin.rows()}
    assert names[("budget_summary", "MENOT")] == ("Expenditure", "cost_total")
    assert names[("budget_summary", "NETTO")] == ("Net", "subtotal")
    assert names[("investments", "Menot")] == ("Investment expenditure", "cost")
    assert names[("investments", "Netto")] == ("Net investment", "subtotal")


def test_a_budget_summary_label_is_not_read_in_another_table(raw_bytes):
    from utils.ingest.common import IngestError

    line = line_starting(raw_bytes, "Menot\t")  # investments: TULOT belongs to the budget summary only
    with pytest.raises(IngestError) as err:
        rebuild(changed(raw_bytes, line, "Menot\t", "TULOT\t"))
    assert err.value.line == line


def test_labels_that_differ_only_in_case_within_one_table_are_refused(mapping):
    from utils.ingest.common import IngestError
    from utils.ingest.finance import accounts_of

    clash = {"accounts": {**mapping["accounts"], "myyntituotot": {"en": "x", "kind": "income", "shown_as": "income"}}}
    with pytest.raises(IngestError):
        accounts_of(clash, "income_statement")
    assert accounts_of(mapping, "budget_summary")["menot"][0] == "MENOT"
    assert accounts_of(mapping, "investments")["menot"][0] == "Menot"


# ================================================================== utils/questions/contradictions.py
@pytest.fixture(scope="module")
def found(built):
    return con.contradictions(built.frames)


def test_every_discrepancy_is_a_contradiction_and_nothing_else(built, found):
    discrepancies = built.frames["checks"].filter(pl.col("verdict") == "discrepancy")
    from_checks = found.filter(pl.col("check").is_not_null())
    assert from_checks.height == discrepancies.height
    assert set(found["kind"]) <= set(con.KINDS)
    assert found.schema == pl.Schema(con.SCHEMA)


def test_contradictions_sit_on_their_cells(found):
    unit = found.filter(pl.col("kind") == "kpi_unit_mismatch").row(0, named=True)
    assert (unit["service_area"], unit["indicator_key"], unit["year"], unit["value_kind"]) == (
        "HYTE", "hyte_coefficient", 2022, "actual")
    assert unit["cell_text"] == "169,53 €/ oppilas"
    vire = found.filter(pl.col("kind") == "per_resident_population", pl.col("service_area") == "VIRE").row(
        0, named=True)
    figures = {f["name"]: f["value"] for f in vire["figures"]}
    assert (vire["year"], figures["implied_population"], figures["stated_population"]) == (2023, 17209, 17827)
    target = found.filter(pl.col("kind") == "target_population_basis", pl.col("service_area") == "VIRE").row(
        0, named=True)
    figures = {f["name"]: f["value"] for f in target["figures"]}
    assert (figures["printed_per_resident"], figures["implied_population"], figures["actual_per_resident"]) == (
        243, 18456, 244)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_contradiction_reads_in_both_languages(found, lang):
    for row in found.iter_rows(named=True):
        text = con.describe(row, lang, {"ALL": "S", "HYTE": "H", "OPKOU": "O", "VAKA": "V", "VIRE": "R"})
        assert text and "{" not in text and "None" not in text, (row["kind"], text)
        assert ("€" in text) or row["kind"] in ("kpi_unit_mismatch", "structure"), text


def test_a_changed_document_changes_the_contradictions(raw_bytes, found):
    line = line_starting(raw_bytes, "Ulkopuolinen rahoitus")
    after = con.contradictions(rebuild(changed(raw_bytes, line, "vaka 145 485", "vaka 166 357")).frames)
    key = ["kind", "service_area"]
    assert ("external_funding_vs_grants", "VAKA") in found.select(key).rows()
    assert ("external_funding_vs_grants", "VAKA") not in after.select(key).rows()


# ================================================================== the README states what the checks find
def test_readme_states_the_counts_the_checks_find():
    import re

    from tests.conftest import PROJECT_ROOT
    from utils.core.loading import read_all

    checks = read_all()["checks"]
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### What the checks found"):text.index("## Languages")]
    flat = " ".join(section.split())
    counts = {v: checks.filter(pl.col("verdict") == v).height for v in ("ok", "rounding", "discrepancy")}
    assert f"holds {checks.height} checks: {counts['ok']} ok, {counts['rounding']} rounding, " \
           f"{counts['discrepancy']} discrepancies" in flat
    finance = checks.filter(pl.col("statement").is_in(["budget_summary", "income_statement", "investments"]),
                            ~pl.col("check").is_in(["row_order", "rows_present", "header_years"]))  # not structure
    rounding = finance.filter(pl.col("verdict") == "rounding")
    assert f"All {finance.height} finance identities" in flat
    assert f"{rounding.height} places differ by 1 €" in flat and set(rounding["difference"].abs()) == {1}
    by_check = dict(rounding.group_by("check").len().rows())
    assert (f"({by_check['sum_of_lines']} sums of lines, {by_check['margin']} margins, "
            f"{by_check['areas_sum_to_sector']} areas-to-sector sums)") in flat
    assert f"({checks.filter(pl.col('check') == 'areas_sum_to_sector').height} checks)" in flat
    assert f"The {counts['discrepancy']} discrepancies" in flat
    per_kind = dict(checks.filter(pl.col("verdict") == "discrepancy").group_by("check").len().rows())
    for check, words in (("per_resident", "the net cost they divide"), ("external_funding", "grants line"),
                         ("kpi_units", "its row's unit")):
        assert re.search(re.escape(words) + r"[^(]*\(" + str(per_kind.get(check, 0)) + r"\)", flat), check


# ================================================================== shown where the figure appears
@pytest.mark.parametrize("page", ["pages/kpis.py", "pages/budget.py", "pages/profile.py"])
def test_a_contradiction_is_shown_beside_its_figure(page):
    """VAKA's external-funding key figure against its own grants line: on the key-figures page, on the budget page
    (beside VAKA's statement) and in VAKA's profile, not only on About; and under HYTE's filter, not VAKA's."""
    from tests.apptest_helpers import open_page
    from utils.core.fi_numbers import format_eur

    def errors(at) -> str:
        return " ".join(e.value for e in at.error).replace("\\", "")

    shown = errors(open_page(page, area="VAKA"))
    assert format_eur(145_485) in shown and format_eur(166_357) in shown
    assert format_eur(145_485) not in errors(open_page(page, area="OPKOU"))
