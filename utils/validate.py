"""The document's own arithmetic, checked: one row per identity per column -> data/checks.csv.

Verdicts: `ok` (equal), `rounding` (the difference is what whole-euro printing explains: at most half a
euro per printed term, rounded up), `discrepancy` (anything else). Printed figures are never changed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

AMOUNT_COLUMNS = ("2023 actual", "2024 budget", "2024 actual", "Poikkeama")
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
PER_RESIDENT_PAIRS = {"leisure_net_cost": "VIRE", "early_childhood_cost": "VAKA"}


def tolerance(n_terms: int) -> int:
    """Half a euro per printed term, rounded up: 1 € for a two-term identity."""
    return math.ceil(0.5 * n_terms)


def verdict(difference: float, tol: float) -> str:
    if difference == 0:
        return "ok"
    return "rounding" if abs(difference) <= tol else "discrepancy"


def _column_of(row: dict, budget_year: int) -> str:
    return f"{row['year']} {row['scenario']}"


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
        tol = max(abs(expected - low.quantize(quantum, ROUND_HALF_UP)), abs(high.quantize(quantum, ROUND_HALF_UP) - expected))
        row = _row("realization_pct", statement, area, account, "Toteuma %", expected, e["pct"], tol, e["lines"],
                   f"Toteuma % = toteuma / talousarvio × 100, compared at the {d} decimal(s) printed")
        if row["verdict"] != "ok":
            row["verdict"] = "rounding" if explained else "discrepancy"
        out.append(row)
    return out


def check_sums(index: dict) -> list[dict]:
    """Line items add up to Toimintatuotot / Toimintakulut; margins follow from the rows above them."""
    out = []
    groups: dict[tuple[str, str], dict[str, dict]] = defaultdict(dict)
    for (statement, area, account), e in index.items():
        groups[(statement, area)][account] = e
    for (statement, area), rows in groups.items():
        identities: list[tuple[str, str, list[str]]] = []
        if statement == "income_statement":
            for total, kind in ((INCOME_SECTION_TOTAL, "income"), (COST_SECTION_TOTAL, "cost")):
                terms = [a for a, e in rows.items() if e["kind"] == kind]
                if total in rows and terms:
                    identities.append(("sum_of_lines", total, terms))
            for result, terms in MARGINS:
                if result in rows and all(t in rows for t in terms):
                    identities.append(("margin", result, list(terms)))
        elif statement == "budget_summary":
            identities.append(("margin", "NETTO", ["TULOT", "MENOT"]))
        elif statement == "investments":
            identities.append(("margin", "Netto", [a for a, e in rows.items() if e["kind"] == "cost"]))
        for check, total, terms in identities:
            if total not in rows or any(t not in rows for t in terms):
                continue
            for col in AMOUNT_COLUMNS:
                if col not in rows[total] or any(col not in rows[t] for t in terms):
                    continue
                expected = sum(rows[t][col] for t in terms)
                lines = ";".join([rows[t]["lines"] for t in terms] + [rows[total]["lines"]])
                out.append(_row(check, statement, area, total, col, expected, rows[total][col],
                                tolerance(len(terms)), lines, f"{total} = " + " + ".join(terms)))
    return out


def check_areas_sum_to_sector(index: dict, areas: tuple[str, ...] = ("HYTE", "OPKOU", "VAKA", "VIRE")) -> list[dict]:
    out = []
    sector = {acc: e for (st, area, acc), e in index.items() if st == "income_statement" and area == "ALL"}
    for account, e_all in sector.items():
        parts = [index.get(("income_statement", a, account)) for a in areas]
        if any(p is None for p in parts):
            continue  # only lines that all four areas print
        for col in AMOUNT_COLUMNS:
            if col not in e_all or any(col not in p for p in parts):
                continue
            expected = sum(p[col] for p in parts)
            lines = ";".join([p["lines"] for p in parts] + [e_all["lines"]])
            out.append(_row("areas_sum_to_sector", "income_statement", "ALL", account, col, expected, e_all[col],
                            tolerance(len(parts)), lines, "Sector = HYTE + OPKOU + VAKA + VIRE"))
    return out


def check_summary_equals_statement(index: dict) -> list[dict]:
    out = []
    for summary_acc, statement_acc in SUMMARY_PAIRS:
        s = index.get(("budget_summary", "ALL", summary_acc))
        t = index.get(("income_statement", "ALL", statement_acc))
        if s is None or t is None:
            continue
        for col in AMOUNT_COLUMNS:
            if col in s and col in t:
                out.append(_row("summary_equals_statement", "budget_summary", "ALL", summary_acc, col, t[col], s[col],
                                0, f"{t['lines']};{s['lines']}",
                                f"{summary_acc} (budget summary) = {statement_acc} (income statement)"))
        if "pct" in s and "pct" in t:
            out.append(_row("summary_equals_statement", "budget_summary", "ALL", summary_acc, "Toteuma %", t["pct"],
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
    out = [_row("projects_total", "projects", "ALL", "Yhteensä", "Hankkeen kokonaisrahoitus", expected,
                total["total_funding_eur"], 0, lines, note)]
    shares = [p for p in items if p["city_share_pct"] is not None]
    if total.get("city_share_pct") is not None and shares:
        weighted = sum(Decimal(p["city_share_pct"]) * p["total_funding_eur"] for p in shares) / sum(
            p["total_funding_eur"] for p in shares
        )
        printed = Decimal(total["city_share_pct"])
        d = max(0, -printed.as_tuple().exponent)
        out.append(_row("projects_total", "projects", "ALL", "Yhteensä", "Kaupungin rahoitusosuus %",
                        weighted.quantize(Decimal(1).scaleb(-d), ROUND_HALF_UP), printed, Decimal(0), lines,
                        f"Funding-weighted mean of the projects' city shares ({weighted.quantize(Decimal('0.01'))} %); "
                        "the document does not say how it computes its total share"))
    return out


def check_per_resident(finance_index: dict, kpis: list[dict], population: dict) -> list[dict]:
    """Printed €/resident key figures that Toimintakate / population reproduces (2024 actuals only:
    the document states the population for 2024 alone)."""
    out = []
    year = population["year"]
    for key, area in PER_RESIDENT_PAIRS.items():
        kpi = next((k for k in kpis if k["indicator_key"] == key and k["year"] == year and k["kind"] == "actual"
                    and k["unit"] == "€/asukas" and k["value"] is not None), None)
        e = finance_index.get(("income_statement", area, "Toimintakate"))
        if kpi is None or e is None or f"{year} actual" not in e:
            continue
        printed = Decimal(kpi["value"])
        d = max(0, -printed.as_tuple().exponent)
        exact = Decimal(-e[f"{year} actual"]) / Decimal(population["population"])
        expected = exact.quantize(Decimal(1).scaleb(-d), ROUND_HALF_UP)
        out.append(_row("per_resident", "kpis", area, kpi["indicator"], f"{year} actual €/asukas", expected, printed,
                        Decimal(0), f"{kpi['source_line']};{e['lines']};{population['source_line']}",
                        f"−Toimintakate {area} {year} ({-e[f'{year} actual']} €) / asukasluku "
                        f"{population['population']} = {exact.quantize(Decimal('0.01'))} €/asukas"))
    return out


def run_checks(finance: list[dict], kpis: list[dict], population: dict, projects: list[dict]) -> list[dict]:
    index = _finance_index(finance)
    return (
        check_row_identities(index)
        + check_sums(index)
        + check_areas_sum_to_sector(index)
        + check_summary_equals_statement(index)
        + check_projects_total(projects)
        + check_per_resident(index, kpis, population)
    )
