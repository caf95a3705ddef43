"""Page blocks every page shares: key-figure cells, the source caption and its lines of the document, quotes of
the document, the no-data notice, the cite box and glossary help. Streamlit: the app layer."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass

import streamlit as st

from utils.app import data
from utils.app.frame import (
    box_if_open,
    escape_md,  # noqa: F401 - blocks.escape_md is the pages' name for it
    lang,
    t,
    view_link,
)
from utils.questions import document_text


@dataclass(frozen=True)
class Figure:
    """One key figure: its label, the figure, and optionally its difference in words (claim_text.claim_delta:
    arrow, size, meaning) and a note shown under it."""

    label: str
    value: object
    delta: str | None = None
    note: str | None = None


# A row of key figures as one block of plain HTML (every text escaped) that wraps to the screen's width, instead of
# st.metric in columns: st.metric loads about 55 kB of its own code (number formatting) when a page first shows
# one, and on a throttled phone that code and one element per figure delayed the page's first chart by about a
# tenth of the floor's time (issue 12). A description list: each figure's label is its term.
FIGURES_CSS = """<style>
dl.kf{display:flex;flex-wrap:wrap;gap:.75rem 2.5rem;margin:0 0 .75rem 0;padding:0}
dl.kf>div{flex:0 1 auto;min-width:9rem;max-width:100%}
dl.kf dt{font-size:.875rem;font-weight:400;color:#31333f;margin:0}
dl.kf dd{margin:0}
dl.kf dd.v{font-size:2rem;line-height:1.25;font-variant-numeric:tabular-nums;white-space:nowrap}
dl.kf dd.d{font-size:.875rem;color:#4a5260}
dl.kf dd.n{font-size:.8rem;color:#4a5260;max-width:14rem}
</style>"""


def figures_html(items: list[Figure]) -> str:
    parts = []
    for item in items:
        cells = [f"<dt>{html.escape(item.label)}</dt>", f'<dd class="v">{html.escape(str(item.value))}</dd>']
        if item.delta:
            cells.append(f'<dd class="d">{html.escape(item.delta)}</dd>')
        if item.note:
            cells.append(f'<dd class="n">{html.escape(item.note)}</dd>')
        parts.append("<div>" + "".join(cells) + "</div>")
    return f'{FIGURES_CSS}<dl class="kf">{"".join(parts)}</dl>'


def figures(items: list[Figure]) -> None:
    """A row of key figures (see FIGURES_CSS), one element."""
    st.html(figures_html(items))


def signs_note() -> None:
    st.caption(t("app.signs"))


def source_caption(section: str, lines: str | None = None) -> None:
    """Where a figure, table or chart comes from; the raw lines themselves on request."""
    text = t("app.source", doc=t("app.doc"), section=section)
    if lines:
        text += t("app.source_lines", lines=lines)
    st.caption(text)
    if lines:
        numbers = _line_numbers(lines)
        if numbers:
            # built only when opened (a rerun): a page has many of these, and the lines are most of its bytes
            box = box_if_open(t("app.show_lines"), source_box_key(section, lines))
            if box is not None:
                with box:
                    raw = data.raw_lines()
                    st.caption(t("app.raw_lines_intro"))
                    # a plain <pre> (escaped, through st.html), not st.code: the lines as they are, in the
                    # browser's own monospace font (the document's tab-separated columns stay readable), without
                    # the 1.56 MB syntax highlighter
                    body = html.escape("\n".join(f"{n}: {raw[n - 1]}" for n in numbers if 0 < n <= len(raw)))
                    st.html('<pre style="white-space:pre-wrap;overflow-wrap:anywhere;font-size:.8rem;tab-size:4;'
                            f'background:#f2f4f7;padding:.5rem;margin:0">{body}</pre>')


def source_box_key(section: str, lines: str) -> str:
    """A widget key for the source-lines box of (section, lines), stable across reruns; the same pair twice on
    one page gets a running number (counted per run: page_header starts the count)."""
    digest = hashlib.sha1(f"{section}\x1f{lines}".encode()).hexdigest()[:12]
    seen = st.session_state.setdefault("_source_boxes", {})
    n = seen.get(digest, 0)
    seen[digest] = n + 1
    return f"source-lines-{digest}-{n}"


def _line_numbers(lines: str) -> list[int]:
    """'20–22; 24, 269' -> [20, 21, 22, 24, 269]: single lines and ranges, at most 200."""
    out: set[int] = set()
    for part in lines.replace(",", ";").split(";"):
        ends = [p.strip() for p in part.replace("-", "–").split("–")]
        if len(ends) == 2 and all(e.isdigit() for e in ends) and 0 <= int(ends[1]) - int(ends[0]) < 200:
            out.update(range(int(ends[0]), int(ends[1]) + 1))
        elif len(ends) == 1 and ends[0].isdigit():
            out.add(int(ends[0]))
    return sorted(out)[:200]





def quote(texts: list[str]) -> None:
    """The document's own words, marked as such and rendered as plain text (never as HTML or Markdown)."""
    if not texts:
        return
    body = "\n>\n".join("> " + escape_md(text) for text in texts)
    note = "" if lang() == "fi" else " " + t("app.quote_note")
    st.markdown(f"**{t('app.quote_label')}**{note}:\n\n{body}")


def doc_text(text: str | None) -> str:
    """Document text (a name, a note) inside an app sentence: one line, escaped, so it renders as plain text."""
    return escape_md(document_text.one_line(text))


def no_data(message: str) -> None:
    st.info(message)


def cite(sentence: str) -> None:
    """'Cite this': a ready sentence with the figure, its comparison, the source, the data version and a link."""
    version = data.data_version()
    link = view_link()
    full = f"{sentence} ({t('app.doc')}; {t('app.data_version', version=version)}.) {link}".strip()
    with st.expander(t("app.cite_title"), icon=":material/format_quote:"):
        st.caption(t("app.cite_help") + " " + t("light.select_to_copy"))
        # plain text, not st.code: a code block pulls Streamlit's 1.56 MB syntax highlighter into every page
        # that cites (issue 12); st.text renders the sentence as it is, without Markdown, ready to select
        st.text(plain_text(full))


_MD_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain_text(markdown: str) -> str:
    """A sentence written for st.markdown, as plain text to copy: escaped characters as themselves, emphasis
    markers (an unescaped * or **) dropped."""
    parts = re.split(r"(\\[\\`*_{}\[\]()#+\-.!|<>~$:])", markdown)
    return "".join(part[1] if _MD_ESCAPED.fullmatch(part) else part.replace("*", "") for part in parts)


def term_help(term_id: str) -> str:
    """A glossary entry as help text where the term appears."""
    return f"**{t(f'glossary.{term_id}.term')}**: {t(f'glossary.{term_id}.text')}"
