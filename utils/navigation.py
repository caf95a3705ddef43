"""The page registry: one place that app.py, the tests and the benchmarks read. Plain data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    path: str  # script, relative to the project root
    url_path: str  # the deep link: /<url_path> ("" for the default page, which Streamlit serves at the root)
    title: str
    group: str
    icon: str
    area_specific: bool  # the page shows figures of the chosen areas only

    @property
    def key(self) -> str:
        """Key of the page's UI strings (nav.<key>): the script's name, 'data' being the about page."""
        stem = self.path.rsplit("/", 1)[-1].removesuffix(".py")
        return "about" if stem == "data" else stem


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/finance/overview.py", "", "Yleiskuva", "Talous", ":material/home:", False),
    PageSpec("pages/finance/budget.py", "budget", "Talousarvio ja toteuma", "Talous", ":material/balance:", True),
    PageSpec("pages/finance/years.py", "years", "2023 ja 2024", "Talous", ":material/compare_arrows:", True),
    PageSpec("pages/activity/texts.py", "texts", "Toiminta ja painopisteet", "Toiminta", ":material/article:", True),
    PageSpec("pages/activity/kpis.py", "kpis", "Tunnusluvut", "Toiminta", ":material/speed:", True),
    PageSpec("pages/activity/goals.py", "goals", "Tavoitteet", "Toiminta", ":material/flag:", True),
    PageSpec("pages/activity/projects.py", "projects", "Hankkeet ja investoinnit", "Toiminta", ":material/handshake:", True),
    PageSpec("pages/activity/risks.py", "risks", "Riskit", "Toiminta", ":material/warning:", False),
    PageSpec("pages/about/data.py", "about", "Tietoa aineistosta", "Tietoa", ":material/info:", False),
    PageSpec("pages/about/glossary.py", "glossary", "Sanasto", "Tietoa", ":material/menu_book:", False),
    PageSpec("pages/about/search.py", "search", "Haku", "Tietoa", ":material/search:", False),
)


def groups() -> dict[str, list[PageSpec]]:
    out: dict[str, list[PageSpec]] = {}
    for page in PAGES:
        out.setdefault(page.group, []).append(page)
    return out
