"""The goals, projects and risks pages through AppTest: figures, filters, notices and bad URLs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

DATA = Path(__file__).resolve().parents[1] / "data"
GOALS = "pages/activity/goals.py"
PROJECTS = "pages/activity/projects.py"
RISKS = "pages/activity/risks.py"
EMPTY_LABEL = "Tyhjä rivi (vain ”Ei tietoa”)"


def open_page(page: str, **params: list[str]) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=30)
    for key, values in params.items():
        at.query_params[key] = values
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_text(at: AppTest) -> str:
    """Everything a reader sees as text, with Markdown escapes removed."""
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "subheader", "title")
             for e in at.get(kind)]
    parts += [m.label for m in at.metric] + [m.value for m in at.metric] + [e.label for e in at.expander]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_rows(element) -> list[dict]:
    """Every row of every dataset of a vega_lite_chart element (Streamlit sends them as Arrow IPC)."""
    rows: list[dict] = []
    for dataset in element.proto.datasets:
        rows += pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
    return rows


def expected_counts(goals: pl.DataFrame) -> dict[str, int]:
    grouped = (
        goals.with_columns(
            pl.when(pl.col("is_empty")).then(pl.lit(EMPTY_LABEL)).otherwise(pl.col("status")).alias("group")
        )
        .group_by("group")
        .len()
    )
    return dict(grouped.iter_rows())


@pytest.fixture(scope="module")
def goals_csv() -> pl.DataFrame:
    return pl.read_csv(DATA / "goals.csv", schema_overrides={"is_empty": pl.Boolean})


# ------------------------------------------------------------------ goals
def test_goals_status_counts_equal_the_data(goals_csv):
    at = open_page(GOALS)
    shown = {label.split(" ", 1)[1]: int(value) for label, value in metrics(at).items()}
    assert shown == expected_counts(goals_csv)
    assert len(at.get("vega_lite_chart")) == 1
    text = page_text(at)
    assert "Valtuuston sitovat tavoitteet" in text and "Käyttösuunnitelman tavoitteet" in text
    assert "Asiakirjan sanoin:" in text
    for goal in goals_csv.filter(~pl.col("is_empty"))["goal"].to_list():
        assert goal in text


def test_goals_for_one_area_show_its_goals_and_the_council_goals_only(goals_csv):
    at = open_page(GOALS, area=["VAKA"])
    text = page_text(at)
    in_scope = goals_csv.filter((pl.col("level") == "council") | (pl.col("service_area") == "VAKA"))
    out_of_scope = goals_csv.filter((pl.col("level") == "operational") & (pl.col("service_area") != "VAKA"))
    for goal in in_scope["goal"].to_list():
        assert goal in text
    for goal in out_of_scope["goal"].to_list():
        assert goal not in text
    assert "koskevat koko toimialaa" in text
    shown = {label.split(" ", 1)[1]: int(value) for label, value in metrics(at).items()}
    assert {k: v for k, v in shown.items() if v} == expected_counts(in_scope)
    assert shown[EMPTY_LABEL] == 0


def test_goals_year_other_than_2024_shows_a_notice_and_the_2024_goals(goals_csv):
    at = open_page(GOALS, year=["2023"])
    assert any("vain vuodelle 2024" in i.value for i in at.info)
    assert goals_csv["goal"].drop_nulls()[0] in page_text(at)


def test_goals_search_filters_the_cards(goals_csv):
    at = open_page(GOALS)
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
    assert f"Näytetään {hits.height} / {goals_csv.height} riviä." in text
    for goal in hits["goal"].to_list():
        assert goal in text
    for goal in misses["goal"].to_list():
        assert goal not in text
    # the status counts keep describing the whole scope, not the search
    shown = {label.split(" ", 1)[1]: int(value) for label, value in metrics(at).items()}
    assert shown == expected_counts(goals_csv)


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


def test_goals_search_without_hits_says_so():
    at = open_page(GOALS)
    at.text_input(key="goals_search").set_value("zzzz-ei-löydy").run()
    assert not at.exception
    assert any("Yksikään tavoite" in w.value for w in at.warning)


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
    assert "Tarkistuksen muistiinpano" in text


def test_projects_chart_table_investments_and_document_words():
    at = open_page(PROJECTS)
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2
    values = chart_rows(charts[0])
    assert {"99 / 106 %", "13 % / 0 % / 68 % ◔"} <= {r.get("realization_label") for r in values}
    projects = pl.read_csv(DATA / "projects.csv")
    table = at.dataframe[0].value
    assert len(table) == projects.filter(~pl.col("is_total")).height
    assert "99 / 106 %" in table["Menojen toteuma (painettu)"].tolist()
    investments = at.dataframe[1].value
    assert investments["TA 2024"].tolist() == [270000, 270000]  # costs shown as positive
    assert investments["Poikkeama"].tolist() == [-233775, -233775]
    text = page_text(at)
    assert "alkoi 2024 jälkipuoliskolla" in text.lower()
    assert "Tekninen toimi on maksanut kaikki kustannukset" in text  # the commentary, as the document's words
    assert "Kirjasto siirtyi väistötilaan syyskuussa." in text
    assert "13,4\u00a0%" in text


def test_projects_say_the_area_filter_does_not_apply():
    at = open_page(PROJECTS, area=["VIRE"])
    assert any("ei kohdista hankkeita palvelualueille" in i.value for i in at.info)
    assert len(at.dataframe[0].value) == 21


# ------------------------------------------------------------------ risks
def test_risks_matrix_and_table():
    at = open_page(RISKS)
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
    assert len(at.dataframe[0].value) == risks.height
    text = page_text(at)
    assert "ei kerro asteikon ylärajaa" in text
    for mitigation in risks["mitigation_outcome"].to_list():
        assert mitigation in text


def test_risks_say_the_area_filter_does_not_apply():
    at = open_page(RISKS, area=["HYTE"])
    assert any("koskevat koko toimialaa" in i.value for i in at.info)


# ------------------------------------------------------------------ bad URLs
@pytest.mark.parametrize("page", [GOALS, PROJECTS, RISKS])
def test_bad_url_parameters_warn_without_echoing(page):
    at = open_page(page, area=["<script>alert(1)</script>"], year=["abc"])
    warnings = " ".join(w.value for w in at.warning)
    assert "palvelualue" in warnings and "vuosi" in warnings
    assert "<script>" not in page_text(at)
