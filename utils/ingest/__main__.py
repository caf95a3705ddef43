"""python -m utils.ingest [--source FILE] [--out DIR] [--mapping FILE]

Raw document -> tidy tables -> DIR/*.csv, DIR/checks.csv and DIR/datapackage.json.
Everything is parsed and validated in memory first; files are written to a temporary folder and only
then moved into DIR, so a document that cannot be read leaves DIR as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from utils.ingest.common import MAPPING_PATH, ROOT, IngestError, load_mapping
from utils.ingest.pipeline import build_tables, write_tables

DEFAULT_SOURCE = ROOT / "data" / "raw" / "tilinpaatos-2024-hyvinvointi.txt"
DEFAULT_OUT = ROOT / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.ingest", description=__doc__.splitlines()[2])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the document (text extract)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the CSV files")
    parser.add_argument("--mapping", type=Path, default=MAPPING_PATH, help="codes and English names")
    args = parser.parse_args(argv)
    try:
        raw = args.source.read_bytes()
    except OSError as exc:
        print(f"ingest: cannot read the document {args.source.name}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        load_mapping(args.mapping)
    except (OSError, ValueError) as exc:  # tomllib.TOMLDecodeError is a ValueError
        print(f"ingest: cannot read the mapping {args.mapping.name}: {exc}", file=sys.stderr)
        return 2
    try:
        tables = build_tables(raw, args.source.name, args.mapping)
    except KeyError as exc:
        print(f"ingest: the mapping {args.mapping.name} lacks {exc}; nothing was written", file=sys.stderr)
        return 2
    except IngestError as exc:
        print(f"ingest: {args.source.name}, {exc}", file=sys.stderr)
        print(f"ingest: nothing was written to {args.out}", file=sys.stderr)
        return 1
    written = write_tables(tables, args.out)
    counts = ", ".join(f"{name} {len(df)}" for name, df in tables.frames.items())
    verdicts = tables.frames["checks"]["verdict"].value_counts(sort=True).rows()
    print(f"ingest: wrote {len(written)} files to {args.out} ({counts})")
    print("ingest: checks " + ", ".join(f"{v} {n}" for v, n in verdicts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
