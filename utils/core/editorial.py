"""Editorial figures: amounts the document states only in its running text (config/editorial_figures.toml).
Plain Python."""

from __future__ import annotations

import tomllib
from functools import lru_cache

from utils.core import paths

PATH = paths.CONFIG_DIR / "editorial_figures.toml"


@lru_cache(maxsize=1)
def figures() -> dict:
    with open(PATH, "rb") as fh:
        return tomllib.load(fh)
