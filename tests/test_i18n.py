"""Both languages: the string tables are complete, and no page shows an app string of the other language.

Quotes from the document (Finnish by nature) are left out of the check: they are marked as the document's
words, and the raw source lines and citation boxes are code blocks.
"""

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import open_boxes, open_page, shown_figures, shown_tables
from utils.core import i18n
from utils.core.navigation import PAGES

PLACEHOLDER = re.compile(r"\{[^}]*\}")
QUOTE_LABELS = ("Asiakirjan sanoin", "In the document's words")


def test_every_key_exists_in_every_language():
    fi, en = i18n.strings("fi"), i18n.strings("en")
    assert set(fi) == set(en), sorted(set(fi) ^ set(en))
    for key in fi:
        assert PLACEHOLDER.findall(fi[key]) == PLACEHOLDER.findall(en[key]) or sorted(
            PLACEHOLDER.findall(fi[key])) == sorted(PLACEHOLDER.findall(en[key])), key


def fragments(lang: str, other: str) -> set[str]:
    """Literal pieces of `lang`'s strings that the other language never uses: seeing one in `other` is a leak."""
    other_text = "\n".join(i18n.strings(other).values())
    out = set()
    for value in i18n.strings(lang).values():
        for piece in PLACEHOLDER.split(value):
            piece = re.sub(r"[*_`>]|\s+", " ", piece).strip(" .,:;()-–·")
            if len(piece) >= 12 and " " in piece and piece not in other_text:
                out.add(piece)
    return out


def rendered_app_text(at: AppTest) -> str:
    """Everything the app wrote, minus the document's own words."""
    parts: list[str] = []
    for md in at.markdown:
        if any(label in md.value for label in QUOTE_LABELS):
            continue  # a quote block: the document's words
        parts.append(md.value)
    for kind in ("title", "header", "subheader", "caption", "info", "warning", "error"):
        parts += [e.value for e in getattr(at, kind)]
    parts += [m.label for m in shown_figures(at)]
    parts += [b.label for b in at.button]
    parts += [e.label for e in at.expander]
    for widget in ("selectbox", "multiselect", "radio", "text_input"):
        for w in getattr(at, widget):
            parts.append(w.label)
            parts += [str(o) for o in getattr(w, "options", [])]
    parts += [str(c) for df in shown_tables(at) for c in df.value.columns]
    parts += [b.proto.label for b in at.get("download_button")]
    return re.sub(r"[*_`\\]|\s+", " ", "\n".join(parts))


def run(page: str, lang: str) -> AppTest:
    """The page with its boxes opened (downloads, goal details, the projects' reports): their words too."""
    return open_boxes(open_page(page, lang=lang, area=["VAKA", "VIRE"]), prefix="")


@pytest.mark.parametrize("lang,other", [("en", "fi"), ("fi", "en")])
@pytest.mark.parametrize("page", [p.path for p in PAGES])
def test_no_untranslated_app_strings(page, lang, other):
    at = run(page, lang)
    text = rendered_app_text(at)
    leaks = sorted(f for f in fragments(other, lang) if f in text)
    assert not leaks, f"{page} in {lang} shows {other} strings: {leaks[:5]}"


def test_the_check_can_fail():
    """A Finnish string planted in the English view is found."""
    finnish = sorted(fragments("fi", "en"))[0]
    assert finnish in rendered_app_text_from([finnish])


def rendered_app_text_from(values: list[str]) -> str:
    return re.sub(r"[*_`\\]|\s+", " ", "\n".join(values))


def test_number_formats_follow_the_language():
    fi = run(PAGES[0].path, "fi")
    en = run(PAGES[0].path, "en")
    fi_metric = shown_figures(fi)[0].value
    en_metric = shown_figures(en)[0].value
    assert fi_metric.endswith("\u00a0€") and "\u00a0" in fi_metric.replace("\u00a0€", "")
    assert en_metric.startswith("€") and "," in en_metric
