"""The small questions pages hand their logic to: glossary search, a download's name and type, the goals' tally."""

import polars as pl

from utils.app import data
from utils.questions import document_text, goal_table, search


def test_glossary_terms_match_term_or_text_case_insensitively():
    terms = [("Talousarvio", "Budget"), ("Toteuma", "Actual figures"), ("Hanke", "A project")]
    assert search.matching_terms(terms, "  ACTUAL ") == [("Toteuma", "Actual figures")]
    assert search.matching_terms(terms, "") == terms
    assert search.matching_terms(terms, "nothing") == []


def test_a_published_file_downloads_under_its_own_name_and_type():
    assert data.download_of("datapackage.json") == ("datapackage.json", "application/json")
    assert data.download_of("raw/document.txt") == ("document.txt", "text/plain")
    assert data.download_of("finance.csv") == ("finance.csv", "text/csv")


def test_first_source_line():
    assert document_text.first_line("118;119") == "118"


def test_status_tally_names_other_statuses_only_when_they_have_rows():
    counts = pl.DataFrame({"status_group": [goal_table.MET, goal_table.PARTLY, goal_table.EMPTY_GROUP, "Kesken", "X"],
                           "count": [3, 0, 2, 1, 0]})
    assert goal_table.status_tally(counts) == {"met": 3, "partly": 0, "empty": 2, "other": {"Kesken": 1}}
