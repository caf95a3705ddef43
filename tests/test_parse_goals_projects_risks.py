"""Goals, projects and risks: on the real document and on small hand-built fragments."""

from __future__ import annotations

from pathlib import Path

import pytest

from utils.ingest.common import Document, IngestError, load_mapping
from utils.ingest.goals import parse_goals
from utils.ingest.projects import parse_projects, started_h2_2024
from utils.ingest.risks import parse_risks

RAW = Path(__file__).resolve().parents[1] / "data" / "raw" / "tilinpaatos-2024-hyvinvointi.txt"

# enough of config/mapping.toml for the fragments
MINI_MAPPING = {
    "areas": {
        "HYTE": {"aliases": ["HYTE"]},
        "OPKOU": {"aliases": ["OPKOUL"]},
        "VAKA": {"aliases": []},
    },
    "project_start_overrides": {},
}


def fragment(*lines: str) -> Document:
    return Document.from_bytes("\n".join(lines).encode("utf-8"))


def row(*cells: str) -> str:
    return "\t".join(cells)


@pytest.fixture(scope="module")
def real():
    doc = Document.from_bytes(RAW.read_bytes())
    mapping = load_mapping()
    return {
        "doc": doc,
        "goals": parse_goals(doc, mapping),
        "projects": parse_projects(doc, mapping),
        "risks": parse_risks(doc, mapping),
    }


def _plain_values(rows: list[dict]) -> None:
    for r in rows:
        for key, value in r.items():
            assert value is None or isinstance(value, (str, int, bool)), (key, value)
            if isinstance(value, str):
                assert "<b>" not in value and "<li>" not in value and "<p>" not in value, (key, value)


# ================================================================== the real document: goals
def test_goal_counts(real):
    goals = real["goals"]
    council = [g for g in goals if g["level"] == "council"]
    operational = [g for g in goals if g["level"] == "operational"]
    assert len(council) == 4
    assert len(operational) == 16
    assert sum(g["is_empty"] for g in operational) == 6
    assert [g["goal_id"] for g in council] == ["C01", "C02", "C03", "C04"]
    assert [g["goal_id"] for g in operational] == [f"O{i:02d}" for i in range(1, 17)]
    assert [g["row_order"] for g in operational] == list(range(1, 17))
    _plain_values(goals)


def test_council_goal_split_and_responsible(real):
    c01 = real["goals"][0]
    assert c01["strategic_aim"] == "Hyvinvoinnin kasvu"
    assert c01["strategic_aim_text"].startswith("Hyvinvoinnin kasvu Hyvinvointi lisääntyy Toimiva arki")
    assert c01["goal"] == "Kokemus arjen sujuvuudesta lisääntyy."
    assert c01["measure"] == "Mittari: Hyvinvointi-indeksi, HYTE-kerroin, asukaskyselyt"
    assert c01["responsible"] == "Hyvinvointijohtaja"
    assert c01["service_area"] == "ALL"
    assert c01["status"] == "Toteutuu"
    assert c01["progress_0930"].startswith("Hyvinvointi-indeksi: 142,3")
    c03 = real["goals"][2]
    # the second goal printed in the same cell stays in the measure, from the first 'Mittari:' on
    assert c03["goal"] == "Päätösten ennakkovaikutusarviointien vahvistaminen koko kaupungissa."
    assert c03["measure"].endswith("Mittari: KEVA-kyselyissä esihenkilötyön arviointi (> 3.8)")
    assert c03["measure"].count("Mittari:") == 2


def test_vire_partial_goal_joined_over_page_break(real):
    vire = [g for g in real["goals"] if g["status"] == "Toteutuu osittain"]
    assert len(vire) == 1
    g = vire[0]
    assert g["service_area"] == "VIRE"
    assert g["service_area_printed"] == "VIRE:"
    assert g["goal"] == "Vähän liikkuvien ja harrastavien kuntalaisten aktivointi"
    assert g["responsible"] == "Nuoriso- ja vapaa-aikajohtaja, Liikuntapalvelujohtaja"
    assert g["source_line"] == "281;283"
    assert g["measure"].endswith(
        "Mittari: liikuntaneuvojen asiakaslukumäärän lisääntyminen 30 % vuoteen 2023 verrattuna.")


def test_opkoul_alias_and_labels(real):
    by_printed = {g["service_area_printed"]: g["service_area"] for g in real["goals"] if g["level"] == "operational"}
    assert by_printed["OPKOUL"] == "OPKOU"
    assert by_printed["HYTE:"] == "HYTE"
    assert by_printed["VAKA:"] == "VAKA"
    opkoul = next(g for g in real["goals"] if g["service_area_printed"] == "OPKOUL")
    assert opkoul["goal"].startswith("Opetusresurssi, palveluverkko ja oppimateriaalit")
    assert opkoul["strategic_aim"] == "Kestävä talous"


def test_continuations_keep_every_line_and_odd_characters(real):
    goals = {g["source_line"]: g for g in real["goals"]}
    opkou = goals["270;275"]
    assert "digiaгентit, minuuttikyselyt" in opkou["measure"]  # Cyrillic letters as printed
    assert opkou["progress_0930"].endswith("Digiagentteja toimii alakouluilla yhteensä 20 henkilöä.")
    hyte = goals["288;290"]
    assert hyte["strategic_aim_text"].endswith("Osallisuuden vahvistaminen Hyvinvoiva henkilöstö ja hyvä johtaminen")
    assert hyte["goal"] == ("Päätösten vaikutusten ennakoarviointi en (Evas) vahvistaminen organisaatiossa. "
                            "Arviointituki eri toimijoille.")
    assert goals["276;280"]["responsible"] == "Varhaiskasvatustuhtaja"  # typo kept


def test_empty_goal_rows(real):
    empty = [g for g in real["goals"] if g["is_empty"]]
    assert [g["source_line"] for g in empty] == ["284", "287", "292", "293", "300", "302"]
    for g in empty:
        assert g["status"] == "Ei tietoa"
        assert g["service_area"] == "" and g["goal"] == "" and g["measure"] == ""
        assert g["strategic_aim"]


def test_goal_lines_claimed(real):
    consumed = real["doc"].consumed
    for n in (13, 19, 20, 24, 25, 268, 275, 283, 290, 303):
        assert consumed.get(n, "").startswith("goals:"), n
    assert consumed[13] == "goals:council" and consumed[303] == "goals:operational"
    assert not consumed.get(305, "").startswith("goals:")  # '**Tunnusluvut**' ends the table, is not part of it


# ================================================================== the real document: projects
def test_project_counts_and_keys(real):
    projects = real["projects"]
    rows = [p for p in projects if not p["is_total"]]
    assert len(rows) == 21
    assert len(projects) == 22 and projects[-1]["is_total"]
    keys = [(p["name"], p["period"]) for p in projects]
    assert len(set(keys)) == len(keys)
    names = [p["name"] for p in rows]
    assert sorted({n for n in names if names.count(n) == 2}) == [
        "Heinolan harrastekerhot lapsille ja nuorille",
        "Heinolan harrastemallin toteuttaminen",
        "Oppimisen tukeminen Heinolan lukio",
    ]
    _plain_values(projects)


def test_project_periods_and_numbers(real):
    first = real["projects"][0]
    assert first["period"] == "2021\u20132024"
    assert (first["period_start"], first["period_end"]) == (2021, 2024)
    assert first["total_funding_eur"] == 20000 and first["total_funding_printed"] == "20000"
    assert first["city_share_pct"] == "0" and first["city_share_printed"] == "0 %"
    assert first["spend_realization_pct"] == "100" and first["spend_realization_parts"] == "100"
    single_year = [p for p in real["projects"] if p["period"] == "2024"]
    assert [(p["period_start"], p["period_end"]) for p in single_year] == [(2024, 2024), (2024, 2024)]


def test_project_multipart_spend(real):
    by_printed = {p["spend_realization_printed"]: p for p in real["projects"]}
    two = by_printed["99 / 106 %"]
    assert two["spend_realization_parts"] == "99;106"
    assert two["spend_realization_pct"] is None and two["is_multipart"] is True
    three = by_printed["13 % / 0 % / 68 %"]
    assert three["spend_realization_parts"] == "13;0;68" and three["is_multipart"] is True
    assert sum(p["is_multipart"] for p in real["projects"]) == 2


def test_project_continuation_after_page_break(real):
    p = next(p for p in real["projects"] if p["name"] == "Koulujen kerhotoiminnan tukeminen 2024")
    assert p["source_line"] == "343;345"
    assert p["strategic_aim_text"].endswith("Hiilineutraali ja resurssiviisas Heinola")
    assert p["strategic_aim"] == "Hyvinvoinnin kasvu"
    assert p["total_funding_eur"] == 18571


def test_project_total_row(real):
    total = real["projects"][-1]
    assert total["name"] == "Yhteensä" and total["period"] == ""
    assert total["total_funding_eur"] == 1335392
    assert total["total_funding_printed"] == "1 335 392 €"
    assert total["city_share_pct"] == "19"
    assert total["spend_realization_pct"] == "78"
    assert total["period_start"] is None
    # the printed total is not the sum of the rows: it is 7 778 € short (one row's funding)
    rows_sum = sum(p["total_funding_eur"] for p in real["projects"] if not p["is_total"])
    assert rows_sum == 1343170
    assert rows_sum - total["total_funding_eur"] == 7778
    assert real["doc"].consumed[int(total["source_line"])] == "projects"


def test_projects_started_in_second_half_of_2024(real):
    started = {p["name"]: p["start_note"] for p in real["projects"] if p["started_h2_2024"]}
    assert started == {
        "Varhaiskasvatuksen, esi- ja perusopetuksen koulutuksellisen tasa-arvon ja yhdenvertaisuuden edistäminen":
            "aloitettiin 1.8.2024",
        "Koulujen kerhotoiminnan tukeminen 2024": "aloitettiin 1.8.2024",
        "Toimintakykyinen peruskoululainen": "alkoi 8/2024",
        "Heinolan harrastemallin toteuttaminen": "käynnistyi elokuussa 2024",
        "Liikkeellä lukemaan - hanke": load_mapping()["project_start_overrides"]["Liikkeellä lukemaan - hanke"],
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hankkeen toteutus aloitettiin 1.8.2024.", "aloitettiin 1.8.2024"),
        ("Hankkeen toteutus alkoi 8/2024.", "alkoi 8/2024"),
        ("Hanke käynnistyi elokuussa 2024.", "käynnistyi elokuussa 2024"),
        ("Hanke käynnistyi joulukuussa 2024.", "käynnistyi joulukuussa 2024"),
        ("1.9.2024 alkanut hanke.", "1.9.2024 alkanut"),
        ("Hankkeen toteutus alkoi 3/2024.", None),
        ("Hanke alkoi 1.8.2023.", None),
        ("Hanke päättyi 31.12.2024.", None),
        ("Hanke toteutui suunnitellusti.", None),
    ],
)
def test_started_h2_2024(text, expected):
    assert started_h2_2024(text) == expected


# ================================================================== the real document: risks
def test_risks(real):
    risks = real["risks"]
    assert [r["risk_id"] for r in risks] == [1, 2, 3, 4, 5]
    assert [r["probability"] for r in risks] == [1, 2, 2, 2, 3]
    assert [r["significance"] for r in risks] == [1, 1, 2, 1, 1]
    assert risks[0]["risk_class"] == "Toiminnallinen riski"
    assert risks[0]["risk_value_printed"] == "Todennäköisyys: 1 Merkittävyys: 1"
    assert risks[0]["risk"] == "Henkilöstön rekryointihaasteet; hlöstön saatavuus"
    assert "pitkántähtäimen" in risks[3]["mitigation"]  # odd character kept
    assert [r["source_line"] for r in risks] == ["326", "327", "328", "329", "330"]
    assert real["doc"].consumed[325] == "risks"
    _plain_values(risks)


# ================================================================== fragments: goals
COUNCIL_HEAD = "### STRATEGIASTA JOHDETUT TAVOITTEET/TOIMIALA (VALTUUSTON SITOVUUSTASO)"
OPER_HEAD = "## KÄYTTÖSUUNNITELMAN PALVELUALUEITTAISET TAVOITTEET"
OPER_HEADER = row("Strateginen päämäärä", "Tavoite 2024", "Mittari ja tavoitetaso", "Vastuu", "Toteuma 30.9.",
                  "Toteuma 31.12.", "Tila")
COUNCIL_OK = [
    "**Vastuuhenkilö:** Johtaja X",  # 1
    COUNCIL_HEAD,  # 2
    row("Strateginen päämäärä", "Toimialan tavoite 2024", "Toteuma 30.9.", "Toteuma 31.12.", "Tila"),  # 3
    row("<b>Aim A</b> <ul><li>Sub</li></ul>", "<b>Goal A.</b>  Mittari: m1", "p1", "q1", "Toteutuu "),  # 4
    "--\t--\t--\t--\t---",  # 5
]
OPER_OK = [
    OPER_HEAD,  # 6
    OPER_HEADER,  # 7
    row("<b>Aim A</b> • x", "<b>HYTE:</b>  Goal one", "Measure one", "", "p", "q", "Toteutuu "),  # 8
    "",  # 9
    row("<ul><li>more aim</li></ul>", "goal cont.", "measure cont.", "", "p2", "", ""),  # 10
    row("<p><b>Aim B</b></p>", "<b>OPKOUL</b> Goal two", "M2", "Boss", "p", "q", "<p>Toteutuu osittain</p>"),  # 11
    row("<b>Aim B</b>", "", "", "", "", "", 'Ei tietoa  <input type="radio"/>'),  # 12
    "**Tunnusluvut**",  # 13
]


def test_goals_fragment():
    doc = fragment(*COUNCIL_OK, *OPER_OK)
    goals = parse_goals(doc, MINI_MAPPING)
    assert len(goals) == 4
    council, one, two, empty = goals
    assert council["responsible"] == "Johtaja X"
    assert (council["goal"], council["measure"], council["source_line"]) == ("Goal A.", "Mittari: m1", "4")
    assert council["strategic_aim_text"] == "Aim A Sub"
    assert one["source_line"] == "8;10"
    assert one["goal"] == "Goal one goal cont."
    assert one["measure"] == "Measure one measure cont."
    assert one["progress_0930"] == "p p2"
    assert one["strategic_aim_text"] == "Aim A • x more aim"
    assert (one["service_area"], one["service_area_printed"]) == ("HYTE", "HYTE:")
    assert (two["service_area"], two["service_area_printed"], two["goal"]) == ("OPKOU", "OPKOUL", "Goal two")
    assert two["status"] == "Toteutuu osittain" and two["responsible"] == "Boss"
    assert empty["is_empty"] and empty["status"] == "Ei tietoa" and empty["service_area"] == ""
    assert sorted(doc.consumed) == [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12]


def test_goals_header_variant():
    """Bold, case, spacing and a missing trailing dot do not matter; nor does the column order."""
    variant = row("<b>Toimialan tavoite  2024</b>", "<b>STRATEGINEN PÄÄMÄÄRÄ</b>", "Tila", "toteuma 30.9",
                  "Toteuma 31.12")
    doc = fragment(
        COUNCIL_OK[0],
        COUNCIL_OK[1],
        variant,
        row("<b>Goal A.</b> Mittari: m1", "<b>Aim A</b>", "Toteutuu", "p1", "q1"),
        *OPER_OK,
    )
    council = parse_goals(doc, MINI_MAPPING)[0]
    assert (council["strategic_aim"], council["goal"], council["status"]) == ("Aim A", "Goal A.", "Toteutuu")
    assert (council["progress_0930"], council["progress_1231"]) == ("p1", "q1")


def _error(doc: Document, parse=parse_goals, mapping=MINI_MAPPING) -> IngestError:
    with pytest.raises(IngestError) as info:
        parse(doc, mapping)
    return info.value


def test_goals_wrong_header_names_the_header_line():
    lines = list(COUNCIL_OK)
    lines[2] = row("Strateginen päämäärä", "Toimialan tavoite 2024", "Toteuma 30.9.", "Toteuma 31.12.", "Tilanne")
    err = _error(fragment(*lines, *OPER_OK))
    assert err.line == 3
    assert "Tila" in err.expected


def test_goals_missing_header_names_the_next_heading():
    lines = [COUNCIL_OK[0], COUNCIL_HEAD, "", "Tekstiä ilman taulukkoa.", "## Käyttösuunnitelma", *OPER_OK]
    err = _error(fragment(*lines))
    assert err.line == 5
    assert "header" in err.expected


def test_goals_missing_heading():
    err = _error(fragment(*OPER_OK))
    assert err.line is None and "STRATEGIASTA" in err.expected


def test_goals_row_with_too_few_cells():
    lines = list(COUNCIL_OK)
    lines.insert(4, row("<b>Aim B</b>", "<b>Goal B</b> Mittari: m", "p", "Toteutuu"))  # 4 cells, line 5
    err = _error(fragment(*lines, *OPER_OK))
    assert err.line == 5
    assert "5 tab-separated cells" in err.expected


def test_goals_row_with_too_many_cells():
    lines = list(COUNCIL_OK) + OPER_OK
    lines[7] = lines[7] + "\textra"  # line 8, the first operational row
    err = _error(fragment(*lines))
    assert err.line == 8


def test_goals_missing_responsible_person():
    err = _error(fragment("Ei vastuuhenkilöä", *COUNCIL_OK[1:], *OPER_OK))
    assert err.line == 2
    assert "Vastuuhenkilö" in err.expected


def test_goals_unknown_service_area():
    lines = list(COUNCIL_OK) + OPER_OK
    lines[10] = row("<b>Aim B</b>", "<b>SOTE:</b> Goal two", "M2", "Boss", "p", "q", "Toteutuu")  # line 11
    err = _error(fragment(*lines))
    assert err.line == 11
    assert "service-area label" in err.expected


def test_goals_empty_row_needs_ei_tietoa():
    lines = list(COUNCIL_OK) + OPER_OK
    lines[11] = row("<b>Aim B</b>", "", "", "", "", "", "Toteutuu")  # line 12
    assert _error(fragment(*lines)).line == 12


def test_goals_council_goal_without_measure():
    lines = list(COUNCIL_OK)
    lines[3] = row("<b>Aim A</b>", "<b>Goal A.</b>", "p1", "q1", "Toteutuu")
    err = _error(fragment(*lines, *OPER_OK))
    assert err.line == 4 and "Mittari" in err.expected


def test_goals_paragraph_inside_table():
    lines = list(COUNCIL_OK) + OPER_OK
    lines.insert(11, "Irrallinen kappale taulukon keskellä.")  # line 12
    assert _error(fragment(*lines)).line == 12


# ================================================================== fragments: projects
PROJ_HEADER = row(
    "Strateginen päämäärä", "Hankkeen nimi ja koodi", "Toteutusaika", "Hankkeen kokonais-rahoitus",
    "Hankkeen rahoittaja", "Kaupungin rahoitusosuus %", "Menojen toteuma %", "Tilannekatsaus",
)
PROJ_OK = [
    "**Hankkeet**",  # 1
    "",  # 2
    PROJ_HEADER,  # 3
    row("<b>Aim</b> • a", "P one", "2023–2024", "1 000", "OKM", "20 %", "99 / 106 %", "Valmis."),  # 4
    row("<b>Aim</b> • a", "P two", "2024", "500", "AVI", "10,5 %", "50 %", "Toteutus alkoi 9/2024."),  # 5
    "",  # 6
    row("ja loput", "", "", "", "", "", "", ""),  # 7
    row("", "<b>Yhteensä</b>", "", "<b>1 500 €</b>", "", "17 %", "80 %", ""),  # 8
]


def test_projects_fragment():
    doc = fragment(*PROJ_OK)
    rows = parse_projects(doc, MINI_MAPPING)
    assert [r["name"] for r in rows] == ["P one", "P two", "Yhteensä"]
    one, two, total = rows
    assert (one["period_start"], one["period_end"], one["total_funding_eur"]) == (2023, 2024, 1000)
    assert (one["spend_realization_parts"], one["spend_realization_pct"]) == ("99;106", None)
    assert two["city_share_pct"] == "10.5" and two["city_share_printed"] == "10,5 %"
    assert two["source_line"] == "5;7" and two["strategic_aim_text"] == "Aim • a ja loput"
    assert two["started_h2_2024"] and two["start_note"] == "alkoi 9/2024"
    assert not one["started_h2_2024"] and one["start_note"] == ""
    assert total["is_total"] and total["total_funding_eur"] == 1500 and total["source_line"] == "8"
    assert (total["city_share_pct"], total["spend_realization_pct"]) == ("17", "80")
    assert sorted(doc.consumed) == [1, 3, 4, 5, 7, 8]


def test_projects_total_read_by_content_not_column():
    lines = list(PROJ_OK)
    lines[7] = "\t<b>Yhteensä</b>\t\t<b>1 500 €</b>\t\t17 %\t80 %\t"
    total = parse_projects(fragment(*lines), MINI_MAPPING)[-1]
    assert (total["total_funding_eur"], total["city_share_pct"], total["spend_realization_pct"]) == (1500, "17", "80")
    lines[7] = row("<b>Yhteensä</b>", "<b>1 500 €</b>", "17 %", "80 %")  # shifted left: still readable
    total = parse_projects(fragment(*lines), MINI_MAPPING)[-1]
    assert (total["total_funding_eur"], total["city_share_pct"], total["spend_realization_pct"]) == (1500, "17", "80")


def test_projects_header_variant():
    lines = list(PROJ_OK)
    lines[2] = row(
        "Strateginen päämäärä", "Hankkeen nimi ja koodi", "TOTEUTUSAIKA", "Hankkeen kokonaisrahoitus",
        "Hankkeen rahoittaja", "<b>Kaupungin rahoitusosuus  %</b>", "Menojen toteuma %", "Tilannekatsaus",
    )
    assert len(parse_projects(fragment(*lines), MINI_MAPPING)) == 3


def test_projects_override_from_mapping():
    mapping = dict(MINI_MAPPING, project_start_overrides={"P one": "Alkoi syksyllä"})
    one = parse_projects(fragment(*PROJ_OK), mapping)[0]
    assert one["started_h2_2024"] and one["start_note"] == "Alkoi syksyllä"
    mapping = dict(MINI_MAPPING, project_start_overrides={"No such project": "x"})
    err = _error(fragment(*PROJ_OK), parse_projects, mapping)
    assert "project_start_overrides" in err.expected


@pytest.mark.parametrize(
    ("line_no", "cells", "expected"),
    [
        (4, ("<b>Aim</b>", "P one", "2023–2024", "tuhat", "OKM", "20 %", "99 %", ""), "whole number of euros"),
        (4, ("<b>Aim</b>", "P one", "2023–2024", "1000", "OKM", "paljon", "99 %", ""), "percentage"),
        (4, ("<b>Aim</b>", "P one", "vuosi 2023", "1000", "OKM", "20 %", "99 %", ""), "period"),
        (4, ("<b>Aim</b>", "P one", "2023–2024", "1000", "OKM", "20 %", "99 %"), "8 tab-separated cells"),
        (5, ("<b>Aim</b>", "P one", "2023–2024", "1 000", "OKM", "20 %", "99 / 106 %", ""), "one row per project"),
        (5, ("", "P three", "2024", "1", "OKM", "20 %", "99 %", ""), "bold strategic aim"),
    ],
)
def test_projects_broken_rows(line_no, cells, expected):
    lines = list(PROJ_OK)
    lines[line_no - 1] = row(*cells)
    err = _error(fragment(*lines), parse_projects)
    assert err.line == line_no
    assert expected in err.expected


def test_projects_broken_total():
    lines = list(PROJ_OK)
    lines[7] = row("", "<b>Yhteensä</b>", "", "<b>1 500 €</b>", "", "17 %", "", "")
    err = _error(fragment(*lines), parse_projects)
    assert err.line == 8 and "Yhteensä" in err.expected


def test_projects_missing_header():
    lines = list(PROJ_OK)
    lines[2] = row("Strateginen päämäärä", "Hanke", "Toteutusaika")
    err = _error(fragment(*lines), parse_projects)
    assert err.line == 3 and "Tilannekatsaus" in err.expected


# ================================================================== fragments: risks
RISK_OK = [
    "**Riskienhallinta**",  # 1
    row("Riskiluokka", "Tunnistettu riski", "Riskiarvo", "Hallintakeino", "Hallintakeinon toteutuminen"),  # 2
    row("Toiminnallinen riski", "R1", "<b>Todennäköisyys: 2</b> <b>Merkittävyys: 3</b> ", "K1", "T1"),  # 3
    "",  # 4
    row("", "jatkuu", "", "K1b", ""),  # 5
    row("Strateginen riski", "R2", "<b>Todennäköisyys: 1</b> <b>Merkittävyys: 1</b>", "K2", "T2"),  # 6
    "**Hankkeet**",  # 7
]


def test_risks_fragment():
    doc = fragment(*RISK_OK)
    risks = parse_risks(doc, {})
    assert len(risks) == 2
    first = risks[0]
    assert (first["probability"], first["significance"]) == (2, 3)
    assert first["risk"] == "R1 jatkuu" and first["mitigation"] == "K1 K1b"
    assert first["source_line"] == "3;5"
    assert risks[1]["risk_id"] == 2 and risks[1]["risk_class"] == "Strateginen riski"
    assert sorted(doc.consumed) == [1, 2, 3, 5, 6]


def test_risks_header_variant():
    lines = list(RISK_OK)
    lines[1] = row("<b>RISKILUOKKA</b>", "<b>Tunnistettu  riski</b>", "<b>Riskiarvo</b>", "Hallintakeino",
                   "Hallintakeinon toteutuminen")
    assert len(parse_risks(fragment(*lines), {})) == 2


def test_risks_unreadable_value():
    lines = list(RISK_OK)
    lines[5] = row("Strateginen riski", "R2", "<b>Todennäköisyys: korkea</b> <b>Merkittävyys: 1</b>", "K2", "T2")
    err = _error(fragment(*lines), parse_risks, {})
    assert err.line == 6 and "Todennäköisyys" in err.expected


def test_risks_missing_header():
    lines = [RISK_OK[0], *RISK_OK[2:]]  # the data rows follow the heading directly
    err = _error(fragment(*lines), parse_risks, {})
    assert err.line == 2 and "Riskiluokka" in err.expected
