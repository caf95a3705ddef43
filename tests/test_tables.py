"""utils/tables.table_html: what a table sends to the browser (issue 12: plain HTML, readable on a phone)."""

import polars as pl

from tests.apptest_helpers import ShownTable
from utils.app import tables
from utils.core import settings


def test_every_text_is_escaped_and_nothing_can_run():
    df = pl.DataFrame({'Tili"><img src=x onerror=alert(1)>': ["<script>alert(1)</script>", "a & b"],
                       "Summa": [1, 2]})
    html = tables.table_html(df, None, "fi")
    body = html.split("</style>", 1)[1]
    assert "<script" not in body and "<img" not in body and "onerror=alert(1)>" not in body
    assert "&lt;script&gt;" in body and "a &amp; b" in body
    assert 'data-label="Tili&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"' in body


def test_numbers_are_formatted_in_the_language_and_keep_their_value():
    df = pl.DataFrame({"Tili": ["Henkilöstökulut", "Avustukset"], "Ero": [-253543, None], "Osuus": [98.68, 52.4]})
    for lang, eur, pct in (("fi", "−253\u00a0543\u00a0€", "98,68\u00a0%"), ("en", "−€253,543", "98.68%")):
        html = tables.table_html(df, {"Ero": "eur", "Osuus": "pct"}, lang)
        assert eur in html and pct in html, html[-600:]
        assert 'data-value="-253543"' in html
    shown = ShownTable(tables.table_html(df, {"Ero": "eur"}, "fi")).value
    assert shown["Ero"].tolist()[0] == -253543 and shown["Ero"].isna().tolist()[1]
    assert shown["Tili"].tolist() == ["Henkilöstökulut", "Avustukset"]


def test_the_row_header_is_the_column_that_names_the_rows():
    df = pl.DataFrame({"Palvelualue": ["Koko toimiala"] * 3, "Tili": ["a", "b", "c"], "Summa": [1, 2, 3]})
    html = tables.table_html(df, None, "fi")
    assert '<th scope="row" data-label="Tili">a</th>' in html
    assert '<td data-label="Palvelualue">Koko toimiala</td>' in html
    assert "@container (max-width:640px)" in html and "@media (max-width:640px)" in html  # no script: CSS only
    assert "<script" not in html


def test_key_figures_are_one_escaped_description_list():
    """blocks.figures_html: each figure's label is its term, value, difference and note its descriptions, every
    text escaped (a label is never HTML); a figure without a difference has no empty line for it."""
    from utils.app.blocks import Figure, figures_html

    out = figures_html([Figure("Netto <b>2024</b>", "29\u00a0791\u00a0705\u00a0€", "↓ 157\u00a0745\u00a0€ alle"),
                        Figure("Toteutuu", 7, note="a & b")])
    body = out.split('<dl class="kf">', 1)[1]
    assert body.count("<dt>") == 2 and body.count('<dd class="v">') == 2
    assert "<dt>Netto &lt;b&gt;2024&lt;/b&gt;</dt>" in body and "<b>" not in body
    assert body.count('<dd class="d">') == 1 and '<dd class="n">a &amp; b</dd>' in body
    assert '<dd class="v">7</dd>' in body


def test_the_profile_pdf_keeps_its_published_name():
    # built from the mapping (the data set's name and the report's), as it was written before
    assert settings.report_file_name("VAKA", "fi") == "heinola-hyvinvointi-2024-profiili-VAKA-fi.pdf"
