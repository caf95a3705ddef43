"""Reading the published files back, with checks that turn every failure into a clear message.

Plain Python (no streamlit): utils/app/data.py holds what read_snapshot returns, once per process.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from utils.core import paths
from utils.core.schema import TABLES, validate_frame

ROOT = paths.ROOT
DATA_DIR = ROOT / "data"
REBUILD = "python -m utils.ingest"


class DataError(Exception):
    """A data file is missing, empty, corrupt or out of date. `filename` is relative to the project."""

    def __init__(self, filename: str, problem: str):
        self.filename = filename
        self.problem = problem
        super().__init__(f"{filename}: {problem}")


def read_datapackage(data_dir: Path = DATA_DIR) -> dict:
    try:
        raw = (data_dir / "datapackage.json").read_bytes()
    except FileNotFoundError:
        raise DataError("data/datapackage.json", "the file is missing") from None
    return parse_datapackage(raw)


def parse_datapackage(raw: bytes) -> dict:
    try:
        package = json.loads(raw.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise DataError("data/datapackage.json", "the file is not valid JSON") from None
    sources = package.get("sources") if isinstance(package, dict) else None
    if (
        not isinstance(sources, list) or not sources or not isinstance(sources[0], dict)
        or not isinstance(sources[0].get("path"), str) or not isinstance(package.get("resources"), list)
    ):
        raise DataError("data/datapackage.json", "the file does not match its schema")
    return package


def check_raw_document(package: dict, data_dir: Path = DATA_DIR, raw: bytes | None = None) -> None:
    source = package["sources"][0]
    rel = source["path"]
    path = data_dir / rel
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError:
            raise DataError(f"data/{rel}", "the source document is missing") from None
    digest = hashlib.sha256(raw).hexdigest()
    if source.get("hash") != f"sha256:{digest}":
        raise DataError(f"data/{rel}", "the source document has changed since the data was built from it")


def read_table(name: str, package: dict, data_dir: Path = DATA_DIR, raw: bytes | None = None) -> pl.DataFrame:
    table = TABLES[name]
    filename = f"data/{table.path}"
    path = data_dir / table.path
    if raw is None:
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
    return read_snapshot(data_dir).frames


# ------------------------------------------------------------------ one verified snapshot
Signature = tuple[int, int, int]  # (inode, size, mtime in ns) of a file when its bytes were read


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The published data as read and checked once: the tables, the datapackage and the exact bytes of every
    published file, which downloads serve (never the disk at click time). `files` is keyed by the name relative
    to data/ (as exports.data_files lists them); `sha256` by the same names."""

    frames: dict[str, pl.DataFrame]
    package: dict
    files: dict[str, bytes]
    sha256: dict[str, str]
    signatures: dict[str, Signature]
    data_dir: Path
    loaded_at: float = field(default_factory=time.time)


def _read_file(path: Path, missing: DataError) -> tuple[bytes, Signature]:
    """A file's bytes and the signature of the very file they were read from (fstat of the open file)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
            info = os.fstat(fh.fileno())
    except OSError:
        raise missing from None
    return raw, (info.st_ino, info.st_size, info.st_mtime_ns)


def signature(path: Path) -> Signature | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def read_snapshot(data_dir: Path = DATA_DIR) -> Snapshot:
    """Read every published file once, check it against datapackage.json and its schema, and keep its bytes.
    Raises DataError naming the first file that fails."""
    files: dict[str, bytes] = {}
    signatures: dict[str, Signature] = {}
    files["datapackage.json"], signatures["datapackage.json"] = _read_file(
        data_dir / "datapackage.json", DataError("data/datapackage.json", "the file is missing"))
    package = parse_datapackage(files["datapackage.json"])
    rel = package["sources"][0]["path"]
    files[rel], signatures[rel] = _read_file(
        data_dir / rel, DataError(f"data/{rel}", "the source document is missing"))
    check_raw_document(package, data_dir, files[rel])
    frames = {}
    for name, table in TABLES.items():
        files[table.path], signatures[table.path] = _read_file(
            data_dir / table.path, DataError(f"data/{table.path}", "the file is missing"))
        frames[name] = read_table(name, package, data_dir, files[table.path])
    sha256 = {name: hashlib.sha256(raw).hexdigest() for name, raw in files.items()}
    return Snapshot(frames, package, files, sha256, signatures, data_dir)


def changed_on_disk(snapshot: Snapshot) -> list[str]:
    """Names (relative to data/) of the snapshot's files that are no longer on disk as they were read: changed,
    replaced or removed since. Cheap: one stat per file, no reading."""
    return [name for name, sig in snapshot.signatures.items() if signature(snapshot.data_dir / name) != sig]
