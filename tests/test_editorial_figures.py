"""Each editorial figure of configuration is printed on the line it names: a figure cannot outlive its source."""

from tests.conftest import RAW_DOCUMENT
from utils.core import settings
from utils.core.fi_numbers import format_eur


def test_each_editorial_figure_is_printed_on_its_line():
    lines = RAW_DOCUMENT.read_text(encoding="utf-8").split("\n")
    for group in settings.editorial_figures().values():
        for spec in group.values():
            printed = format_eur(spec["amount_eur"]).replace("\u00a0", " ")
            assert printed in lines[spec["source_line"] - 1].replace("\u00a0", " "), spec
