"""The claim model: direction words follow sign *and* side, zero budgets, ties, judgement and per resident."""

import polars as pl
import pytest

from utils.questions import claims

ACCOUNTS = {
    "Tuet ja avustukset": {"shown_as": "income"},
    "Henkilöstökulut": {"shown_as": "cost"},
    "Toimintakate": {"shown_as": "cost", "side": "net"},
}


def row(account, actual, budget, previous=None, area="ALL"):
    return {"account": account, "service_area": area, "shown_actual_eur": actual, "shown_budget_eur": budget,
            "shown_actual_2023_eur": previous, "source_line": "118"}


@pytest.mark.parametrize(
    ("account", "actual", "budget", "direction", "favourable", "fi", "en"),
    [
        ("Tuet ja avustukset", 597_673, 1_140_700, "under", False, "tuotot 543 027 € alle talousarvion",
         "income €543,027 short of budget"),
        ("Tuet ja avustukset", 1_200_000, 1_140_700, "over", True, "tuotot 59 300 € yli talousarvion",
         "income €59,300 above budget"),
        ("Henkilöstökulut", 19_015_057, 19_268_600, "under", True, "kulut 253 543 € alle talousarvion",
         "costs €253,543 under budget"),
        ("Henkilöstökulut", 19_300_000, 19_268_600, "over", False, "kulut 31 400 € yli talousarvion",
         "costs €31,400 over budget"),
        ("Toimintakate", 29_791_705, 29_949_450, "under", True, "nettokustannus 157 745 € alle talousarvion",
         "net cost €157,745 under budget"),
    ],
)
def test_budget_words_follow_sign_and_side(account, actual, budget, direction, favourable, fi, en):
    c = claims.budget_claim(row(account, actual, budget), ACCOUNTS)
    assert c.direction == direction
    assert c.favourable is favourable
    assert c.difference == actual - budget  # actual − budget, amounts positive
    assert claims.words(c, "fi").replace("\u00a0", " ") == fi
    assert claims.words(c, "en") == en


def test_an_income_shortfall_is_never_called_an_overrun():
    c = claims.budget_claim(row("Tuet ja avustukset", 597_673, 1_140_700), ACCOUNTS)
    for lang in ("fi", "en"):
        text = claims.sentence(c, lang, "x").lower()
        assert "ylitys" not in text and "overrun" not in text and "over budget" not in text


def test_zero_budget_has_no_percentage_and_no_verdict():
    c = claims.budget_claim(row("Tuet ja avustukset", 0, 0), ACCOUNTS)
    assert c.pct is None and c.direction == "no_base" and c.favourable is None
    assert c.reason == "zero_base"
    assert "%" not in claims.sentence(c, "fi", "x")
    assert "0,00" not in claims.sentence(c, "fi", "x")


def test_change_words_and_signed_percent():
    c = claims.change_claim(row("Tuet ja avustukset", 597_673, 1_140_700, previous=1_406_412), ACCOUNTS)
    assert c.direction == "down" and c.difference == 597_673 - 1_406_412
    assert claims.words(c, "fi").replace("\u00a0", " ") == "laskua 808 739 € (\u221257,5 %)"
    assert claims.words(c, "en") == "down €808,739 (\u221257.5%)"


def scorecard_row(actual, target, better="lower", judgement=True):
    return {"indicator_key": "leisure_net_cost", "service_area": "VIRE", "actual": actual, "target": target,
            "unit": "€/asukas", "unit_en": "€/resident", "better": better, "better_is_judgement": judgement,
            "source_line": "316"}


def test_target_verdicts_carry_their_judgement_and_reasons():
    missed = claims.target_claim(scorecard_row(244, 243), reason="population_base")
    assert missed.direction == "missed" and missed.judgement
    en = claims.words(missed, "en")
    assert "this site's reading" in en and "another population" in en
    tie = claims.target_claim(scorecard_row(243, 243))
    assert tie.direction == "met" and tie.reason == "tie"
    assert "counts as met" in claims.words(tie, "en")
    fact = claims.target_claim(scorecard_row(90, 85, better="higher", judgement=False))
    assert fact.direction == "met" and "reading" not in claims.words(fact, "en")


def test_per_resident_keeps_the_unit_in_every_language():
    c = claims.budget_claim(row("Toimintakate", 29_791_705, 29_949_450), ACCOUNTS, per=17_827)
    assert c.unit == claims.EUR_PER_RESIDENT and c.value == round(29_791_705 / 17_827, 2)
    assert "/asukas" in claims.sentence(c, "fi", "x") and "/resident" in claims.sentence(c, "en", "x")
    assert "€/asukas" not in claims.sentence(c, "en", "x")


def test_negative_figures_use_the_minus_sign_in_both_languages():
    c = claims.change_claim(row("Henkilöstökulut", 100, 0, previous=300), ACCOUNTS)
    for lang in ("fi", "en"):
        signed = claims.fmt(c, c.difference, lang, signed=True)
        assert signed.startswith("\u2212") and "-" not in signed


def test_frames_give_the_same_claims_row_by_row():
    rows = pl.DataFrame([row("Tuet ja avustukset", 597_673, 1_140_700), row("Henkilöstökulut", 19_015_057,
                                                                              19_268_600)])
    frame = claims.budget_frame(rows, ACCOUNTS, "en")
    assert frame["judgement"].to_list() == ["worse", "better"]
    assert frame["difference"].to_list() == [597_673 - 1_140_700, 19_015_057 - 19_268_600]
    assert frame["words"].to_list() == ["▼ income short of budget", "▼ costs under budget"]


def test_english_sentences_carry_no_finnish_number_format():
    c = claims.budget_claim(row("Henkilöstökulut", 19_015_057, 19_268_600), ACCOUNTS)
    text = claims.sentence(c, "en", "Personnel costs")
    assert "19,015,057" in text and "98.68%" in text and "," not in text.split("98")[1][:3]


def test_per_resident_direction_follows_the_euros_not_the_rounded_figures():
    # Avustukset HYTE: −78 900 against −79 000 budget (100 € under); per resident both round to 4.43
    c = claims.budget_claim(row("Henkilöstökulut", 78_900, 79_000, area="HYTE"), ACCOUNTS, per=17_827)
    assert c.value == c.base == 4.43
    assert c.direction == "under" and c.favourable is True
    assert c.difference == round(-100 / 17_827, 2)
