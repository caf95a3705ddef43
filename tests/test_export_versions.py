"""The printable profile is built in the export worker from data/ and config/ as the worker reads them, possibly long
after the app loaded its snapshot: it is built only if they are, file by file, what the app's pages show
(utils.report.fingerprint, utils.app.exports.app_fingerprint), and refused otherwise. The served attack (a data
file regenerated while the app runs) is in tests/test_hostile_visitors.py."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA_DIR
from utils import report
from utils.app import exports
from utils.core.schema import TABLES


def regenerate_consistently(data_dir: Path) -> str:
    """Change one figure of finance.csv and its hash in datapackage.json, as a new ingest would: the files pass
    every check and the source document (the short data version) is unchanged. Returns the changed file's name."""
    finance = data_dir / "finance.csv"
    text = finance.read_text(encoding="utf-8")
    assert ",2023,actual,3015961," in text
    finance.write_text(text.replace(",2023,actual,3015961,", ",2023,actual,3015962,", 1), encoding="utf-8")
    package_path = data_dir / "datapackage.json"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["path"] == "finance.csv":
            resource["hash"] = "sha256:" + hashlib.sha256(finance.read_bytes()).hexdigest()
    package_path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return "finance.csv"


@pytest.fixture
def fresh_inputs():
    report._inputs.cache_clear()
    yield
    report._inputs.cache_clear()


def test_the_fingerprint_covers_every_data_file_and_the_report_configuration(fresh_inputs):
    app = exports.app_fingerprint()
    names = {f"data/{t.path}" for t in TABLES.values()} | {"data/datapackage.json"}
    assert names < set(app) and any(name.startswith("data/raw/") for name in app)
    assert {"config/mapping.toml", "config/profile.toml"} < set(app)
    assert report._inputs().fingerprint == app  # the worker's reading of the same files: the same
    report.check_inputs(report._inputs().version, app)  # nothing to refuse


@pytest.mark.parametrize("name", ["data/finance.csv", "data/datapackage.json", "config/profile.toml",
                                  "config/mapping.toml"])
def test_a_difference_in_any_file_refuses_the_report_naming_it(fresh_inputs, name):
    expected = {**exports.app_fingerprint(), name: "0" * 64}
    with pytest.raises(report.DataVersionMismatch, match=name.replace(".", r"\.") + " differs"):
        report.build_profile_pdf("HYTE", "en", "", report._inputs().version, expected)


def test_data_regenerated_after_the_app_loaded_is_refused(tmp_path, monkeypatch, fresh_inputs):
    """The case the data version alone (the source document's hash) missed: data/*.csv made anew, consistently,
    from the same document."""
    app = exports.app_fingerprint()  # what the app's pages show
    version = report._inputs().version
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    changed = regenerate_consistently(copy)
    monkeypatch.setattr(report, "DATA_DIR", copy)  # the files on disk now: the regenerated ones
    report._inputs.cache_clear()  # a worker (re)started after the change reads them
    with pytest.raises(report.DataVersionMismatch, match=f"data/{changed}.*differ"):
        report.build_profile_pdf("VAKA", "fi", "", version, app)
    assert report._inputs().version == version  # the short version alone would not have noticed
    monkeypatch.setattr(report, "DATA_DIR", DATA_DIR)  # the files back as the app read them: built again
    assert report.build_profile_pdf("VAKA", "fi", "", version, app).startswith(b"%PDF")
