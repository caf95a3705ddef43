"""Small shared widgets: the sidebar filters and their URL, source captions, notices, tables."""

from __future__ import annotations

import polars as pl
import streamlit as st

from utils import data
from utils.fi_numbers import format_eur, format_number, format_pct
from utils.filters import AREAS, MEASURES, YEARS, Filters, parse_params, to_params
from utils.loading import REBUILD, DataError

KNOWN_PARAMS = {"area", "year", "per", "embed", "embed_options"}
SCOPE = (
    "Heinolan kaupungin **hyvinvointilautakunnan toimiala**, tilinpäätös 2024 (päivätty 4.3.2025). "
    "Ei koko kaupunkia."
)
SIGNS = (
    "Asiakirja merkitsee kulut negatiivisina lukuina; tässä ne näytetään positiivisina kuluina. "
    "**Poikkeama** = talousarvio − toteuma: positiivinen poikkeama tarkoittaa budjettia huonompaa tulosta "
    "sekä tuloissa että kuluissa. Vuosien väliset muutokset ovat nimellisiä euroja (inflaatiota ei ole poistettu)."
)
DOC = "Tilinpäätös 2024, hyvinvointilautakunnan toimiala"


def data_error_page(error: DataError) -> None:
    """A clear page for broken data: which file, what is wrong, the command that rebuilds it."""
    st.title("Tietoja ei voitu ladata")
    st.error(f"Tiedosto **{error.filename}**: {_problem_fi(error.problem)}")
    st.markdown(
        "Sovellus ei näytä lukuja, joiden oikeellisuutta se ei voi taata. "
        "Ylläpitäjä voi rakentaa tiedot uudelleen lähdeasiakirjasta komennolla:"
    )
    st.code(REBUILD, language="bash")
    st.caption(f"Data could not be loaded: {error.filename}: {error.problem}. Rebuild with `{REBUILD}`.")


def _problem_fi(problem: str) -> str:
    table = {
        "the file is missing": "tiedosto puuttuu.",
        "the file is empty": "tiedosto on tyhjä.",
        "the file is not valid JSON": "tiedosto ei ole kelvollista JSONia.",
        "the source document is missing": "lähdeasiakirja puuttuu.",
        "the source document has changed since the data was built from it":
            "lähdeasiakirja on muuttunut sen jälkeen, kun tiedot rakennettiin siitä.",
        "the file cannot be read as the expected table": "tiedostoa ei voi lukea odotettuna taulukkona.",
        "the file does not match its schema": "tiedosto ei vastaa kuvaustaan (sarakkeet tai tyypit).",
    }
    if problem.startswith("the file differs"):
        return "tiedosto poikkeaa datapaketin kuvaamasta (muokattu tai katkennut)."
    return table.get(problem, "tiedostossa on virhe.")


# ------------------------------------------------------------------ filters
def _raw_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def sidebar_filters() -> Filters:
    """The shared filters. Seeded from the URL on a session's first run, mirrored to the URL on every run."""
    state = st.session_state
    if "filters_seeded" not in state:
        raw = _raw_params()
        parsed = parse_params(raw)
        notices = list(parsed.notices)
        if set(raw) - KNOWN_PARAMS:
            notices.append("other")
        state["f_area"] = list(parsed.filters.areas)
        state["f_year"] = parsed.filters.year
        state["f_per"] = parsed.filters.measure
        state["url_notices"] = notices
        state["filters_seeded"] = True
    names = data.area_names("fi")
    with st.sidebar:
        st.header("Rajaukset")
        st.multiselect(
            "Palvelualue",
            AREAS,
            key="f_area",
            format_func=lambda c: names[c],
            placeholder="Koko toimiala",
            help="Tyhjä valinta = koko toimiala (toimialan omat rivit). Voit valita useita alueita rinnakkain.",
        )
        st.selectbox("Vuosi", YEARS, key="f_year", help="Mitä vuosi tarkoittaa, kerrotaan kullakin sivulla.")
        st.radio(
            "Luvut",
            MEASURES,
            key="f_per",
            format_func=lambda m: "euroina" if m == "eur" else "euroa asukasta kohden",
            horizontal=True,
        )
    filters = Filters(tuple(a for a in AREAS if a in state["f_area"]), state["f_year"], state["f_per"])
    desired = to_params(filters)
    current = {k: v for k, v in _raw_params().items() if k in ("area", "year", "per")}
    if current != desired:
        for key in ("area", "year", "per"):
            if key in st.query_params:
                del st.query_params[key]
        for key, values in desired.items():
            st.query_params[key] = values
    state["filters"] = filters
    return filters


def current_filters() -> Filters:
    return st.session_state.get("filters", Filters())


def url_notices() -> None:
    """Say that a URL parameter was ignored, without repeating what it held."""
    names = {"area": "palvelualue (area)", "year": "vuosi (year)", "per": "luvut (per)", "other": "tuntematon parametri"}
    for notice in st.session_state.get("url_notices", []):
        st.warning(
            f"Osoitteen kohta **{names.get(notice, notice)}** ei ollut kelvollinen, joten se ohitettiin. "
            "Näytetään oletusarvo; valitse rajaukset sivupalkista."
        )


def active_filters_line(filters: Filters) -> str:
    names = data.area_names("fi")
    areas = ", ".join(names[a] for a in filters.areas) if filters.areas else names["ALL"]
    measure = "euroa asukasta kohden" if filters.measure == "per_resident" else "euroina"
    return f"Rajaukset: {areas} · vuosi {filters.year} · {measure}"


# ------------------------------------------------------------------ blocks
def page_header(title: str, question: str) -> Filters:
    filters = current_filters()
    st.title(title)
    st.markdown(question)
    url_notices()
    st.caption(active_filters_line(filters) + " · " + SCOPE.replace("**", ""))
    return filters


def source_caption(section: str, lines: str | None = None) -> None:
    where = f" · rivit {lines} lähdetiedostossa" if lines else ""
    st.caption(f"Lähde: {DOC} · {section}{where}")


_FORMATTERS = {
    "eur": lambda v, lang: format_eur(v, 0, lang),
    "eur2": lambda v, lang: format_eur(v, 2, lang),
    "pct": lambda v, lang: format_pct(v, 2, lang),
    "pct1": lambda v, lang: format_pct(v, 1, lang),
    "int": lambda v, lang: format_number(v, 0, lang),
    "num": lambda v, lang: format_number(v, 2, lang),
}


def table(df: pl.DataFrame, formats: dict[str, str] | None = None, lang: str = "fi",
          height: int | str = "auto") -> None:
    """A sortable table with fixed Finnish (or English) number formats, whatever the browser's language."""
    pdf = df.to_pandas()
    styler = pdf.style.format(
        {col: (lambda v, f=_FORMATTERS[kind]: "–" if v is None or v != v else f(v, lang))
         for col, kind in (formats or {}).items() if col in pdf.columns},
        na_rep="–",
    )
    st.dataframe(styler, hide_index=True, width="stretch", height=height)


def chart(chart_obj) -> None:
    st.altair_chart(chart_obj, width="stretch")


_MD_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:"


def escape_md(text: str) -> str:
    """Document text as plain text in Markdown: every character Markdown could read as syntax is escaped."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


def quote(texts: list[str], label: str = "Asiakirjan sanoin") -> None:
    """The document's own words, marked as such and rendered as plain text (never as HTML or Markdown)."""
    if not texts:
        return
    body = "\n>\n".join("> " + escape_md(t) for t in texts)
    st.markdown(f"**{label}:**\n\n{body}")


def no_data(message: str) -> None:
    st.info(message)


def signed_delta(value: float | None, magnitude: str, up_words: str, down_words: str) -> str | None:
    """A metric delta whose arrow follows the sign (ASCII '-' first: Streamlit reads the sign from it)
    and whose words say what the change means, so colour is not needed."""
    if value is None:
        return None
    if value < 0:
        return f"-{magnitude} {down_words}"
    return f"+{magnitude} {up_words}" if value > 0 else f"{magnitude}"
