"""Mutated source documents: does the ingest notice when a figure, a row or a header of the document changes?

Every mutation is a copy of data/raw/<document> with one change, run through `python -m utils.ingest`
in-process (utils.ingest.__main__.main). The outcome is one of:

- `failed_at_line`: the run exits non-zero and its message names the changed line ("line N"; for a deleted,
  added or header line, a line at most two away from it);
- `failed`: it exits non-zero and names another line, or none (still nothing written);
- `caught`: it succeeds and checks.csv has a non-ok verdict that it did not have before, or a non-ok check
  whose difference changed, on a check whose source_line names the changed line (for row and header changes:
  any such check);
- `visible`: it succeeds, no check notices, but the published table differs (source_line columns aside);
- `silent`: it succeeds and nothing in the published files differs. Never acceptable.

Two sets:
- single-number changes: every printed number of the finance, key-figure, population, project and risk tables,
  changed in its tens digit (a typo of 10 units; for a one-digit number, the digit itself). `caught` and
  `failed_at_line` count as caught. The finance tables have arithmetic identities, so every change there must be
  caught; key figures, projects and risks mostly have none, so there a change is only visible.
- structural changes (at least 30): numbers deleted or duplicated into the next cell, rows deleted, duplicated
  or renamed, headers deleted, renamed, re-dated or given an extra column.

`python -m benchmarks --mutations` writes the shares to benchmarks/mutation_report.json;
tests/test_mutated_documents.py asserts them.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import io
import multiprocessing
import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from utils.core import settings

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
RAW_DOCUMENT = settings.raw_path()
CHECK_KEY = ("check", "statement", "service_area", "account", "column")

# the tables whose numbers are mutated, and which tab-separated cells of their rows hold the numbers
NUMBER_CELLS: dict[str, tuple[int, ...] | None] = {
    "finance": (1, 2, 3, 4, 5),  # 2023, budget, actual, Poikkeama, Toteuma %
    "kpis": (1, 2, 3, 4),  # one cell per year and kind
    "population": None,  # a sentence: every number on the line
    "projects": (2, 3, 5, 6),  # period, total funding, city share %, spend realisation %
    "risks": (2,),  # Riskiarvo: probability and significance
}
FINANCE_TABLES = ("finance",)
NUMBER = re.compile(r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
LINE_IN_MESSAGE = re.compile(r"\bline (\d+)\b")
STRUCTURAL_LINE_WINDOW = 2


@dataclass
class Mutation:
    name: str
    kind: str  # "number" or a structural kind: number_deleted, row_deleted, header_renamed, ...
    table: str
    line: int  # 1-based line of the original document that was changed
    content: bytes
    detail: str = ""


@dataclass
class Outcome:
    mutation: Mutation
    verdict: str  # failed_at_line / failed / caught / visible / silent
    exit_code: int
    message: str = ""
    new_checks: list[dict] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)
    checks_changed: list[str] = field(default_factory=list)

    @property
    def is_caught(self) -> bool:
        return self.verdict in ("caught", "failed_at_line")

    def as_dict(self) -> dict:
        m = self.mutation
        return {
            "name": m.name, "kind": m.kind, "table": m.table, "line": m.line, "detail": m.detail,
            "verdict": self.verdict, "exit_code": self.exit_code, "message": self.message[:300],
            "new_checks": [f"{r['check']}/{r['service_area']}/{r['account']}/{r['column']}: {r['verdict']}"
                           for r in self.new_checks[:5]],
            "changed_files": self.changed_files,
        }


# ------------------------------------------------------------------ the document
def document_lines() -> list[str]:
    return RAW_DOCUMENT.read_bytes().decode("utf-8").split("\n")


def join(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8")


def table_lines(table: str) -> list[int]:
    """The document lines a published table was read from (its source_line column)."""
    df = pl.read_csv(DATA_DIR / f"{table}.csv", infer_schema=False)
    return sorted({int(n) for value in df["source_line"].drop_nulls() for n in value.split(";") if n.strip()})


def _cell_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for cell in text.split("\t"):
        spans.append((start, start + len(cell)))
        start += len(cell) + 1
    return spans


def number_spans(table: str, text: str) -> list[tuple[int, int]]:
    """(start, end) of every number in the table's number cells of one line."""
    cells = NUMBER_CELLS[table]
    if cells is None:
        regions = [(0, len(text))]
    else:
        spans = _cell_spans(text)
        regions = [spans[i] for i in cells if i < len(spans)]
    out = []
    for lo, hi in regions:
        for match in NUMBER.finditer(text, lo, hi):
            out.append(match.span())
    return out


def change_digit(token: str, position: int = 2) -> str:
    """The token with its `position`-th digit from the right (2 = tens) raised by one (9 -> 0)."""
    digits = [i for i, ch in enumerate(token) if ch.isdigit()]
    index = digits[-position] if len(digits) >= position else digits[-1]
    new = str((int(token[index]) + 1) % 10)
    return token[:index] + new + token[index + 1:]


def single_number_mutations(tables: tuple[str, ...] = tuple(NUMBER_CELLS), position: int = 2) -> list[Mutation]:
    lines = document_lines()
    out = []
    for table in tables:
        for line_no in table_lines(table):
            text = lines[line_no - 1]
            for k, (lo, hi) in enumerate(number_spans(table, text)):
                token = text[lo:hi]
                changed = list(lines)
                changed[line_no - 1] = text[:lo] + change_digit(token, position) + text[hi:]
                out.append(Mutation(f"{table}:L{line_no}:n{k}", "number", table, line_no, join(changed),
                                    f"{token!r} -> {change_digit(token, position)!r}"))
    return out


# ------------------------------------------------------------------ structural mutations
def _find(lines: list[str], predicate, start: int = 0) -> int:
    """1-based number of the first line from `start` (1-based) on that satisfies predicate."""
    for i in range(max(start - 1, 0), len(lines)):
        if predicate(lines[i]):
            return i + 1
    raise LookupError("no such line in the document")


def _replace_line(lines: list[str], n: int, text: str) -> list[str]:
    out = list(lines)
    out[n - 1] = text
    return out


def _delete_line(lines: list[str], n: int) -> list[str]:
    return lines[: n - 1] + lines[n:]


def _duplicate_line(lines: list[str], n: int) -> list[str]:
    return lines[:n] + [lines[n - 1]] + lines[n:]


def _set_cell(text: str, index: int, value: str) -> str:
    cells = text.split("\t")
    cells[index] = value
    return "\t".join(cells)


def structural_mutations() -> list[Mutation]:
    lines = document_lines()
    finance = table_lines("finance")
    kpis, projects = table_lines("kpis"), table_lines("projects")
    risks, goals = table_lines("risks"), table_lines("goals")
    headers = [i + 1 for i, t in enumerate(lines) if "\tPoikkeama\t" in t]  # finance table heads
    out: list[Mutation] = []

    def add(name, kind, table, line, changed, detail=""):
        out.append(Mutation(name, kind, table, line, join(changed), detail))

    # numbers deleted (cell emptied) and duplicated into the next cell, in several finance tables
    for n in (finance[3], finance[20], finance[45], finance[-2]):
        text = lines[n - 1]
        cells = text.split("\t")
        add(f"finance:L{n}:number_deleted", "number_deleted", "finance", n,
            _replace_line(lines, n, _set_cell(text, 2, "")), f"cell 2 {cells[2]!r} emptied")
        add(f"finance:L{n}:number_duplicated", "number_duplicated", "finance", n,
            _replace_line(lines, n, _set_cell(text, 2, cells[1])), f"cell 1 {cells[1]!r} copied over cell 2")
        add(f"finance:L{n}:extra_number", "number_added", "finance", n, _replace_line(lines, n, text + "\t" + cells[1]),
            "a cell appended")
    # a key figure, a project and a risk number deleted
    for table, n, index in (("kpis", kpis[4], 2), ("projects", projects[2], 3), ("risks", risks[1], 2)):
        add(f"{table}:L{n}:number_deleted", "number_deleted", table, n,
            _replace_line(lines, n, _set_cell(lines[n - 1], index, "")))
    # rows deleted, duplicated, renamed, swapped
    for n in (finance[4], finance[9], finance[30], finance[-1]):
        add(f"finance:L{n}:row_deleted", "row_deleted", "finance", n, _delete_line(lines, n), lines[n - 1][:40])
        add(f"finance:L{n}:row_duplicated", "row_duplicated", "finance", n, _duplicate_line(lines, n),
            lines[n - 1][:40])
    n = finance[5]
    add(f"finance:L{n}:row_renamed", "row_renamed", "finance", n,
        _replace_line(lines, n, _set_cell(lines[n - 1], 0, "Vuokratuotot")), "label -> 'Vuokratuotot'")
    n = finance[6]
    swapped = list(lines)
    swapped[n - 1], swapped[n] = lines[n], lines[n - 1]
    add(f"finance:L{n}:rows_swapped", "rows_swapped", "finance", n, swapped, "with the next row")
    for table, n in (("kpis", kpis[2]), ("projects", projects[5]), ("risks", risks[2]), ("goals", goals[1])):
        add(f"{table}:L{n}:row_deleted", "row_deleted", table, n, _delete_line(lines, n), lines[n - 1][:40])
        add(f"{table}:L{n}:row_duplicated", "row_duplicated", table, n, _duplicate_line(lines, n), lines[n - 1][:40])
    # headers: deleted, a column renamed, re-dated, an extra column
    for n in (headers[0], headers[2]):
        add(f"finance:L{n}:header_deleted", "header_deleted", "finance", n, _delete_line(lines, n), lines[n - 1][:40])
        add(f"finance:L{n}:header_renamed", "header_renamed", "finance", n,
            _replace_line(lines, n, lines[n - 1].replace("Poikkeama", "Ero", 1)), "Poikkeama -> Ero")
        add(f"finance:L{n}:header_extra_column", "header_extra_column", "finance", n,
            _replace_line(lines, n, lines[n - 1] + "\tHuom."), "a column head appended")
    year_head = _find(lines, lambda t: t.startswith("Selite\t2023"))
    add(f"finance:L{year_head}:header_redated", "header_redated", "finance", year_head,
        _replace_line(lines, year_head, lines[year_head - 1].replace("2023", "2022", 1)), "2023 -> 2022")
    kpi_head = _find(lines, lambda t: t.startswith("Tunnusluku\t"))
    add(f"kpis:L{kpi_head}:header_redated", "header_redated", "kpis", kpi_head,
        _replace_line(lines, kpi_head, lines[kpi_head - 1].replace("Toteutuma 2023", "Toteutuma 2021", 1)),
        "Toteutuma 2023 -> 2021")
    add(f"kpis:L{kpi_head}:header_deleted", "header_deleted", "kpis", kpi_head, _delete_line(lines, kpi_head))
    risk_head = _find(lines, lambda t: t.startswith("Riskiluokka\t"))
    add(f"risks:L{risk_head}:header_renamed", "header_renamed", "risks", risk_head,
        _replace_line(lines, risk_head, lines[risk_head - 1].replace("Riskiarvo", "Arvo", 1)), "Riskiarvo -> Arvo")
    project_head = _find(lines, lambda t: "\tHankkeen nimi" in t)
    add(f"projects:L{project_head}:header_deleted", "header_deleted", "projects", project_head,
        _delete_line(lines, project_head))
    return out


# ------------------------------------------------------------------ running them
@dataclass
class Baseline:
    checks: pl.DataFrame
    tables: dict[str, pl.DataFrame]  # without source_line columns

    @property
    def non_ok(self) -> set[tuple]:
        return set(self.checks.filter(pl.col("verdict") != "ok").select(*CHECK_KEY, "verdict", "difference").rows())


def _published(out: Path) -> dict[str, pl.DataFrame]:
    frames = {}
    for path in sorted(out.glob("*.csv")):
        df = pl.read_csv(path, infer_schema=False)
        frames[path.stem] = df.drop([c for c in ("source_line", "row_order", "kpi_order", "text_id")
                                     if c in df.columns])
    return frames


def run_ingest(content: bytes, work: Path) -> tuple[int, str, Path]:
    """Run the ingest CLI in-process on `content`; return (exit code, stderr, output folder)."""
    from utils.ingest.__main__ import main

    if work.exists():
        shutil.rmtree(work)
    (work / "src").mkdir(parents=True)
    source = work / "src" / RAW_DOCUMENT.name
    source.write_bytes(content)
    out = work / "out"
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--source", str(source), "--out", str(out)])
    return code, err.getvalue(), out


def baseline(work: Path) -> Baseline:
    code, err, out = run_ingest(RAW_DOCUMENT.read_bytes(), work)
    if code != 0:
        raise RuntimeError(f"the unchanged document does not ingest: {err}")
    frames = _published(out)
    return Baseline(pl.read_csv(out / "checks.csv", infer_schema=False), frames)


def evaluate(mutation: Mutation, base: Baseline, work: Path) -> Outcome:
    code, err, out = run_ingest(mutation.content, work)
    if code != 0:
        named = {int(n) for n in LINE_IN_MESSAGE.findall(err)}
        # a changed number must be named exactly; a deleted or added line shifts the lines after it, and a
        # table's header is reported at its heading or its second header line: allow two lines either way
        window = 0 if mutation.kind == "number" else STRUCTURAL_LINE_WINDOW
        if any(abs(n - mutation.line) <= window for n in named):
            return Outcome(mutation, "failed_at_line", code, err.strip())
        return Outcome(mutation, "failed", code, err.strip())
    checks = pl.read_csv(out / "checks.csv", infer_schema=False)
    before = base.non_ok
    new = [r for r in checks.filter(pl.col("verdict") != "ok").iter_rows(named=True)
           if tuple(r[k] for k in (*CHECK_KEY, "verdict", "difference")) not in before]
    if mutation.kind == "number":
        new = [r for r in new if str(mutation.line) in (r["source_line"] or "").split(";")]
    frames = _published(out)
    changed = [name for name, df in frames.items()
               if name != "checks" and (name not in base.tables or not df.equals(base.tables[name]))]
    if new:
        return Outcome(mutation, "caught", code, new_checks=new, changed_files=changed)
    if changed:
        return Outcome(mutation, "visible", code, changed_files=changed,
                       checks_changed=_checks_changed(base.checks, checks, mutation))
    return Outcome(mutation, "silent", code)


def _checks_changed(before: pl.DataFrame, after: pl.DataFrame, mutation: Mutation) -> list[str]:
    """Checks naming the changed line whose verdict or difference changed without a new non-ok verdict
    (e.g. a 1 € rounding difference that the change brings to 0): visible in checks.csv, but no warning."""
    key = list(CHECK_KEY)
    joined = after.join(before, on=key, how="inner", suffix="_before").filter(
        pl.col("source_line").str.split(";").list.contains(str(mutation.line)),
        (pl.col("verdict") != pl.col("verdict_before")) | (pl.col("difference") != pl.col("difference_before")),
    )
    return [f"{r['check']}/{r['service_area']}/{r['account']}/{r['column']}: {r['verdict_before']} "
            f"{r['difference_before']} → {r['verdict']} {r['difference']}" for r in joined.iter_rows(named=True)]


def _evaluate_all(mutations: list[Mutation], base: Baseline, work: Path) -> list[Outcome]:
    return [evaluate(m, base, work) for m in mutations]


def run_all(mutations: list[Mutation], workers: int | None = None) -> list[Outcome]:
    """Every mutation through the ingest, in `workers` processes (one per core, at most 4), each with its own
    folder; outcomes in the mutations' order. The runs are independent: the same outcomes as one after another."""
    workers = min(4, os.cpu_count() or 1) if workers is None else workers
    with tempfile.TemporaryDirectory(prefix="mutations-") as tmp:
        work = Path(tmp)
        base = baseline(work / "base")
        if workers <= 1 or len(mutations) < 2 * workers:
            return _evaluate_all(mutations, base, work / "run")
        chunks = [mutations[i::workers] for i in range(workers)]
        context = multiprocessing.get_context("spawn")  # polars' thread pool does not survive a fork
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
            done = list(pool.map(_evaluate_all, chunks, [base] * workers,
                                 [work / f"run-{i}" for i in range(workers)]))
        outcomes: list[Outcome] = [None] * len(mutations)  # type: ignore[list-item]
        for i, chunk_outcomes in enumerate(done):
            outcomes[i::workers] = chunk_outcomes
        return outcomes


def shares(outcomes: list[Outcome]) -> dict[str, dict]:
    """Per table: how many single-number changes, how many caught, and the share."""
    out: dict[str, dict] = {}
    for table in NUMBER_CELLS:
        rows = [o for o in outcomes if o.mutation.table == table and o.mutation.kind == "number"]
        if not rows:
            continue
        caught = sum(o.is_caught for o in rows)
        verdicts = Counter(o.verdict for o in rows)
        out[table] = {"numbers": len(rows), "caught": caught, "share_caught": round(caught / len(rows), 4),
                      "verdicts": dict(sorted(verdicts.items())),
                      "not_caught": [o.mutation.name + " " + o.mutation.detail for o in rows if not o.is_caught][:12],
                      "not_caught_checks_changed": {o.mutation.name: o.checks_changed for o in rows
                                                    if not o.is_caught and o.checks_changed}}
    return out


def report(quick: bool = False) -> dict:
    """Both sets, tens-digit and units-digit changes: the figures of benchmarks/mutation_report.json."""
    import time

    t0 = time.monotonic()
    tens = run_all(single_number_mutations(position=2))
    units = [] if quick else run_all(single_number_mutations(position=1))
    structural = run_all(structural_mutations())
    return {
        "method": __doc__.strip().split("\n\n")[1],
        "single_number_tens_digit": shares(tens),
        "single_number_units_digit": shares(units) if units else None,
        "structural": {
            "count": len(structural),
            "verdicts": dict(sorted(Counter(o.verdict for o in structural).items())),
            "cases": [o.as_dict() for o in structural],
        },
        "goal": {"finance_share_caught": 1.0},
        "seconds": round(time.monotonic() - t0, 1),
    }
