"""Reading the published files back, with checks that turn every failure into a clear message.

Plain Python (no streamlit): utils/data.py caches what this returns.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polars as pl

from utils.schema import TABLES, validate_frame

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
REBUILD = "python -m utils.ingest"


class DataError(Exception):
    """A data file is missing, empty, corrupt or out of date. `filename` is relative to the project."""

    def __init__(self, filename: str, problem: str):
        self.filename = filename
        self.problem = problem
        super().__init__(f"{filename}: {problem}")


def read_datapackage(data_dir: Path = DATA_DIR) -> dict:
    path = data_dir / "datapackage.json"
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError("data/datapackage.json", "the file is missing") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise DataError("data/datapackage.json", "the file is not valid JSON") from None
    sources = package.get("sources") if isinstance(package, dict) else None
    if (
        not isinstance(sources, list) or not sources or not isinstance(sources[0], dict)
        or not isinstance(sources[0].get("path"), str) or not isinstance(package.get("resources"), list)
    ):
        raise DataError("data/datapackage.json", "the file does not match its schema")
    return package


def check_raw_document(package: dict, data_dir: Path = DATA_DIR) -> None:
    source = package["sources"][0]
    rel = source["path"]
    path = data_dir / rel
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        raise DataError(f"data/{rel}", "the source document is missing") from None
    if source.get("hash") != f"sha256:{digest}":
        raise DataError(f"data/{rel}", "the source document has changed since the data was built from it")


def read_table(name: str, package: dict, data_dir: Path = DATA_DIR) -> pl.DataFrame:
    table = TABLES[name]
    filename = f"data/{table.path}"
    path = data_dir / table.path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(filename, "the file is missing") from None
    if not raw.strip():
        raise DataError(filename, "the file is empty")
    resource = next((r for r in package["resources"] if isinstance(r, dict) and r.get("name") == name), None)
    if resource is None:
        raise DataError("data/datapackage.json", f"it does not describe {table.path}")
    if resource.get("hash") != "sha256:" + hashlib.sha256(raw).hexdigest():
        raise DataError(filename, "the file differs from the one the data package describes (edited or truncated)")
    try:
        df = pl.read_csv(raw, schema=table.polars_schema)
    except Exception:  # polars raises several kinds for bad CSV; all mean the same to a user
        raise DataError(filename, "the file cannot be read as the expected table") from None
    problems = validate_frame(table, df)
    if problems or df.height != resource.get("rows"):
        raise DataError(filename, "the file does not match its schema")
    return df


def read_all(data_dir: Path = DATA_DIR) -> dict[str, pl.DataFrame]:
    package = read_datapackage(data_dir)
    check_raw_document(package, data_dir)
    return {name: read_table(name, package, data_dir) for name in TABLES}
