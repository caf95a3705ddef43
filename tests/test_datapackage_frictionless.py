"""data/datapackage.json validated by the Frictionless reference implementation: every resource's schema, types,
primary keys and hashes against the published files."""

from frictionless import validate

from tests.conftest import DATA_DIR


def test_the_published_package_is_valid():
    report = validate(str(DATA_DIR / "datapackage.json"))  # the repository's, wherever pytest runs
    assert report.valid, [e.note for task in report.tasks for e in task.errors][:10] + [e.note for e in report.errors]


def test_a_damaged_file_makes_it_invalid(data_copy):
    finance = data_copy / "finance.csv"
    lines = finance.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",2023,", ",two thousand,", 1)  # a year that is not an integer
    finance.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not validate(str(data_copy / "datapackage.json")).valid
