"""The goals, projects and risks pages through AppTest, in Finnish and in English: figures, filters, notices,
bad URLs, and no Finnish UI string left on an English page."""

from __future__ import annotations

import functools
import json
import re
import tomllib
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from tests import apptest_helpers
from utils.questions import document_text, goal_table

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
LOCALES = ROOT / "locales"
GOALS = "pages/goals.py"
PROJECTS = "pages/projects.py"
RISKS = "pages/risks.py"
PAGES = (GOALS, PROJECTS, RISKS)
OWN_LOCALES = ("goals", "projects", "risks")
EMPTY_LABEL = "Tyhjä rivi (vain ”Ei tietoa”)"


def open_page(page: str, lang: str = "fi", **params: list[str]) -> AppTest:
    return apptest_helpers.open_page(page, **({"lang": lang} if lang != "fi" else {}), **params)


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def page_text(at: AppTest) -> str:
    """Everything a reader sees as text, with Markdown escapes removed."""
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "subheader", "title")
             for e in at.get(kind)]
    shown = apptest_helpers.shown_figures(at)
    parts += [m.label for m in shown] + [m.value for m in shown] + [e.label for e in at.expander]
    return unescape("\n".join(str(p) for p in parts))


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in apptest_helpers.shown_figures(at)}


def status_counts(at: AppTest) -> dict[str, int]:
    """The status table beside the status chart (the first table on the page): status name -> total."""
    table = apptest_helpers.shown_tables(at)[0].value
    status, total = table.columns[0], table.columns[-1]
    return {name: int(n) for name, n in zip(table[status], table[total], strict=True)}


def chart_rows(element) -> list[dict]:
    """Every row of every dataset of a vega_lite_chart element (Streamlit sends them as Arrow IPC)."""
    rows: list[dict] = []
    for dataset in element.proto.datasets:
        rows += pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
    return rows


def expected_counts(goals: pl.DataFrame, lang: str = "fi") -> dict[str, int]:
    grouped = (
        goals.with_columns(
            pl.when(pl.col("is_empty")).then(pl.lit(goal_table.EMPTY_GROUP)).otherwise(pl.col("status")).alias("group")
        )
        .group_by("group")
        .len()
    )
    return {goal_table.status_label(lang, group): n for group, n in grouped.iter_rows()}


@pytest.fixture(scope="module")
def goals_csv() -> pl.DataFrame:
    return pl.read_csv(DATA / "goals.csv", schema_overrides={"is_empty": pl.Boolean})


# ------------------------------------------------------------------ English pages: no Finnish UI strings
def _flat(node: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in node.items():
        name = f"{prefix}.{key}" if prefix else key
        out.update(_flat(value, name) if isinstance(value, dict) else {name: value})
    return out


def _locale(lang: str, files: tuple[str, ...] | None = None) -> dict[str, str]:
    paths = [LOCALES / lang / f"{f}.toml" for f in files] if files else sorted((LOCALES / lang).glob("*.toml"))
    out: dict[str, str] = {}
    for path in paths:
        out.update(_flat(tomllib.loads(path.read_text(encoding="utf-8"))))
    return out


@functools.cache
def finnish_ui_strings() -> list[str]:
    """The Finnish strings of these pages that English must not show: each value of locales/fi/<page>.toml that
    differs from its English counterpart, cut at its {placeholders}, pieces longer than 3 characters.

    A piece the English strings use themselves is left out: that is a document term the English UI quotes on
    purpose ("Met (Toteutuu)", "column “Menojen toteuma %”")."""
    fi, en = _locale("fi", OWN_LOCALES), _locale("en", OWN_LOCALES)
    english = "\n".join(_locale("en").values())
    pieces = set()
    for key, value in fi.items():
        if value == en.get(key):
            continue
        for piece in re.split(r"\{[^}]*\}", value):
            piece = piece.strip(" .,:;–-()*")
            if len(piece) > 3 and piece not in english:
                pieces.add(piece)
    return sorted(pieces)  # read once per run: the locale files do not change while the tests run


DOCUMENT_COLUMNS = {  # the columns that hold the document's own words
    "goals": ("strategic_aim", "strategic_aim_text", "service_area_printed", "goal", "measure", "responsible",
              "progress_0930", "progress_1231", "status"),
    "projects": ("name", "strategic_aim", "strategic_aim_text", "start_note", "description"),
    "risks": ("risk_class", "risk", "risk_value_printed", "mitigation", "mitigation_outcome"),
    "texts": ("heading", "text"),
}


@functools.cache
def document_strings() -> list[str]:
    """Every text cell of the document's own words (goals, names, risks, quoted paragraphs), longest first."""
    found: set[str] = set()
    for name, columns in DOCUMENT_COLUMNS.items():
        frame = pl.read_csv(DATA / f"{name}.csv", infer_schema_length=0)
        for column in columns:
            found |= {document_text.one_line(v) for v in frame[column].drop_nulls().to_list() if len(v.strip()) > 3}
    return sorted(found, key=len, reverse=True)


def ui_text(at: AppTest) -> str:
    """The text the app itself writes: titles, headers, captions, notices, Markdown outside the document's quotes,
    metric, expander and widget labels, table column names and the cite sentence, with the document's own words
    (its table cells) taken out."""
    version = json.loads((DATA / "datapackage.json").read_text())["sources"][0]["hash"].removeprefix("sha256:")[:12]
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in at.get(kind)]
    for md in at.markdown:
        parts += [line for line in str(md.value).splitlines() if not line.lstrip().startswith(">")]
    parts += [m.label for m in apptest_helpers.shown_figures(at)] + [e.label for e in at.expander]
    for kind in ("multiselect", "text_input", "selectbox", "radio", "button", "download_button"):
        for widget in at.get(kind):
            parts += [str(getattr(widget, "label", "") or ""), str(getattr(widget, "placeholder", "") or "")]
    for frame in apptest_helpers.shown_tables(at):
        parts += [str(c) for c in frame.value.columns]
    parts += [c.value for c in at.text if version in c.value]  # the cite box, not the raw source lines
    text = unescape("\n".join(parts))
    for words in document_strings():
        text = text.replace(words, " ")
    return text


def test_the_finnish_strings_are_collected():
    pieces = finnish_ui_strings()
    assert "Tavoitteiden tila" in pieces and "Hankerivien summa" in pieces and "Riskimatriisi" in pieces
    assert "Toteutuu" not in pieces  # quoted by the English gloss "Met (Toteutuu)"


def test_the_check_finds_the_finnish_strings_on_a_finnish_page():
    """The check itself works: on the Finnish page it finds the strings it looks for."""
    text = ui_text(apptest_helpers.open_boxes(open_page(GOALS), prefix=""))
    found = [piece for piece in finnish_ui_strings() if piece in text]
    assert {"Tavoitteiden tila", "Rajaa tavoitteita", "Tavoitteet taulukkona", "Tunniste"} <= set(found)


@pytest.mark.parametrize("page", PAGES)
def test_english_page_shows_no_finnish_ui_strings(page):
    at = open_page(page, "en")
    text = ui_text(at)
    assert len(text) > 1000  # the page did render
    leaked = [piece for piece in finnish_ui_strings() if piece in text]
    assert not leaked, leaked


@pytest.mark.parametrize("page", PAGES)
def test_english_page_with_filters_shows_no_finnish_ui_strings(page):
    at = apptest_helpers.open_boxes(open_page(page, "en", area=["VAKA"], year=["2023"]), prefix="")  # all boxes
    leaked = [piece for piece in finnish_ui_strings() if piece in ui_text(at)]
    assert not leaked, leaked


@pytest.mark.parametrize("page", PAGES)
def test_every_table_and_chart_can_be_downloaded_and_cited(page):
    at = open_page(page)
    assert not at.get("download_button")  # the download boxes are built when opened
    at = apptest_helpers.open_boxes(at)
    downloads = at.get("download_button")
    assert len(downloads) == 2 * (len(apptest_helpers.shown_tables(at)) + len(at.get("vega_lite_chart")))
    assert any("Lainaa tätä" in e.label for e in at.expander)


# ------------------------------------------------------------------ goals
@pytest.mark.parametrize("lang", ["fi", "en"])
def test_goals_status_counts_equal_the_data(goals_csv, lang):
    at = open_page(GOALS, lang)
    assert status_counts(at) == expected_counts(goals_csv, lang)
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    assert {r["label"]: r["count"] for r in chart_rows(charts[0])} == expected_counts(goals_csv, lang)
    text = page_text(at)
    for level in goal_table.LEVELS:
        assert {"fi": {"council": "Valtuuston sitovat tavoitteet", "operational": "Käyttösuunnitelman tavoitteet"},
                "en": {"council": "Council-binding goals", "operational": "Operating-plan goals"}}[lang][level] in text
    assert ("Tavoite asiakirjan sanoin" if lang == "fi" else "The goal in the document's words") in text
    for goal in goals_csv.filter(~pl.col("is_empty"))["goal"].to_list():
        assert goal in text  # the document's words, in Finnish in both languages


def test_goals_english_glosses_statuses_and_aims():
    at = open_page(GOALS, "en")
    text = page_text(at)
    assert "Met (Toteutuu)" in text and "Sustainable economy (Kestävä talous)" in text
    assert "(in Finnish, as in the document)" in text
    table = apptest_helpers.shown_tables(apptest_helpers.open_boxes(at, "goals-table"))[-1].value
    assert "Goal (document's words)" in table.columns
    assert set(table["Status (as printed)"]) == {"Met (Toteutuu)", "Partly met (Toteutuu osittain)",
                                                 "No information (Ei tietoa)"}
    cite = " ".join(c.value for c in at.text)
    assert "20 goal rows" in cite and "13 met (Toteutuu)" in cite and "6 empty rows" in cite


def test_goals_cite_counts_the_scope(goals_csv):
    at = open_page(GOALS)
    cite = " ".join(c.value for c in at.text)
    assert (f"on {goals_csv.height} tavoiteriviä (Koko toimiala): 13 toteutuu, 1 toteutuu osittain ja 6 on tyhjiä"
            in cite)
    at = open_page(GOALS, area=["VAKA"])
    in_scope = goals_csv.filter((pl.col("level") == "council") | (pl.col("service_area") == "VAKA"))
    assert f"on {in_scope.height} tavoiteriviä (valtuuston sitovat tavoitteet ja palvelualueiden Varhaiskasvatus" \
        in " ".join(c.value for c in at.text)


def test_goals_document_text_renders_as_plain_text():
    """A goal text is escaped: '1)', '- ' or '*' in the document never become lists or emphasis."""
    at = open_page(GOALS)
    # every quoted line of every card part (a card's parts are one Markdown element each, several quotes in one)
    quotes = [line[2:] for m in at.markdown for line in m.value.split("\n") if line.startswith("> ")]
    assert quotes
    for body in quotes:
        assert re.search(r"(?<!\\)[*_\[\]()#`<>-]", body) is None, body


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_goals_for_one_area_show_its_goals_and_the_council_goals_only(goals_csv, lang):
    at = open_page(GOALS, lang, area=["VAKA"])
    text = page_text(at)
    in_scope = goals_csv.filter((pl.col("level") == "council") | (pl.col("service_area") == "VAKA"))
    out_of_scope = goals_csv.filter((pl.col("level") == "operational") & (pl.col("service_area") != "VAKA"))
    for goal in in_scope["goal"].to_list():
        assert goal in text
    for goal in out_of_scope["goal"].to_list():
        assert goal not in text
    assert ("koskevat koko toimialaa" if lang == "fi" else "concern the whole sector") in text
    shown = status_counts(at)
    assert {k: v for k, v in shown.items() if v} == expected_counts(in_scope, lang)
    assert shown[goal_table.status_label(lang, goal_table.EMPTY_GROUP)] == 0


def test_goals_year_other_than_2024_shows_a_notice_and_the_2024_goals(goals_csv):
    at = open_page(GOALS, year=["2023"])
    assert any("vain vuodelle 2024" in i.value for i in at.info)
    assert goals_csv["goal"].drop_nulls()[0] in page_text(at)
    at = open_page(GOALS, "en", year=["2023"])
    assert any("Goals were set for 2024 only" in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_goals_search_filters_the_cards(goals_csv, lang):
    at = open_page(GOALS, lang)
    at.text_input(key="goals_search").set_value("Harraste").run()
    assert not at.exception
    columns = ["goal", "measure", "progress_0930", "progress_1231"]
    hits = goals_csv.filter(
        pl.any_horizontal(pl.col(c).str.to_lowercase().str.contains("harraste", literal=True).fill_null(False)
                          for c in columns)
    )
    misses = goals_csv.filter(~pl.col("goal_id").is_in(hits["goal_id"].implode()) & ~pl.col("is_empty"))
    assert 0 < hits.height < goals_csv.height
    text = page_text(at)
    shown = {"fi": f"Näytetään {hits.height} / {goals_csv.height} riviä.",
             "en": f"Showing {hits.height} of {goals_csv.height} rows."}[lang]
    assert shown in text
    for goal in hits["goal"].to_list():
        assert goal in text
    for goal in misses["goal"].to_list():
        assert goal not in text
    assert len(apptest_helpers.shown_tables(apptest_helpers.open_boxes(at, "goals-table"))[-1].value) == hits.height
    # the status counts keep describing the whole scope, not the search
    assert status_counts(at) == expected_counts(goals_csv, lang)


def test_goals_status_and_aim_filters(goals_csv):
    at = open_page(GOALS)
    at.multiselect(key="goals_status").set_value(["Toteutuu osittain"]).run()
    partial = goals_csv.filter(pl.col("status") == "Toteutuu osittain")
    text = page_text(at)
    assert f"Näytetään {partial.height} / {goals_csv.height} riviä." in text
    assert partial["goal"][0] in text
    at.multiselect(key="goals_status").set_value([]).run()
    at.multiselect(key="goals_aim").set_value(["Kestävä talous"]).run()
    economy = goals_csv.filter(pl.col("strategic_aim") == "Kestävä talous")
    assert f"Näytetään {economy.height} / {goals_csv.height} riviä." in page_text(at)


def test_goals_filters_in_english_keep_the_printed_values(goals_csv):
    at = open_page(GOALS, "en")
    status = at.multiselect(key="goals_status")
    assert "Partly met (Toteutuu osittain)" in status.options
    status.set_value(["Toteutuu osittain"]).run()
    partial = goals_csv.filter(pl.col("status") == "Toteutuu osittain")
    assert f"Showing {partial.height} of {goals_csv.height} rows." in page_text(at)
    at.multiselect(key="goals_status").set_value([goal_table.EMPTY_GROUP]).run()
    empty = goals_csv.filter(pl.col("is_empty"))
    text = page_text(at)
    assert f"Showing {empty.height} of {goals_csv.height} rows." in text
    assert f"Empty rows ({empty.height}):" in text


def test_goals_search_without_hits_says_so():
    at = open_page(GOALS)
    at.text_input(key="goals_search").set_value("zzzz-ei-löydy").run()
    assert not at.exception
    assert any("Yksikään tavoite" in w.value for w in at.warning)
    at = open_page(GOALS, "en")
    at.text_input(key="goals_search").set_value("zzzz-ei-löydy").run()
    assert any("No goal matches" in w.value for w in at.warning)


# ------------------------------------------------------------------ projects
def test_projects_show_the_total_discrepancy():
    at = open_page(PROJECTS)
    m = metrics(at)
    assert m["Painettu yhteensä"] == "1\u00a0335\u00a0392\u00a0€"
    assert m["Hankerivien summa"] == "1\u00a0343\u00a0170\u00a0€"
    assert m["Erotus (painettu − summa)"] == "−7\u00a0778\u00a0€"
    text = page_text(at)
    assert "7\u00a0778\u00a0€ pienempi" in text
    assert "Heinolan harrastekerhot lapsille ja nuorille" in text and "rivi 354" in text
    checks = pl.read_csv(DATA / "checks.csv", infer_schema_length=0).filter(pl.col("check") == "projects_total")
    for note in checks["note"].to_list():  # the data's English notes are not Finnish UI text
        assert note not in text and note[:40] not in text
    check_table = apptest_helpers.shown_tables(at)[1].value
    assert check_table["Tulos"].tolist() == ["✘ ristiriita", "✔ täsmää"]
    assert check_table["Erotus"].tolist()[0] == "−7\u00a0778\u00a0€"
    cite = " ".join(c.value for c in at.text)
    assert "rivien summana 1\u00a0343\u00a0170\u00a0€" in cite and "7\u00a0778\u00a0€ pienempi" in cite
    assert "Heinolan harrastekerhot lapsille ja nuorille" in cite


def test_projects_in_english():
    at = open_page(PROJECTS, "en")
    m = metrics(at)
    assert m["Printed total"] == "€1,335,392"
    assert m["Sum of the project rows"] == "€1,343,170"
    assert m["Difference (printed − sum)"] == "\u2212€7,778"
    text = page_text(at)
    assert "€7,778 less" in text and "line 354" in text
    assert "13.4%" in text
    check_table = apptest_helpers.shown_tables(at)[1].value
    assert check_table["Result"].tolist() == ["✘ discrepancy", "✔ matches"]
    assert check_table["Column"].tolist()[0] == "Total funding (Hankkeen kokonaisrahoitus)"
    investments = apptest_helpers.shown_tables(at)[2].value
    assert investments["Row"].tolist() == ["Investment expenditure", "Net investment"]
    assert investments["Budget 2024"].tolist() == [270000, 270000]
    bars = chart_rows(at.get("vega_lite_chart")[1])
    assert {r["column"]: r["label"] for r in bars} == {"Actual 2023": "€198,824", "Budget 2024": "€270,000",
                                                       "Actual 2024": "€36,225"}
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["config"]["locale"]["number"]["decimal"] == "."
    assert "Tekninen toimi on maksanut kaikki kustannukset" in text  # the commentary, as the document's words
    assert "(in Finnish, as in the document)" in text


def test_projects_chart_table_investments_and_document_words():
    at = open_page(PROJECTS)
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2
    values = chart_rows(charts[0])
    assert {"99 / 106 %", "13 % / 0 % / 68 % ◔"} <= {r.get("realization_label") for r in values}
    projects = pl.read_csv(DATA / "projects.csv")
    table = apptest_helpers.shown_tables(at)[0].value
    assert len(table) == projects.filter(~pl.col("is_total")).height
    assert "99 / 106 %" in table["Menojen toteuma (painettu)"].tolist()
    investments = apptest_helpers.shown_tables(at)[2].value
    assert investments["Rivi"].tolist() == ["Menot", "Netto"]
    assert investments["TA 2024"].tolist() == [270000, 270000]  # costs shown as positive
    # difference = actual − budget, amounts positive: 36 225 − 270 000 (spending stayed under budget)
    assert investments["Ero (toteuma − talousarvio)"].tolist() == [-233775, -233775]
    bars = chart_rows(charts[1])
    assert {r["column"]: r["amount_eur"] for r in bars} == {"Toteuma 2023": 198824, "Talousarvio 2024": 270000,
                                                            "Toteuma 2024": 36225}
    text = page_text(at)
    assert "alkoi 2024 jälkipuoliskolla" in text.lower()
    assert "Tekninen toimi on maksanut kaikki kustannukset" in text  # the commentary, as the document's words
    assert "Kirjasto siirtyi väistötilaan syyskuussa." in text
    assert "13,4\u00a0%" in text


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_investment_bars_keep_their_colours_in_both_languages(lang):
    """The comparison chart colours bars by their names' sort order; the page must follow that order."""
    at = open_page(PROJECTS, lang)
    spec = json.loads(at.get("vega_lite_chart")[1].proto.spec)
    colour = spec["layer"][0]["encoding"]["color"]["scale"]["range"]
    names = sorted(r["column"] for r in chart_rows(at.get("vega_lite_chart")[1]))
    budget = {"fi": "Talousarvio 2024", "en": "Budget 2024"}[lang]
    actual = {"fi": "Toteuma 2024", "en": "Actual 2024"}[lang]
    assert colour[names.index(budget)] == "#E69F00" and colour[names.index(actual)] == "#0072B2"


def test_projects_say_the_area_filter_does_not_apply():
    at = open_page(PROJECTS, area=["VIRE"])
    assert any("ei kohdista hankkeita palvelualueille" in i.value for i in at.info)
    assert len(apptest_helpers.shown_tables(at)[0].value) == 21
    at = open_page(PROJECTS, "en", area=["VIRE"])
    assert any("does not assign projects to service areas" in i.value for i in at.info)
    assert len(apptest_helpers.shown_tables(at)[0].value) == 21


# ------------------------------------------------------------------ risks
@pytest.mark.parametrize("lang", ["fi", "en"])
def test_risks_matrix_and_table(lang):
    at = open_page(RISKS, lang)
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    assert spec["layer"][0]["encoding"]["x"]["axis"]["values"] == [1, 2, 3]
    rows = [row for row in chart_rows(charts[0]) if "risk_id" in row]
    risks = pl.read_csv(DATA / "risks.csv")
    assert sorted(r["risk_id"] for r in rows) == risks["risk_id"].to_list()
    assert {(r["probability"], r["significance"]) for r in rows} == set(
        risks.select("probability", "significance").iter_rows()
    )
    assert len(apptest_helpers.shown_tables(at)[0].value) == risks.height
    text = page_text(at)
    assert ("ei kerro asteikon ylärajaa" if lang == "fi" else "does not state the top of the scale") in text
    for mitigation in risks["mitigation_outcome"].to_list():
        assert mitigation in text
    top = risks.with_columns(score=pl.col("probability") * pl.col("significance")).sort("score").row(-1, named=True)
    cite = " ".join(c.value for c in at.text)
    assert top["risk"] in cite and top["mitigation_outcome"] in cite
    assert f"{top['probability']} × " in cite


def test_risks_in_english_gloss_the_classes():
    at = open_page(RISKS, "en")
    assert "Operational risk (Toiminnallinen riski)" in apptest_helpers.shown_tables(at)[0].value["Risk class"].tolist()
    assert any("Operational risk (Toiminnallinen riski)" in unescape(e.label) for e in at.expander)
    assert {r["class_label"] for r in chart_rows(at.get("vega_lite_chart")[0]) if "class_label" in r} == {
        "Operational risk (Toiminnallinen riski)", "Financial risk (Taloudellinen riski)",
        "Strategic risk (Strateginen riski)"}


def test_risks_say_the_area_filter_does_not_apply():
    at = open_page(RISKS, area=["HYTE"])
    assert any("koskevat koko toimialaa" in i.value for i in at.info)


# ------------------------------------------------------------------ bad URLs
@pytest.mark.parametrize("page", PAGES)
def test_bad_url_parameters_warn_without_echoing(page):
    at = open_page(page, area=["<script>alert(1)</script>"], year=["abc"])
    warnings = " ".join(w.value for w in at.warning)
    assert "palvelualue" in warnings and "vuosi" in warnings
    assert "<script>" not in page_text(at)
    at = open_page(page, "en", area=["<script>alert(1)</script>"], year=["abc"])
    warnings = " ".join(w.value for w in at.warning)
    assert "service area" in warnings and "year" in warnings
    assert "<script>" not in page_text(at)


def test_project_reports_are_built_when_opened():
    """The 17 status reports sit in a box that is built only when opened (a rerun): closed, none of them is sent;
    opened, each project's report in the document's words and its source lines."""
    projects = pl.read_csv(DATA / "projects.csv").filter(~pl.col("is_total"))
    description = document_text.one_line(projects["description"].drop_nulls()[0])
    at = open_page(PROJECTS)
    assert description[:40] not in page_text(at).replace("\\", "")
    at.session_state["projects-reports"] = True
    at.run()
    assert not at.exception
    opened = page_text(at).replace("\\", "")
    assert description[:40] in opened
    reports = [m.value for m in at.markdown if re.match(r"\*\*\d+\. ", m.value) and "\n\n> " in m.value]
    assert len(reports) == projects.height


def test_the_goals_table_is_built_when_opened_and_says_how_many_rows(goals_csv):
    at = open_page(GOALS)
    tables_before = len(apptest_helpers.shown_tables(at))
    box = [e for e in at.expander if e.proto.id.endswith("goals-table")]
    assert len(box) == 1 and f"({goals_csv.height} riviä)" in box[0].label, [e.label for e in at.expander]
    at = apptest_helpers.open_boxes(at, "goals-table")
    assert len(apptest_helpers.shown_tables(at)) == tables_before + 1
    assert len(apptest_helpers.shown_tables(at)[-1].value) == goals_csv.height


def test_goal_details_are_built_when_opened_and_open_while_searching():
    """A card's details (measure, responsibility, progress) are built when its box opens; a search opens the boxes
    of the cards it finds, and clearing it closes them again."""
    at = open_page(GOALS)
    details = [m for m in at.markdown if "**Vastuu:**" in m.value]
    assert not details
    box = next(e for e in at.expander if "goal-details-" in e.proto.id)
    at.session_state[box.proto.id.split("-", 2)[2]] = True
    at.run()
    assert len([m for m in at.markdown if "**Vastuu:**" in m.value]) == 1
    at.text_input(key="goals_search").set_value("Harraste").run()
    assert not at.exception
    assert [m for m in at.markdown if "**Vastuu:**" in m.value and "arraste" in m.value]
    at.text_input(key="goals_search").set_value("").run()
    # back to no search: every box closed again (the search's boxes are other widgets, and a box not drawn during
    # the search, like the one opened by hand, starts anew)
    assert not [m for m in at.markdown if "**Vastuu:**" in m.value]
