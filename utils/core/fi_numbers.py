"""Reading and writing Finnish numbers (1 234 567 €, 99,47 %) and their English counterparts.

Plain Python: used by ingest (reading what the document prints) and by the app (formatting).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_NUMBER_RE = re.compile(
    r"""^
    (?P<sign>[-\u2212\u2013]\s?)?          # a minus that may stand apart: "- 338 628"
    (?P<int>\d{1,3}(?:[ \u00a0\u202f\u2009.]\d{3})+|\d+)   # 1 234 567, 11.355 or 9856
    (?:,(?P<frac>\d+))?                    # decimal comma
    $""",
    re.VERBOSE,
)


class NotANumber(ValueError):
    """The text is not a Finnish number as the document prints them."""


def parse_fi_decimal(text: str) -> Decimal:
    """'- 338 628' -> Decimal('-338628'); '11.355,17' -> Decimal('11355.17'); '99,47' -> Decimal('99.47')."""
    cleaned = text.strip()
    match = _NUMBER_RE.match(cleaned)
    if not match:
        raise NotANumber(f"not a number: {text!r}")
    digits = re.sub(r"[ \u00a0\u202f\u2009.]", "", match["int"])
    literal = digits + ("." + match["frac"] if match["frac"] else "")
    try:
        value = Decimal(literal)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise NotANumber(text) from exc
    return -value if match["sign"] else value


def parse_fi_int(text: str) -> int:
    """A whole number of euros as printed: '-19 015 057' -> -19015057. Decimals are an error."""
    value = parse_fi_decimal(text)
    if value != value.to_integral_value():
        raise NotANumber(f"not a whole number: {text!r}")
    return int(value)


def decimals_of(text: str) -> int:
    """How many decimals a printed number has: '99,47' -> 2, '13,4' -> 1, '0' -> 0."""
    _, _, frac = text.strip().partition(",")
    return len(frac)


def is_number(text: str) -> bool:
    return bool(_NUMBER_RE.match(text.strip()))


# ------------------------------------------------------------------ formatting
NBSP = "\u00a0"
MINUS = "\u2212"
MISSING = "–"  # the dash for a missing value; callers that know why add the reason beside it


def _group(int_part: str, sep: str) -> str:
    out = []
    while len(int_part) > 3:
        out.insert(0, int_part[-3:])
        int_part = int_part[:-3]
    out.insert(0, int_part)
    return sep.join(out)


def format_number(value: float | int | Decimal | None, decimals: int = 0, lang: str = "fi") -> str:
    """1234567.891 -> '1 234 567,89' (fi, with no-break spaces) or '1,234,567.89' (en). None -> '–'.
    Negative numbers carry U+2212 (the minus sign) in both languages."""
    if value is None:
        return MISSING
    # half up, as Finnish convention and the document's own rounding do (2,5 -> 3)
    quantized = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    negative = quantized < 0
    text = f"{abs(quantized):f}"
    int_part, _, frac = text.partition(".")
    if lang == "fi":
        body = _group(int_part, NBSP) + ("," + frac if frac else "")
    else:
        body = _group(int_part, ",") + ("." + frac if frac else "")
    sign = MINUS if negative else ""  # one minus sign in both languages
    if negative and quantized == 0:
        sign = ""
    return sign + body


def format_eur(value: float | int | Decimal | None, decimals: int = 0, lang: str = "fi") -> str:
    """'1 234 567 €' in Finnish, '€1,234,567' in English."""
    if value is None:
        return "–"
    number = format_number(value, decimals, lang)
    if lang == "fi":
        return number + NBSP + "€"
    if number.startswith(MINUS):
        return MINUS + "€" + number[1:]
    return "€" + number


def format_pct(value: float | int | Decimal | None, decimals: int = 2, lang: str = "fi") -> str:
    """'99,47 %' in Finnish, '99.47%' in English."""
    if value is None:
        return "–"
    number = format_number(value, decimals, lang)
    return number + (NBSP + "%" if lang == "fi" else "%")


def decimals_needed(*values: float | int | Decimal | None) -> int:
    """How many decimals the values need, at most 2, the same for all: 441.0 -> 0, 20.6 -> 1, 439.58 -> 2."""
    best = 0
    for v in values:
        if v is not None:
            best = max(best, len(f"{float(v):.2f}".rstrip("0").rstrip(".").partition(".")[2]))
    return best
