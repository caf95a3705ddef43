"""The document's contradictions, one row each, for pages to show where the figure appears.

Read off what the ingest already decided (data/checks.csv: every `discrepancy` verdict of a rule run on the
document) and the editorial notes of config/editorial_notes.toml whose figures still hold. Nothing here is a
list of expected findings: a changed document gives other checks, and a note whose figures no longer hold
is left out (tests/test_editorial_notes.py fails on it first).

    contradictions(tables) -> polars.DataFrame, one row per contradiction:
      kind              what kind of contradiction (KINDS)
      check             the checks.csv check it comes from (null for an editorial note)
      statement         budget_summary / income_statement / investments / kpis / projects / goals / risks
      service_area      ALL or an area code
      account_or_indicator  the printed row label (an account, a key figure's label, a project total)
      indicator_key     the key figure's key (null elsewhere)
      unit              the key figure's unit (null elsewhere)
      year, value_kind  the cell it sits on: year and actual / target / budget (null: the whole row)
      cell_text         the cell as printed, where a text says more than a number (a unit that contradicts)
      figures           list of {name, value, unit, decimals}: the figures the contradiction rests on
      source_line       the lines of the document they were read from, ';'-joined
      description_key   a key of locales/<lang>/contradictions.toml (or `editorial_notes.<id>`)
      detail            the check's own note (English, for the record)

    describe(row, lang, area_names=None, indicator_names=None) -> the row in words (description_key, figures).

Plain Python: no streamlit.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from utils.core import i18n, settings
from utils.core.fi_numbers import format_eur, format_number, format_pct
from utils.core.settings import SECTOR

NOTES_PATH = settings.EDITORIAL_NOTES_PATH

FIGURE = pl.Struct({"name": pl.String, "value": pl.Float64, "unit": pl.String, "decimals": pl.Int64})
SCHEMA = {
    "kind": pl.String,
    "check": pl.String,
    "statement": pl.String,
    "service_area": pl.String,
    "account_or_indicator": pl.String,
    "indicator_key": pl.String,
    "unit": pl.String,
    "year": pl.Int64,
    "value_kind": pl.String,
    "cell_text": pl.String,
    "figures": pl.List(FIGURE),
    "source_line": pl.String,
    "description_key": pl.String,
    "detail": pl.String,
}

KINDS = (
    "external_funding_vs_grants",  # an area's external-funding key figure against its own grants line
    "external_funding_total",  # the areas' key figures added up against the sector's grants line
    "per_resident_population",  # an actual €/resident figure that another population than the stated gives
    "target_population_basis",  # a €/resident target resting on another population than the actuals
    "kpi_unit_mismatch",  # a key-figure cell whose unit contradicts its row's unit
    "projects_total",  # the printed project total against the projects added up
    "arithmetic",  # any other identity of the finance tables that does not hold
    "structure",  # a structure check that does not hold (rows missing, moved, repeated...)
    "commentary_direction",  # an editorial note: the commentary says a direction its table does not show
)
STRUCTURE_CHECKS = ("row_order", "rows_present", "header_years", "kpi_rows", "strategic_aims", "duplicate_rows",
                    "table_rows")
_YEAR_KIND = re.compile(r"^(\d{4}) (actual|target|budget)\b")


# ------------------------------------------------------------------ editorial notes
def load_editorial_notes(path: Path = NOTES_PATH) -> list[dict]:
    """The notes of config/editorial_notes.toml (or of `path`), each a fresh dict."""
    return [dict(n) for n in settings.editorial_notes(path)]


def note_figures(note: dict, finance: pl.DataFrame) -> dict | None:
    """The figures of the note's table row, recomputed from finance: budget_eur, actual_eur, deviation_eur,
    realization_pct, previous_eur (where printed), year, previous_year and table_line; None if the row is gone."""
    rows = finance.filter(pl.col("statement") == note["statement"], pl.col("service_area") == note["area"],
                          pl.col("account") == note["account"])
    compared = rows.filter(pl.col("deviation_eur").is_not_null())
    if compared.height != 1:
        return None
    actual = compared.row(0, named=True)
    year = actual["year"]
    budget = rows.filter(pl.col("year") == year, pl.col("scenario") == "budget")
    previous = rows.filter(pl.col("year") == year - 1, pl.col("scenario") == "actual")
    if budget.height != 1:
        return None
    out = {
        "budget_eur": budget["amount_eur"][0],
        "actual_eur": actual["amount_eur"],
        "deviation_eur": actual["deviation_eur"],
        "realization_pct": actual["realization_pct"],
        "realization_decimals": actual["realization_decimals"],
        "year": year,
        "previous_year": year - 1,
        "table_line": actual["source_line"],
    }
    if previous.height == 1:
        out["previous_eur"] = previous["amount_eur"][0]
    return out


def table_directions(figures: dict) -> set[str]:
    """What the row's figures show, by magnitude (costs are printed negative): over_budget / under_budget /
    on_budget, above_previous_year / below_previous_year / same_as_previous_year."""
    actual, budget = abs(figures["actual_eur"]), abs(figures["budget_eur"])
    out = {"over_budget" if actual > budget else "under_budget" if actual < budget else "on_budget"}
    if "previous_eur" in figures:
        previous = abs(figures["previous_eur"])
        out.add("above_previous_year" if actual > previous else "below_previous_year" if actual < previous
                else "same_as_previous_year")
    return out


def note_problems(note: dict, finance: pl.DataFrame, raw_lines: list[str] | None = None) -> list[str]:
    """Why a note no longer holds (empty: it holds): a cited figure differs from the data, a direction it says
    the table shows is not shown, the table row moved, or the quote is not on its line of the document."""
    figures = note_figures(note, finance)
    if figures is None:
        return [f"{note['id']}: no printed row {note['statement']}/{note['area']}/{note['account']}"]
    problems = []
    for name, cited in note["figures"].items():
        if name not in figures or float(figures[name]) != float(cited):
            problems.append(f"{note['id']}: {name} is {figures.get(name)} in the data, the note cites {cited}")
    missing = set(note["table_says"]) - table_directions(figures)
    if missing:
        problems.append(f"{note['id']}: the table no longer shows {sorted(missing)}")
    if str(note["table_line"]) != str(figures["table_line"]):
        problems.append(f"{note['id']}: the row is on line {figures['table_line']}, not {note['table_line']}")
    if raw_lines is not None:
        line = note["commentary_line"]
        if not 0 < line <= len(raw_lines) or note["commentary_quote"] not in raw_lines[line - 1]:
            problems.append(f"{note['id']}: the quote is not on line {line} of the document")
    return problems


def render_note(note: dict, lang: str, figures: dict) -> str:
    """The note's words in `lang` with its figures filled in (amounts without sign, in the language's format)."""
    actual, budget = abs(figures["actual_eur"]), abs(figures["budget_eur"])
    values = {
        "actual": format_eur(actual, lang=lang),
        "budget": format_eur(budget, lang=lang),
        "difference": format_eur(abs(actual - budget), lang=lang),
        "pct": format_pct(figures["realization_pct"], figures.get("realization_decimals") or 2, lang=lang),
        "year": str(figures["year"]),
        "previous_year": str(figures["previous_year"]),
    }
    if "previous_eur" in figures:
        previous = abs(figures["previous_eur"])
        values["previous"] = format_eur(previous, lang=lang)
        values["change"] = format_eur(abs(actual - previous), lang=lang)
    text = note.get(lang) or note["fi"]
    return text.format(**values)


def _note_rows(notes: list[dict], finance: pl.DataFrame) -> list[dict]:
    rows = []
    for note in notes:
        if note_problems(note, finance):
            continue  # a note whose figures no longer hold is not shown
        f = note_figures(note, finance)
        figures = [_fig("budget_eur", f["budget_eur"], "eur"), _fig("actual_eur", f["actual_eur"], "eur"),
                   _fig("deviation_eur", f["deviation_eur"], "eur"),
                   _fig("realization_pct", f["realization_pct"], "pct", f["realization_decimals"] or 2)]
        if "previous_eur" in f:
            figures.append(_fig("previous_eur", f["previous_eur"], "eur"))
        rows.append({
            "kind": "commentary_direction", "check": None, "statement": note["statement"],
            "service_area": note["area"], "account_or_indicator": note["account"], "indicator_key": None,
            "unit": None, "year": f["year"], "value_kind": "actual", "cell_text": note["commentary_quote"],
            "figures": figures, "source_line": f"{note['commentary_line']};{f['table_line']}",
            "description_key": f"editorial_notes.{note['id']}", "detail": note["relation"],
        })
    return rows


# ------------------------------------------------------------------ from the checks
def _fig(name: str, value, unit: str, decimals: int = 0) -> dict:
    return {"name": name, "value": None if value is None else float(value), "unit": unit, "decimals": decimals}


def _decimals(value: float) -> int:
    text = repr(float(value))
    return 0 if float(value).is_integer() else len(text.partition(".")[2])


def _year_kind(column: str, default_year: int | None) -> tuple[int | None, str | None]:
    m = _YEAR_KIND.match(column or "")
    if m:
        return int(m[1]), m[2]
    return default_year, None


def _kpi_row(kpis: pl.DataFrame, label: str, area: str, year: int | None, kind: str | None,
             unit: str | None = None) -> dict | None:
    if kpis is None or year is None:
        return None
    found = kpis.filter(pl.col("indicator") == label, pl.col("year") == year, pl.col("kind") == kind,
                        *([pl.col("service_area") == area] if area != SECTOR else []),
                        *([pl.col("unit") == unit] if unit else []))
    return found.row(0, named=True) if found.height else None


def _finance_amount(finance: pl.DataFrame, area: str, account: str, year: int, scenario: str) -> int | None:
    found = finance.filter(pl.col("statement") == "income_statement", pl.col("service_area") == area,
                           pl.col("account") == account, pl.col("year") == year, pl.col("scenario") == scenario)
    return found["amount_eur"][0] if found.height else None


def _external_funding(c: dict, base: dict, ctx: dict) -> tuple[str, list[dict]]:
    kpi = _kpi_row(ctx["kpis"], c["account"], c["service_area"], base["year"], base["value_kind"])
    base.update(indicator_key=kpi["indicator_key"] if kpi else None, unit=kpi["unit"] if kpi else None)
    if c["service_area"] == SECTOR:
        return "external_funding_total", [
            _fig("key_figures_sum_eur", c["printed"], "eur"), _fig("sector_grants_eur", c["expected"], "eur"),
            _fig("difference_eur", c["difference"], "eur")]
    return "external_funding_vs_grants", [
        _fig("key_figure_eur", c["printed"], "eur"), _fig("grants_eur", c["expected"], "eur"),
        _fig("difference_eur", c["difference"], "eur")]


def _per_resident(c: dict, base: dict, ctx: dict) -> tuple[str, list[dict]]:
    kpis, finance, year, value_kind = ctx["kpis"], ctx["finance"], base["year"], base["value_kind"]
    kpi = _kpi_row(kpis, c["account"], c["service_area"], year, value_kind, "€/asukas")
    base.update(indicator_key=kpi["indicator_key"] if kpi else None, unit="€/asukas",
                cell_text=kpi["value_text"] if kpi else None)
    scenario = "budget" if value_kind == "target" else "actual"
    net = _finance_amount(finance, c["service_area"], "Toimintakate", year, scenario) if finance is not None else None
    euros = -net if net is not None else None
    d = _decimals(c["printed"])
    implied = round(euros / c["printed"]) if euros and c["printed"] else None
    figures = [_fig("printed_per_resident", c["printed"], "eur_per_resident", d),
               _fig("computed_per_resident", c["expected"], "eur_per_resident", d),
               _fig("net_cost_eur", euros, "eur"), _fig("stated_population", ctx["stated"], "residents"),
               _fig("implied_population", implied, "residents")]
    if value_kind != "target":
        return "per_resident_population", figures
    actual = _kpi_row(kpis, c["account"], c["service_area"], year, "actual", "€/asukas")
    if actual is not None and actual["value"] is not None:
        figures.append(_fig("actual_per_resident", actual["value"], "eur_per_resident", _decimals(actual["value"])))
    return "target_population_basis", figures


def _kpi_units(c: dict, base: dict, ctx: dict) -> tuple[str, list[dict]]:
    kpis = ctx["kpis"]
    kpi = _kpi_row(kpis, c["account"], c["service_area"], base["year"], base["value_kind"])
    bad = None
    if kpis is not None:
        found = kpis.filter(pl.col("indicator") == c["account"], pl.col("note_code") == "unit_mismatch")
        bad = found.row(0, named=True) if found.height else None
    base.update(indicator_key=(bad or kpi or {}).get("indicator_key"), unit=(bad or kpi or {}).get("unit"),
                cell_text=bad["value_text"] if bad else None)
    return "kpi_unit_mismatch", [_fig("cells", c["printed"], "count")]


def _printed_expected(c: dict, unit: str, with_difference: bool = True) -> list[dict]:
    names = ("printed", "expected", "difference") if with_difference else ("printed", "expected")
    return [_fig(name, c[name], unit) for name in names]


def _other(c: dict, base: dict, ctx: dict) -> tuple[str, list[dict]]:
    if c["check"] == "projects_total":
        return "projects_total", _printed_expected(c, "pct" if "%" in c["column"] else "eur")
    if c["check"] in STRUCTURE_CHECKS:
        return "structure", _printed_expected(c, "count", with_difference=False)
    return "arithmetic", _printed_expected(c, "pct" if c["column"] == "Toteuma %" else "eur")


_BY_CHECK = {"external_funding": _external_funding, "per_resident": _per_resident, "kpi_units": _kpi_units}


def _check_rows(tables: dict[str, pl.DataFrame]) -> list[dict]:
    checks = tables["checks"].filter(pl.col("verdict") == "discrepancy")
    finance = tables.get("finance")
    population = tables.get("population")
    ctx = {"finance": finance, "kpis": tables.get("kpis"),
           "stated": population["population"][0] if population is not None and population.height else None}
    budget_year = None
    if finance is not None and finance.height:
        budget_year = finance.filter(pl.col("scenario") == "budget")["year"].max()
    out = []
    for c in checks.iter_rows(named=True):
        finance_row = c["statement"] in ("budget_summary", "income_statement", "investments")
        year, value_kind = _year_kind(c["column"], budget_year if finance_row else None)
        base = {
            "check": c["check"], "statement": c["statement"], "service_area": c["service_area"],
            "account_or_indicator": c["account"], "indicator_key": None, "unit": None, "year": year,
            "value_kind": value_kind, "cell_text": None, "source_line": c["source_line"], "detail": c["note"],
        }
        kind, figures = _BY_CHECK.get(c["check"], _other)(c, base, ctx)
        out.append({**base, "kind": kind, "figures": figures, "description_key": f"contradictions.{kind}"})
    return out


def contradictions(tables: dict[str, pl.DataFrame], notes: list[dict] | None = None) -> pl.DataFrame:
    """One row per contradiction of the document (see the module's docstring). `tables` as utils.app.data.tables()
    or utils.core.loading.read_all() give them (checks, finance, kpis and population are used); `notes` default to
    config/editorial_notes.toml."""
    rows = _check_rows(tables)
    if "finance" in tables:
        rows += _note_rows(load_editorial_notes() if notes is None else notes, tables["finance"])
    return pl.DataFrame(rows, schema=SCHEMA) if rows else pl.DataFrame(schema=SCHEMA)


# ------------------------------------------------------------------ words
def _format(figure: dict, lang: str) -> str:
    value, unit, d = figure["value"], figure["unit"], figure["decimals"] or 0
    if value is None:
        return format_number(None)
    if unit == "eur":
        return format_eur(value, lang=lang)
    if unit == "pct":
        return format_pct(value, d or 2, lang=lang)
    if unit == "eur_per_resident":
        return format_eur(value, d, lang=lang)
    return format_number(value, d, lang=lang)


def describe(row: dict, lang: str = "fi", area_names: dict[str, str] | None = None,
             indicator_names: dict[str, str] | None = None) -> str:
    """The contradiction in words of `lang`: its description_key's string with the figures filled in
    (formatted for the language), the area's name, the key figure's name (`indicator_names`: key -> name, as
    utils.app.data.indicator_names gives; the printed label otherwise), the year and the printed cell."""
    if row["description_key"].startswith("editorial_notes."):
        note_id = row["description_key"].split(".", 1)[1]
        note = next(n for n in load_editorial_notes() if n["id"] == note_id)
        figures = {f["name"]: f["value"] for f in row["figures"]}
        figures.update(year=row["year"], previous_year=row["year"] - 1,
                       realization_decimals=next(f["decimals"] for f in row["figures"]
                                                 if f["name"] == "realization_pct"))
        return render_note(note, lang, figures)
    values = {f["name"]: _format(f, lang) for f in row["figures"]}
    for f in row["figures"]:  # amounts the sentence states as sizes, without sign
        if f["value"] is not None and f["unit"] in ("eur", "eur_per_resident"):
            values[f"{f['name']}_abs"] = _format({**f, "value": abs(f["value"])}, lang)
    names = area_names or {}
    values.update(
        area=names.get(row["service_area"], row["service_area"]),
        label=row["account_or_indicator"],
        indicator=(indicator_names or {}).get(row["indicator_key"], row["account_or_indicator"]),
        year=str(row["year"]) if row["year"] is not None else "",
        cell=row["cell_text"] or "",
        unit=row["unit"] or "",
        check=row["check"] or "",
    )
    return i18n.t(lang, row["description_key"], **values)
