"""The tools that measured issue 11: which tests count as old (suite_times) and what differs between two
renderings of the pages (move_pinned)."""

from __future__ import annotations

from benchmarks import move_pinned, suite_times


def test_only_changed_page_states_are_reported_with_their_lines():
    before = {"budget|0": ["title: Talousarvio", "markdown: 1 234 €"], "about|0": ["title: Tietoa"]}
    after = {"budget|0": ["title: Talousarvio", "markdown: 1 235 €"], "about|0": ["title: Tietoa"],
             "profile|0": ["title: Profiili"]}
    changed = move_pinned.differences(before, after)
    assert set(changed) == {"budget|0", "profile|0"}
    assert changed["budget|0"] == ["-markdown: 1 234 €", "+markdown: 1 235 €"]
    assert changed["profile|0"] == ["-(no such page)", "+title: Profiili"]


def test_old_tests_are_the_ids_before_the_renamed_files_and_the_rewrites():
    before = {"tests/test_plans.py::test_a": ("tests/test_plans.py", 1.0),
              "tests/test_bad_urls.py::test_x[1]": ("tests/test_bad_urls.py", 1.0)}
    old_files = {"tests/test_plans.py", "tests/test_bad_urls.py"}
    assert suite_times.is_old("tests/test_goals_projects_risks.py::test_a", before, old_files)  # renamed file
    assert suite_times.is_old("tests/test_bad_urls.py::test_parser[2]", before, old_files)  # a rewrite
    assert not suite_times.is_old("tests/test_profile.py::test_a", before, old_files)  # a file added since
    # a test another issue added to an old file
    assert not suite_times.is_old("tests/test_plans.py::test_spend_realisation_in_the_languages_format", before,
                                  old_files)
