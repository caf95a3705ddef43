"""The goals, projects and risks questions (utils/questions/) and their charts (utils/charts/) on small frames."""

from __future__ import annotations

import html
import json
import re

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from utils.app import blocks
from utils.charts import palette, realization_bars, risk_matrix, status_bars
from utils.core import i18n
from utils.questions import document_text, goal_table, project_table, risk_table

NAMES = {"ALL": "Koko toimiala", "HYTE": "Hyte", "OPKOU": "Opkou", "VAKA": "Vaka", "VIRE": "Vire"}


# ------------------------------------------------------------------ fixtures
@pytest.fixture
def goals() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "level": ["council", "council", "operational", "operational", "operational", "operational"],
            "row_order": [1, 2, 1, 2, 3, 4],
            "goal_id": ["C01", "C02", "O01", "O02", "O03", "O04"],
            "strategic_aim": ["Kasvu", "Talous", "Kasvu", "Kasvu", "Talous", "Talous"],
            "service_area": ["ALL", "ALL", "VAKA", None, "VIRE", "VAKA"],
            "goal": ["Arki sujuu", "Tasapaino", "Lapset voivat hyvin", None, "Liikunta lisääntyy", "Rakenne"],
            "measure": ["Mittari: kysely", "Mittari: kate", "Valssi", None, "Harrastemalli", None],
            "progress_0930": ["ok", None, "Kesken", None, "HARRASTE alkoi", "20,3 %"],
            "progress_1231": ["valmis", "99,47 %", "Valmis", None, None, "1,99 %"],
            "status": ["Toteutuu", "Toteutuu", "Toteutuu", "Ei tietoa", "Toteutuu osittain", "Toteutuu"],
            "is_empty": [False, False, False, True, False, False],
            "source_line": ["20", "24", "276;280", "284", "281", "301"],
        }
    )


@pytest.fixture
def projects() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "name": ["A", "B", "C", "Yhteensä"],
            "period": ["2023–2024", "2024–2025", "2024–2027", None],
            "funder": ["OKM", "AVI", "OKM", None],
            "total_funding_eur": [1000, 300, 200, 1200],
            "total_funding_printed": ["1000", "300", "200", "1 200 €"],
            "city_share_pct": [20.0, 10.0, 30.0, 19.0],
            "city_share_printed": ["20 %", "10 %", "30 %", "19 %"],
            "spend_realization_printed": ["100 %", "99 / 106 %", "13 % / 0 % / 68 %", "78 %"],
            "spend_realization_pct": [100.0, None, None, 78.0],
            "spend_realization_parts": ["100", "99;106", "13;0;68", "78"],
            "is_multipart": [False, True, True, False],
            "started_h2_2024": [False, False, True, False],
            "start_note": [None, None, "aloitettiin 1.8.2024", None],
            "description": ["Valmis.", "Etenee.", "Aloitettiin 1.8.2024.", None],
            "is_total": [False, False, False, True],
            "source_line": ["337", "340", "341;342", "361"],
        }
    )


@pytest.fixture
def checks() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "check": ["projects_total", "projects_total", "other"],
            "column": ["Hankkeen kokonaisrahoitus", "Kaupungin rahoitusosuus %", "Hankkeen kokonaisrahoitus"],
            "expected": [1500.0, 19.0, 1.0],
            "printed": [1200.0, 19.0, 1.0],
            "difference": [-300.0, 0.0, 0.0],
            "verdict": ["discrepancy", "ok", "ok"],
            "note": ["short by B", "mean", "x"],
        }
    )


@pytest.fixture
def risks() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "risk_id": [1, 2, 3, 4],
            "risk_class": ["Toiminnallinen", "Taloudellinen", "Toiminnallinen", "Strateginen"],
            "risk": ["Rekrytointi", "Järjestelmät", "Rakentaminen", "Taantuma"],
            "probability": [1, 2, 2, 2],
            "significance": [1, 1, 2, 1],
        }
    )


def spec(chart) -> dict:
    return chart.to_dict()


def marks(chart_dict: dict) -> list[str]:
    """The mark of each layer; a nested layer (e.g. titles in one or two lines) by the marks it holds."""
    out = []
    for layer in chart_dict["layer"]:
        if "layer" in layer:
            out.append("+".join(marks(layer)))
            continue
        mark = layer["mark"]
        out.append(mark if isinstance(mark, str) else mark["type"])
    return out


# ------------------------------------------------------------------ document text
def test_document_text_renders_plain_text():
    """The pages escape document text with blocks.escape_md(document_text.one_line(text)): no markup survives."""
    text = "1) *Tärkeä* [linkki](http://x) $5 ~a~ <b>HYTE:</b> `k` # - a_b"
    escaped = blocks.escape_md(document_text.one_line(text))
    # every markup character is escaped, and dropping the escapes gives the text back
    assert re.sub(r"\\(.)", r"\1", escaped) == text
    for char in "*[]()$~<>`#_":
        assert re.search(r"(?<!\\)" + re.escape(char), escaped) is None, char


def test_one_line_joins_lines_so_no_line_starts_a_list():
    assert document_text.one_line("a\n\n- b\n1) c") == "a - b 1) c"
    assert blocks.escape_md(document_text.one_line("a\n\n- b")) == r"a \- b"
    assert document_text.one_line(None) == "" and document_text.one_line("  ") == ""


def test_document_label_glosses_in_english_and_keeps_the_printed_word():
    assert document_text.document_label("fi", "goals.status", "Toteutuu") == "Toteutuu"
    assert document_text.document_label("en", "goals.status", "Toteutuu") == "Met (Toteutuu)"
    assert document_text.document_label("en", "goals.status", "Kesken") == "Kesken"  # unknown: as printed
    assert goal_table.status_label("fi", goal_table.EMPTY_GROUP) == "Tyhjä rivi (vain ”Ei tietoa”)"
    assert "Ei tietoa" in goal_table.status_label("en", goal_table.EMPTY_GROUP)
    assert goal_table.aim_label("en", "Kestävä talous") == "Sustainable economy (Kestävä talous)"
    assert goal_table.aim_label("fi", None) == "–"


def test_the_document_terms_have_labels_in_every_language():
    for lang in i18n.languages():
        for table in ("goals.status", "goals.aim", "risks.class", "projects.check_column"):
            fi = {k for k in i18n.strings("fi") if k.startswith(table + ".")}
            assert fi and fi == {k for k in i18n.strings(lang) if k.startswith(table + ".")}, (lang, table)
            for key in fi:  # the printed word stays visible in every language
                printed = key.removeprefix(table + ".")
                if printed != "empty":
                    assert printed in i18n.strings(lang)[key], (lang, key)


def test_compact_lines():
    assert document_text.compact_lines(["20", "21;22", "24", "275;270", None, "22"]) == "20–22, 24, 270, 275"
    assert document_text.compact_lines([]) == ""


# ------------------------------------------------------------------ goals
def test_goals_in_scope_whole_sector_keeps_every_row(goals):
    out = goal_table.goals_in_scope(goals, ())
    assert out["goal_id"].to_list() == ["C01", "C02", "O01", "O02", "O03", "O04"]
    assert out["status_group"].to_list() == [
        "Toteutuu", "Toteutuu", "Toteutuu", goal_table.EMPTY_GROUP, "Toteutuu osittain", "Toteutuu"
    ]


def test_goals_in_scope_areas_keep_council_goals_and_drop_empty_rows(goals):
    out = goal_table.goals_in_scope(goals, ("VAKA",))
    assert out["goal_id"].to_list() == ["C01", "C02", "O01", "O04"]
    assert goal_table.empty_rows_outside(goals, ("VAKA",)) == 1
    assert goal_table.empty_rows_outside(goals, ()) == 0


def test_goal_status_counts(goals):
    expected = pl.DataFrame(
        {
            "status_group": ["Toteutuu", "Toteutuu osittain", goal_table.EMPTY_GROUP],
            "council": [2, 0, 0],
            "operational": [2, 1, 1],
            "count": [4, 1, 1],
            "symbol": ["●", "◐", "○"],
        }
    )
    assert_frame_equal(goal_table.goal_status_counts(goals), expected)


def test_goal_status_counts_shows_zero_groups_and_unknown_statuses(goals):
    only = goals.filter(pl.col("goal_id") == "C01").with_columns(pl.lit("Kesken").alias("status"))
    out = goal_table.goal_status_counts(only)
    assert out["status_group"].to_list() == ["Toteutuu", "Toteutuu osittain", goal_table.EMPTY_GROUP, "Kesken"]
    assert out["count"].to_list() == [0, 0, 0, 1]
    assert out["symbol"].to_list()[-1] == "•"


def test_status_options_and_aims(goals):
    assert goal_table.status_options(goals) == ["Toteutuu", "Toteutuu osittain", goal_table.EMPTY_GROUP]
    assert goal_table.strategic_aims(goals) == ["Kasvu", "Talous"]


@pytest.mark.parametrize(
    ("statuses", "aims", "search", "ids"),
    [
        ((), (), "", ["C01", "C02", "O01", "O02", "O03", "O04"]),
        (["Toteutuu osittain"], (), "", ["O03"]),
        ([goal_table.EMPTY_GROUP], (), "", ["O02"]),
        ((), ["Talous"], "", ["C02", "O03", "O04"]),
        ((), (), "harraste", ["O03"]),  # case-insensitive, in measure and progress
        ((), (), "  VALMIS ", ["C01", "O01"]),
        ((), (), "99,47 %", ["C02"]),  # literal, not a regex
        ((), (), "(", []),
        (["Toteutuu"], ["Kasvu"], "arki", ["C01"]),
    ],
)
def test_filter_goals(goals, statuses, aims, search, ids):
    assert goal_table.filter_goals(goals, statuses, aims, search)["goal_id"].to_list() == ids


def test_goal_cards_and_split_empty(goals):
    cards = goal_table.goal_cards(goal_table.goals_in_scope(goals, ()), NAMES, "operational")
    assert cards["goal_id"].to_list() == ["O01", "O02", "O03", "O04"]
    assert cards["area_name"].to_list() == ["Vaka", "–", "Vire", "Vaka"]
    assert cards["level_name"].unique().to_list() == ["Käyttösuunnitelman tavoitteet"]
    assert cards["symbol"].to_list() == ["●", "○", "◐", "●"]
    assert cards["status_label"].to_list() == ["Toteutuu", "Tyhjä rivi (vain ”Ei tietoa”)", "Toteutuu osittain",
                                               "Toteutuu"]
    assert cards["status_printed_label"].to_list() == ["Toteutuu", "Ei tietoa", "Toteutuu osittain", "Toteutuu"]
    english = goal_table.goal_cards(goal_table.goals_in_scope(goals, ()), NAMES, "council", lang="en")
    assert english["level_name"].unique().to_list() == ["Council-binding goals"]
    assert english["status_label"].to_list() == ["Met (Toteutuu)", "Met (Toteutuu)"]
    assert english["aim_label"].to_list() == ["Kasvu", "Talous"]  # aims the locale does not know: as printed
    full, empty = goal_table.split_empty(cards)
    assert full["goal_id"].to_list() == ["O01", "O03", "O04"]
    assert empty["goal_id"].to_list() == ["O02"]


# ------------------------------------------------------------------ projects
def test_project_rows_number_and_label(projects):
    rows = project_table.project_rows(projects)
    expected = pl.DataFrame(
        {
            "project_no": [1, 2, 3],
            "start_group": [project_table.OTHER, project_table.OTHER, project_table.LATE],
            "chart_title": ["1 · 2023–2024 · A", "2 · 2024–2025 · B", "3 · 2024–2027 · C"],
            "realization_label": ["100 %", "99 / 106 %", "13 % / 0 % / 68 % ◔"],
            "start_text": ["", "", "◔ aloitettiin 1.8.2024"],
        }
    )
    assert_frame_equal(rows.select(expected.columns), expected)


def test_realization_parts_one_row_per_printed_value(projects):
    parts = project_table.realization_parts(project_table.project_rows(projects))
    expected = pl.DataFrame(
        {
            "project_no": [1, 2, 2, 3, 3, 3],
            "part_no": [1, 1, 2, 1, 2, 3],
            "part_count": [1, 2, 2, 3, 3, 3],
            "part_pct": [100.0, 99.0, 106.0, 13.0, 0.0, 68.0],
            "part_min_share": [1.0, 0.99, 0.99, 0.0, 0.0, 0.0],
            "part_max_share": [1.0, 1.06, 1.06, 0.68, 0.68, 0.68],
            "is_multipart": [False, True, True, True, True, True],
        }
    )
    assert_frame_equal(parts.select(expected.columns), expected)
    assert parts["part_share"].to_list() == pytest.approx([1.0, 0.99, 1.06, 0.13, 0.0, 0.68])


def test_realization_domain_max():
    assert project_table.realization_domain_max(pl.DataFrame({"part_share": [1.58, 0.2]})) == pytest.approx(1.9)
    assert project_table.realization_domain_max(pl.DataFrame({"part_share": [0.5]})) == pytest.approx(1.5)


def test_late_projects(projects):
    late = project_table.late_projects(project_table.project_rows(projects))
    assert_frame_equal(
        late,
        pl.DataFrame({"project_no": [3], "name": ["C"], "period": ["2024–2027"],
                      "start_note": ["aloitettiin 1.8.2024"]}),
    )


def test_projects_total_finds_the_row_the_total_leaves_out(projects, checks):
    total = project_table.projects_total(projects, checks)
    assert total["printed_eur"] == 1200
    assert total["rows_sum_eur"] == 1500
    assert total["difference_eur"] == -300
    assert (total["check_expected"], total["check_printed"], total["check_difference"]) == (1500.0, 1200.0, -300.0)
    assert total["verdict"] == "discrepancy" and total["note"] == "short by B"
    assert total["missing"]["name"].to_list() == ["B"]
    assert total["weighted_city_share_pct"] == pytest.approx(round((1000 * 20 + 300 * 10 + 200 * 30) / 1500, 2))
    assert total["n_projects"] == 3 and total["n_multipart"] == 2
    assert total["rows_source_line"] == "337, 340–342"


def test_projects_total_without_shortfall_has_no_missing_rows(projects, checks):
    even = projects.with_columns(
        pl.when(pl.col("is_total")).then(1500).otherwise(pl.col("total_funding_eur")).alias("total_funding_eur")
    )
    total = project_table.projects_total(even, checks)
    assert total["difference_eur"] == 0
    assert total["missing"].height == 0


# ------------------------------------------------------------------ investments
@pytest.fixture
def finance() -> pl.DataFrame:
    base = {
        "statement": ["investments"] * 6 + ["income_statement"],
        "account": ["Menot", "Menot", "Menot", "Netto", "Netto", "Netto", "Menot"],
        "column_printed": ["TP2023", "TA 2024", "Toteuma 1-12"] * 2 + ["TP2023"],
        "amount_eur": [-198824, -270000, -36225, -198824, -270000, -36225, -1],
        "row_order": [1, 1, 1, 2, 2, 2, 1],
        "is_subtotal": [False] * 3 + [True] * 3 + [False],
        "shown_as": ["cost"] * 7,
        "deviation_eur": [None, None, -233775, None, None, -233775, None],
        "realization_pct": [None, None, 13.4, None, None, 13.4, None],
        "realization_pct_printed": [None, None, "13,4", None, None, "13,4", None],
        "source_line": [252, 252, 252, 253, 253, 253, 1],
    }
    return pl.DataFrame(base)


def test_investments_table_shows_costs_as_positive(finance):
    expected = pl.DataFrame(
        {
            "account": ["Menot", "Netto"],
            "tp2023_eur": [198824, 198824],
            "budget_2024_eur": [270000, 270000],
            "actual_2024_eur": [36225, 36225],
            "deviation_eur": [-233775, -233775],
            "realization_pct": [13.4, 13.4],
            "is_subtotal": [False, True],
            "realization_pct_printed": ["13,4", "13,4"],
            "source_line": ["252", "253"],
        }
    )
    assert_frame_equal(project_table.investments_table(finance), expected)


def test_investments_bars(finance):
    labels = {"tp2023_eur": "TP 2023", "budget_2024_eur": "TA 2024", "actual_2024_eur": "Toteuma 2024"}
    bars = project_table.investments_bars(project_table.investments_table(finance), labels)
    expected = pl.DataFrame(
        {
            "key": ["tp2023_eur", "budget_2024_eur", "actual_2024_eur"],
            "column": ["TP 2023", "TA 2024", "Toteuma 2024"],
            "amount_eur": [198824, 270000, 36225],
            "label": ["198\u00a0824\u00a0€", "270\u00a0000\u00a0€", "36\u00a0225\u00a0€"],
        }
    )
    assert_frame_equal(bars, expected)
    english = project_table.investments_bars(project_table.investments_table(finance), labels, "en")
    assert english["label"].to_list() == ["€198,824", "€270,000", "€36,225"]


def test_texts_of():
    texts = pl.DataFrame({"text_id": [3, 1, 2], "topic": ["investments_commentary", "investments", "title"]})
    assert document_text.texts_of(texts, ["investments", "investments_commentary"])["text_id"].to_list() == [1, 3]


# ------------------------------------------------------------------ risks
def test_risk_points_spread_risks_sharing_a_cell(risks):
    points = risk_table.risk_points(risks, spread=0.4)
    expected = pl.DataFrame(
        {
            "risk_id": [1, 2, 3, 4],
            "x": [1.0, 1.8, 2.0, 2.2],
            "y": [1.0, 1.0, 2.0, 1.0],
            "cell_count": [1, 2, 1, 2],
            "label": ["1", "2", "3", "4"],
        }
    )
    assert_frame_equal(points.select(expected.columns), expected)


def test_top_risks_keeps_every_risk_sharing_the_largest_product(risks):
    assert risk_table.top_risks(risks)["risk_id"].to_list() == [3]
    tied = risks.with_columns(pl.when(pl.col("risk_id") == 1).then(4).otherwise(pl.col("significance"))
                              .alias("significance"))
    top = risk_table.top_risks(tied)
    assert top["risk_id"].to_list() == [1, 3] and top["score"].to_list() == [4, 4]


def test_risk_grid_is_three_by_three():
    grid = risk_table.risk_grid()
    assert grid.height == 9
    assert grid.filter((pl.col("probability") == 2) & (pl.col("significance") == 3)).row(0, named=True) == {
        "probability": 2, "significance": 3, "x": 1.5, "x2": 2.5, "y": 2.5, "y2": 3.5,
    }


# ------------------------------------------------------------------ charts
def test_status_count_chart(goals):
    counts = goal_table.goal_status_counts(goals)
    d = spec(status_bars.status_count_chart(counts))
    assert marks(d) == ["bar", "text"]
    assert d["config"]["locale"]["number"]["decimal"] == ","
    bar, text = d["layer"]
    assert bar["encoding"]["color"]["scale"]["range"][:2] == [palette.BETTER, palette.BUDGET]
    assert text["encoding"]["text"]["field"] == "count"  # counts written, not colour alone
    assert bar["encoding"]["y"]["sort"] == ["Toteutuu", "Toteutuu osittain", "Tyhjä rivi (vain ”Ei tietoa”)"]
    assert bar["encoding"]["x"]["title"] == "Tavoitteita (riviä)"


def test_status_count_chart_in_english(goals):
    d = spec(status_bars.status_count_chart(goal_table.goal_status_counts(goals), lang="en"))
    bar = d["layer"][0]
    assert bar["encoding"]["y"]["sort"][:2] == ["Met (Toteutuu)", "Partly met (Toteutuu osittain)"]
    assert bar["encoding"]["x"]["title"] == "Goals (rows)"
    assert [t["title"] for t in bar["encoding"]["tooltip"]] == ["Status", "Rows"]
    assert d["config"]["locale"]["number"]["decimal"] == "."


def test_realization_chart_draws_parts_marks_late_starts_and_100(projects):
    parts = project_table.realization_parts(project_table.project_rows(projects))
    d = spec(realization_bars.realization_chart(parts, 1.9))
    assert marks(d) == ["rule", "text", "rule", "bar", "point", "text"]  # titles: one text per line
    reference = d["layer"][0]
    assert d["datasets"][reference["data"]["name"]] == [{"x": 1.0}]
    points = d["layer"][4]
    assert points["mark"]["shape"] == "diamond"
    assert points["transform"][-1] == {"filter": "datum.is_multipart"}  # after the rows' bands (_band)
    bars = d["layer"][3]
    assert bars["transform"][-1] == {"filter": "(!datum.is_multipart)"}
    assert bars["encoding"]["y"]["field"] == "_band"
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 1.9]
    assert bars["encoding"]["color"]["scale"]["domain"] == ["muut hankkeet", "◔ alkoi 2024 jälkipuoliskolla"]
    assert "started_h2_2024" in json.dumps(bars["encoding"]["opacity"])
    labels = d["layer"][5]
    assert labels["encoding"]["text"]["field"] == "realization_label"  # '99 / 106 %' as printed
    assert d["config"]["locale"]["number"]["percent"] == "\u00a0%"
    english = spec(realization_bars.realization_chart(parts, 1.9, lang="en"))
    assert english["layer"][3]["encoding"]["color"]["scale"]["domain"] == [
        "other projects", "◔ started in the second half of 2024"
    ]
    assert english["layer"][3]["encoding"]["x"]["title"] == "Spending realised"
    assert "percent" not in english["config"]["locale"]["number"]  # d3's default: 50%


LONG_NAMES = [  # the document's three longest project names (110-122 characters with number and period)
    "Varhaiskasvatuksen koulutuksellista tasa-arvoa ja yhdenvertaisuutta edistävien toimenpiteiden kehittäminen",
    "Esi- ja perusopetuksen oppimisen tuen, inklusion, tasa-arvon ja yhdenvertaisuuden kehittäminen",
    "Varhaiskasvatuksen, esi- ja perusopetuksen koulutuksellisen tasa-arvon ja yhdenvertaisuuden edistäminen",
]


def svg_texts(svg: str) -> list[str]:
    """The texts of an SVG in drawing order: a one-line <text>, or each <tspan> of a multi-line one."""
    return [html.unescape(t) for t in re.findall(r"<(?:text|tspan)\b[^>]*>([^<]+)</(?:text|tspan)>", svg)]


def test_realization_chart_writes_every_word_of_every_title(projects):
    """No project title is cut, at a narrow phone's width (280 px), an iPhone's (358 px) or a wide screen's: every
    word is drawn, in order, in lines no longer than the width holds; the chart grows by the lines it needs."""
    import vl_convert

    long = projects.with_columns(pl.Series("name", [*LONG_NAMES, "Yhteensä"]))
    parts = project_table.realization_parts(project_table.project_rows(long))
    d = spec(realization_bars.realization_chart(parts, 1.9))
    assert "limit" not in d["layer"][1]["mark"]  # nothing in the spec cuts a line with an ellipsis
    heights = {}
    for width in (280, 358, 1000):
        svg = vl_convert.vegalite_to_svg(json.dumps({**d, "width": width}))
        texts = svg_texts(svg)
        assert not any("…" in t for t in texts), width
        drawn = " ".join(texts)
        for title in parts.filter(pl.col("part_no") == 1)["chart_title"]:
            assert title in drawn, (width, title)  # every word, in order, in consecutive lines
        chars = max(8, int(width // palette.CHAR_PX))
        assert all(len(t) <= chars for t in texts), width
        heights[width] = float(re.search(r'<svg[^>]*height="([\d.]+)"', svg).group(1))
    assert heights[280] > heights[358] > heights[1000]  # three lines, then two... : taller, never cut


def test_risk_matrix_chart_uses_the_documents_values(risks):
    d = spec(risk_matrix.risk_matrix_chart(risk_table.risk_points(risks), risk_table.risk_grid()))
    assert marks(d) == ["rect", "point", "text"]
    cells = d["layer"][0]
    for axis in ("x", "y"):
        assert cells["encoding"][axis]["axis"]["values"] == [1, 2, 3]
        assert cells["encoding"][axis]["scale"]["domain"] == [0.5, 3.5]
    numbers = d["layer"][2]
    assert numbers["encoding"]["text"]["field"] == "label"
    assert len(d["datasets"][numbers["data"]["name"]]) == 4
    assert d["config"]["locale"]["number"]["decimal"] == ","
    assert cells["encoding"]["x"]["title"] == "Todennäköisyys (asiakirjan arvo)"


def test_risk_matrix_chart_in_english(risks):
    d = spec(risk_matrix.risk_matrix_chart(risk_table.risk_points(risks), risk_table.risk_grid(), lang="en"))
    cells, dots, _ = d["layer"]
    assert cells["encoding"]["x"]["title"] == "Probability (document's value)"
    assert dots["encoding"]["stroke"]["legend"]["title"] == "Risk class"
    assert dots["encoding"]["stroke"]["field"] == "class_label"
    assert d["config"]["locale"]["number"]["decimal"] == "."


# ------------------------------------------------------------------ locale files of these pages
@pytest.mark.parametrize("name", ["goals", "projects", "risks"])
def test_locale_files_have_the_same_keys_and_placeholders(name):
    import tomllib
    from pathlib import Path

    def flat(node, prefix=""):
        out = {}
        for key, value in node.items():
            full = f"{prefix}.{key}" if prefix else key
            out.update(flat(value, full) if isinstance(value, dict) else {full: value})
        return out

    root = Path(__file__).resolve().parents[1] / "locales"
    fi, en = (flat(tomllib.loads((root / lang / f"{name}.toml").read_text(encoding="utf-8"))) for lang in ("fi", "en"))
    assert fi.keys() == en.keys()
    for key in fi:
        assert set(re.findall(r"\{(\w*)\}", fi[key])) == set(re.findall(r"\{(\w*)\}", en[key])), key


def test_spend_realisation_in_the_languages_format():
    """As printed in Finnish; in English each part in English format (the chart and its description use it)."""
    assert project_table.realization_text("99;106", "99 / 106 %", "fi") == "99 / 106 %"
    assert project_table.realization_text("99;106", "99 / 106 %", "en") == "99% / 106%"
    assert project_table.realization_text("12.5", "12,5 %", "en") == "12.5%"
    assert project_table.realization_text(None, None, "en") == "–"
