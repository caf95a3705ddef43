"""Reading and writing Finnish numbers (utils/core/fi_numbers.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from utils.core.fi_numbers import (
    NBSP,
    NotANumber,
    decimals_of,
    format_eur,
    format_number,
    format_pct,
    is_number,
    parse_fi_decimal,
    parse_fi_int,
)


# ------------------------------------------------------------------ parsing
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- 338 628", Decimal("-338628")),
        ("-19 015 057", Decimal("-19015057")),
        ("11.355,17", Decimal("11355.17")),
        ("99,47", Decimal("99.47")),
        ("0,00", Decimal("0")),
        ("0", Decimal("0")),
        ("9856", Decimal("9856")),
        ("13,4", Decimal("13.4")),
        ("1 234 567", Decimal("1234567")),
        (f"1{NBSP}234{NBSP}567", Decimal("1234567")),  # no-break spaces
        ("1\u202f234", Decimal("1234")),  # narrow no-break space
        ("1\u2009234", Decimal("1234")),  # thin space
        ("\u2212 5", Decimal("-5")),  # minus sign
        ("\u201342", Decimal("-42")),  # en dash directly before a number
        ("  942 313  ", Decimal("942313")),  # surrounding whitespace
    ],
)
def test_parse_fi_decimal(text, expected):
    value = parse_fi_decimal(text)
    assert value == expected
    assert isinstance(value, Decimal)


def test_parse_fi_decimal_keeps_exact_decimals():
    # no float on the way: the printed text is the value
    assert str(parse_fi_decimal("11.355,17")) == "11355.17"
    assert str(parse_fi_decimal("99,47")) == "99.47"


@pytest.mark.parametrize(
    "text",
    [
        "2021\u20132024",  # a period with an en dash is not a negative number
        "2023-2024",
        "12a",
        "",
        "   ",
        "1,2,3",
        "1 23",  # digit groups must have three digits
        "12 34 567",
        "11.5",  # English decimal point
        "--5",
        "€",
        "5 €",
        "abc",
        "1,",
    ],
)
def test_parse_fi_decimal_rejects(text):
    with pytest.raises(NotANumber):
        parse_fi_decimal(text)
    assert not is_number(text)


def test_not_a_number_is_a_value_error():
    with pytest.raises(ValueError):
        parse_fi_decimal("x")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("-19 015 057", -19015057), ("- 338 628", -338628), ("0", 0), ("9856", 9856), ("2 688 600", 2688600)],
)
def test_parse_fi_int(text, expected):
    value = parse_fi_int(text)
    assert value == expected
    assert type(value) is int


@pytest.mark.parametrize("text", ["99,47", "13,4", "0,5", "1 234,01"])
def test_parse_fi_int_rejects_decimals(text):
    with pytest.raises(NotANumber):
        parse_fi_int(text)


def test_parse_fi_int_rejects_non_numbers():
    with pytest.raises(NotANumber):
        parse_fi_int("2021\u20132024")


@pytest.mark.parametrize(("text", "n"), [
    ("99,47", 2), ("13,4", 1), ("0", 0), ("0,00", 2), ("1 234", 0), (" 5,125 ", 3),
])
def test_decimals_of(text, n):
    assert decimals_of(text) == n


# ------------------------------------------------------------------ formatting
def test_format_eur_fi_uses_no_break_spaces():
    text = format_eur(1234567)
    assert text == "1\u00a0234\u00a0567\u00a0€"
    assert " " not in text  # never an ordinary space that could wrap


def test_format_eur_fi_negative_uses_minus_sign():
    assert format_eur(-1234567) == "\u22121\u00a0234\u00a0567\u00a0€"


def test_format_eur_en():
    assert format_eur(1234567, lang="en") == "€1,234,567"
    assert format_eur(-1234567, lang="en") == "\u2212€1,234,567"
    assert format_eur(1234.5, decimals=2, lang="en") == "€1,234.50"


def test_format_pct():
    assert format_pct(99.47) == "99,47\u00a0%"
    assert format_pct(Decimal("99.47"), lang="en") == "99.47%"
    assert format_pct(13.4, decimals=1) == "13,4\u00a0%"
    assert format_pct(-5, decimals=0, lang="en") == "\u22125%"


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "expected"),
    [
        (0, 0, "fi", "0"),
        (999, 0, "fi", "999"),
        (1000, 0, "fi", "1\u00a0000"),
        (1234567.891, 2, "fi", "1\u00a0234\u00a0567,89"),
        (1234567.891, 2, "en", "1,234,567.89"),
        (-29791705, 0, "fi", "\u221229\u00a0791\u00a0705"),
        (-29791705, 0, "en", "\u221229,791,705"),
        (Decimal("11355.17"), 2, "fi", "11\u00a0355,17"),
        (-0.001, 2, "fi", "0,00"),  # no "−0,00"
        (-0.4, 0, "en", "0"),
        (12.3, 2, "fi", "12,30"),
    ],
)
def test_format_number(value, decimals, lang, expected):
    assert format_number(value, decimals, lang) == expected


@pytest.mark.parametrize("fn", [format_number, format_eur, format_pct])
@pytest.mark.parametrize("lang", ["fi", "en"])
def test_none_is_a_dash(fn, lang):
    assert fn(None, lang=lang) == "–"


@pytest.mark.parametrize("text", ["- 338 628", "11.355,17", "99,47", "0", "9856", "-19 015 057"])
def test_parse_of_formatted_fi_round_trips(text):
    value = parse_fi_decimal(text)
    printed = format_number(value, decimals_of(text), "fi").replace("\u2212", "-")
    assert parse_fi_decimal(printed) == value


def test_decimals_needed():
    from utils.core.fi_numbers import decimals_needed

    assert decimals_needed(441.0) == 0 and decimals_needed(20.6) == 1 and decimals_needed(439.58) == 2
    assert decimals_needed(441.0, 20.6, None) == 1 and decimals_needed(1.239) == 2 and decimals_needed() == 0
