"""Hostile and malformed query strings: every one through the URL parser, and a sample on every page (AppTest).

A generated set of well over 200 query strings -- unknown codes, repeated and empty parameters, very long values,
other scripts, HTML, Markdown links and images, script payloads, SQL-like and path-like text, broken percent
escapes -- is parsed the way Streamlit parses a URL (urllib.parse.parse_qs, blank values kept). Every query string
goes through the app's URL parser (utils/core/filters.parse_params): the filters it gives are valid and it names
each parameter it ignored. A sample is opened as a deep link: the first core case on every page of the registry,
the other core cases and every tenth of the rest spread over the pages in turn.

Each case must render without an exception; whenever the query string holds something the app cannot use, the
page shows the app's notice for that parameter (a st.warning); and nothing from the URL is rendered: no element
of the page (markdown sources, captions, alerts, code, chart specs, widget labels, ...) contains the payload or
any of the tell-tale pieces of one ('<script', 'javascript:', '![', '](', ...) that the same page without
parameters does not contain. A handful of these URLs is also checked in a real browser's DOM, through the
reverse proxy, in tests/e2e/test_proxy.py.
"""

from __future__ import annotations

import json
import random
from urllib.parse import parse_qs, quote

import pytest
from google.protobuf.json_format import MessageToJson
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import new_session
from utils.core.filters import AREAS, parse_params
from utils.core.filters import LANGS as FILTER_LANGS
from utils.core.filters import MEASURES as FILTER_MEASURES
from utils.core.filters import YEARS as FILTER_YEARS
from utils.core.navigation import PAGES

AREA_CODES = {"HYTE", "OPKOU", "VAKA", "VIRE", "ALL"}
YEARS = {"2022", "2023", "2024"}
MEASURES = {"eur", "resident", "per_resident"}
LANGS = {"fi", "en"}
FILTER_KEYS = ("area", "year", "per", "lang")
STREAMLIT_KEYS = {"embed", "embed_options"}  # Streamlit's own, case-insensitive
MIN_CASES = 200

# ------------------------------------------------------------------ payloads
SCRIPT = [
    "<script>alert('zq1')</script>", "\"><script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>", "javascript:alert(1)", "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<style>body{display:none}</style>", "<a href='javascript:alert(1)'>VAKA</a>", "<b>VAKA</b>",
    "</div><h1>zq2</h1>", "<math><mi xlink:href=javascript:alert(1)>", "';alert(String.fromCharCode(88))//",
]
MARKDOWN = [
    "[klikkaa](javascript:alert(1))", "![kuva](http://evil.example/zq.png)", "[VAKA](http://evil.example)",
    "**lihava zq3**", "# otsikko zq4", "`zq5`", ":red[zq6]", "$$zq7$$", "<details open>zq8", "> lainaus zq9",
    "[![x](http://evil.example/a.png)](http://evil.example)", "\\[zq10\\](x)",
]
SQL = ["' OR 1=1 --", "VAKA'; DROP TABLE finance; --", "1 UNION SELECT * FROM kpis", "2024 OR 1=1", "\" OR \"\"=\""]
PATHS = ["../../etc/passwd", "..%2f..%2fetc%2fpasswd", "/etc/passwd", "C:\\Windows\\win.ini", "file:///etc/passwd",
         "data/finance.csv", "....//....//zq11", "%2e%2e%2f"]
SCRIPTS = ["ВАКА", "ｖａｋａ", "وكا", "ヴァカ", "VAKA\u202e", "VA\u200bKA", "🏠", "\x00", "VAKA\x00", "V\u0301AKA",
           "\ufeffVAKA", "２０２４", "٢٠٢٤", "2024\u00a0"]
TEMPLATE = ["{{7*7}}", "${7*7}", "%s%s%n", "{0}", "{area}", "x\r\nSet-Cookie: zq12=1"]
LONG = ["A" * 5000, "VAKA" * 1000, "9" * 300, "<script>" * 300, "%" * 1000]
UNKNOWN_AREAS = ["ALL2", "VAKA2", "OPKOUL", "HYT", "vaka,hyte", "VAKA HYTE", "VAKA&area=HYTE", "null", "undefined",
                 "NaN", "*", "%", "0", "-1", "true"]
BAD_YEARS = ["20233", "-2024", "2024.0", "2e3", "0x7E8", "2025", "1999", "2024abc", "NaN", "inf", "0", "+2024",
             "2 024", "2024-01-01"]
BAD_MEASURES = ["EURO", "asukas", "resident2", "per", "€", "1"]
BAD_LANGS = ["sv", "fi-FI", "english", "../en", "e n"]
BAD_KEYS = ["areas", "Area", "AREA", "q", "page", "__proto__", "constructor", "area[]", "year[0]", " area",
            "<script>alert(1)</script>", "![x](y)", "utm_source", "a" * 300, "ALL", "area\x00"]
MALFORMED = ["area=%E0%A4%A", "area=%ZZ", "year=%", "&=&=", "area=VAKA;year=2023", "area=VAKA#x", "==", "area==VAKA",
             "area=VAKA&&&&year=2023&", "%61rea=VAKA%00", "year=2023&year=", "area=&area=&area=ZZ", "?area=VAKA",
             "area=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "area=%253Cscript%253E", "area=VAKA%26year%3D2023x"]
PAYLOADS = SCRIPT + MARKDOWN + SQL + PATHS + SCRIPTS + TEMPLATE + LONG
# pieces of a payload that must never reach the page (unless the page shows them without any parameter)
TELLTALES = ("<script", "javascript:", "onerror", "onload", "<img", "<svg", "<iframe", "<style", "<details", "<math",
             "![", "](", "DROP TABLE", "UNION SELECT", "OR 1=1", "../", "etc/passwd", "win.ini", "{{7*7}}", "${7*7}",
             "alert(", "Set-Cookie", "evil.example", "zq")


def _qs(*pairs: tuple[str, str]) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


def generate() -> tuple[list[str], list[str]]:
    """(core, spread): query strings. The core set runs on every page, the rest on one page each."""
    core = [
        _qs(("area", "<script>alert('zq1')</script>")),
        _qs(("area", "[klikkaa](javascript:alert(1))"), ("year", "2023")),
        _qs(("area", "VAKA"), ("area", "![kuva](http://evil.example/zq.png)")),
        _qs(("year", "2024 OR 1=1"), ("per", "../../etc/passwd")),
        _qs(("area", "A" * 5000)),
        _qs(("<script>alert(1)</script>", "1")),
        _qs(("area", "ВАКА"), ("lang", "sv")),
        "area=%E0%A4%A&year=%&per=%ZZ",
    ]
    spread: list[str] = [
        _qs(("area", ""), ("year", ""), ("per", ""), ("zq13", "")),
        _qs(("lang", "en"), ("area", "<img src=x onerror=alert(1)>")),
        _qs(("area", "HYTE"), ("year", "2022"), ("per", "resident"), ("lang", "en"), ("utm_source", "zq14")),
    ]
    spread += [_qs(("area", p)) for p in PAYLOADS]
    for i, key in enumerate(("year", "per", "lang")):  # every fourth payload on each of the other filters
        spread += [_qs((key, p)) for p in PAYLOADS[i::4]]
    spread += [_qs(("area", v)) for v in UNKNOWN_AREAS]
    spread += [_qs(("year", v)) for v in BAD_YEARS]
    spread += [_qs(("per", v)) for v in BAD_MEASURES]
    spread += [_qs(("lang", v)) for v in BAD_LANGS]
    spread += [_qs((k, "VAKA")) for k in BAD_KEYS]
    spread += MALFORMED
    rng = random.Random(2024)
    for _ in range(24):  # mixtures: valid and hostile parameters, repeated, in random order
        pairs = [("area", rng.choice(sorted(AREA_CODES))), ("year", rng.choice(sorted(YEARS)))]
        pairs += [(rng.choice(FILTER_KEYS + ("q",)), rng.choice(PAYLOADS + BAD_YEARS))
                  for _ in range(rng.randint(1, 3))]
        rng.shuffle(pairs)
        spread.append(_qs(*pairs))
    unique = list(dict.fromkeys(q for q in spread if q not in core))
    return core, unique


CORE, SPREAD = generate()
PAGE_SAMPLE = [CORE[0]] * len(PAGES) + CORE[1:] + SPREAD[::10]
CASES = [(PAGES[i % len(PAGES)], q) for i, q in enumerate(PAGE_SAMPLE)]


def _kind(query: str) -> str:
    return f"core{CORE.index(query):02d}" if query in CORE else f"x{SPREAD.index(query):03d}"


def _id(case) -> str:
    spec, query = case
    return f"{spec.url_path or 'overview'}-{_kind(query)}"


# ------------------------------------------------------------------ the oracle
def _invalid(key: str, value: str) -> bool:
    valid = {"area": AREA_CODES, "year": YEARS, "per": MEASURES, "lang": LANGS}[key]
    text = value.strip()
    norm = text.upper() if key == "area" else text.lower()
    return bool(text) and not (text.isascii() and (norm in valid or text in valid))


def required_notices(params: dict[str, list[str]]) -> set[str]:
    """Which parameters the page must say it ignored: every value of every parameter is judged, repeated or not
    (an invalid earlier value of a repeated year is not hidden by a valid later one). Values the app may
    reasonably accept or ignore without a word (an empty value, a valid code in another case or with spaces
    around it, Streamlit's embed keys) ask for nothing; extra notices are never wrong."""
    need: set[str] = set()
    for key, values in params.items():
        if key.lower() in STREAMLIT_KEYS:
            continue
        if key not in FILTER_KEYS:
            need.add("other")
            continue
        if any(_invalid(key, value) for value in values):
            need.add(key)
    return need


# ------------------------------------------------------------------ running a page
def open_deep_link(spec, params: dict[str, list[str]]) -> AppTest:
    """The page as a deep link: the session's first run is on that page, with these parameters."""
    at = new_session(spec.path)
    for key, values in params.items():  # any key, hostile ones included: not as keyword arguments
        at.query_params[key] = values
    return at.run()


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def rendered(at: AppTest) -> str:
    """Everything the page sends to the browser except table data: every element's and block's protobuf as
    JSON (markdown sources, labels, help texts, alert bodies, chart specs, options of widgets)."""
    parts = []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "") or ""
        if proto is None or "arrow" in kind or "dataframe" in kind:
            continue
        parts.append(MessageToJson(proto, ensure_ascii=False))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def clean_pages() -> dict[str, str]:
    """Each page without parameters: its rendered text (what a payload must not add to)."""
    out = {}
    for spec in PAGES:
        at = open_deep_link(spec, {})
        assert not at.exception, (spec.path, [e.value for e in at.exception])
        out[spec.path] = rendered(at)
    return out


@pytest.fixture(scope="module")
def notice_texts() -> dict[str, str]:
    """The app's own notice for each ignored parameter, in both languages: text -> parameter."""
    texts = {}
    for kind, params in (("area", {"area": ["zzzz"]}), ("year", {"year": ["zzzz"]}), ("per", {"per": ["zzzz"]}),
                         ("lang", {"lang": ["zzzz"]}), ("other", {"zzzz": ["1"]})):
        for lang in ("fi", "en"):
            extra = {"lang": [lang]} if kind != "lang" else {}
            at = open_deep_link(PAGES[0], {**params, **extra})
            new = [w.value for w in at.warning]
            assert len(new) == 1, f"?{params} should give exactly one notice, got {new}"
            texts[new[0]] = kind
    assert len(set(texts.values())) == 5
    return texts


# ------------------------------------------------------------------ the tests
def test_the_set_is_large_and_the_sample_covers_every_page():
    assert len(CORE) + len(SPREAD) >= MIN_CASES, len(CORE) + len(SPREAD)
    assert len(CORE) >= 8
    assert {spec.path for spec, q in CASES if q == CORE[0]} == {spec.path for spec in PAGES}
    assert set(CORE) <= {q for _, q in CASES}


@pytest.mark.parametrize("query", CORE + SPREAD, ids=_kind)
def test_the_parser_gives_valid_filters_and_names_what_it_ignored(query):
    params = parse_qs(query, keep_blank_values=True)
    parsed = parse_params(params)
    f = parsed.filters
    assert set(f.areas) <= set(AREAS) and list(f.areas) == [a for a in AREAS if a in f.areas]
    assert f.year in FILTER_YEARS and f.measure in FILTER_MEASURES and f.lang in FILTER_LANGS
    assert set(parsed.notices) <= set(FILTER_KEYS)  # names only: never a value from the URL
    assert required_notices(params) - {"other"} <= set(parsed.notices), query[:200]


def test_valid_parameters_give_no_notice(notice_texts):
    at = open_deep_link(PAGES[1], {"area": ["VAKA", "hyte"], "year": [" 2023 "], "per": ["resident"], "lang": ["en"],
                              "embed_options": ["show_toolbar"]})
    assert not at.exception
    assert not [w.value for w in at.warning if w.value in notice_texts]


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_hostile_query_string(case, clean_pages, notice_texts):
    spec, query = case
    params = parse_qs(query, keep_blank_values=True)
    at = open_deep_link(spec, params)

    assert not at.exception, f"{spec.path}?{query[:200]}: {[e.value for e in at.exception]}"
    shown = {notice_texts[w.value] for w in at.warning if w.value in notice_texts}
    missing = required_notices(params) - shown
    assert not missing, f"{spec.path}?{query[:200]}: no notice for {sorted(missing)} (notices: {sorted(shown)})"

    text, clean = rendered(at), clean_pages[spec.path]
    for piece in TELLTALES:
        if piece.lower() not in clean.lower():
            assert piece.lower() not in text.lower(), f"{spec.path}?{query[:200]}: the page renders {piece!r}"
    # what came from the URL and is not something the app accepts: unknown names, their values, bad values
    echoed = [k for k in params if k not in FILTER_KEYS]
    echoed += [v.strip() for k, vs in params.items() for v in vs if k not in FILTER_KEYS or required_notices({k: [v]})]
    for value in echoed:
        if len(value) >= 6 and value not in clean:
            for form in (value, json.dumps(value, ensure_ascii=False)[1:-1]):
                assert form not in text, f"{spec.path}?{query[:200]}: the page repeats the URL value {value[:80]!r}"


@pytest.mark.parametrize("query", ["year=abc&year=2023", "per=%3Cscript%3E&per=eur", "lang=sv&lang=fi"])
def test_an_invalid_earlier_value_of_a_repeated_parameter_gives_a_notice(query, notice_texts):
    params = parse_qs(query, keep_blank_values=True)
    at = open_deep_link(PAGES[0], params)
    assert not at.exception
    shown = {notice_texts[w.value] for w in at.warning if w.value in notice_texts}
    assert required_notices(params) <= shown
