"""The printable profile (utils/report/): its text, read back with a PDF library, holds the profile's figures,
their sources and the canonical link and nothing of another area; its charts are vectors whose axis titles are
text; its fonts are the shipped ones; it fits on one to three A4 pages with nothing running off a page. Its pages
are rendered to PNG (tests/artifacts/report/) for a person to look at."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import polars as pl
import pytest
from pypdf import PdfReader

from utils import report
from utils.core import settings
from utils.core.fi_numbers import format_eur, format_number
from utils.core.filters import AREAS
from utils.core.loading import read_all, read_datapackage
from utils.ingest.common import load_mapping
from utils.questions import profile

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts" / "report"
BASE = "http://explorer.example"
DATA = read_all()
MAPPING = load_mapping()
A4 = (595.28, 841.89)  # points
MAX_PAGES = settings.profile_settings()["report"]["max_pages"]


@pytest.fixture(scope="module")
def pdfs() -> dict[tuple[str, str], bytes]:
    """Every report: each area and the sector, in both languages (about a second each)."""
    return {(area, lang): report.build_profile_pdf(area, lang, BASE)
            for area in ("ALL", *AREAS) for lang in ("fi", "en")}


def text_of(data: bytes) -> str:
    """The text layer, with no-break spaces as spaces and lines joined (a table cell may wrap)."""
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def eur(value: int, lang: str) -> str:
    return format_eur(value, 0, lang).replace("\u00a0", " ")


def net_row(area: str) -> dict[str, int]:
    df = DATA["finance"].filter(pl.col("statement") == "income_statement", pl.col("service_area") == area,
                                pl.col("account") == "Toimintakate")
    return {f"{s}_{y}": -a for s, y, a in df.select("scenario", "year", "amount_eur").rows()}


# ------------------------------------------------------------------ the text
@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("area", ["ALL", *AREAS])
def test_text_holds_figures_sources_and_link(pdfs, area, lang):
    text = text_of(pdfs[(area, lang)])
    p = profile.build(DATA, area, MAPPING)
    row = net_row(area)
    for value in row.values():
        assert eur(value, lang) in text, value
    for claim in p.deviations:  # the three largest deviations, actual and budget
        assert eur(claim.value, lang) in text and eur(claim.base, lang) in text, claim
        assert claim.source_line in text
    assert f"{BASE}/profile?{'area=' + area + '&' if area != 'ALL' else ''}lang={lang}" in text
    assert read_datapackage()["sources"][0]["hash"].removeprefix("sha256:")[:12] in text
    source = "Lähde:" if lang == "fi" else "Source:"
    assert text.count(source) >= 8, "every section names its source"
    assert p.net_cost["source_line"] in text and p.net_cost["population_line"] in text


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("area", AREAS)
def test_nothing_from_another_area(pdfs, area, lang):
    """An area's report holds no other area's net cost, description or budget commentary, and none of their key
    figures. (A figure that the area's own statement prints too is its own: OPKOU's sales revenue budget and
    HYTE's net cost budget are both 564 000 €.)"""
    text = text_of(pdfs[(area, lang)])
    texts = DATA["texts"]
    own = set(DATA["finance"].filter(pl.col("service_area") == area)["amount_eur"].abs().to_list())
    for other in [a for a in AREAS if a != area]:
        for value in net_row(other).values():
            assert value in own or eur(value, lang) not in text, (other, value)
        for topic in ("description", "budget_commentary"):
            for paragraph in texts.filter(pl.col("topic") == topic, pl.col("service_area") == other)["text"]:
                assert " ".join(paragraph.split())[:60] not in text, (other, topic)
    own_keys = set(DATA["kpis"].filter(pl.col("service_area") == area)["indicator_key"].to_list())
    kpi_names = {s[lang] for s in MAPPING["indicators"] if s["key"] not in own_keys}
    assert not [name for name in kpi_names if name in text]


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("area", ["ALL", *AREAS])
def test_key_figures_in_the_languages_number_format(pdfs, area, lang):
    """Targets and actuals of the key figures are numbers in the report's language (12,637 in English, 12 637 in
    Finnish), not the document's cell text; a cell without a usable number is marked and quoted under the table."""
    text = text_of(pdfs[(area, lang)])
    p = profile.build(DATA, area, MAPPING)
    for claim in p.kpi_claims:
        for value in (claim.value, claim.base):
            if value is not None:
                assert format_number(value, claim.decimals, lang).replace("\u00a0", " ") in text, (claim, value)
    unusable = p.kpis.filter(pl.col("target").is_null() & pl.col("target_text").is_not_null())
    if unusable.height:
        assert "–†" in text and unusable["target_text"][0].split()[0] in text


def test_the_page_and_the_report_say_the_same_words(pdfs):
    """The deviations are rendered by the claim model in both: the report's sentences are the profile's."""
    text = text_of(pdfs[("OPKOU", "en")])
    p = profile.build(DATA, "OPKOU", MAPPING)
    for claim in p.deviations:
        sentence = profile.claim_sentence(claim, "en", MAPPING).replace("\u00a0", " ")
        assert re.sub(r"\s+", " ", sentence) in text


# ------------------------------------------------------------------ charts, fonts, pages
def test_charts_are_vectors_with_text_axis_titles(pdfs):
    for (area, lang), data in pdfs.items():
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages:
            assert not page.images, f"{area}/{lang}: a raster image on a page"
        text = text_of(data)
        titles = ("Nettokustannus (€)", "Toteuma − talousarvio, tuotot ja kulut (€)") if lang == "fi" else (
            "Net cost (€)", "Actual − budget, income and cost lines (€)")
        for title in titles:
            assert title in text, (area, lang, title)


def test_fonts_are_the_shipped_ones_embedded(pdfs):
    reader = PdfReader(io.BytesIO(pdfs[("VAKA", "fi")]))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font["/BaseFont"]  # embedded
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert fonts <= {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}, fonts
    assert "ä" in text_of(pdfs[("VAKA", "fi")]) and "€" in text_of(pdfs[("VAKA", "fi")])


def test_page_counts_are_sane(pdfs):
    counts = {key: len(PdfReader(io.BytesIO(data)).pages) for key, data in pdfs.items()}
    assert all(1 <= n <= MAX_PAGES for n in counts.values()), counts
    for data in pdfs.values():
        for page in PdfReader(io.BytesIO(data)).pages:
            assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (
                round(A4[0], 1), round(A4[1], 1))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (scripts/test.sh installs it)")
def test_nothing_runs_off_the_page(pdfs, tmp_path):
    """Every word's box lies inside the page with a margin (poppler's word boxes): no table or chart label runs
    off the paper."""
    margin = 20  # points; the report's margins are 15 mm (~42 pt)
    for (area, lang), data in pdfs.items():
        path = tmp_path / f"{area}-{lang}.pdf"
        path.write_bytes(data)
        html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        boxes = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html)
        assert boxes
        outside = [(w, x0, x1) for x0, y0, x1, y1, w in boxes
                   if float(x0) < margin or float(x1) > A4[0] - margin or float(y1) > A4[1] - 5]
        assert not outside, f"{area}/{lang}: words off the page: {outside[:5]}"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (scripts/test.sh installs it)")
def test_pages_render_to_png_for_a_look(pdfs):
    """Every report (each area and the sector, both languages) as PNG pages in tests/artifacts/report/, to be
    looked at; the pages of an earlier run are removed first, so what is there is this run's."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for key in pdfs:
        stem = ARTIFACTS / f"profile-{key[0]}-{key[1]}"
        for old in ARTIFACTS.glob(f"{stem.name}-*.png"):
            old.unlink()
        stem.with_suffix(".pdf").write_bytes(pdfs[key])
        subprocess.run(["pdftoppm", "-r", "70", "-png", str(stem.with_suffix(".pdf")), str(stem)], check=True,
                       capture_output=True)
        pngs = sorted(ARTIFACTS.glob(f"{stem.name}-*.png"))
        assert len(pngs) == len(PdfReader(io.BytesIO(pdfs[key])).pages)
        assert all(png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000 for png in pngs)


def test_a_report_of_another_data_version_is_refused():
    version = read_datapackage()["sources"][0]["hash"].removeprefix("sha256:")[:12]
    assert report.build_profile_pdf("HYTE", "en", BASE, version).startswith(b"%PDF")
    with pytest.raises(report.DataVersionMismatch):
        report.build_profile_pdf("HYTE", "en", BASE, "000000000000")


def test_through_the_export_worker():
    """The app asks the one export worker for the report: built there once, then handed out from the cache."""
    from utils.app import exports

    exports.clear()
    version = read_datapackage()["sources"][0]["hash"].removeprefix("sha256:")[:12]
    first = exports.report_export("HYTE", "fi", BASE, version, session=None)
    renders = exports.cache_info()["renders"]
    again = exports.report_export("HYTE", "fi", BASE, version, session=None)
    assert first == again and first.startswith(b"%PDF")
    assert exports.cache_info()["renders"] == renders  # the second came from the cache
