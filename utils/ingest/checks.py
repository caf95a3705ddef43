"""The document's own arithmetic, checked: one row per identity per column -> data/checks.csv.

Verdicts: `ok` (equal), `rounding` (the difference is what whole-euro printing explains: at most half a
euro per printed term, rounded up), `discrepancy` (anything else). Printed figures are never changed.

Identities across tables: the service areas add up to the sector for every account in every column (a line an
area does not print is 0, a margin it does not print follows from the rows above it), the budget summary equals
the income statement, every €/resident key figure the finance tables can reproduce equals its net cost over the
population the document states (each year; a target against the budget; the note names the population the
printed figure implies), the external-funding key figure of each area equals its grants line and the areas'
figures add up to the sector's, and each key-figure cell's printed unit agrees with its row's unit.
utils/questions/contradictions.py turns every `discrepancy` into a row pages can show beside the figure.

Besides the arithmetic, the document's structure is checked against itself and the mapping (counts, so
`expected` and `printed` are numbers of rows or years): every finance table prints its rows in the order of
the statement and the rows its identities need, its columns' years follow the budget year, every key figure
of the mapping is printed once with consecutive years, the council-level goals name each strategic aim the
operational goals and projects use exactly once, no table prints the same row twice, and the goals, projects
and risks tables have the number of rows the mapping expects of this document.
"""

from __future__ import annotations

import math
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from utils.core import settings
from utils.core.settings import SECTOR

AMOUNT_COLUMNS = (f"{settings.previous_year()} actual", f"{settings.budget_year()} budget",
                  f"{settings.budget_year()} actual", "Poikkeama")
INCOME_SECTION_TOTAL = "Toimintatuotot"
COST_SECTION_TOTAL = "Toimintakulut"

# (result row, terms added up) for the margins of an income statement, in printed order
MARGINS = (
    ("Toimintakate", ("Toimintatuotot", "Toimintakulut")),
    ("Vuosikate", ("Toimintakate", "Rahoitustuotot ja -kulut")),
    ("Tilikauden tulos", ("Vuosikate", "Poistot ja arvonalentumiset")),
)
SUMMARY_PAIRS = (("TULOT", "Toimintatuotot"), ("MENOT", "Toimintakulut"), ("NETTO", "Toimintakate"))
# Per-resident key figures the finance tables can reproduce: indicator key -> area whose Toimintakate it divides.
PER_RESIDENT_PAIRS = settings.per_resident_net_costs()


def tolerance(n_terms: int) -> int:
    """Half a euro per printed term, rounded up: 1 € for a two-term identity."""
    return math.ceil(0.5 * n_terms)


def verdict(difference: float, tol: float) -> str:
    if difference == 0:
        return "ok"
    return "rounding" if abs(difference) <= tol else "discrepancy"


def _finance_index(finance: list[dict]) -> dict[tuple[str, str, str], dict]:
    """(statement, area, account) -> {'2023 actual': .., '2024 budget': .., '2024 actual': .., 'Poikkeama': ..,
    'pct': Decimal, 'pct_text': str, 'decimals': int, 'kind': .., 'lines': str}"""
    index: dict[tuple[str, str, str], dict] = defaultdict(dict)
    for r in finance:
        entry = index[(r["statement"], r["service_area"], r["account"])]
        entry[f"{r['year']} {r['scenario']}"] = r["amount_eur"]
        entry["kind"] = r["account_kind"]
        entry["section"] = r["section"]
        entry["lines"] = r["source_line"]
        entry["order"] = r["row_order"]
        if r["deviation_eur"] is not None:
            entry["Poikkeama"] = r["deviation_eur"]
            entry["pct"] = Decimal(r["realization_pct"])
            entry["pct_text"] = r["realization_pct_printed"]
            entry["decimals"] = r["realization_decimals"]
            entry["budget_col"] = f"{r['year']} budget"
            entry["actual_col"] = f"{r['year']} actual"
    return index


def _row(check, statement, area, account, column, expected, printed, tol, lines, note="", forced=None) -> dict:
    difference = printed - expected
    return {
        "check": check,
        "statement": statement,
        "service_area": area,
        "account": account,
        "column": column,
        "expected": str(expected),
        "printed": str(printed),
        "difference": str(difference),
        "tolerance": str(tol),
        "verdict": forced or verdict(difference, tol),
        "note": note,
        "source_line": lines,
    }


def _pct_range(actual: int, budget: int) -> tuple[Decimal, Decimal]:
    """Smallest and largest actual/budget*100 the unrounded ledger values (±0.5 €) allow."""
    values = [
        Decimal(actual + da) / Decimal(budget + db) * 100
        for da in (Decimal("-0.5"), Decimal("0.5"))
        for db in (Decimal("-0.5"), Decimal("0.5"))
    ]
    return min(values), max(values)


def check_row_identities(index: dict) -> list[dict]:
    """Poikkeama = budget − actual and Toteuma % = actual / budget, for every printed row."""
    out = []
    for (statement, area, account), e in index.items():
        if "Poikkeama" not in e:
            continue
        budget, actual = e[e["budget_col"]], e[e["actual_col"]]
        out.append(_row("deviation", statement, area, account, "Poikkeama", budget - actual, e["Poikkeama"],
                        tolerance(2), e["lines"], "Poikkeama = talousarvio − toteuma (budget − actual)"))
        d = e["decimals"]
        quantum = Decimal(1).scaleb(-d)
        if budget == 0:
            forced = "ok" if e["pct"] == 0 else "discrepancy"
            out.append(_row("realization_pct", statement, area, account, "Toteuma %", Decimal(0), e["pct"],
                            Decimal(0), e["lines"],
                            f"The budget is 0, so actual/budget is undefined; the document prints {e['pct_text']}.",
                            forced=forced))
            continue
        exact = Decimal(actual) / Decimal(budget) * 100
        expected = exact.quantize(quantum, rounding=ROUND_HALF_UP)
        low, high = _pct_range(actual, budget)
        explained = low.quantize(quantum, ROUND_HALF_UP) <= e["pct"] <= high.quantize(quantum, ROUND_HALF_UP)
        lowest, highest = low.quantize(quantum, ROUND_HALF_UP), high.quantize(quantum, ROUND_HALF_UP)
        tol = max(abs(expected - lowest), abs(highest - expected))
        row = _row("realization_pct", statement, area, account, "Toteuma %", expected, e["pct"], tol, e["lines"],
                   f"Toteuma % = toteuma / talousarvio × 100, compared at the {d} decimal(s) printed")
        if row["verdict"] != "ok":
            row["verdict"] = "rounding" if explained else "discrepancy"
        out.append(row)
    return out


def _identities(statement: str, rows: dict[str, dict]) -> list[tuple[str, str, list[str]]]:
    """The identities a statement's printed rows must satisfy: (check, total, terms)."""
    identities: list[tuple[str, str, list[str]]] = []
    if statement == "income_statement":
        for total, kind in ((INCOME_SECTION_TOTAL, "income"), (COST_SECTION_TOTAL, "cost")):
            terms = [a for a, e in rows.items() if e["kind"] == kind]
            if total in rows and terms:
                identities.append(("sum_of_lines", total, terms))
        identities += [("margin", result, list(terms)) for result, terms in MARGINS
                       if result in rows and all(t in rows for t in terms)]
    elif statement == "budget_summary":
        identities.append(("margin", "NETTO", ["TULOT", "MENOT"]))
    elif statement == "investments":
        identities.append(("margin", "Netto", [a for a, e in rows.items() if e["kind"] == "cost"]))
    return [(c, total, terms) for c, total, terms in identities if total in rows and all(t in rows for t in terms)]


def check_sums(index: dict) -> list[dict]:
    """Line items add up to Toimintatuotot / Toimintakulut; margins follow from the rows above them."""
    out = []
    groups: dict[tuple[str, str], dict[str, dict]] = defaultdict(dict)
    for (statement, area, account), e in index.items():
        groups[(statement, area)][account] = e
    for (statement, area), rows in groups.items():
        for check, total, terms in _identities(statement, rows):
            for col in AMOUNT_COLUMNS:
                if col not in rows[total] or any(col not in rows[t] for t in terms):
                    continue
                expected = sum(rows[t][col] for t in terms)
                lines = ";".join([rows[t]["lines"] for t in terms] + [rows[total]["lines"]])
                out.append(_row(check, statement, area, total, col, expected, rows[total][col],
                                tolerance(len(terms)), lines, f"{total} = " + " + ".join(terms)))
    return out


def _area_figure(index: dict, area: str, account: str, col: str, depth: int = 0) -> tuple[int | None, list[dict],
                                                                                       list[str]]:
    """One area's figure of an account in one column, as the identities of its income statement allow:
    (value, printed rows it rests on, accounts the area does not print). A line item the area does not print is
    0; a margin it does not print follows from the rows above it (HYTE stops at Toimintakate, so its Vuosikate
    is its Toimintakate + 0); a section total it does not print is the sum of its lines. None where the column
    is not printed."""
    e = index.get(("income_statement", area, account))
    if e is not None:
        return (e[col], [e], []) if col in e else (None, [], [])
    for result, terms in MARGINS:
        if result == account and depth < len(MARGINS):
            parts = [_area_figure(index, area, t, col, depth + 1) for t in terms]
            if any(p[0] is None for p in parts):
                return None, [], []
            return (sum(p[0] for p in parts), [r for p in parts for r in p[1]],
                    [account] + [n for p in parts for n in p[2]])
    section = {INCOME_SECTION_TOTAL: "income", COST_SECTION_TOTAL: "cost"}.get(account)
    if section:
        lines = [e for (st, a, _), e in index.items()
                 if st == "income_statement" and a == area and e["kind"] == section and col in e]
        return sum(e[col] for e in lines), lines, [account]
    return 0, [], [account]


def check_areas_sum_to_sector(index: dict, areas: tuple[str, ...] = settings.service_areas()) -> list[dict]:
    """Sector = HYTE + OPKOU + VAKA + VIRE for every account the sector or an area prints, in every amount
    column. A line an area does not print counts as 0 and a margin it does not print follows from the rows
    above it, so no account is skipped (HYTE prints neither Maksutuotot nor anything below Toimintakate)."""
    out = []
    printing = {a for (st, a, _) in index if st == "income_statement"}
    if SECTOR not in printing or any(a not in printing for a in areas):
        return out
    accounts = list(dict.fromkeys(acc for (st, a, acc) in index if st == "income_statement"
                                  and a in (SECTOR, *areas)))
    for account in accounts:
        for col in AMOUNT_COLUMNS:
            sector, sector_rows, sector_notes = _area_figure(index, SECTOR, account, col)
            parts = [_area_figure(index, a, account, col) for a in areas]
            if sector is None or any(p[0] is None for p in parts):
                continue
            if not sector_rows and all(not p[1] for p in parts):
                continue  # printed nowhere: nothing to compare
            expected = sum(p[0] for p in parts)
            used = [r for p in parts for r in p[1]]
            lines = _lines([{"source_line": r["lines"]} for r in used + sector_rows])
            unprinted = [(a, p[2]) for a, p in zip((SECTOR, *areas), [(sector, sector_rows, sector_notes), *parts])
                         if p[2]]
            note = "Sector = " + " + ".join(areas) + "".join(
                f"; {'the sector' if a == SECTOR else a} does not print {', '.join(dict.fromkeys(missing))}"
                for a, missing in unprinted) + ("" if not unprinted else
                                                " (a line not printed is 0, a margin the rows above it)")
            out.append(_row("areas_sum_to_sector", "income_statement", SECTOR, account, col, expected, sector,
                            tolerance(max(1, len(used))), lines, note))
    return out


def check_summary_equals_statement(index: dict) -> list[dict]:
    out = []
    for summary_acc, statement_acc in SUMMARY_PAIRS:
        s = index.get(("budget_summary", SECTOR, summary_acc))
        t = index.get(("income_statement", SECTOR, statement_acc))
        if s is None or t is None:
            continue
        for col in AMOUNT_COLUMNS:
            if col in s and col in t:
                out.append(_row("summary_equals_statement", "budget_summary", SECTOR, summary_acc, col, t[col], s[col],
                                0, f"{t['lines']};{s['lines']}",
                                f"{summary_acc} (budget summary) = {statement_acc} (income statement)"))
        if "pct" in s and "pct" in t:
            out.append(_row("summary_equals_statement", "budget_summary", SECTOR, summary_acc, "Toteuma %", t["pct"],
                            s["pct"], 0, f"{t['lines']};{s['lines']}",
                            f"{summary_acc} (budget summary) = {statement_acc} (income statement)"))
    return out


def check_projects_total(projects: list[dict]) -> list[dict]:
    total = next((p for p in projects if p["is_total"]), None)
    if total is None:
        return []
    items = [p for p in projects if not p["is_total"]]
    expected = sum(p["total_funding_eur"] for p in items)
    note = f"Printed total = sum of the {len(items)} projects' total funding"
    gap = expected - total["total_funding_eur"]
    left_out = [p for p in items if p["total_funding_eur"] == gap]
    if gap and len(left_out) == 1:
        p = left_out[0]
        note += (f". The printed total is {gap} € short: exactly the funding of '{p['name']}' {p['period']} "
                 f"(line {p['source_line']}), which the total seems to leave out")
    lines = ";".join([p["source_line"] for p in items] + [total["source_line"]])
    out = [_row("projects_total", "projects", SECTOR, "Yhteensä", "Hankkeen kokonaisrahoitus", expected,
                total["total_funding_eur"], 0, lines, note)]
    shares = [p for p in items if p["city_share_pct"] is not None]
    if total.get("city_share_pct") is not None and shares:
        weighted = sum(Decimal(p["city_share_pct"]) * p["total_funding_eur"] for p in shares) / sum(
            p["total_funding_eur"] for p in shares
        )
        printed = Decimal(total["city_share_pct"])
        d = max(0, -printed.as_tuple().exponent)
        out.append(_row("projects_total", "projects", SECTOR, "Yhteensä", "Kaupungin rahoitusosuus %",
                        weighted.quantize(Decimal(1).scaleb(-d), ROUND_HALF_UP), printed, Decimal(0), lines,
                        f"Funding-weighted mean of the projects' city shares ({weighted.quantize(Decimal('0.01'))} %); "
                        "the document does not say how it computes its total share"))
    return out


def _scenario_of(kind: str) -> str:
    """A key figure's actual is set against the finance tables' actual, its target against their budget."""
    return "budget" if kind == "target" else "actual"


def _population_range(euros: Decimal, printed: Decimal, decimals: int) -> tuple[int, int, int] | None:
    """Residents a printed per-resident figure implies: euros / figure, and the range its rounding allows."""
    half = Decimal(1).scaleb(-decimals) / 2
    if printed - half <= 0 or euros <= 0:
        return None
    implied = (euros / printed).to_integral_value(ROUND_HALF_UP)
    low = (euros / (printed + half)).to_integral_value(ROUND_HALF_UP)
    high = (euros / (printed - half)).to_integral_value(ROUND_HALF_UP)
    return int(implied), int(low), int(high)


def check_per_resident(finance_index: dict, kpis: list[dict], population: dict) -> list[dict]:
    """Printed €/resident key figures against the euro figure they divide, for every year and kind the finance
    tables print (an actual against the year's actual, a target against the year's budget), at the one
    population the document states (17 827, line 307). The note names the population each figure implies."""
    out = []
    stated = population["population"]
    for kpi in kpis:
        area = PER_RESIDENT_PAIRS.get(kpi["indicator_key"])
        if area is None or kpi["unit"] != "€/asukas" or kpi["value"] is None:
            continue
        year, kind = kpi["year"], kpi["kind"]
        col = f"{year} {_scenario_of(kind)}"
        e = finance_index.get(("income_statement", area, "Toimintakate"))
        if e is None or col not in e:
            continue
        printed = Decimal(kpi["value"])
        d = max(0, -printed.as_tuple().exponent)
        euros = Decimal(-e[col])
        exact = euros / Decimal(stated)
        expected = exact.quantize(Decimal(1).scaleb(-d), ROUND_HALF_UP)
        basis = "budget" if kind == "target" else "actual"
        note = (f"−Toimintakate {area} {col} ({-e[col]} €) / asukasluku {stated} = "
                f"{exact.quantize(Decimal('0.01'))} €/asukas")
        implied = _population_range(euros, printed, d)
        if implied is not None:
            n, low, high = implied
            note += (f"; the printed {kpi.get('value_text') or printed} implies {n} residents"
                     + (f" ({low}–{high} within its rounding)" if low != high else ""))
            if not low <= stated <= high:
                note += (f", not the {stated} the document states for its key figures"
                         + (f"; a target set against the {basis}" if kind == "target" else ""))
        out.append(_row("per_resident", "kpis", area, kpi["indicator"], f"{year} {kind} €/asukas", expected, printed,
                        Decimal(0), f"{kpi['source_line']};{e['lines']};{population['source_line']}", note))
    return out


EXTERNAL_FUNDING = ("external_funding", "Tuet ja avustukset")


def check_external_funding(finance_index: dict, kpis: list[dict]) -> list[dict]:
    """The external-funding key figure of each area against the area's own grants line (Tuet ja avustukset:
    the same year, an actual against the actual, a target against the budget; a line the area does not print
    is 0), and the areas' key figures added up against the sector's grants line. This is the project's
    reading of a key figure the document does not define; the note says in which areas it holds."""
    key, account = EXTERNAL_FUNDING
    rows = [k for k in kpis if k["indicator_key"] == key]
    printing = {a for (st, a, _) in finance_index if st == "income_statement"}
    compared = []
    for kpi in rows:
        col = f"{kpi['year']} {_scenario_of(kpi['kind'])}"
        area = kpi["service_area"]
        if kpi["value"] is None or area not in printing:
            continue
        e = finance_index.get(("income_statement", area, account))
        if e is not None and col not in e:
            continue
        grants = e[col] if e is not None else 0
        compared.append((kpi, col, grants, e))
    agree = sorted({k["service_area"] for k, _, g, _ in compared if Decimal(k["value"]) == g})
    out = []
    for kpi, col, grants, e in compared:
        lines = kpi["source_line"] + (f";{e['lines']}" if e is not None else "")
        note = (f"{kpi.get('indicator_fi', key)} {kpi['service_area']} ({kpi['year']} "
                f"{kpi['kind']}) = {account} {kpi['service_area']} ({col})"
                + ("" if e is not None else f"; {kpi['service_area']} does not print {account}: 0")
                + "; the document does not define the key figure"
                + (f"; equal to the euro in {', '.join(agree)}" if agree else ""))
        out.append(_row("external_funding", "kpis", kpi["service_area"], kpi["indicator"],
                        f"{kpi['year']} {kpi['kind']}", Decimal(grants), Decimal(kpi["value"]), Decimal(0), lines,
                        note))
    for (year, kind) in dict.fromkeys((k["year"], k["kind"]) for k in rows):
        cells = [k for k in rows if (k["year"], k["kind"]) == (year, kind)]
        col = f"{year} {_scenario_of(kind)}"
        sector = finance_index.get(("income_statement", SECTOR, account))
        if len(cells) < 2 or any(k["value"] is None for k in cells) or sector is None or col not in sector:
            continue
        total = sum(Decimal(k["value"]) for k in cells)
        out.append(_row("external_funding", "kpis", SECTOR, cells[0]["indicator"], f"{year} {kind}",
                        Decimal(sector[col]), total, tolerance(len(cells)),
                        _lines(cells + [{"source_line": sector["lines"]}]),
                        f"The {len(cells)} areas' key figures added up ({' + '.join(k['service_area'] for k in cells)}"
                        f" = {total}) = the sector's {account} ({col})"))
    return out


def check_kpi_units(kpis: list[dict]) -> list[dict]:
    """Every key-figure cell's printed unit agrees with its row's unit (the parser leaves a cell that says
    '€/ oppilas' on a '€/asukas' row without a value): one row per key figure, naming the cells that do not."""
    out = []
    for label in dict.fromkeys(k["indicator"] for k in kpis):
        rows = [k for k in kpis if k["indicator"] == label]
        bad = [k for k in rows if k.get("note_code") == "unit_mismatch"]
        areas = {k["service_area"] for k in rows}
        cells = [f"{k['year']} {k['kind']}" for k in bad]
        out.append(_count_row("kpi_units", "kpis", areas.pop() if len(areas) == 1 else SECTOR, label,
                              ", ".join(dict.fromkeys(cells)) if bad else "yksiköt / units", 0, len(bad),
                              _lines(bad or rows),
                              "Cells whose printed unit contradicts the row's unit"
                              + (": " + "; ".join(f"{k['year']} {k['kind']} '{k['value_text']}' on a "
                                                  f"'{k['unit']}' row" for k in bad) if bad else "")))
    return out


# ------------------------------------------------------------------ structure
# rows every table of a statement prints: the result row and what it is computed from
REQUIRED_ROWS = {
    "budget_summary": ("TULOT", "MENOT", "NETTO"),
    "income_statement": (INCOME_SECTION_TOTAL, COST_SECTION_TOTAL, "Toimintakate"),
    "investments": ("Netto",),
}


def _lines(rows: list[dict]) -> str:
    seen = dict.fromkeys(line for r in rows for line in str(r["source_line"]).split(";") if line)
    return ";".join(seen)


def _count_row(check, statement, area, account, column, expected: int, printed: int, lines: str, note: str) -> dict:
    return _row(check, statement, area, account, column, Decimal(expected), Decimal(printed), Decimal(0), lines, note)


def _tables(finance: list[dict]) -> dict[tuple[str, str], list[dict]]:
    """(statement, area) -> its rows (one per account, the first column's), in printed order."""
    tables: dict[tuple[str, str], dict[str, dict]] = defaultdict(dict)
    for r in sorted(finance, key=lambda r: r["row_order"]):
        tables[(r["statement"], r["service_area"])].setdefault(r["account"], r)
    return {key: list(rows.values()) for key, rows in tables.items()}


def check_finance_structure(finance: list[dict], account_order: list[str]) -> list[dict]:
    """Per finance table: rows in the statement's order (the mapping lists the accounts in it), the rows its
    identities need are printed (a margin row needs the rows it is computed from), and the previous year's
    column is the budget year minus one."""
    rank = {a: i for i, a in enumerate(account_order)}
    out = []
    for (statement, area), rows in _tables(finance).items():
        lines = _lines(rows)
        accounts = [r["account"] for r in rows]
        in_order = sorted(accounts, key=lambda a: rank.get(a, len(rank)))
        out_of_place = sum(1 for a, b in zip(accounts, in_order) if a != b)
        first = next((a for a, b in zip(accounts, in_order) if a != b), accounts[0])
        out.append(_count_row("row_order", statement, area, first, "rivijärjestys / row order", 0, out_of_place,
                              lines, "Rows out of the statement's order (the order of the accounts in the mapping)"))
        needed = list(REQUIRED_ROWS.get(statement, ()))
        if statement == "income_statement":
            printed_margins = [i for i, (result, _) in enumerate(MARGINS) if result in accounts]
            for result, terms in MARGINS[: max(printed_margins, default=-1) + 1]:
                needed += [result, *terms]
        needed = list(dict.fromkeys(needed))
        missing = [a for a in needed if a not in accounts]
        out.append(_count_row("rows_present", statement, area, missing[0] if missing else needed[-1],
                              "rivit / rows", len(needed), len(needed) - len(missing), lines,
                              "Rows the table's identities need: " + ", ".join(needed)
                              + (f"; missing: {', '.join(missing)}" if missing else "")))
        budget_years = {r["year"] for r in finance if (r["statement"], r["service_area"]) == (statement, area)
                        and r["scenario"] == "budget"}
        earlier = {r["year"] for r in finance if (r["statement"], r["service_area"]) == (statement, area)
                   and r["scenario"] == "actual" and r["year"] not in budget_years}
        if len(budget_years) == 1 and earlier:
            year = budget_years.pop()
            out.append(_count_row("header_years", statement, area, "TP / TA", "edellinen vuosi / previous year",
                                  year - 1, min(earlier), lines,
                                  f"The previous year's actual column is the budget year ({year}) minus one"))
    return out


def check_kpi_structure(kpis: list[dict], indicators: list[dict]) -> list[dict]:
    """Every key figure of the mapping is printed on one row, and its actual years are consecutive and end
    at the year of its target."""
    out = []
    table_lines = _lines(kpis)
    for ind in indicators:
        rows = [k for k in kpis if k["indicator_key"] == ind["key"]]
        printed_on = {r["source_line"] for r in rows}
        out.append(_count_row("kpi_rows", "kpis", ind.get("area", SECTOR) if ind.get("area") in AREAS else SECTOR,
                              ind["label"], "rivejä / rows", 1, len(printed_on), _lines(rows) or table_lines,
                              "Each key figure of the mapping is printed on one row"))
        actual = sorted({r["year"] for r in rows if r["kind"] == "actual"})
        target = {r["year"] for r in rows if r["kind"] == "target"}
        if actual and target:
            last = max(target)
            expected = list(range(last - len(actual) + 1, last + 1))
            off = sum(1 for a, e in zip(actual, expected) if a != e)
            out.append(_count_row("header_years", "kpis", SECTOR, ind["label"], "vuodet / years", 0, off,
                                  _lines(rows), f"Actual years {expected[0]}–{last}, one each, ending at the "
                                  f"target's year; printed {', '.join(map(str, actual))}"))
    return out


def check_strategic_aims(goals: list[dict], projects: list[dict]) -> list[dict]:
    """Each strategic aim that the operational goals or projects name is a council-level goal, once."""
    council = [g for g in goals if g["level"] == "council"]
    used = [g for g in goals if g["level"] != "council"] + [p for p in projects if not p["is_total"]]
    aims = dict.fromkeys([g["strategic_aim"] for g in council] + [u["strategic_aim"] for u in used
                                                                 if u.get("strategic_aim")])
    out = []
    for aim in aims:
        rows = [g for g in council if g["strategic_aim"] == aim]
        users = [u for u in used if u.get("strategic_aim") == aim]
        out.append(_count_row("strategic_aims", "goals", SECTOR, aim, "valtuustotaso / council level", 1, len(rows),
                              _lines(rows + users), f"Council-level goals naming the aim; {len(users)} operational "
                              "goals and projects refer to it"))
    return out


def check_duplicate_rows(tables: dict[str, list[dict]], ignore=("source_line", "row_order", "goal_id", "risk_id",
                                                                 "kpi_order")) -> list[dict]:
    """No table prints the same row (every cell alike) twice. Empty goal rows (an aim with nothing written
    for it, which the document prints more than once) carry no content to repeat: they are counted on the
    About page instead."""
    out = []
    for name, rows in tables.items():
        seen: dict[tuple, int] = {}
        repeats = []
        for r in rows:
            if r.get("is_empty"):
                continue
            key = tuple(sorted((k, str(v)) for k, v in r.items() if k not in ignore))
            if key in seen:
                repeats.append(r)
            seen[key] = seen.get(key, 0) + 1
        out.append(_count_row("duplicate_rows", name, SECTOR, str(repeats[0]["source_line"]) if repeats else "–",
                              "toistuvat rivit / repeated rows", 0, len(repeats), _lines(repeats or rows),
                              "Rows printed twice, every cell alike"))
    return out


def check_table_rows(tables: dict[str, list[dict]], expected: dict[str, int]) -> list[dict]:
    """Each table named in the mapping's [expected_rows] has that many rows (the document counts none of them)."""
    return [_count_row("table_rows", name, SECTOR, "–", "rivejä / rows", expected[name], len(tables[name]),
                       _lines(tables[name]), "Rows read against the number config/mapping.toml expects")
            for name in tables if name in expected]


AREAS = settings.area_codes()


def run_structure_checks(finance: list[dict], kpis: list[dict], goals: list[dict], projects: list[dict],
                         risks: list[dict], mapping: dict) -> list[dict]:
    return (
        check_finance_structure(finance, list(mapping.get("accounts", {})))
        + check_kpi_structure(kpis, mapping.get("indicators", []))
        + check_strategic_aims(goals, projects)
        + check_duplicate_rows({"goals": goals, "projects": projects, "risks": risks})
        + check_table_rows({"goals": goals, "projects": projects, "risks": risks}, mapping.get("expected_rows", {}))
    )


def run_checks(finance: list[dict], kpis: list[dict], population: dict, projects: list[dict]) -> list[dict]:
    index = _finance_index(finance)
    return (
        check_row_identities(index)
        + check_sums(index)
        + check_areas_sum_to_sector(index)
        + check_summary_equals_statement(index)
        + check_projects_total(projects)
        + check_per_resident(index, kpis, population)
        + check_external_funding(index, kpis)
        + check_kpi_units(kpis)
    )
