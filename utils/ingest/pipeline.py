"""Run every parser over one document, check it, and write the published files."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from utils.core.schema import TABLES, Table, validate_frame
from utils.ingest.checks import run_checks, run_structure_checks
from utils.ingest.common import MAPPING_PATH, Document, IngestError, load_mapping
from utils.ingest.finance import parse_finance
from utils.ingest.goals import parse_goals
from utils.ingest.kpis import parse_kpis
from utils.ingest.projects import parse_projects
from utils.ingest.risks import parse_risks
from utils.ingest.texts import parse_texts

DATAPACKAGE = "datapackage.json"


@dataclass
class Tables:
    frames: dict[str, pl.DataFrame]
    source_name: str
    source_sha256: str
    mapping: dict


def to_frame(table: Table, rows: list[dict]) -> pl.DataFrame:
    """Rows (dicts) -> a frame with exactly the declared columns and types. Decimal strings become
    Float64 only here, from their exact printed text."""
    # an empty string and a missing value are the same cell in CSV: keep them the same in memory too
    data = {f.name: [None if r.get(f.name) == "" else r.get(f.name) for r in rows] for f in table.fields}
    frame = pl.DataFrame(data, schema={f.name: pl.String if f.type == "number" else f.dtype for f in table.fields})
    return frame.with_columns(pl.col(f.name).cast(pl.Float64) for f in table.fields if f.type == "number")


def build_tables(raw: bytes, source_name: str, mapping_path: Path = MAPPING_PATH,
                 mapping: dict | None = None) -> Tables:
    """The document's tables, checked; `mapping` is the mapping already read from `mapping_path`, if it was."""
    mapping = load_mapping(mapping_path) if mapping is None else mapping
    doc = Document.from_bytes(raw)
    finance = parse_finance(doc, mapping)
    goals = parse_goals(doc, mapping)
    kpis, population = parse_kpis(doc, mapping)
    projects = parse_projects(doc, mapping)
    risks = parse_risks(doc, mapping)
    texts = parse_texts(doc, mapping)  # last: takes every line the tables left
    checks = run_checks(finance, kpis, population, projects) + run_structure_checks(
        finance, kpis, goals, projects, risks, mapping)
    rows = {
        "finance": finance,
        "kpis": kpis,
        "population": [population],
        "goals": goals,
        "projects": projects,
        "risks": risks,
        "texts": texts,
        "checks": checks,
    }
    frames = {name: to_frame(TABLES[name], rows[name]) for name in TABLES}
    for name, df in frames.items():
        _refuse_duplicates(TABLES[name], df)
    problems = [p for name, df in frames.items() for p in validate_frame(TABLES[name], df)]
    if problems:
        raise IngestError(None, "tables that satisfy utils/core/schema.py", "; ".join(problems))
    return Tables(frames, source_name, hashlib.sha256(raw).hexdigest(), mapping)


def _refuse_duplicates(table: Table, df: pl.DataFrame) -> None:
    """A row printed twice (the same key) is refused at the line of its second appearance."""
    if "source_line" not in df.columns or df.is_empty():
        return
    repeated = df.filter(df.select(table.primary_key).is_duplicated())
    if repeated.is_empty():
        return
    lines = sorted({int(part) for value in repeated["source_line"].to_list() for part in value.split(";")})
    key = ", ".join(f"{k}={repeated[k][0]}" for k in table.primary_key)
    raise IngestError(lines[-1] if len(lines) > 1 else lines[0],
                      f"each {table.name} row once; {key} appears again (also on line {lines[0]})")


def datapackage(tables: Tables, csv_bytes: dict[str, bytes]) -> dict:
    doc = tables.mapping["document"]
    resources = []
    for name, table in TABLES.items():
        fields = []
        for f in table.fields:
            field = {"name": f.name, "type": f.type, "description": f.en, "description_fi": f.fi}
            if f.unit:
                field["unit"] = f.unit
            constraints = {}
            if f.required:
                constraints["required"] = True
            if f.enum:
                constraints["enum"] = list(f.enum)
            if constraints:
                field["constraints"] = constraints
            fields.append(field)
        resources.append(
            {
                "name": name,
                "path": table.path,
                "format": "csv",
                "encoding": "utf-8",
                "title": table.en,
                "title_fi": table.fi,
                "rows": tables.frames[name].height,
                "hash": "sha256:" + hashlib.sha256(csv_bytes[name]).hexdigest(),
                "schema": {"fields": fields, "primaryKey": list(table.primary_key),
                           "missingValues": [""]},
            }
        )
    return {
        "name": doc["package_name"],
        "title": doc["title_en"],
        "title_fi": doc["title_fi"],
        "sources": [
            {
                "title": doc["title_fi"],
                "path": f"raw/{tables.source_name}",
                "date": doc["date"],
                "hash": "sha256:" + tables.source_sha256,
            }
        ],
        "licenses": [{"name": "CC-BY-4.0", "title": "Data: Creative Commons Attribution 4.0 (as the source permits)"}],
        "resources": resources,
    }


def csv_bytes_of(df: pl.DataFrame) -> bytes:
    return df.write_csv(line_terminator="\n").encode("utf-8")


def write_tables(tables: Tables, out_dir: Path) -> list[Path]:
    """Write every CSV and the datapackage to a temporary folder beside `out_dir`, then move them in."""
    out_dir.mkdir(parents=True, exist_ok=True)
    payload = {f"{name}.csv": csv_bytes_of(df) for name, df in tables.frames.items()}
    by_name = {name: payload[f"{name}.csv"] for name in tables.frames}
    payload[DATAPACKAGE] = (json.dumps(datapackage(tables, by_name), ensure_ascii=False, indent=2) + "\n").encode()
    tmp = Path(tempfile.mkdtemp(prefix=".ingest-", dir=out_dir))
    try:
        for filename, content in payload.items():
            (tmp / filename).write_bytes(content)
        written = []
        for filename in payload:
            os.replace(tmp / filename, out_dir / filename)
            written.append(out_dir / filename)
        return written
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
