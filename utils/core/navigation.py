"""The page registry: the menu every page draws (frame.sidebar_menu), the tests and the benchmarks read it. Plain data.

The app uses Streamlit's `pages/` folder: app.py is the overview at `/`, and each other page is a script
pages/<url_path>.py, served at /<url_path> (the file name is the URL). The default sidebar menu is hidden
(.streamlit/config.toml: client.showSidebarNavigation = false); frame.sidebar_menu draws this one with
st.page_link, grouped and in the chosen language.
"""

from __future__ import annotations

from dataclasses import dataclass

from utils.core import settings


@dataclass(frozen=True)
class PageSpec:
    path: str  # script, relative to the project root: app.py or pages/<url_path>.py
    url_path: str  # the deep link: /<url_path> ("" for app.py, which Streamlit serves at the root)
    title: str
    group: str

    @property
    def key(self) -> str:
        """Key of the page's UI strings (nav.<key>): its URL, 'overview' for the root page."""
        return self.url_path or "overview"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("app.py", "", "Yleiskuva", "Talous"),
    PageSpec("pages/profile.py", "profile", "Palvelualueen profiili", "Talous"),
    PageSpec("pages/budget.py", "budget", "Talousarvio ja toteuma", "Talous"),
    PageSpec("pages/years.py", "years", f"{settings.previous_year()} ja {settings.budget_year()}", "Talous"),
    PageSpec("pages/texts.py", "texts", "Toiminta ja painopisteet", "Toiminta"),
    PageSpec("pages/kpis.py", "kpis", "Tunnusluvut", "Toiminta"),
    PageSpec("pages/goals.py", "goals", "Tavoitteet", "Toiminta"),
    PageSpec("pages/projects.py", "projects", "Hankkeet ja investoinnit", "Toiminta"),
    PageSpec("pages/risks.py", "risks", "Riskit", "Toiminta"),
    PageSpec("pages/about.py", "about", "Tietoa aineistosta", "Tietoa"),
    PageSpec("pages/glossary.py", "glossary", "Sanasto", "Tietoa"),
    PageSpec("pages/search.py", "search", "Haku", "Tietoa"),
)


def groups() -> dict[str, list[PageSpec]]:
    out: dict[str, list[PageSpec]] = {}
    for page in PAGES:
        out.setdefault(page.group, []).append(page)
    return out
