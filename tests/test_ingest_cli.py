"""python -m utils.ingest end to end: reproducing the committed files, catching changed figures,
refusing broken documents without touching the output folder, and reading the files back (utils/core/loading.py)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import DATA_DIR, PROJECT_ROOT, RAW_DOCUMENT
from utils.core.loading import DataError, read_all
from utils.core.schema import TABLES
from utils.ingest.__main__ import main

PUBLISHED = sorted([f"{name}.csv" for name in TABLES] + ["datapackage.json"])
CHECK_KEY = ["check", "statement", "service_area", "account", "column"]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "utils.ingest", *args],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones included) -> its bytes; folders -> None."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def raw_lines() -> list[str]:
    return RAW_DOCUMENT.read_bytes().decode("utf-8").split("\n")


def write_source(tmp_path: Path, lines: list[str] | bytes) -> Path:
    """A changed copy of the document, under the document's own name."""
    folder = tmp_path / "src"
    folder.mkdir(exist_ok=True)
    path = folder / RAW_DOCUMENT.name
    path.write_bytes(lines if isinstance(lines, bytes) else "\n".join(lines).encode("utf-8"))
    return path


def change_cell(lines: list[str], line_no: int, old: str, new: str) -> list[str]:
    text = lines[line_no - 1]
    assert text.count(old) == 1, (line_no, old, text)
    out = list(lines)
    out[line_no - 1] = text.replace(old, new)
    return out


# ================================================================== reproducing the committed files
def test_ingest_reproduces_the_committed_files(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == PUBLISHED  # no temporary folder left behind
    for name in PUBLISHED:
        assert (out / name).read_bytes() == (DATA_DIR / name).read_bytes(), name
    stdout = capsys.readouterr().out
    assert "wrote 9 files" in stdout


def test_ingest_twice_gives_identical_bytes(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["--source", str(RAW_DOCUMENT), "--out", str(first)]) == 0
    assert main(["--source", str(RAW_DOCUMENT), "--out", str(second)]) == 0
    assert snapshot(first) == snapshot(second)
    assert main(["--source", str(RAW_DOCUMENT), "--out", str(first)]) == 0  # over its own output
    assert snapshot(first) == snapshot(second)


def test_cli_as_a_subprocess(tmp_path):
    out = tmp_path / "out"
    result = run_cli("--source", str(RAW_DOCUMENT), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "finance 237" in result.stdout
    assert "ingest: checks ok " in result.stdout and "discrepancy" in result.stdout
    for name in PUBLISHED:
        assert (out / name).read_bytes() == (DATA_DIR / name).read_bytes(), name


def test_datapackage_hashes_describe_the_files():
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert package["sources"][0]["hash"] == "sha256:" + hashlib.sha256(RAW_DOCUMENT.read_bytes()).hexdigest()
    assert package["sources"][0]["path"] == f"raw/{RAW_DOCUMENT.name}"
    assert [r["name"] for r in package["resources"]] == list(TABLES)
    for resource in package["resources"]:
        raw = (DATA_DIR / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
        assert resource["rows"] == pl.read_csv(raw, infer_schema=False).height > 0
        assert [f["name"] for f in resource["schema"]["fields"]] == TABLES[resource["name"]].columns


# ================================================================== a changed figure is caught
@pytest.fixture(scope="module")
def committed_discrepancies() -> set[tuple]:
    checks = pl.read_csv(DATA_DIR / "checks.csv", infer_schema=False)
    return set(checks.filter(pl.col("verdict") == "discrepancy").select(CHECK_KEY).rows())


MUTATIONS = {
    # a line item: Myyntituotot, sector, 2024 actual
    "line_item": (116, "<b>942 313</b>", "<b>942 413</b>",
                  ("deviation", "income_statement", "ALL", "Myyntituotot")),
    # a subtotal: Toimintatuotot of OPKOU, 2023 actual
    "subtotal": (170, "<b>1 100 770</b>", "<b>1 100 870</b>",
                 ("sum_of_lines", "income_statement", "OPKOU", "Toimintatuotot")),
    # a margin printed in the sector statement and in the budget summary
    "margin": (128, "<b>-29 791 705</b>", "<b>-29 791 805</b>",
               ("margin", "income_statement", "ALL", "Toimintakate")),
    # a Poikkeama: Maksutuotot of VAKA
    "poikkeama": (193, "\t13 584\t", "\t13 684\t", ("deviation", "income_statement", "VAKA", "Maksutuotot")),
    # a Toteuma %: Maksutuotot of VIRE
    "toteuma_pct": (219, "\t132,54", "\t132,64", ("realization_pct", "income_statement", "VIRE", "Maksutuotot")),
    # an area's 2023 figure that only the sums can catch
    "area_2023": (224, "\t-1 671 607\t", "\t-1 671 707\t",
                  ("areas_sum_to_sector", "income_statement", "ALL", "Henkilöstökulut")),
    # investments: Menot, Toteuma 1-12
    "investments": (252, "\t-36 225\t", "\t-36 325\t", ("deviation", "investments", "ALL", "Menot")),
    "investments_pct": (253, "\t13,4", "\t14,4", ("realization_pct", "investments", "ALL", "Netto")),
    # the budget summary against the income statement
    "budget_summary": (107, "\t2 688 600\t", "\t2 688 700\t",
                       ("summary_equals_statement", "budget_summary", "ALL", "TULOT")),
    # a per-resident key figure against Toimintakate / population
    "per_resident": (316, "\t244", "\t245", ("per_resident", "kpis", "VIRE",
                                            "Virikkeellinen elämä nettokustannukset €/asukas")),
}


@pytest.mark.parametrize("case", list(MUTATIONS))
def test_changed_figure_creates_a_discrepancy(tmp_path, capsys, committed_discrepancies, case):
    line_no, old, new, (check, statement, area, account) = MUTATIONS[case]
    source = write_source(tmp_path, change_cell(raw_lines(), line_no, old, new))
    out = tmp_path / "out"
    assert main(["--source", str(source), "--out", str(out)]) == 0
    checks = pl.read_csv(out / "checks.csv", infer_schema=False)
    discrepancies = checks.filter(pl.col("verdict") == "discrepancy")
    new_rows = [r for r in discrepancies.iter_rows(named=True)
                if tuple(r[k] for k in CHECK_KEY) not in committed_discrepancies]
    assert new_rows, "the changed figure was not caught"
    named = [r for r in new_rows
             if (r["check"], r["statement"], r["service_area"], r["account"]) == (check, statement, area, account)]
    assert named, [(r["check"], r["service_area"], r["account"]) for r in new_rows]
    assert all(str(line_no) in r["source_line"].split(";") for r in named)
    assert f"discrepancy {len(discrepancies)}" in capsys.readouterr().out


def test_unchanged_copy_creates_no_new_discrepancy(tmp_path, committed_discrepancies):
    source = write_source(tmp_path, RAW_DOCUMENT.read_bytes())
    out = tmp_path / "out"
    assert main(["--source", str(source), "--out", str(out)]) == 0
    checks = pl.read_csv(out / "checks.csv", infer_schema=False)
    assert set(checks.filter(pl.col("verdict") == "discrepancy").select(CHECK_KEY).rows()) == committed_discrepancies


# ================================================================== a broken document changes nothing
def _truncated_mid_row() -> bytes:
    raw = RAW_DOCUMENT.read_bytes()
    cut = raw.index("Henkilöstökulut\t-19 709 683\t-19 268 600".encode("utf-8"))
    return raw[: cut + len("Henkilöstökulut\t-19 709 683\t-19 268 600".encode("utf-8"))]


def _without_lines(*numbers: int) -> bytes:
    return "\n".join(t for i, t in enumerate(raw_lines(), start=1) if i not in numbers).encode("utf-8")


def _with_line(number: int, text: str) -> bytes:
    lines = raw_lines()
    lines[number - 1] = text
    return "\n".join(lines).encode("utf-8")


def _undecodable_at(number: int) -> bytes:
    lines = RAW_DOCUMENT.read_bytes().split(b"\n")
    lines[number - 1] += b" \xff"
    return b"\n".join(lines)


BROKEN = {
    # the file ends in the middle of a table row (line 122: Henkilöstökulut has no 2024 actual)
    "truncated_mid_row": (_truncated_mid_row, "line 122"),
    # the HYTE table has lost its two header lines: nothing from the heading (line 140) on has them
    "header_deleted": (lambda: _without_lines(142, 143), "line 141"),
    # a row no mapping names
    "unknown_account": (lambda: _with_line(117, "Vuokratuotot\t809 343\t728 800\t<b>824 149</b>\t-95 349\t113,08"),
                        "line 117"),
    # a figure that is not a number
    "not_a_number": (lambda: _with_line(199, "Palvelujen ostot\t-1 190 120\t-1 023 7OO\t<b>-1 071 441</b>\t"
                                              "47 741\t104,66"), "line 199"),
    # a column head that is not known
    "unknown_column": (lambda: _with_line(251, "HYVINVOINTI\tTP2023\tTA 2024\tEnnuste\tPoikkeama\tToteuma %"),
                       "line 251"),
    # bytes that are not UTF-8
    "undecodable": (lambda: _undecodable_at(200), "line 200"),
}


@pytest.fixture
def populated_out(tmp_path) -> Path:
    """An output folder holding the committed files and a sentinel, as a real data/ folder would."""
    out = tmp_path / "out"
    out.mkdir()
    for name in PUBLISHED:
        shutil.copy2(DATA_DIR / name, out / name)
    (out / "sentinel.txt").write_bytes(b"keep me\n")
    return out


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_document_exits_nonzero_and_writes_nothing(tmp_path, populated_out, case):
    make, where = BROKEN[case]
    source = write_source(tmp_path, make())
    before = snapshot(populated_out)
    result = run_cli("--source", str(source), "--out", str(populated_out))
    assert result.returncode == 1
    assert where in result.stderr, result.stderr
    assert RAW_DOCUMENT.name in result.stderr
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert snapshot(populated_out) == before


def test_document_truncated_between_tables(tmp_path, populated_out, capsys):
    """Cut after a whole row: the next table's heading is missing, which the message says."""
    source = write_source(tmp_path, "\n".join(raw_lines()[:125]).encode("utf-8"))
    before = snapshot(populated_out)
    assert main(["--source", str(source), "--out", str(populated_out)]) == 1
    err = capsys.readouterr().err
    assert "HYVINVOINNIN JA TERVEYDEN EDISTÄMISEN PALVELUALUE" in err
    assert snapshot(populated_out) == before


def test_missing_source(tmp_path, populated_out, capsys):
    before = snapshot(populated_out)
    assert main(["--source", str(tmp_path / "nope.txt"), "--out", str(populated_out)]) == 2
    assert "cannot read the document nope.txt" in capsys.readouterr().err
    assert snapshot(populated_out) == before


def test_missing_mapping_writes_nothing(tmp_path):
    out = tmp_path / "out"
    result = run_cli("--mapping", str(tmp_path / "missing.toml"), "--out", str(out))
    assert result.returncode != 0
    assert not out.exists()


def test_failed_run_leaves_no_temporary_folder(tmp_path, populated_out):
    source = write_source(tmp_path, _truncated_mid_row())
    run_cli("--source", str(source), "--out", str(populated_out))
    assert not [p for p in populated_out.iterdir() if p.name.startswith(".ingest-")]


# ================================================================== reading the files back
def test_read_all_on_a_copy(data_copy):
    frames = read_all(data_copy)
    assert frames["finance"].height == 237
    assert frames["population"]["population"].to_list() == [17827]


def _rehash(data_dir: Path, name: str) -> None:
    """Make datapackage.json describe the (damaged) CSV, so that reading gets past the hash check."""
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["name"] == name:
            resource["hash"] = "sha256:" + hashlib.sha256((data_dir / f"{name}.csv").read_bytes()).hexdigest()
    (data_dir / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")


# each damages one file of the copy and returns the file the error must name
FINANCE = "data/finance.csv"
DATAPACKAGE = "data/datapackage.json"


def _rewrite_finance(data_dir: Path, change, rehash: bool = False) -> str:
    """Write finance.csv as change(its bytes); with rehash, make datapackage.json describe the result."""
    finance = data_dir / "finance.csv"
    finance.write_bytes(change(finance.read_bytes()))
    if rehash:
        _rehash(data_dir, "finance")
    return FINANCE


def _first_half(text: bytes) -> bytes:
    return text[: len(text) // 2]


def _text_in_amount(text: bytes) -> bytes:
    return text.replace(b",3015961,", b",kolme miljoonaa,", 1)


def _bad_code(text: bytes) -> bytes:
    return text.replace(b"budget_summary,ALL,TULOT,2023,actual", b"budget_summary,ALL,TULOT,2023,ennuste", 1)


def _duplicate_rows(text: bytes) -> bytes:
    return text + text.split(b"\n", 1)[1]


def _missing_column(text: bytes) -> bytes:
    lines = text.decode("utf-8").split("\n")
    return "\n".join(",".join(line.split(",")[:5]) for line in lines).encode("utf-8")


def _missing_file(data_dir: Path) -> str:
    (data_dir / "kpis.csv").unlink()
    return "data/kpis.csv"


def _empty_file(data_dir: Path) -> str:
    (data_dir / "goals.csv").write_bytes(b"")
    return "data/goals.csv"


def _blank_file(data_dir: Path) -> str:
    (data_dir / "risks.csv").write_bytes(b"\n \n")
    return "data/risks.csv"


def _binary_rehashed(data_dir: Path) -> str:
    (data_dir / "texts.csv").write_bytes(b"\xff\xfe\x00\x01 not a csv")
    _rehash(data_dir, "texts")
    return "data/texts.csv"


def _raw_changed(data_dir: Path) -> str:
    raw = data_dir / "raw" / RAW_DOCUMENT.name
    raw.write_bytes(raw.read_bytes().replace(b"942 313", b"942 413", 1))
    return f"data/raw/{RAW_DOCUMENT.name}"


def _raw_missing(data_dir: Path) -> str:
    (data_dir / "raw" / RAW_DOCUMENT.name).unlink()
    return f"data/raw/{RAW_DOCUMENT.name}"


def _datapackage_missing(data_dir: Path) -> str:
    (data_dir / "datapackage.json").unlink()
    return DATAPACKAGE


def _datapackage_not_json(data_dir: Path) -> str:
    package = data_dir / "datapackage.json"
    package.write_bytes(package.read_bytes()[:100])
    return DATAPACKAGE


def _datapackage_without_resource(data_dir: Path) -> str:
    package = data_dir / "datapackage.json"
    data = json.loads(package.read_text(encoding="utf-8"))
    data["resources"] = [r for r in data["resources"] if r["name"] != "projects"]
    package.write_text(json.dumps(data), encoding="utf-8")
    return DATAPACKAGE


DAMAGES = {
    "missing_file": _missing_file,
    "empty_file": _empty_file,
    "blank_file": _blank_file,
    "truncated_csv": lambda d: _rewrite_finance(d, _first_half),
    "truncated_csv_rehashed": lambda d: _rewrite_finance(d, _first_half, rehash=True),
    "text_in_amount": lambda d: _rewrite_finance(d, _text_in_amount),
    "text_in_amount_rehashed": lambda d: _rewrite_finance(d, _text_in_amount, rehash=True),
    "bad_code_rehashed": lambda d: _rewrite_finance(d, _bad_code, rehash=True),
    "duplicate_rows_rehashed": lambda d: _rewrite_finance(d, _duplicate_rows, rehash=True),
    "missing_column_rehashed": lambda d: _rewrite_finance(d, _missing_column, rehash=True),
    "binary_rehashed": _binary_rehashed,
    "raw_changed": _raw_changed,
    "raw_missing": _raw_missing,
    "datapackage_missing": _datapackage_missing,
    "datapackage_not_json": _datapackage_not_json,
    "datapackage_without_resource": _datapackage_without_resource,
}


def _damage(data_dir: Path, case: str) -> str:
    """Damage the copy; return the file the error must name."""
    if case not in DAMAGES:
        raise AssertionError(case)
    return DAMAGES[case](data_dir)


LOADING_CASES = [
    "missing_file", "empty_file", "blank_file", "truncated_csv", "truncated_csv_rehashed", "text_in_amount",
    "text_in_amount_rehashed", "bad_code_rehashed", "duplicate_rows_rehashed", "missing_column_rehashed",
    "binary_rehashed", "raw_changed", "raw_missing", "datapackage_missing", "datapackage_not_json",
    "datapackage_without_resource",
]


@pytest.mark.parametrize("case", LOADING_CASES)
def test_read_all_reports_damage_as_data_error(data_copy, case):
    filename = _damage(data_copy, case)
    with pytest.raises(DataError) as info:  # any other exception fails the test
        read_all(data_copy)
    assert info.value.filename == filename
    assert str(info.value).startswith(filename + ": ")
    assert info.value.problem
    assert PROBLEM_WORDS.get(case, "") in info.value.problem


PROBLEM_WORDS = {
    "missing_file": "missing", "empty_file": "empty", "blank_file": "empty", "truncated_csv": "differs",
    "text_in_amount": "differs", "raw_changed": "changed", "raw_missing": "missing",
    "datapackage_missing": "missing", "datapackage_not_json": "JSON", "datapackage_without_resource": "projects.csv",
}


# ================================================================== command-line mistakes: one line, no traceback
def _one_line_refusal(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ingest: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert result.stdout == ""


def test_out_naming_an_existing_file(tmp_path):
    target = tmp_path / "finance.csv"
    target.write_bytes(b"keep me\n")
    _one_line_refusal(run_cli("--out", str(target)), "is a file")
    assert target.read_bytes() == b"keep me\n"


def test_out_under_a_file(tmp_path):
    (tmp_path / "plain").write_bytes(b"keep me\n")
    _one_line_refusal(run_cli("--out", str(tmp_path / "plain" / "sub" / "out")), "under plain")
    assert (tmp_path / "plain").read_bytes() == b"keep me\n"


@pytest.mark.parametrize("source", ["folder", "/dev/zero", "too-long-name"])
def test_unreadable_source(tmp_path, source):
    path = {"folder": str(tmp_path), "too-long-name": str(tmp_path / ("a" * 300))}.get(source, source)
    out = tmp_path / "out"
    _one_line_refusal(run_cli("--source", path, "--out", str(out)), "cannot read the document")
    assert not out.exists()


def test_oversized_source(tmp_path):
    from utils.ingest.__main__ import MAX_SOURCE_BYTES

    big = tmp_path / "big.txt"
    big.write_bytes(RAW_DOCUMENT.read_bytes() * (MAX_SOURCE_BYTES // len(RAW_DOCUMENT.read_bytes()) + 1))
    out = tmp_path / "out"
    _one_line_refusal(run_cli("--source", str(big), "--out", str(out)), "more than the limit of 5 MB")
    assert not out.exists()


MAPPING_TEXT = (PROJECT_ROOT / "config" / "mapping.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("change, where", [
    (lambda text: "areas = 5\n" + text.split("[areas.ALL]")[0].split("[document]")[0] + "\n", "areas should be table"),
    (lambda text: text.replace('en = "Revenue"', "en = 3", 1), "accounts.TULOT.en should be text, not number"),
    (lambda text: text.replace('aliases = ["Hyvinvointilautakunnan toimiala"', 'aliases = 7 # ["', 1),
     "areas.ALL.aliases should be list"),
])
def test_mapping_with_a_wrong_type(tmp_path, change, where):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(change(MAPPING_TEXT), encoding="utf-8")
    out = tmp_path / "out"
    _one_line_refusal(run_cli("--mapping", str(mapping), "--out", str(out)), "wrong type", where)
    assert not out.exists()


def test_an_unchanged_copy_of_the_mapping_passes_the_type_check(tmp_path):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING_TEXT, encoding="utf-8")
    assert main(["--mapping", str(mapping), "--out", str(tmp_path / "out")]) == 0


@pytest.mark.parametrize("below", ["", "sub/out"])
def test_out_with_a_name_too_long(tmp_path, below):
    """ENAMETOOLONG (an --out whose name, or a folder above it, is longer than the file system allows)."""
    target = tmp_path / ("a" * 300) / below if below else tmp_path / ("a" * 300)
    _one_line_refusal(run_cli("--out", str(target)), f"cannot write to {target}", "too long", "--out")
    assert sorted(tmp_path.iterdir()) == []


def test_out_the_operating_system_refuses_to_look_at(tmp_path, monkeypatch, capsys):
    """Any other OSError while looking at --out (EACCES: a folder above it may not be searched; root can search
    every folder, so the refusal is made here by hand): one line naming the path and what to do."""
    target = tmp_path / "locked" / "out"

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "exists", refuse)
    monkeypatch.setattr(Path, "is_symlink", refuse)
    assert main(["--out", str(target)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"ingest: cannot write to {target}: Permission denied"), err
    assert "--out" in err[0]


def test_out_a_link_to_nothing(tmp_path):
    (tmp_path / "dangling").symlink_to(tmp_path / "nothing")
    _one_line_refusal(run_cli("--out", str(tmp_path / "dangling")), "a link to nothing")
    _one_line_refusal(run_cli("--out", str(tmp_path / "dangling" / "sub")), "under dangling", "a link to nothing")
    assert not (tmp_path / "nothing").exists()


@pytest.mark.parametrize("nested", ["x = " + "[" * 5000 + "]" * 5000, "x = " + "{a = " * 5000 + "1" + "}" * 5000],
                         ids=["lists", "inline tables"])
def test_mapping_nested_thousands_of_levels_deep(tmp_path, nested):
    """tomllib reads nested values recursively: a RecursionError, made a one-line refusal."""
    mapping = tmp_path / "deep.toml"
    mapping.write_text(nested + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("--mapping", str(mapping), "--out", str(out))
    assert "Traceback" not in result.stderr and result.returncode == 2, result.stderr[-2000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "deep.toml" in lines[0] and "nested too deeply" in lines[0], lines
    assert not out.exists()
