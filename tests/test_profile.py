"""The profile of a service area: its questions (utils/questions/profile.py) against the data, its hand-reviewed
project ties against config/profile.toml, and the page (pages/profile.py) in AppTest for every area and the sector,
in both languages: figures equal to the data and to the detailed pages, links that keep the filters."""

from __future__ import annotations

import copy

import polars as pl
import pytest

from tests.apptest_helpers import new_session, open_page, shown_figures, shown_tables
from utils.core import i18n, settings
from utils.core.fi_numbers import format_eur, format_number
from utils.core.filters import AREAS, Filters, to_params
from utils.core.loading import read_all
from utils.ingest.common import load_mapping
from utils.questions import claims, profile

DATA = read_all()
MAPPING = load_mapping()
CODES = ["ALL", *AREAS]


@pytest.fixture(scope="module")
def profiles() -> dict[str, profile.Profile]:
    return {code: profile.build(DATA, code, MAPPING) for code in CODES}


def printed_row(area: str, account: str) -> dict[str, int]:
    """The document's printed amounts of an income-statement row, straight from finance.csv."""
    df = DATA["finance"].filter(pl.col("statement") == "income_statement", pl.col("service_area") == area,
                                pl.col("account") == account)
    return {f"{s}_{y}": a for s, y, a in df.select("scenario", "year", "amount_eur").rows()}


# ------------------------------------------------------------------ the questions
@pytest.mark.parametrize("code", CODES)
def test_net_cost_is_the_printed_operating_margin(profiles, code):
    net = profiles[code].net_cost
    row = printed_row(code, "Toimintakate")  # printed negative: a net cost
    assert net["actual_eur"] == -row["actual_2024"] and net["budget_eur"] == -row["budget_2024"]
    assert net["actual_2023_eur"] == -row["actual_2023"]
    population = DATA["population"]["population"].item()
    assert net["actual_per_resident"] == round(-row["actual_2024"] / population, 2)
    claim = net["budget_claim"]
    assert claim.side == claims.NET and claim.value == net["actual_eur"] and claim.base == net["budget_eur"]
    assert net["change_claim"].base == net["actual_2023_eur"]


def test_the_years_compared_are_the_mappings(profiles):
    # the statement's year against its budget and the year before, whatever the year filter says
    assert {(p.year, p.previous_year) for p in profiles.values()} == {(2024, 2023)}
    assert MAPPING["document"]["budget_year"] == 2024


@pytest.mark.parametrize("code", CODES)
def test_three_largest_deviations_among_line_items(profiles, code):
    """Computed here from finance.csv alone: non-subtotal income-statement lines of the area, by |actual − budget|."""
    lines = (
        DATA["finance"].filter(pl.col("statement") == "income_statement", pl.col("service_area") == code,
                               ~pl.col("is_subtotal"), pl.col("year") == 2024)
        .pivot(on="scenario", index="account", values="amount_eur")
        .with_columns((pl.col("actual") - pl.col("budget")).abs().alias("gap"))
        .sort("gap", descending=True)
    )
    p = profiles[code]
    assert len(p.deviations) == settings.profile_settings()["profile"]["top_deviations"] == 3
    gaps = sorted(lines["gap"].to_list(), reverse=True)
    assert [abs(c.difference) for c in p.deviations] == gaps[:3]
    for c in p.deviations:
        amounts = printed_row(code, c.subject)
        side = "cost" if min(amounts.values()) < 0 else "income"
        assert c.side == side, c
        # the direction words follow sign and side: income below budget is a shortfall, costs above an overrun
        if c.difference:
            assert c.favourable == ((c.difference > 0) == (side == "income"))


def test_deviation_words_follow_the_side(profiles):
    fi = {c.subject: profile.claim_sentence(c, "fi", MAPPING) for c in profiles["ALL"].deviations}
    en = {c.subject: profile.claim_sentence(c, "en", MAPPING) for c in profiles["ALL"].deviations}
    # grants received fell short of budget: income, so a shortfall, never an overrun
    assert "tuotot" in fi["Tuet ja avustukset"] and "alle talousarvion" in fi["Tuet ja avustukset"]
    assert "income" in en["Tuet ja avustukset"] and "short of budget" in en["Tuet ja avustukset"]
    assert "costs" in en["Henkilöstökulut"] and "under budget" in en["Henkilöstökulut"]


@pytest.mark.parametrize("code", CODES)
def test_key_figures_and_goals_are_the_detailed_pages_questions(profiles, code):
    from utils.questions import (
        goal_table,
        key_figures,
    )

    p = profiles[code]
    scope = None if code == "ALL" else (code,)
    assert p.kpis.equals(key_figures.kpi_scorecard(DATA["kpis"], scope))
    assert [c.comparison for c in p.kpi_claims] == [claims.TARGET] * p.kpis.height
    assert p.goals.equals(goal_table.goals_in_scope(DATA["goals"], () if code == "ALL" else (code,)))
    if code != "ALL":
        assert set(p.goals.filter(pl.col("level") == "operational")["service_area"].to_list()) <= {code}
    assert p.risks.height == DATA["risks"].height  # sector-wide: the risk table names no area


def test_description_and_commentary_are_the_areas_own(profiles):
    texts = DATA["texts"]
    for code in CODES:
        mine = texts.filter(pl.col("topic") == "description", pl.col("service_area") == code)["text"].to_list()
        assert profiles[code].description["paragraphs"] == [" ".join(t.split()) for t in mine]
        assert profiles[code].commentary["paragraphs"]


# ------------------------------------------------------------------ hand-reviewed ties
def test_every_project_is_reviewed_once_with_a_reason():
    config = settings.profile_settings()
    rows = DATA["projects"].filter(~pl.col("is_total"))
    keys = [(t["name"], t["period"]) for t in config["projects"]]
    assert sorted(keys) == sorted(zip(rows["name"].to_list(), rows["period"].to_list()))
    for tie in config["projects"]:
        assert set(tie["areas"]) <= set(AREAS), tie
        assert tie["reason_fi"].strip() and tie["reason_en"].strip(), tie


def test_a_project_missing_from_the_review_is_an_error():
    config = copy.deepcopy(settings.profile_settings())
    config["projects"] = config["projects"][1:]
    with pytest.raises(profile.ProfileConfigError, match="missing"):
        profile.build(DATA, "VAKA", MAPPING, config=config)
    config = copy.deepcopy(settings.profile_settings())
    config["projects"].append({"name": "Keksitty hanke", "period": "2024", "areas": [], "reason_fi": "x",
                               "reason_en": "x"})
    with pytest.raises(profile.ProfileConfigError, match="unknown"):
        profile.build(DATA, "VAKA", MAPPING, config=config)


def test_ties_select_the_areas_projects(profiles):
    vaka = profiles["VAKA"].tied_projects
    assert vaka.height and all("VAKA" in a for a in vaka["areas"].to_list())
    assert profiles["HYTE"].tied_projects.is_empty()
    untied = profiles["VAKA"].untied_projects
    assert untied.height and all(a == [] for a in untied["areas"].to_list())
    gap = next(g for g in profiles["VAKA"].gaps if g["kind"] == "untied_projects")
    assert gap["count"] == untied.height


def test_gaps_name_what_the_document_leaves_out(profiles):
    kinds = {g["kind"] for g in profiles["VAKA"].gaps}
    assert {"empty_goals", "no_population_2023", "risks_no_area", "kpi_no_value"} <= kinds
    empty = next(g for g in profiles["VAKA"].gaps if g["kind"] == "empty_goals")
    assert empty["count"] == DATA["goals"]["is_empty"].sum()


def test_chosen_area_and_canonical_link():
    assert profile.chosen_area(()) == ("ALL", ())
    assert profile.chosen_area(("HYTE", "VIRE")) == ("HYTE", ("VIRE",))
    assert profile.canonical_path("VAKA", "fi") == "/profile?area=VAKA&lang=fi"
    assert profile.canonical_path("ALL", "en") == "/profile?lang=en"


# ------------------------------------------------------------------ the page
PAGE = "pages/profile.py"


def page_links(at) -> list[tuple[str, str]]:
    """(page, query string) of every st.page_link in the main area."""
    return [(link.proto.page, link.proto.query_string) for link in at.main.get("page_link")]


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("code", CODES)
def test_page_shows_the_areas_figures(code, lang):
    params = {"lang": lang} | ({} if code == "ALL" else {"area": code})
    at = open_page(PAGE, **params)
    row = printed_row(code, "Toimintakate")
    metrics = {m.label: m.value for m in shown_figures(at)}
    assert list(metrics.values())[:3] == [format_eur(-row["actual_2024"], 0, lang),
                                          format_eur(-row["budget_2024"], 0, lang),
                                          format_eur(-row["actual_2023"], 0, lang)]
    names = {c: spec[f"short_{lang}"] for c, spec in MAPPING["areas"].items()}
    if code == "ALL":  # the whole sector is not a service area: its own title
        assert at.title[0].value == i18n.t(lang, "profile.title_sector")
    else:
        assert at.title[0].value == i18n.t(lang, "profile.title", area=names[code])
    # every section links to its detailed page with the same filters
    query = "&".join(f"{k}={v}" for k, vs in to_params(Filters((() if code == "ALL" else (code,)), lang=lang)).items()
                     for v in vs)
    links = page_links(at)
    assert {page for page, _ in links} >= {"texts", "budget", "years", "kpis", "goals", "risks", "projects"}
    assert all(q == query for _, q in links), links
    assert at.get("download_button"), "the report's download button"


def test_page_figures_equal_the_budget_page():
    """The net cost the profile shows is the one the budget page's table shows for the same area."""
    profile_at = open_page(PAGE, area="VIRE")
    budget_at = open_page("pages/budget.py", area="VIRE")
    actual = -printed_row("VIRE", "Toimintakate")["actual_2024"]
    assert shown_figures(profile_at)[0].value == format_eur(actual)
    assert any((df.value == actual).any().any() for df in shown_tables(budget_at)), actual


@pytest.mark.parametrize("code", ["OPKOU", "VIRE"])
def test_deviations_are_the_overviews_largest_for_the_area(profiles, code):
    """The overview's table of the largest deviations, filtered to one area, starts with the profile's three."""
    at = open_page("app.py", area=code)
    table = next(df.value for df in shown_tables(at) if "Tili" in df.value.columns)
    assert table["Tili"].tolist()[:3] == [c.subject for c in profiles[code].deviations]


def test_several_areas_show_the_first_and_link_to_the_others():
    at = open_page(PAGE, area=["VIRE", "HYTE"], year="2023")
    assert at.title[0].value.endswith("Hyvinvoinnin ja terveyden edistäminen")  # filter order: HYTE first
    profile_links = [q for page, q in page_links(at) if page == "profile"]
    assert profile_links == ["area=VIRE&year=2023"]
    assert any("2024" in i.value and "2023" in i.value for i in at.info), "says it compares 2024 whatever the year"


def test_a_link_with_another_area_is_followed_in_the_same_session():
    """The overview's links to /profile?area=X change the URL, not the session's filters: the page follows them.
    A filter change on the page itself still wins over the URL the last run wrote."""
    at = new_session(PAGE).run()
    assert at.title[0].value == "Palvelualueen profiili: koko toimiala (kaikki palvelualueet)"
    at.query_params["area"] = "VAKA"  # what st.page_link(..., query_params={"area": "VAKA"}) leads to
    at.run()
    assert at.title[0].value.endswith("Varhaiskasvatus")
    at.sidebar.multiselect[0].set_value(["OPKOU"]).run()
    assert at.title[0].value.endswith("Opetus ja koulutus")
    assert at.query_params["area"] in ("OPKOU", ["OPKOU"])


@pytest.mark.parametrize("code", AREAS)
def test_links_keep_every_filter(code):
    """Year, per resident and language travel with every section's link, not only the area."""
    at = open_page(PAGE, area=code, year="2023", per="resident", lang="en")
    query = "&".join(f"{k}={v}" for k, vs in to_params(Filters((code,), 2023, "per_resident", "en")).items()
                     for v in vs)
    links = page_links(at)
    assert len(links) >= 9 and all(q == query for _, q in links), links


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("code", CODES)
def test_key_figures_equal_the_key_figures_page(code, lang):
    """The profile's targets and actuals are the figures the key-figures page's table holds for the same areas,
    written in the chosen language's number format (a cell without a usable number: as printed, marked)."""
    params = {"lang": lang} | ({} if code == "ALL" else {"area": code})
    profile_at, kpis_at = open_page(PAGE, **params), open_page("pages/kpis.py", **params)
    target, actual = i18n.t(lang, "profile.col_target"), i18n.t(lang, "profile.col_actual")
    shown = next(t.value for t in shown_tables(profile_at) if target in t.value.columns)
    detailed = next(t.value for t in shown_tables(kpis_at) if i18n.t(lang, "kpis.col_target") in t.value.columns)
    p = profile.build(DATA, code, MAPPING)
    assert len(shown) == p.kpis.height == len(detailed)
    printed = p.kpis.select("target_text", "actual_text").rows(named=True)
    for claim, cells, (_, row), (_, page_row) in zip(p.kpi_claims, printed, shown.iterrows(), detailed.iterrows()):
        for which, value, column, page_column in (("target", claim.base, target, "kpis.col_target"),
                                                  ("actual", claim.value, actual, "kpis.col_actual")):
            page_value = page_row[i18n.t(lang, page_column)]
            if value is None:
                assert page_value is None or page_value != page_value or page_value == "–"  # None, NaN or a dash
                assert row[column] == profile.kpi_figure(claim, which, cells[f"{which}_text"], lang)
                assert row[column] == "–" or row[column].endswith(")"), "printed text, marked as printed"
            else:
                assert page_value == value
                assert row[column] == format_number(value, claim.decimals, lang), (which, row[column])


def test_each_row_of_the_overviews_area_table_links_to_its_profile():
    """The overview's table of areas against their budgets: each area's name links to /profile?area=X with the
    other filters (a plain link, built from known values only)."""
    at = open_page("app.py", year="2023", per="resident", lang="en")
    names = {c: spec["short_en"] for c, spec in MAPPING["areas"].items()}
    table = next(h.proto.body for h in at.get("html")
                 if '<table class="xt"' in h.proto.body and 'href="profile?' in h.proto.body)
    for code in AREAS:
        href = f"profile?area={code}&amp;year=2023&amp;per=resident&amp;lang=en"
        assert f'<a href="{href}" target="_self">{names[code]}</a>' in table, code
