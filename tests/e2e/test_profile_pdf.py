"""The profile of early childhood education by deep link on a freshly started server, and its PDF downloaded in
the browser: a real A4 report of that area, in Finnish, with its figures, sources and canonical link."""

from __future__ import annotations

import io
import re
from pathlib import Path

import polars as pl
import pytest
from pypdf import PdfReader

from utils.core import settings
from utils.core.fi_numbers import format_eur
from utils.core.loading import read_all
from utils.core.navigation import PAGES

from .helpers import SCREENSHOTS, TIMEOUT_MS, assert_title, goto_rendered, multiselect_values, page_url, url_params

pytestmark = pytest.mark.e2e

PROFILE = next(p for p in PAGES if p.url_path == "profile")
DATA = read_all()


def net_cost(area: str) -> dict[str, int]:
    df = DATA["finance"].filter(pl.col("statement") == "income_statement", pl.col("service_area") == area,
                                pl.col("account") == "Toimintakate")
    return {f"{s}_{y}": -a for s, y, a in df.select("scenario", "year", "amount_eur").rows()}


def test_profile_deep_link_and_pdf_download(fresh_app_server, new_page):
    page = new_page(1400, 3000)
    goto_rendered(page, page_url(fresh_app_server, "profile", "area=VAKA"))
    assert_title(page, PROFILE.title)
    assert "Varhaiskasvatus" in page.locator('[data-testid="stMain"] h1').first.inner_text()
    assert multiselect_values(page) == ["Varhaiskasvatus"]
    assert url_params(page.url).get("area") == ["VAKA"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "profile-VAKA-deep-link.png"))

    with page.expect_download(timeout=TIMEOUT_MS * 2) as info:  # the first report starts the export worker
        page.get_by_role("button", name="Lataa PDF:nä").click()
    assert info.value.suggested_filename == "heinola-hyvinvointi-2024-profiili-VAKA-fi.pdf"
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= settings.profile_settings()["report"]["max_pages"]
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in reader.pages).replace("\u00a0", " "))
    assert text.startswith("Palvelualueen profiili: Varhaiskasvatus")
    for value in net_cost("VAKA").values():
        assert format_eur(value).replace("\u00a0", " ") in text
    # the link that reproduces the view, at the address Streamlit tells browsers to use (browser.serverAddress,
    # localhost by default; config/profile.toml's public_url in a deployment), never the Host a request carried
    port = fresh_app_server.rsplit(":", 1)[1]
    assert f"http://localhost:{port}/profile?area=VAKA&lang=fi" in text
    assert "Lähde:" in text and "rivi(t) 204" in text
    assert format_eur(net_cost("OPKOU")["actual_2024"]).replace("\u00a0", " ") not in text
    assert not any(p.images for p in reader.pages), "charts are vectors"
    assert not page.js_errors, page.js_errors


def test_an_area_in_the_overviews_table_opens_its_profile_with_the_filters(app_server, new_page):
    """Each row of the overview's table of areas names its area with a link: it opens that area's profile and keeps
    the year, the measure and the language."""
    page = new_page(1280, 3000)
    goto_rendered(page, page_url(app_server, "", "year=2023&per=resident&lang=en"))
    page.locator("table.xt").get_by_role("link", name="Early childhood education").click()
    page.wait_for_url("**/profile?**", timeout=TIMEOUT_MS)
    assert url_params(page.url) == {"area": ["VAKA"], "year": ["2023"], "per": ["resident"], "lang": ["en"]}
    heading = page.locator('[data-testid="stMain"] h1').first
    heading.wait_for(timeout=TIMEOUT_MS)
    assert heading.inner_text().endswith("Early childhood education")
