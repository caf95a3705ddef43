"""python -m utils.ingest [--source FILE] [--out DIR] [--mapping FILE]

Raw document -> tidy tables -> DIR/*.csv, DIR/checks.csv and DIR/datapackage.json.
Everything is parsed and validated in memory first; files are written to a temporary folder and only
then moved into DIR, so a document that cannot be read leaves DIR as it was. Every mistake on the command line
(a missing or oversized file, an output path that is a file, a mapping value of the wrong type) ends with one
line on stderr and a non-zero exit, never a traceback (so does an --out the operating system refuses to look at,
and a mapping nested too deeply to read).
"""

from __future__ import annotations

import argparse
import stat
import sys
import tomllib
from pathlib import Path

from utils.core import settings
from utils.ingest.common import MAPPING_PATH, ROOT, IngestError, load_mapping
from utils.ingest.pipeline import build_tables, write_tables

DEFAULT_SOURCE = settings.raw_path()
DEFAULT_OUT = ROOT / "data"
MAX_SOURCE_BYTES = 5 * 1024 * 1024  # the document is about 50 kB: a hundred times that is not a statement
MAX_MAPPING_BYTES = 1024 * 1024


class UsageError(Exception):
    """A mistake on the command line: the message is the whole story."""


def read_limited(path: Path, what: str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is a UsageError naming it."""
    try:
        info = path.stat()
    except OSError as exc:
        raise UsageError(f"cannot read the {what} {path.name or path}: {exc.strerror or exc}") from None
    except ValueError:  # a path the operating system cannot name
        raise UsageError(f"cannot read the {what}: the path is not valid") from None
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"cannot read the {what} {path.name or path}: it is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"cannot read the {what} {path.name}: it is not a regular file")
    if info.st_size > limit:
        raise UsageError(f"the {what} {path.name} is {info.st_size / 1e6:.1f} MB, more than the limit of "
                         f"{limit / 1e6:.0f} MB")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise UsageError(f"cannot read the {what} {path.name}: {exc.strerror or exc}") from None
    if len(raw) > limit:  # grew after the stat
        raise UsageError(f"the {what} {path.name} is more than the limit of {limit / 1e6:.0f} MB")
    return raw


OUT_HINT = "name a folder that exists or can be created with --out"


def check_out(out: Path) -> None:
    """The output must be a folder or a path that can become one: not a file, not under a file, and a path the
    operating system can look at (a name too long, a folder that may not be searched: one line, no traceback)."""
    try:
        _check_out(out)
    except OSError as exc:
        raise UsageError(f"cannot write to {out}: {exc.strerror or exc}; {OUT_HINT}") from None
    except ValueError:  # a path the operating system cannot name (a NUL byte)
        raise UsageError(f"cannot write to the --out path: it is not a valid path; {OUT_HINT}") from None


def _check_out(out: Path) -> None:
    for folder in [out, *out.parents]:
        if folder.is_symlink() and not folder.exists():
            where = "is" if folder == out else f"is under {folder.name}, which is"
            raise UsageError(f"cannot write to {out}: it {where} a link to nothing; {OUT_HINT}")
        if folder.exists():
            if not folder.is_dir():
                where = "is a file" if folder == out else f"is under {folder.name}, which is a file"
                raise UsageError(f"cannot write to {out}: it {where}, not a folder; {OUT_HINT}")
            return


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "table"
    return type(value).__name__


def shape_problem(given, template, path: str = "") -> str | None:
    """Where `given` (a mapping read from TOML) has a value of another kind than the committed mapping has in the
    same place, as 'accounts.TULOT.en should be text, not number'; None if every value is of its kind.

    Tables whose values are all tables or lists (areas, accounts) are keyed by data: a new key there is judged
    against the template's first entry. Keys the template does not have elsewhere are not judged (unused)."""
    if _kind(given) != _kind(template):
        return f"{path or 'the mapping'} should be {_kind(template)}, not {_kind(given)}"
    if isinstance(template, dict):
        keyed_by_data = bool(template) and all(isinstance(v, (dict, list)) for v in template.values()) \
            and len({_kind(v) for v in template.values()}) == 1
        for key, value in given.items():
            sample = template.get(key, next(iter(template.values())) if keyed_by_data else None)
            if sample is not None:
                problem = shape_problem(value, sample, f"{path}.{key}" if path else str(key))
                if problem:
                    return problem
    elif isinstance(template, list) and template and len({_kind(v) for v in template}) == 1:
        for i, item in enumerate(given):
            problem = shape_problem(item, template[0], f"{path}[{i}]")
            if problem:
                return problem
    return None


def read_mapping(path: Path) -> dict:
    raw = read_limited(path, "mapping", MAX_MAPPING_BYTES)
    try:
        mapping = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise UsageError(f"cannot read the mapping {path.name}: it is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"cannot read the mapping {path.name}: {exc}") from None
    except RecursionError:  # tables or lists nested thousands of levels deep
        raise UsageError(f"cannot read the mapping {path.name}: its tables or lists are nested too deeply; "
                         "a mapping has a few levels (see config/mapping.toml)") from None
    if path.resolve() != MAPPING_PATH.resolve():
        try:
            template = load_mapping(MAPPING_PATH)
        except (OSError, ValueError):
            template = None
        problem = shape_problem(mapping, template) if template is not None else None
        if problem:
            raise UsageError(f"the mapping {path.name} has a value of the wrong type: {problem}; nothing was written")
    return mapping


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.ingest", description=__doc__.splitlines()[2])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the document (text extract)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the CSV files")
    parser.add_argument("--mapping", type=Path, default=MAPPING_PATH, help="codes and English names")
    args = parser.parse_args(argv)
    try:
        raw = read_limited(args.source, "document", MAX_SOURCE_BYTES)
        mapping = read_mapping(args.mapping)
        check_out(args.out)
    except UsageError as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 2
    try:
        tables = build_tables(raw, args.source.name, args.mapping, mapping)
    except KeyError as exc:
        print(f"ingest: the mapping {args.mapping.name} lacks {exc}; nothing was written", file=sys.stderr)
        return 2
    except (TypeError, AttributeError, ValueError, RecursionError) as exc:  # a value the shape check could not judge
        print(f"ingest: {args.source.name} cannot be read with the mapping {args.mapping.name} "
              f"({type(exc).__name__}: {str(exc)[:200]}); nothing was written", file=sys.stderr)
        return 2
    except IngestError as exc:
        print(f"ingest: {args.source.name}, {exc}", file=sys.stderr)
        print(f"ingest: nothing was written to {args.out}", file=sys.stderr)
        return 1
    try:
        written = write_tables(tables, args.out)
    except OSError as exc:
        print(f"ingest: cannot write to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    counts = ", ".join(f"{name} {len(df)}" for name, df in tables.frames.items())
    verdicts = tables.frames["checks"]["verdict"].value_counts(sort=True).rows()
    print(f"ingest: wrote {len(written)} files to {args.out} ({counts})")
    print("ingest: checks " + ", ".join(f"{v} {n}" for v, n in verdicts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
