"""The page registry: one place that app.py, the tests and the benchmarks read. Plain data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    path: str  # script, relative to the project root
    url_path: str  # the deep link: /<url_path>
    title: str
    group: str
    icon: str
    area_specific: bool  # the page shows figures of the chosen areas only


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/finance/overview.py", "overview", "Yleiskuva", "Talous", "🏠", False),
)


def groups() -> dict[str, list[PageSpec]]:
    out: dict[str, list[PageSpec]] = {}
    for page in PAGES:
        out.setdefault(page.group, []).append(page)
    return out
