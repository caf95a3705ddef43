"""UI strings per language. Each language is a folder of TOML files under locales/<lang>/; a third language
(Swedish) is a new folder plus `sv` names in config/mapping.toml, not new code. Plain Python.

Keys are dotted: the TOML table, then the key (`[budget] title = ...` -> "budget.title").
"""

from __future__ import annotations

import tomllib
from functools import lru_cache

from utils.core import paths

LOCALES_DIR = paths.LOCALES_DIR
DEFAULT_LANG = "fi"


def languages() -> tuple[str, ...]:
    """Every language with a folder of strings, the default first."""
    found = sorted(p.name for p in LOCALES_DIR.iterdir() if p.is_dir() and any(p.glob("*.toml")))
    return tuple([DEFAULT_LANG] + [lang for lang in found if lang != DEFAULT_LANG])


def _flatten(prefix: str, node: dict, out: dict[str, str]) -> None:
    for key, value in node.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(name, value, out)
        else:
            out[name] = value


@lru_cache(maxsize=None)
def strings(lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        with open(path, "rb") as fh:
            _flatten("", tomllib.load(fh), out)
    return out


def t(lang: str, key: str, **values) -> str:
    """The string `key` in `lang` with {placeholders} filled. A key missing in `lang` falls back to Finnish
    (the test suite fails on any missing key, so a fallback never ships unnoticed)."""
    table = strings(lang)
    text = table.get(key)
    if text is None:
        text = strings(DEFAULT_LANG).get(key)
    if text is None:
        raise KeyError(f"no UI string {key!r}")
    return text.format(**values) if values else text
